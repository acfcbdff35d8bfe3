package uai

import (
	"bufio"
	"fmt"
	"io"
	"strconv"
)

// ReadMAR parses a ".MAR" answer file: the word "MAR", the number of
// variables, then for each variable its cardinality and that many
// probabilities. (Evidence variables appear as 0/1 indicators.) Some
// solvers print several solutions, each preceded by "MAR"; the last
// complete one is returned, as the competition scored the last.
func ReadMAR(r io.Reader) ([][]float64, error) {
	w := newWords(r)
	head, err := w.next(`"MAR"`)
	if err != nil {
		return nil, err
	}
	if head != "MAR" {
		return nil, fmt.Errorf("uai: MAR file must start with \"MAR\", found %q", head)
	}
	var last [][]float64
	for {
		n, err := w.int("the number of variables", 0, maxEntries)
		if err != nil {
			return nil, err
		}
		out := make([][]float64, n)
		for i := range out {
			k, err := w.int(fmt.Sprintf("the cardinality of variable %d", i), 1, maxEntries)
			if err != nil {
				return nil, err
			}
			out[i] = make([]float64, k)
			for s := range out[i] {
				f, err := w.next(fmt.Sprintf("P(variable %d = %d)", i, s))
				if err != nil {
					return nil, err
				}
				if out[i][s], err = strconv.ParseFloat(f, 64); err != nil {
					return nil, fmt.Errorf("uai: field %d: P(variable %d = %d) is not a number: %q", w.n, i, s, f)
				}
			}
		}
		last = out
		tok, err := w.next("")
		if err != nil {
			return last, nil // end of file
		}
		if tok != "MAR" {
			return nil, fmt.Errorf("uai: field %d: unexpected %q after the marginals", w.n, tok)
		}
	}
}

// WriteMAR writes marginals in the ".MAR" format ReadMAR reads, all on the
// line after "MAR" as the UAI 2014 reference files are, numbers with the
// fewest digits that read back exactly.
func WriteMAR(w io.Writer, marginals [][]float64) error {
	bw := bufio.NewWriter(w)
	fmt.Fprintf(bw, "MAR\n%d", len(marginals))
	for _, m := range marginals {
		fmt.Fprintf(bw, " %d", len(m))
		for _, p := range m {
			bw.WriteByte(' ')
			bw.WriteString(strconv.FormatFloat(p, 'g', -1, 64))
		}
	}
	bw.WriteByte('\n')
	if err := bw.Flush(); err != nil {
		return fmt.Errorf("uai: write MAR: %w", err)
	}
	return nil
}

// ReadPR parses a ".PR" answer file: the word "PR" and log10 of the
// probability of evidence (or of the partition function).
func ReadPR(r io.Reader) (float64, error) {
	w := newWords(r)
	head, err := w.next(`"PR"`)
	if err != nil {
		return 0, err
	}
	if head != "PR" {
		return 0, fmt.Errorf("uai: PR file must start with \"PR\", found %q", head)
	}
	s, err := w.next("log10 of the probability")
	if err != nil {
		return 0, err
	}
	v, err := strconv.ParseFloat(s, 64)
	if err != nil {
		return 0, fmt.Errorf("uai: PR value is not a number: %q", s)
	}
	return v, nil
}
