#!/bin/sh
# Runs BenchmarkBnlearn (bn/jtree/bench_test.go) and prints a Markdown table:
# per network and evidence case, compile time and all-marginals time (ms),
# and the junction tree's total table entries.
#
#   bench/bn/table.sh                 # 3 iterations per benchmark, 1 run
#   COUNT=5 RUNS=3 bench/bn/table.sh  # 5 iterations, best of 3 runs
#
# Each run reports the mean time of COUNT iterations; with RUNS > 1 the
# table keeps each benchmark's fastest run. The machine this was written on
# is shared and its speed drifts by a factor of two within minutes, so a
# single run mostly measures the neighbours; the best of several is the
# usual remedy (timeit's advice for noisy machines).
#
# Needs shared/data beside the repository (or ENTENTE_SHARED_DATA).
set -eu
cd "$(dirname "$0")/../.."
count=${COUNT:-3}
runs=${RUNS:-1}
go test -run '^$' -bench 'BenchmarkBnlearn' -benchtime "${count}x" -count "$runs" -timeout 120m ./bn/jtree |
awk '
/^BenchmarkBnlearn\// {
	split($1, p, "/"); net = p[2]; c = p[3]; kind = p[4]; sub(/-[0-9]+$/, "", kind)
	ms = $3 / 1e6
	key = net "/" c
	if (!(key in seen)) { seen[key] = 1; order[++n] = key }
	if (kind == "compile") { if (!(key in comp) || ms < comp[key]) comp[key] = ms }
	else {
		if (!(key in marg) || ms < marg[key]) marg[key] = ms
		for (i = 4; i <= NF; i++) if ($(i+1) == "entries") ent[key] = $i
	}
}
END {
	print "| network | case | compile (ms) | all marginals (ms) | table entries |"
	print "|---|---|---:|---:|---:|"
	for (i = 1; i <= n; i++) {
		k = order[i]; split(k, q, "/")
		printf "| %s | %s | %.2f | %.2f | %d |\n", q[1], q[2], comp[k], marg[k], ent[k]
	}
}'
