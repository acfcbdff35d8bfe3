# Shared settings of Entente's loopback ClickHouse test cluster, sourced by
# start.sh and stop.sh. Override with the environment:
#   ENTENTE_CH_DIR   where shard directories live (default /tmp/entente-clickhouse)
#   ENTENTE_CH_BIN   the server binary (default clickhouse-server, Debian's 18.16)
# Shard N (1 or 2) listens on 127.0.0.1 only: native tcp 910N, http 820N,
# interserver 930N, away from a default server's 9000/8123/9009.
CH_DIR=${ENTENTE_CH_DIR:-/tmp/entente-clickhouse}
CH_BIN=${ENTENTE_CH_BIN:-clickhouse-server}
CH_HERE=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
CH_SHARDS=(1 2)
ch_tcp() { echo $((9100 + $1)); }
ch_http() { echo $((8200 + $1)); }
ch_inter() { echo $((9300 + $1)); }
ch_pidfile() { echo "$CH_DIR/shard$1/server.pid"; }
# ch_alive N: the shard's recorded process is running.
ch_alive() {
	local f pid
	f=$(ch_pidfile "$1")
	[ -f "$f" ] || return 1
	pid=$(cat "$f")
	[ -n "$pid" ] && kill -0 "$pid" 2>/dev/null
}
# ch_ping N: the shard answers GET /ping with "Ok.".
ch_ping() {
	local port body
	port=$(ch_http "$1")
	if command -v curl >/dev/null; then
		body=$(curl -s --max-time 1 "http://127.0.0.1:$port/ping" 2>/dev/null)
	else
		body=$(timeout 1 bash -c "exec 3<>/dev/tcp/127.0.0.1/$port && printf 'GET /ping HTTP/1.0\r\n\r\n' >&3 && cat <&3" 2>/dev/null | tail -n1)
	fi
	[ "${body%%$'\n'*}" = "Ok." ]
}
