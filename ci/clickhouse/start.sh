#!/usr/bin/env bash
# start.sh [N...]: start shards N (default both) of Entente's two-shard
# loopback ClickHouse cluster "entente" and wait until each answers /ping.
# Idempotent: a shard already running is left alone; data survives a
# stop/start (the fault test relies on that). Prints the location the tests
# read from ENTENTE_TEST_CLICKHOUSE. See env.sh for ports and directories.
set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/env.sh"
shards=("$@")
[ ${#shards[@]} -gt 0 ] || shards=("${CH_SHARDS[@]}")
command -v "$CH_BIN" >/dev/null || { echo "start.sh: $CH_BIN not found (apt-get install -y clickhouse-server clickhouse-client)" >&2; exit 1; }

for n in "${shards[@]}"; do
	d="$CH_DIR/shard$n"
	if ch_alive "$n" && ch_ping "$n"; then
		continue
	fi
	if ch_ping "$n"; then
		echo "start.sh: port $(ch_http "$n") answers /ping but no shard $n of ours runs there; stop that server first" >&2
		exit 1
	fi
	mkdir -p "$d/data/tmp" "$d/data/user_files" "$d/data/format_schemas"
	sed -e "s|@DIR@|$d|g" -e "s|@TCP@|$(ch_tcp "$n")|g" -e "s|@HTTP@|$(ch_http "$n")|g" \
		-e "s|@INTER@|$(ch_inter "$n")|g" -e "s|@TCP1@|$(ch_tcp 1)|g" -e "s|@TCP2@|$(ch_tcp 2)|g" \
		"$CH_HERE/config.xml.in" >"$d/config.xml"
	cp "$CH_HERE/users.xml" "$d/users.xml"
	# setsid + nohup: the server outlives this script and the CI step's shell.
	setsid nohup "$CH_BIN" --config-file="$d/config.xml" >"$d/stdout.log" 2>&1 </dev/null &
	echo $! >"$(ch_pidfile "$n")"
done

for n in "${shards[@]}"; do
	for _ in $(seq 1 150); do # 30 s at most
		ch_ping "$n" && break
		if ! ch_alive "$n"; then
			echo "start.sh: shard $n exited; last log lines:" >&2
			tail -n 20 "$CH_DIR/shard$n/server.err.log" "$CH_DIR/shard$n/stdout.log" >&2 2>/dev/null || true
			exit 1
		fi
		sleep 0.2
	done
	ch_ping "$n" || { echo "start.sh: shard $n did not answer /ping on port $(ch_http "$n") within 30 s" >&2; exit 1; }
	echo "shard $n up: pid $(cat "$(ch_pidfile "$n")"), tcp $(ch_tcp "$n"), http $(ch_http "$n"), dir $CH_DIR/shard$n"
done
echo "export ENTENTE_TEST_CLICKHOUSE=clickhouse://127.0.0.1:$(ch_tcp 1)/entente_test?cluster=entente"
