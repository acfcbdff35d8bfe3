#!/bin/sh
# Runs bayesjs 0.6.5 (run.js) and Entente's junction tree (BenchmarkBnlearn,
# case 0: no evidence) side by side on bnlearn networks and prints a
# Markdown table of all-marginals times and their ratio. Both sides charge
# building the junction tree to the query: bayesjs's inferAll with force
# rebuilds it, and Entente's figure is compile + all marginals.
#
#   NODE_PATH=/tmp/bayesjs/node_modules bench/bn/bayesjs/compare.sh                 # alarm insurance hepar2 win95pts
#   NODE_PATH=/tmp/bayesjs/node_modules bench/bn/bayesjs/compare.sh alarm child
#
# (install bayesjs first, see run.js). Each network gets its own node
# process bounded by TIMEOUT seconds (default 120); a network bayesjs cannot
# finish in time is reported as such rather than hanging the run. Entente is
# measured before and after bayesjs on each network and the faster of the
# two kept, since the machine is shared. Before the table it checks that
# bayesjs's marginals on alarm agree with Entente's to 1e-6. Needs
# shared/data beside the repository (or ENTENTE_SHARED_DATA).
set -eu
cd "$(dirname "$0")/../../.."
data=${ENTENTE_SHARED_DATA:-$(cd .. && pwd)/shared/data}
timeout=${TIMEOUT:-120}
runs=${RUNS:-5}
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
nets=${*:-alarm insurance hepar2 win95pts}

go build -o "$tmp/convert" ./bench/bn/bayesjs
go test -c -o "$tmp/jtree.test" ./bn/jtree

# entente NET: compile + all-marginals time in ms (case 0, 20 iterations).
entente() {
	(cd bn/jtree && ENTENTE_SHARED_DATA="$data" "$tmp/jtree.test" -test.run '^$' \
		-test.bench "Bnlearn/$1\$/case0" -test.benchtime 20x) |
		awk '/\/compile/ { c = $3 } /\/marginals/ { m = $3 } END { printf "%.3f", (c + m) / 1e6 }'
}

"$tmp/convert" "$data/bn/bif/alarm.bif.gz" >"$tmp/alarm.json"
timeout "$timeout" node bench/bn/bayesjs/run.js "$tmp/alarm.json" 1 "$tmp/alarm-marginals.json" >/dev/null
"$tmp/convert" -check "$tmp/alarm-marginals.json" "$data/bn/bif/alarm.bif.gz"

echo "load average: $(cut -d' ' -f1-3 /proc/loadavg)"
echo
echo "| network | bayesjs median (ms) | bayesjs runs | Entente compile + all marginals (ms) | bayesjs / Entente |"
echo "|---|---:|---:|---:|---:|"
for net in $nets; do
	"$tmp/convert" "$data/bn/bif/$net.bif.gz" >"$tmp/$net.json"
	e1=$(entente "$net")
	if out=$(timeout "$timeout" node bench/bn/bayesjs/run.js "$tmp/$net.json" "$runs" 2>"$tmp/$net.err"); then
		b=$(echo "$out" | sed 's/.*"median_ms":\([0-9.e+-]*\).*/\1/')
		n=$(echo "$out" | sed 's/.*"runs":\([0-9]*\).*/\1/')
	elif [ $? -eq 124 ]; then
		b="> $((timeout * 1000)) (timeout)"
		n=0
	else
		b="failed: $(tail -n 1 "$tmp/$net.err" | cut -c1-80)"
		n=0
	fi
	e2=$(entente "$net")
	e=$(echo "$e1 $e2" | awk '{ print ($1 < $2) ? $1 : $2 }')
	ratio=$(echo "$b" | awk -v e="$e" -v lim="$timeout" '$1 ~ /^[0-9.e+-]+$/ { printf "%.0f×", $1 / e; next } { printf "> %.0f×", lim * 1000 / e }')
	case $b in failed*) ratio="" ;; esac
	case $b in [0-9]*) b=$(printf '%.1f' "$b") ;; esac
	echo "| $net | $b | $n | $e | $ratio |"
done
echo
echo "load average: $(cut -d' ' -f1-3 /proc/loadavg)"
