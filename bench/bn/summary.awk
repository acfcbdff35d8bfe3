# Turns the per-case table of bench/bn/table.sh into the README's summary:
# per network, compile (case 0), all marginals without evidence (case 0),
# the range over the evidence cases, and the speed-up over pgmpy 0.1.26's
# variable elimination (all marginals, single core, medians measured on this
# machine; quoted from the issue "Performance (benchmarks)"). The ratio is
# pgmpy / (compile + all marginals), so compilation is charged to us.
#
#   bench/bn/table.sh | awk -f bench/bn/summary.awk
BEGIN {
	FS = "|"
	# pgmpy VE, seconds: no evidence; with evidence (worst case measured).
	pg0["hepar2"] = 0.037; pg0["win95pts"] = 0.040; pg0["pathfinder"] = 0.027
	pg0["andes"] = 0.63; pg0["pigs"] = 0.15; pg0["diabetes"] = 7.2; pg0["munin"] = 0.92
	pgE["munin1"] = 55; pgE["diabetes"] = 20; pgE["munin3"] = 16.6
}
/^\| [a-z0-9]+ \| case[0-9]/ {
	net = $2; c = $3; gsub(/ /, "", net); gsub(/ /, "", c)
	comp = $4 + 0; marg = $5 + 0
	if (!(net in seen)) { seen[net] = 1; order[++n] = net }
	if (c == "case0") { comp0[net] = comp; marg0[net] = marg }
	else {
		if (!(net in lo) || marg < lo[net]) lo[net] = marg
		if (!(net in hi) || marg > hi[net]) hi[net] = marg
		if (!(net in chi) || comp + marg > chi[net]) chi[net] = comp + marg
	}
}
function f(x) { return x < 10 ? sprintf("%.2f", x) : sprintf("%.0f", x) }
# speed-ups near the 10× target keep a decimal: 9.6× is not 10×
function x(r) { return r < 20 ? sprintf("%.1f×", r) : sprintf("%.0f×", r) }
END {
	print "| network | compile (ms) | all marginals, no evidence (ms) | with evidence, 3 cases (ms) | pgmpy VE | speed-up (pgmpy / compile+marginals) |"
	print "|---|---:|---:|---:|---:|---:|"
	for (i = 1; i <= n; i++) {
		k = order[i]; pg = ""; r = ""
		if (k in pg0) { pg = pg0[k] " s"; r = x(pg0[k] * 1000 / (comp0[k] + marg0[k])) " (no ev.)" }
		if (k in pgE) {
			pg = pg (pg == "" ? "" : ", ") pgE[k] " s with ev."
			r = r (r == "" ? "" : ", ") x(pgE[k] * 1000 / chi[k]) " (ev., worst case)"
		}
		printf "| %s | %s | %s | %s–%s | %s | %s |\n", k, f(comp0[k]), f(marg0[k]), f(lo[k]), f(hi[k]), pg, r
	}
}
