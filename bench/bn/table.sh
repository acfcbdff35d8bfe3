#!/bin/sh
# Runs BenchmarkBnlearn (bn/jtree/bench_test.go) and prints a Markdown table:
# per network and evidence case, compile time and all-marginals time (ms),
# and the junction tree's total table entries.
#
#   bench/bn/table.sh            # 3 iterations per benchmark
#   COUNT=5 bench/bn/table.sh
#
# Needs shared/data beside the repository (or ENTENTE_SHARED_DATA).
set -eu
cd "$(dirname "$0")/../.."
count=${COUNT:-3}
go test -run '^$' -bench 'BenchmarkBnlearn' -benchtime "${count}x" -timeout 60m ./bn/jtree |
awk '
/^BenchmarkBnlearn\// {
	split($1, p, "/"); net = p[2]; c = p[3]; kind = p[4]; sub(/-[0-9]+$/, "", kind)
	ms = $3 / 1e6
	key = net "/" c
	if (!(key in seen)) { seen[key] = 1; order[++n] = key }
	if (kind == "compile") comp[key] = ms
	else { marg[key] = ms; for (i = 4; i <= NF; i++) if ($(i+1) == "entries") ent[key] = $i }
}
END {
	print "| network | case | compile (ms) | all marginals (ms) | table entries |"
	print "|---|---|---:|---:|---:|"
	for (i = 1; i <= n; i++) {
		k = order[i]; split(k, q, "/")
		printf "| %s | %s | %.2f | %.2f | %d |\n", q[1], q[2], comp[k], marg[k], ent[k]
	}
}'
