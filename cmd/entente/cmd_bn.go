package main

import (
	"bufio"
	"compress/gzip"
	"errors"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"slices"
	"strconv"
	"strings"

	"github.com/spf13/cobra"

	"entente/bn"
	"entente/bn/jtree"
	"entente/bn/modelfile"
	"entente/bn/uai"
)

func init() { subcommands = append(subcommands, newBnCmd) }

// bnSubcommands lists the constructors of `entente bn` verbs; each
// cmd_bn_<verb>.go file appends its own.
var bnSubcommands []func() *cobra.Command

func newBnCmd() *cobra.Command {
	c := &cobra.Command{
		Use:   "bn",
		Short: "Inspect, query and analyse Bayesian-network models",
		Long: `Exact inference on discrete Bayesian networks (and UAI Markov networks).

MODEL is a file: BIF (.bif), XMLBIF (.xmlbif, .xml), Hugin NET (.net), UAI
(.uai) or Entente YAML (.yaml, .yml), optionally gzipped (.gz); the format
comes from the extension, else from the content. Inference is exact
(junction tree, package bn/jtree); models whose junction tree would exceed
--max-entries table entries are refused with their sizes rather than run.

UAI models name their variables v0, v1, … and states s0, s1, ….`,
	}
	for _, mk := range bnSubcommands {
		c.AddCommand(mk())
	}
	return c
}

// bnModel is a loaded model: the network when the file holds one, and the
// factor model inference runs on.
type bnModel struct {
	Path string
	Net  *bn.Network // nil for a UAI MARKOV model
	M    *jtree.Model
}

// loadBNModel reads path. UAI files are read directly as factors (so MARKOV
// models work); everything else goes through modelfile.Load. A file that
// cannot be read as a model is a usage error (exit 2).
func loadBNModel(path string) (*bnModel, error) {
	lower := strings.ToLower(strings.TrimSuffix(strings.ToLower(path), ".gz"))
	if filepath.Ext(lower) == ".uai" {
		f, err := os.Open(path)
		if err != nil {
			return nil, usagef("cannot open model: %v", err)
		}
		defer f.Close()
		r, err := maybeGunzip(f)
		if err != nil {
			return nil, usagef("read model %s: %v", path, err)
		}
		u, err := uai.Read(r)
		if err != nil {
			return nil, usagef("read model %s: %v", path, err)
		}
		m, err := jtree.FromUAI(u)
		if err != nil {
			return nil, usagef("read model %s: %v", path, err)
		}
		bm := &bnModel{Path: path, M: m}
		if u.Type == uai.Bayes {
			if bm.Net, err = u.ToNetwork(); err != nil {
				return nil, usagef("read model %s: %v", path, err)
			}
		}
		return bm, nil
	}
	net, err := modelfile.Load(path)
	if err != nil {
		return nil, usagef("%v", err)
	}
	m, err := jtree.FromNetwork(net)
	if err != nil {
		return nil, usagef("model %s: %v", path, err)
	}
	return &bnModel{Path: path, Net: net, M: m}, nil
}

// bnVar resolves a variable name for flag flag, as a usage error listing the
// valid names.
func bnVar(m *jtree.Model, flag, name string) (int, error) {
	v, err := m.Var(name)
	if err != nil {
		return -1, usagef("%s: unknown variable %q; valid names: %s", flag, name, validList(m.Names))
	}
	return v, nil
}

// bnState resolves a state name of v.
func bnState(m *jtree.Model, flag string, v int, name string) (int, error) {
	s, err := m.State(v, name)
	if err != nil {
		return -1, usagef("%s: %s has no state %q; valid states: %s", flag, m.Names[v], name, strings.Join(m.States[v], ", "))
	}
	return s, nil
}

func validList(names []string) string {
	const max = 60
	if len(names) <= max {
		return strings.Join(names, ", ")
	}
	return strings.Join(names[:max], ", ") + fmt.Sprintf(", … (%d more; see 'entente bn info')", len(names)-max)
}

// parseAssignments parses "X=s,Y=t" items (already split on commas by the
// flag) into variable → state.
func parseAssignments(m *jtree.Model, flag string, items []string) (map[int]int, error) {
	out := map[int]int{}
	for _, it := range items {
		name, state, ok := strings.Cut(it, "=")
		if !ok || name == "" || state == "" {
			return nil, usagef("%s: %q is not VARIABLE=STATE", flag, it)
		}
		v, err := bnVar(m, flag, strings.TrimSpace(name))
		if err != nil {
			return nil, err
		}
		s, err := bnState(m, flag, v, strings.TrimSpace(state))
		if err != nil {
			return nil, err
		}
		if prev, dup := out[v]; dup && prev != s {
			return nil, usagef("%s: %s is given twice", flag, name)
		}
		out[v] = s
	}
	return out, nil
}

// parseSoft parses "X=0.2:0.8" items: one non-negative likelihood per state
// of X, in state order.
func parseSoft(m *jtree.Model, items []string) (map[int][]float64, error) {
	out := map[int][]float64{}
	for _, it := range items {
		name, vals, ok := strings.Cut(it, "=")
		if !ok {
			return nil, usagef("--soft: %q is not VARIABLE=L1:L2:…", it)
		}
		v, err := bnVar(m, "--soft", strings.TrimSpace(name))
		if err != nil {
			return nil, err
		}
		parts := strings.Split(vals, ":")
		if len(parts) != m.Card(v) {
			return nil, usagef("--soft: %s has %d states (%s) but %d likelihoods were given", m.Names[v], m.Card(v), strings.Join(m.States[v], ", "), len(parts))
		}
		l := make([]float64, len(parts))
		pos := false
		for i, p := range parts {
			x, err := strconv.ParseFloat(strings.TrimSpace(p), 64)
			if err != nil || x < 0 {
				return nil, usagef("--soft: likelihood %q for %s is not a non-negative number", p, m.Names[v])
			}
			l[i] = x
			pos = pos || x > 0
		}
		if !pos {
			return nil, usagef("--soft: the likelihoods for %s are all zero", m.Names[v])
		}
		out[v] = l
	}
	return out, nil
}

// parseNames resolves a list of variable names.
func parseNames(m *jtree.Model, flag string, names []string) ([]int, error) {
	var out []int
	for _, n := range names {
		v, err := bnVar(m, flag, strings.TrimSpace(n))
		if err != nil {
			return nil, err
		}
		if !slices.Contains(out, v) {
			out = append(out, v)
		}
	}
	return out, nil
}

// inferenceError turns engine errors the user can act on into usage errors
// with one sentence of advice; others pass through (exit 1).
func inferenceError(err error) error {
	switch {
	case errors.Is(err, jtree.ErrImpossibleEvidence):
		return usagef("the evidence is impossible under the model (probability zero): %v", err)
	case errors.Is(err, jtree.ErrTooLarge):
		return fmt.Errorf("%w; raise --max-entries if the machine has the memory, or add evidence/targets so that less of the model is needed", err)
	}
	return err
}

// maybeGunzip returns r decompressed when it starts with the gzip magic.
func maybeGunzip(r io.Reader) (io.Reader, error) {
	br := bufio.NewReader(r)
	if magic, _ := br.Peek(2); len(magic) == 2 && magic[0] == 0x1f && magic[1] == 0x8b {
		return gzip.NewReader(br)
	}
	return br, nil
}
