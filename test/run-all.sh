#!/usr/bin/env bash
# The one test command: installs what the tests need, then runs every check and test.
# Exits non-zero when anything fails.
set -euo pipefail
cd "$(dirname "$0")/.."
bash test/install-test-deps.sh
npm ci --no-fund --no-audit
npm run typecheck
npm run lint
# The UI's browser tests serve the built renderer; the Electron security gate fails on unlisted findings.
npm run build:renderer
npm run security:electron
# Runs only where an Electron binary and a display exist; elsewhere it prints why it did not run.
node_modules/.bin/node test/electron/smoke.ts
# The real-st-driver rig: kernel .deb (apt) + initramfs, once; `npm test` then runs test/integration/rig too.
bash test/rig/prepare.sh > /dev/null
npm test
