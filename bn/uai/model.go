package uai

import (
	"bufio"
	"fmt"
	"io"
	"strconv"
	"strings"

	"entente/bn"
)

// Model types, the first word of a UAI model file.
const (
	Markov = "MARKOV"
	Bayes  = "BAYES"
)

// Factor is one function of a model: a table over the variables in Scope
// (indices into Model.Cards), with the last scope variable varying fastest.
type Factor struct {
	Scope []int
	Table []float64
}

// Model is a UAI model as read: its type (Markov or Bayes), the cardinality
// of each variable, and its factors in file order. For a Bayes model factor
// scopes end with the child.
type Model struct {
	Type    string
	Cards   []int
	Factors []Factor
}

// maxEntries bounds any one table (and the variable and factor counts) so a
// malformed header cannot make Read allocate without limit.
const maxEntries = 1 << 27

// words reads whitespace-separated fields, counting them for error messages.
type words struct {
	sc *bufio.Scanner
	n  int
}

func (w *words) next(what string) (string, error) {
	if !w.sc.Scan() {
		if err := w.sc.Err(); err != nil {
			return "", fmt.Errorf("uai: read %s: %w", what, err)
		}
		return "", fmt.Errorf("uai: file ends where %s was expected (after %d fields)", what, w.n)
	}
	w.n++
	return w.sc.Text(), nil
}

func (w *words) int(what string, lo, hi int) (int, error) {
	s, err := w.next(what)
	if err != nil {
		return 0, err
	}
	v, err := strconv.Atoi(s)
	if err != nil || v < lo || v > hi {
		return 0, fmt.Errorf("uai: field %d: %s must be an integer in [%d, %d], found %q", w.n, what, lo, hi, s)
	}
	return v, nil
}

func newWords(r io.Reader) *words {
	sc := bufio.NewScanner(r)
	sc.Buffer(make([]byte, 64*1024), 1<<20)
	sc.Split(bufio.ScanWords)
	return &words{sc: sc}
}

// Read parses a UAI model file. It checks that scopes name existing
// variables (each at most once) and that each table has as many entries as
// the product of its scope's cardinalities; it does not check that Bayes
// tables are normalised (ToNetwork and bn.Validate do).
func Read(r io.Reader) (*Model, error) {
	w := newWords(r)
	typ, err := w.next("the model type (MARKOV or BAYES)")
	if err != nil {
		return nil, err
	}
	typ = strings.ToUpper(typ)
	if typ != Markov && typ != Bayes {
		return nil, fmt.Errorf("uai: model type must be MARKOV or BAYES, found %q", typ)
	}
	m := &Model{Type: typ}
	n, err := w.int("the number of variables", 0, maxEntries)
	if err != nil {
		return nil, err
	}
	m.Cards = make([]int, n)
	for i := range m.Cards {
		if m.Cards[i], err = w.int(fmt.Sprintf("the cardinality of variable %d", i), 1, maxEntries); err != nil {
			return nil, err
		}
	}
	nf, err := w.int("the number of functions", 0, maxEntries)
	if err != nil {
		return nil, err
	}
	m.Factors = make([]Factor, nf)
	for f := range m.Factors {
		k, err := w.int(fmt.Sprintf("the scope size of function %d", f), 0, n)
		if err != nil {
			return nil, err
		}
		scope := make([]int, k)
		for j := range scope {
			if scope[j], err = w.int(fmt.Sprintf("variable %d of function %d's scope", j, f), 0, n-1); err != nil {
				return nil, err
			}
			for _, prev := range scope[:j] {
				if prev == scope[j] {
					return nil, fmt.Errorf("uai: function %d's scope lists variable %d twice", f, prev)
				}
			}
		}
		m.Factors[f].Scope = scope
	}
	for f := range m.Factors {
		cards := make([]int, len(m.Factors[f].Scope))
		for j, v := range m.Factors[f].Scope {
			cards[j] = m.Cards[v]
		}
		want := bn.NumConfigs(cards)
		if want < 0 || want > maxEntries {
			return nil, fmt.Errorf("uai: function %d's table would be too large", f)
		}
		size, err := w.int(fmt.Sprintf("the table size of function %d", f), 0, maxEntries)
		if err != nil {
			return nil, err
		}
		if size != want {
			return nil, fmt.Errorf("uai: function %d's table has %d entries, its scope needs %d", f, size, want)
		}
		t := make([]float64, size)
		for i := range t {
			s, err := w.next(fmt.Sprintf("entry %d of function %d's table", i, f))
			if err != nil {
				return nil, err
			}
			if t[i], err = strconv.ParseFloat(s, 64); err != nil {
				return nil, fmt.Errorf("uai: field %d: entry %d of function %d's table is not a number: %q", w.n, i, f, s)
			}
		}
		m.Factors[f].Table = t
	}
	if s, err := w.next("end of file"); err == nil {
		return nil, fmt.Errorf("uai: field %d: unexpected %q after the last table", w.n, s)
	}
	return m, nil
}

// Write writes m in the UAI model format, one scope or table per line,
// numbers with the fewest digits that read back exactly.
func Write(w io.Writer, m *Model) error {
	bw := bufio.NewWriter(w)
	fmt.Fprintf(bw, "%s\n%d\n", m.Type, len(m.Cards))
	for i, c := range m.Cards {
		if i > 0 {
			bw.WriteByte(' ')
		}
		bw.WriteString(strconv.Itoa(c))
	}
	fmt.Fprintf(bw, "\n%d\n", len(m.Factors))
	for _, f := range m.Factors {
		bw.WriteString(strconv.Itoa(len(f.Scope)))
		for _, v := range f.Scope {
			bw.WriteByte(' ')
			bw.WriteString(strconv.Itoa(v))
		}
		bw.WriteByte('\n')
	}
	for _, f := range m.Factors {
		fmt.Fprintf(bw, "\n%d\n", len(f.Table))
		for i, p := range f.Table {
			if i > 0 {
				bw.WriteByte(' ')
			}
			bw.WriteString(strconv.FormatFloat(p, 'g', -1, 64))
		}
		bw.WriteByte('\n')
	}
	if err := bw.Flush(); err != nil {
		return fmt.Errorf("uai: write: %w", err)
	}
	return nil
}

// ToNetwork converts a Bayes model into a network with variables v0, v1, …
// (in index order) and states s0, s1, …. Each function defines the CPT of
// the last variable of its scope, whose parents are the other scope
// variables in scope order; since UAI tables have the last scope variable
// fastest, the table is the CPT in bn's layout. It fails on a Markov model
// (which has no CPTs) and when a variable has no function or two; it does
// not Validate the result.
func (m *Model) ToNetwork() (*bn.Network, error) {
	if m.Type != Bayes {
		return nil, fmt.Errorf("uai: a %s model is a product of factors, not a Bayesian network; use the uai.Model directly", m.Type)
	}
	net := bn.New("uai")
	for i, c := range m.Cards {
		states := make([]string, c)
		for s := range states {
			states[s] = "s" + strconv.Itoa(s)
		}
		net.Variables = append(net.Variables, &bn.Variable{Name: "v" + strconv.Itoa(i), States: states})
	}
	defined := make([]bool, len(m.Cards))
	for f, fac := range m.Factors {
		if len(fac.Scope) == 0 {
			return nil, fmt.Errorf("uai: BAYES function %d has an empty scope", f)
		}
		child := fac.Scope[len(fac.Scope)-1]
		if defined[child] {
			return nil, fmt.Errorf("uai: BAYES variable %d has two functions (function %d is the second)", child, f)
		}
		defined[child] = true
		v := net.Variables[child]
		for _, p := range fac.Scope[:len(fac.Scope)-1] {
			v.Parents = append(v.Parents, "v"+strconv.Itoa(p))
		}
		v.CPT = append([]float64(nil), fac.Table...)
	}
	for i, ok := range defined {
		if !ok {
			return nil, fmt.Errorf("uai: BAYES variable %d has no function", i)
		}
	}
	return net, nil
}

// FromNetwork converts net into a Bayes model: variable i is
// net.Variables[i], and function i is its CPT with scope (parents…, i).
// State names are not kept (UAI has none).
func FromNetwork(net *bn.Network) (*Model, error) {
	m := &Model{Type: Bayes, Cards: make([]int, len(net.Variables)), Factors: make([]Factor, len(net.Variables))}
	for i, v := range net.Variables {
		m.Cards[i] = len(v.States)
		scope := make([]int, 0, len(v.Parents)+1)
		for _, p := range v.Parents {
			j, ok := net.Index(p)
			if !ok {
				return nil, fmt.Errorf("uai: %q has unknown parent %q", v.Name, p)
			}
			scope = append(scope, j)
		}
		m.Factors[i] = Factor{Scope: append(scope, i), Table: append([]float64(nil), v.CPT...)}
	}
	return m, nil
}
