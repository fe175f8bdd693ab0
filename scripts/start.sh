#!/usr/bin/env bash
# `npm start`: builds the package and starts the Chaport sandbox. (The real-n8n demo replaces this.)
set -euo pipefail
cd "$(dirname "$0")/.."
npm run build
exec npm run --silent sandbox -- "$@"
