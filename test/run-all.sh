#!/usr/bin/env bash
# The one test command: installs what the tests need, then runs every check and test.
# Exits non-zero when anything fails.
set -euo pipefail
cd "$(dirname "$0")/.."
bash test/install-test-deps.sh
npm ci --no-fund --no-audit
npm run typecheck
npm run lint
npm test
