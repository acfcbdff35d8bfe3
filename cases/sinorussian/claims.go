package sinorussian

import (
	"bytes"
	"errors"
	"fmt"
	"io"
	"strings"
	"time"
)

// Verdict judges an essay's dated claim against the chronology.
type Verdict string

// Verdicts.
const (
	Correct    Verdict = "correct"    // the essay's date agrees with the sources
	Imprecise  Verdict = "imprecise"  // right in substance, loose in date or sequence
	Wrong      Verdict = "wrong"      // the date (or the order it implies) is wrong
	Unverified Verdict = "unverified" // not checked against a source; no chronology row
)

// Claim is one dated claim of the essay.
type Claim struct {
	ID        string
	Text      string // the essay's words (abridged with "...")
	EssayDate string // the date as the essay states or implies it, verbatim
	// CorrectDate is the date of the chronology row that settles the claim;
	// zero for an Unverified claim.
	CorrectDate time.Time
	// ChronologyRef is the id of that chronology row; empty when Unverified.
	ChronologyRef string
	Verdict       Verdict
	Source        string // the authority for CorrectDate
	Note          string // what is right or wrong, in a sentence
	Line          int    // 1-based line in claims.csv
}

// ErrClaims is matched (errors.Is) by every error ReadClaims and Claims
// return for bad content.
var ErrClaims = errors.New("invalid claims")

var claimsHeader = []string{"id", "claim", "essay_date", "correct_date", "chronology_ref", "verdict", "source", "note"}

// Claims returns the essay's dated claims in file order, each checked
// against the embedded chronology: a claim's chronology_ref must name a row
// whose date equals the claim's correct_date.
func Claims() ([]Claim, error) {
	cs, err := ReadClaims(bytes.NewReader(mustFile(ClaimsFile)), ClaimsFile)
	if err != nil {
		return nil, err
	}
	es, err := Chronology()
	if err != nil {
		return nil, err
	}
	if err := LinkClaims(cs, es); err != nil {
		return nil, fmt.Errorf("%s: %w", ClaimsFile, err)
	}
	return cs, nil
}

// DateCorrections returns the claims whose verdict is Wrong: the places
// where the essay's dates disagree with the chronology, for the report.
//
// It panics if the embedded files are malformed; the package tests rule that
// out, so a panic here means the package itself was built broken.
func DateCorrections() []Claim {
	cs, err := Claims()
	if err != nil {
		panic("sinorussian: embedded claims: " + err.Error())
	}
	var out []Claim
	for _, c := range cs {
		if c.Verdict == Wrong {
			out = append(out, c)
		}
	}
	return out
}

// ReadClaims parses a claims file in the layout of claims.csv and validates
// each row on its own: unique id, non-empty claim text, a known verdict, an
// ISO correct_date and a chronology_ref unless the verdict is Unverified
// (which must have neither), and a source. LinkClaims checks the references.
func ReadClaims(r io.Reader, file string) ([]Claim, error) {
	var out []Claim
	seen := map[string]bool{}
	err := readTable(r, file, claimsHeader, ErrClaims, func(rec []string, line int) error {
		bad := func(format string, args ...any) error {
			return fmt.Errorf("%s:%d: %s: %w", file, line, fmt.Sprintf(format, args...), ErrClaims)
		}
		c := Claim{
			ID: strings.TrimSpace(rec[0]), Text: strings.TrimSpace(rec[1]), EssayDate: strings.TrimSpace(rec[2]),
			ChronologyRef: strings.TrimSpace(rec[4]), Verdict: Verdict(rec[5]),
			Source: strings.TrimSpace(rec[6]), Note: strings.TrimSpace(rec[7]), Line: line,
		}
		switch {
		case c.ID == "":
			return bad("empty id")
		case seen[c.ID]:
			return bad("id %q used twice", c.ID)
		case c.Text == "" || c.EssayDate == "":
			return bad("claim %q: empty claim text or essay_date", c.ID)
		case c.Source == "":
			return bad("claim %q: empty source", c.ID)
		}
		seen[c.ID] = true
		switch c.Verdict {
		case Correct, Imprecise, Wrong:
			d, err := time.Parse(time.DateOnly, rec[3])
			if err != nil {
				return bad("claim %q: correct_date %q is not an ISO date", c.ID, rec[3])
			}
			c.CorrectDate = d
			if c.ChronologyRef == "" {
				return bad("claim %q: verdict %s needs a chronology_ref", c.ID, c.Verdict)
			}
		case Unverified:
			if rec[3] != "" || c.ChronologyRef != "" {
				return bad("claim %q: an unverified claim has no correct_date or chronology_ref", c.ID)
			}
		default:
			return bad("claim %q: verdict %q is not correct, imprecise, wrong or unverified", c.ID, rec[5])
		}
		out = append(out, c)
		return nil
	})
	if err != nil {
		return nil, err
	}
	return out, nil
}

// LinkClaims checks every claim's chronology_ref against the chronology: the
// row must exist and carry the claim's correct_date, so the report can show
// the chronology row beside the essay's date.
func LinkClaims(cs []Claim, es []Entry) error {
	byID := make(map[string]Entry, len(es))
	for _, e := range es {
		byID[e.ID] = e
	}
	for _, c := range cs {
		if c.ChronologyRef == "" {
			continue
		}
		e, ok := byID[c.ChronologyRef]
		if !ok {
			return fmt.Errorf("line %d: claim %q: chronology_ref %q is not a chronology row: %w", c.Line, c.ID, c.ChronologyRef, ErrClaims)
		}
		if !e.Date.Equal(c.CorrectDate) {
			return fmt.Errorf("line %d: claim %q: correct_date %s but chronology row %q is dated %s: %w",
				c.Line, c.ID, c.CorrectDate.Format(time.DateOnly), e.ID, e.Date.Format(time.DateOnly), ErrClaims)
		}
	}
	return nil
}
