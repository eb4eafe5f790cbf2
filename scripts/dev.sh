#!/usr/bin/env bash
# `npm run dev`: builds the package, starts the loopback Telegram server with its demo world and a
# real n8n on http://127.0.0.1:5678 with the package and ready credentials (see scripts/dev.ts).
# Env: N8N_DEV_PORT (5678), N8N_DEV_FOLDER (.n8n-dev), N8N_RUNTIME_CACHE / N8N_RUNTIME_DIR.
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."

# First run only: installs the pinned n8n and Node 24 into the cache (~5 min, ~3 GB).
scripts/ensure-n8n.sh >/dev/null
exec node_modules/.bin/ts-node --transpile-only --project tsconfig.json scripts/dev.ts
