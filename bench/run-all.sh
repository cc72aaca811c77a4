#!/usr/bin/env bash
# Runs every benchmark with the project's Node 22; each prints its table and saves it to bench/results/.
set -euo pipefail
cd "$(dirname "$0")/.."
NODE=node_modules/.bin/node
"$NODE" bench/make-images.ts
"$NODE" bench/fetch.ts
"$NODE" bench/archive-list.ts
"$NODE" bench/tape-write-verify.ts
"$NODE" bench/catalog-query.ts
"$NODE" bench/cli-startup.ts
"$NODE" bench/event-loop-lag.ts
"$NODE" bench/ui-startup.ts
"$NODE" bench/ui-write-lag.ts
"$NODE" bench/st-write.ts   # real st driver rig (tgtd + QEMU guest): LinuxStDrive vs dd
