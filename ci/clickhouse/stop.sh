#!/usr/bin/env bash
# stop.sh [--purge] [N...]: stop shards N (default both) of the loopback
# cluster by the PID start.sh recorded (never by name), waiting up to 20 s
# for a clean exit before SIGKILL. --purge also deletes the cluster
# directory (all data) once every shard is stopped.
set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/env.sh"
purge=0
if [ "${1:-}" = "--purge" ]; then purge=1; shift; fi
shards=("$@")
[ ${#shards[@]} -gt 0 ] || shards=("${CH_SHARDS[@]}")

for n in "${shards[@]}"; do
	f=$(ch_pidfile "$n")
	[ -f "$f" ] || continue
	pid=$(cat "$f")
	if ch_alive "$n"; then
		kill "$pid" 2>/dev/null || true
		for _ in $(seq 1 100); do
			kill -0 "$pid" 2>/dev/null || break
			sleep 0.2
		done
		if kill -0 "$pid" 2>/dev/null; then
			echo "stop.sh: shard $n (pid $pid) did not exit in 20 s; killing it" >&2
			kill -9 "$pid" 2>/dev/null || true
		fi
		echo "shard $n stopped (pid $pid)"
	fi
	rm -f "$f"
done
if [ "$purge" = 1 ]; then
	for n in "${CH_SHARDS[@]}"; do
		if ch_alive "$n"; then echo "stop.sh: shard $n still runs; not purging" >&2; exit 1; fi
	done
	rm -rf "$CH_DIR"
fi
