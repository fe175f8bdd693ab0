#!/usr/bin/env bash
# The unit tests must not depend on an idle machine. This runs them RUNS times in a row (default
# 5) while one busy loop per core keeps every core busy, and stops at the first failing run.
# The busy loops end with the script, and after STRESS_BURN_SECONDS (default 3600) at the latest.
#   npm run test:stress            # 5 runs
#   npm run test:stress -- 2       # 2 runs
set -euo pipefail
RUNS=${1:-5}
CORES=$(nproc)
BURN_SECONDS=${STRESS_BURN_SECONDS:-3600}

burners=()
stop_burners() {
	for pid in "${burners[@]}"; do kill "$pid" 2>/dev/null || true; done
}
trap stop_burners EXIT
trap 'exit 130' INT TERM
for _ in $(seq "$CORES"); do
	timeout "$BURN_SECONDS" node -e 'for (;;) {}' &
	burners+=($!)
done
echo "[stress] $CORES busy loops started; running the unit tests $RUNS times"

started=$(date +%s)
for run in $(seq "$RUNS"); do
	run_started=$(date +%s)
	if ! npx jest --ci --silent; then
		echo "[stress] run $run of $RUNS FAILED (after $(($(date +%s) - run_started)) s)"
		exit 1
	fi
	echo "[stress] run $run of $RUNS passed in $(($(date +%s) - run_started)) s"
done
echo "[stress] all $RUNS runs passed with $CORES cores kept busy ($(($(date +%s) - started)) s)"
