package bif

import (
	"bufio"
	"fmt"
	"io"
	"maps"
	"slices"
	"strconv"
	"strings"

	"entente/bn"
)

// Write writes net in the bnlearn BIF dialect that Read parses: one
// "variable" block per variable in network order, then one "probability"
// block per variable with "table" for root nodes and one "(states) p, …;"
// row per parent configuration in CPT order. Numbers are written with the
// fewest digits that read back to the same float64, so Read(Write(n))
// reproduces every table exactly. Names that are not bare words are
// double-quoted. Properties are written back as "property key value;"
// (sorted by key). Why/Source texts, Previous and Elicitation have no place
// in BIF and are dropped. Write fails, writing nothing useful, when net's
// tables do not match its structure; it does not require rows to sum to 1.
func Write(w io.Writer, net *bn.Network) error {
	if err := checkNames(net); err != nil {
		return err
	}
	bw := bufio.NewWriter(w)
	name := net.Name
	if name == "" {
		name = "unknown"
	}
	fmt.Fprintf(bw, "network %s {\n", word(name))
	writeProps(bw, net.Properties, "")
	bw.WriteString("}\n")
	for _, v := range net.Variables {
		quoted := make([]string, len(v.States))
		for i, s := range v.States {
			quoted[i] = word(s)
		}
		fmt.Fprintf(bw, "variable %s {\n  type discrete [ %d ] { %s };\n", word(v.Name), len(v.States), strings.Join(quoted, ", "))
		writeProps(bw, v.Properties, "")
		bw.WriteString("}\n")
	}
	for _, v := range net.Variables {
		if err := writeProbability(bw, net, v); err != nil {
			return err
		}
	}
	if err := bw.Flush(); err != nil {
		return fmt.Errorf("bif: write: %w", err)
	}
	return nil
}

func writeProbability(bw *bufio.Writer, net *bn.Network, v *bn.Variable) error {
	cards, err := net.ParentCards(v)
	if err != nil {
		return fmt.Errorf("bif: write: %w", err)
	}
	k := len(v.States)
	rows := bn.NumConfigs(cards)
	if rows < 0 || len(v.CPT) != rows*k {
		return fmt.Errorf("bif: write %q: CPT has %d entries, expected %d", v.Name, len(v.CPT), rows*k)
	}
	bw.WriteString("probability ( ")
	bw.WriteString(word(v.Name))
	if len(v.Parents) > 0 {
		ps := make([]string, len(v.Parents))
		for i, p := range v.Parents {
			ps[i] = word(p)
		}
		bw.WriteString(" | ")
		bw.WriteString(strings.Join(ps, ", "))
	}
	bw.WriteString(" ) {\n")
	if len(v.Parents) == 0 {
		bw.WriteString("  table ")
		writeNumbers(bw, v.CPT)
	} else {
		parents := make([]*bn.Variable, len(v.Parents))
		for i, p := range v.Parents {
			parents[i] = net.Var(p)
		}
		for it := bn.NewConfigs(cards); it.Next(); {
			bw.WriteString("  (")
			for i, s := range it.At() {
				if i > 0 {
					bw.WriteString(", ")
				}
				bw.WriteString(word(parents[i].States[s]))
			}
			bw.WriteString(") ")
			writeNumbers(bw, v.Row(it.Index()))
		}
	}
	probProps := map[string]string{}
	for key, val := range v.Properties {
		if rest, ok := strings.CutPrefix(key, ProbabilityPropertyPrefix); ok {
			probProps[rest] = val
		}
	}
	writeProps(bw, probProps, "")
	bw.WriteString("}\n")
	return nil
}

func writeNumbers(bw *bufio.Writer, xs []float64) {
	for i, x := range xs {
		if i > 0 {
			bw.WriteString(", ")
		}
		bw.WriteString(strconv.FormatFloat(x, 'g', -1, 64))
	}
	bw.WriteString(";\n")
}

// writeProps writes "property key value;" lines, sorted by key, skipping
// keys with the probability-block prefix (written in that block instead).
func writeProps(bw *bufio.Writer, props map[string]string, _ string) {
	for _, k := range slices.Sorted(maps.Keys(props)) {
		if strings.HasPrefix(k, ProbabilityPropertyPrefix) {
			continue
		}
		line := "  property " + k
		if v := props[k]; v != "" {
			line += " " + v
		}
		bw.WriteString(line + ";\n")
	}
}

// word returns s as a bare word when Read would read it back as one, else
// double-quoted (BIF strings have no escapes; checkNames rejects names
// containing '"').
func word(s string) string {
	if s == "" {
		return `""`
	}
	for i := 0; i < len(s); i++ {
		c := s[i]
		if isSpace(c) || isPunct(c) || c == '/' {
			return `"` + s + `"`
		}
	}
	switch s {
	case "network", "variable", "probability", "property", "table", "default", "type", "discrete":
		return `"` + s + `"`
	}
	return s
}

// checkNames rejects names BIF cannot carry: BIF strings have no escape for
// a double quote.
func checkNames(net *bn.Network) error {
	bad := func(s string) bool { return strings.ContainsRune(s, '"') }
	if bad(net.Name) {
		return fmt.Errorf("bif: write: network name %q contains '\"', which BIF cannot represent", net.Name)
	}
	for _, v := range net.Variables {
		if bad(v.Name) {
			return fmt.Errorf("bif: write: variable name %q contains '\"', which BIF cannot represent", v.Name)
		}
		for _, st := range v.States {
			if bad(st) {
				return fmt.Errorf("bif: write: state %q of %q contains '\"', which BIF cannot represent", st, v.Name)
			}
		}
	}
	return nil
}
