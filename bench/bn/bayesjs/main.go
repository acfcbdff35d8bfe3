// Command bayesjs prepares and checks the bayesjs peer benchmark
// (run.js, compare.sh in this directory).
//
// bayesjs (https://github.com/bayesjs/bayesjs, npm package 0.6.5, MIT) is a
// TypeScript junction-tree library; issue 6 names it as the in-run peer for
// Entente's exact inference. This command converts a BIF network (plain or
// gzipped, read with package bn/bif) to bayesjs's network JSON: an object
// keyed by node id, each node {id, states, parents, cpt}, where a root's
// cpt maps state → probability and a child's cpt is a list of
// {when: {parent: state, …}, then: {state: probability, …}} rows, one per
// parent configuration.
//
// Usage:
//
//	go run ./bench/bn/bayesjs net.bif.gz > net.json
//	go run ./bench/bn/bayesjs -check marginals.json net.bif.gz
//
// With -check it instead reads the marginals that run.js -marginals wrote
// (node → state → probability, no evidence), computes all marginals with
// bn/jtree on the same network and prints the largest absolute difference;
// it fails when that exceeds -tol.
package main

import (
	"compress/gzip"
	"encoding/json"
	"errors"
	"flag"
	"fmt"
	"io"
	"math"
	"os"
	"strings"

	"entente/bn"
	"entente/bn/bif"
	"entente/bn/jtree"
)

func main() {
	check := flag.String("check", "", "compare the bayesjs marginals in this JSON file with bn/jtree's")
	tol := flag.Float64("tol", 1e-6, "largest absolute difference accepted by -check")
	flag.Parse()
	if flag.NArg() != 1 {
		fmt.Fprintln(os.Stderr, "usage: bayesjs [-check marginals.json [-tol 1e-6]] net.bif[.gz]")
		os.Exit(2)
	}
	net, err := readBIF(flag.Arg(0))
	if err == nil {
		if *check != "" {
			err = runCheck(os.Stdout, net, *check, *tol)
		} else {
			err = writeBayesJS(os.Stdout, net)
		}
	}
	if err != nil {
		fmt.Fprintln(os.Stderr, "bayesjs:", err)
		os.Exit(1)
	}
}

// readBIF reads a BIF file, gunzipping it when its name ends in .gz.
func readBIF(path string) (net *bn.Network, err error) {
	f, err := os.Open(path)
	if err != nil {
		return nil, err
	}
	defer func() { err = errors.Join(err, f.Close()) }()
	var r io.Reader = f
	if strings.HasSuffix(path, ".gz") {
		zr, err := gzip.NewReader(f)
		if err != nil {
			return nil, fmt.Errorf("%s: %w", path, err)
		}
		r = zr
	}
	net, err = bif.Read(r)
	if err != nil {
		return nil, fmt.Errorf("%s: %w", path, err)
	}
	return net, nil
}

type bjsRow struct {
	When map[string]string  `json:"when"`
	Then map[string]float64 `json:"then"`
}

type bjsNode struct {
	ID      string   `json:"id"`
	States  []string `json:"states"`
	Parents []string `json:"parents"`
	CPT     any      `json:"cpt"`
}

// writeBayesJS writes net in bayesjs's network format. bn's CPT layout
// enumerates parent configurations with the last parent fastest and the
// child's states contiguous (bn/network.go), so row r's parent states are
// the mixed-radix digits of r.
func writeBayesJS(w io.Writer, net *bn.Network) error {
	states := map[string][]string{}
	for _, v := range net.Variables {
		states[v.Name] = v.States
	}
	out := make(map[string]bjsNode, len(net.Variables))
	for _, v := range net.Variables {
		k := len(v.States)
		node := bjsNode{ID: v.Name, States: v.States, Parents: v.Parents}
		if node.Parents == nil {
			node.Parents = []string{}
		}
		if len(v.CPT)%k != 0 {
			return fmt.Errorf("%s: CPT of %d entries for %d states", v.Name, len(v.CPT), k)
		}
		then := func(row int) map[string]float64 {
			m := make(map[string]float64, k)
			for x, s := range v.States {
				m[s] = v.CPT[row*k+x]
			}
			return m
		}
		if len(v.Parents) == 0 {
			node.CPT = then(0)
		} else {
			rows := make([]bjsRow, len(v.CPT)/k)
			for r := range rows {
				when := make(map[string]string, len(v.Parents))
				rest := r
				for i := len(v.Parents) - 1; i >= 0; i-- {
					ps, ok := states[v.Parents[i]]
					if !ok {
						return fmt.Errorf("%s: unknown parent %q", v.Name, v.Parents[i])
					}
					when[v.Parents[i]] = ps[rest%len(ps)]
					rest /= len(ps)
				}
				rows[r] = bjsRow{When: when, Then: then(r)}
			}
			node.CPT = rows
		}
		out[v.Name] = node
	}
	enc := json.NewEncoder(w)
	return enc.Encode(out)
}

// runCheck compares the marginals in path (bayesjs's inferAll output) with
// bn/jtree's and reports the largest absolute difference.
func runCheck(w io.Writer, net *bn.Network, path string, tol float64) error {
	b, err := os.ReadFile(path)
	if err != nil {
		return err
	}
	var theirs map[string]map[string]float64
	if err := json.Unmarshal(b, &theirs); err != nil {
		return fmt.Errorf("%s: %w", path, err)
	}
	m, err := jtree.FromNetwork(net)
	if err != nil {
		return err
	}
	e, err := jtree.NewEngine(m, jtree.DefaultOptions())
	if err != nil {
		return err
	}
	p, err := e.Marginals(jtree.Evidence{}, nil)
	if err != nil {
		return err
	}
	worst, where := 0.0, ""
	for v, name := range m.Names {
		got, ok := theirs[name]
		if !ok {
			return fmt.Errorf("%s: no marginal of %s", path, name)
		}
		for s, st := range m.States[v] {
			x, ok := got[st]
			if !ok {
				return fmt.Errorf("%s: no P(%s=%s)", path, name, st)
			}
			if d := math.Abs(x - p.Marginals[v][s]); d > worst || math.IsNaN(d) {
				worst, where = d, fmt.Sprintf("P(%s=%s): bayesjs %.10g, jtree %.10g", name, st, x, p.Marginals[v][s])
			}
		}
	}
	fmt.Fprintf(w, "%d variables: largest |bayesjs - jtree| = %.3g (%s)\n", len(m.Names), worst, where)
	if !(worst <= tol) {
		return fmt.Errorf("marginals differ by %.3g > %.3g", worst, tol)
	}
	return nil
}
