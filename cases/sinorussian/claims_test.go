package sinorussian

import (
	"errors"
	"slices"
	"strings"
	"testing"
	"time"
)

// TestClaims pins the verdict and correct date of every dated claim in the
// essay (Harris, "Can Sino-Russian Cooperation Last? Part I"), with the
// sources given in claims.csv: the invasion began 24 Feb 2022 (UN GA
// ES-11/1), the Orange Revolution was 2004 (Wilson 2005), Stalin's speech was
// 4 Feb 1931 (Works vol. 13), the no-limits statement came on 4 Feb 2022.
func TestClaims(t *testing.T) {
	cs, err := Claims()
	if err != nil {
		t.Fatal(err)
	}
	tests := []struct {
		id      string
		verdict Verdict
		correct string // "" for unverified
		ref     string
	}{
		{"naval-exercise-2023", Correct, "2023-07-20", "north-interaction-2023"},
		{"alaska-patrol-2023", Imprecise, "2023-08-01", "alaska-patrol-2023"},
		{"stalin-korea-1950", Correct, "1950-10-01", "air-cover-1950"},
		{"nixon-1970s", Correct, "1972-02-21", "nixon-beijing-1972"},
		{"cold-war-end-1989", Correct, "1989-12-02", "malta-1989"},
		{"rapprochement-after-1989", Imprecise, "1989-05-15", "gorbachev-beijing-1989"},
		{"tiananmen-sanctions-1989", Correct, "1989-06-05", "us-arms-sanctions-1989"},
		{"border-settled", Correct, "2004-10-14", "border-supplement-2004"},
		{"arms-buyer", Correct, "1992-01-01", "su27-1992"},
		{"sco-created", Correct, "2001-06-15", "sco-2001"},
		{"brics-created", Correct, "2009-06-16", "bric-2009"},
		{"no-alliance", Correct, "2001-07-16", "good-neighbour-2001"},
		{"orange-revolution-2014", Wrong, "2004-11-22", "orange-revolution-2004"},
		{"crimea-2014", Correct, "2014-03-18", "crimea-annexation-2014"},
		{"invasion-2021", Wrong, "2022-02-24", "invasion-2022"},
		{"no-limits-retaliation", Wrong, "2022-02-04", "no-limits-2022"},
		{"stalin-speech-1929", Wrong, "1931-02-04", "stalin-speech-1931"},
		{"stalin-ten-years", Correct, "1931-02-04", "stalin-speech-1931"},
		{"barbarossa-twelve-years", Wrong, "1941-06-22", "barbarossa-1941"},
		{"aigun-1858", Correct, "1858-05-28", "aigun-1858"},
		{"peking-1860", Correct, "1860-11-14", "peking-1860"},
		{"million-km2", Correct, "1860-11-14", "peking-1860"},
		{"century-of-humiliation", Imprecise, "1839-01-01", "opium-war-1839"},
		{"border-clash-1969", Correct, "1969-03-02", "zhenbao-ambush-1969"},
		{"border-opened-1988", Unverified, "", ""},
		{"farmland-2018", Unverified, "", ""},
		{"ras-poll-2017", Unverified, "", ""},
	}
	if len(cs) != len(tests) {
		t.Errorf("%d claims, want %d", len(cs), len(tests))
	}
	byID := map[string]Claim{}
	for _, c := range cs {
		byID[c.ID] = c
	}
	for _, tt := range tests {
		t.Run(tt.id, func(t *testing.T) {
			c, ok := byID[tt.id]
			if !ok {
				t.Fatal("missing claim")
			}
			if c.Verdict != tt.verdict || c.ChronologyRef != tt.ref {
				t.Errorf("verdict %s ref %q, want %s %q", c.Verdict, c.ChronologyRef, tt.verdict, tt.ref)
			}
			var want time.Time
			if tt.correct != "" {
				want = date(tt.correct)
			}
			if !c.CorrectDate.Equal(want) {
				t.Errorf("correct date %v, want %v", c.CorrectDate, want)
			}
			if c.Text == "" || c.EssayDate == "" || c.Source == "" {
				t.Errorf("incomplete claim %+v", c)
			}
		})
	}
}

func TestDateCorrections(t *testing.T) {
	var got []string
	for _, c := range DateCorrections() {
		got = append(got, c.ID+"→"+c.CorrectDate.Format(time.DateOnly))
	}
	want := []string{
		"orange-revolution-2014→2004-11-22",
		"invasion-2021→2022-02-24",
		"no-limits-retaliation→2022-02-04",
		"stalin-speech-1929→1931-02-04",
		"barbarossa-twelve-years→1941-06-22",
	}
	if !slices.Equal(got, want) {
		t.Errorf("DateCorrections = %q\nwant %q", got, want)
	}
}

const claimsHead = "id,claim,essay_date,correct_date,chronology_ref,verdict,source,note\n"

func TestReadClaimsRejects(t *testing.T) {
	tests := []struct{ name, in, want string }{
		{"header", "id,claim\n", "c.csv:1: header"},
		{"fields", claimsHead + "a,b,c\n", "c.csv:2: 3 fields, want 8"},
		{"duplicate", claimsHead + "a,x,1858,1858-05-28,aigun-1858,correct,s,\na,x,1858,1858-05-28,aigun-1858,correct,s,\n", "c.csv:3: id \"a\" used twice"},
		{"verdict", claimsHead + "a,x,1858,1858-05-28,aigun-1858,right,s,\n", "verdict \"right\""},
		{"date", claimsHead + "a,x,1858,1858,aigun-1858,wrong,s,\n", "correct_date \"1858\""},
		{"no ref", claimsHead + "a,x,1858,1858-05-28,,wrong,s,\n", "needs a chronology_ref"},
		{"unverified with date", claimsHead + "a,x,1988,1988-01-01,,unverified,s,\n", "unverified claim has no correct_date"},
		{"no source", claimsHead + "a,x,1858,1858-05-28,aigun-1858,correct,,\n", "empty source"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, err := ReadClaims(strings.NewReader(tt.in), "c.csv")
			if err == nil || !strings.Contains(err.Error(), tt.want) || !errors.Is(err, ErrClaims) {
				t.Errorf("error %v, want one containing %q and matching ErrClaims", err, tt.want)
			}
		})
	}
}

func TestLinkClaims(t *testing.T) {
	es := []Entry{{ID: "aigun-1858", Date: date("1858-05-28")}}
	tests := []struct {
		name  string
		claim Claim
		want  string // "" for no error
	}{
		{"ok", Claim{ID: "a", ChronologyRef: "aigun-1858", CorrectDate: date("1858-05-28")}, ""},
		{"unverified", Claim{ID: "u"}, ""},
		{"unknown row", Claim{ID: "a", ChronologyRef: "aigun", CorrectDate: date("1858-05-28")}, "\"aigun\" is not a chronology row"},
		{"date differs", Claim{ID: "a", ChronologyRef: "aigun-1858", CorrectDate: date("1858-01-01")}, "is dated 1858-05-28"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			err := LinkClaims([]Claim{tt.claim}, es)
			switch {
			case tt.want == "" && err != nil:
				t.Errorf("unexpected error %v", err)
			case tt.want != "" && (err == nil || !strings.Contains(err.Error(), tt.want) || !errors.Is(err, ErrClaims)):
				t.Errorf("error %v, want one containing %q", err, tt.want)
			}
		})
	}
}

func TestFiles(t *testing.T) {
	for _, name := range FileNames {
		b, err := File(name)
		if err != nil || len(b) == 0 {
			t.Errorf("File(%q): %d bytes, %v", name, len(b), err)
		}
	}
	if _, err := File("secrets.txt"); err == nil {
		t.Error("File of an unknown name: no error")
	}
}
