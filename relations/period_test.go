package relations

import (
	"testing"

	"entente/store"
)

func TestPeriodLabel(t *testing.T) {
	tests := []struct {
		by    store.Period
		date  string
		start string
		label string
	}{
		{store.Day, "2012-11-05", "2012-11-05", "2012-11-05"},
		{store.Week, "2012-11-07", "2012-11-05", "2012-W45"}, // ISO week 45 of 2012 starts Monday 5 Nov
		{store.Week, "2013-01-01", "2012-12-31", "2013-W01"}, // ISO year differs from calendar year
		{store.Week, "2010-01-03", "2009-12-28", "2009-W53"}, // a 53-week ISO year
		{store.Month, "2012-11-30", "2012-11-01", "2012-11"},
		{store.Quarter, "2012-11-30", "2012-10-01", "2012-Q4"},
		{store.Quarter, "2012-03-31", "2012-01-01", "2012-Q1"},
		{store.Year, "2012-11-30", "2012-01-01", "2012"},
	}
	for _, tc := range tests {
		t.Run(string(tc.by)+" "+tc.date, func(t *testing.T) {
			s := PeriodStart(tc.by, d(tc.date))
			if !s.Equal(d(tc.start)) {
				t.Errorf("start %s, want %s", s.Format("2006-01-02"), tc.start)
			}
			if l := PeriodLabel(tc.by, s); l != tc.label {
				t.Errorf("label %s, want %s", l, tc.label)
			}
		})
	}
}

func TestParsePeriod(t *testing.T) {
	for _, ok := range []string{"day", "Week", "MONTH", "quarter", "year"} {
		if _, err := ParsePeriod(ok); err != nil {
			t.Errorf("%s: %v", ok, err)
		}
	}
	if _, err := ParsePeriod("fortnight"); err == nil {
		t.Error("fortnight accepted")
	}
}

func TestPeriodsEnumerate(t *testing.T) {
	ps, err := periods(store.Quarter, d("2011-11-20"), d("2012-07-01"))
	if err != nil {
		t.Fatal(err)
	}
	var got []string
	for _, p := range ps {
		got = append(got, PeriodLabel(store.Quarter, p))
	}
	want := "2011-Q4 2012-Q1 2012-Q2 2012-Q3"
	if g := join3(got); g != want {
		t.Errorf("got %s, want %s", g, want)
	}
	if _, err := periods(store.Day, d("0001-01-01"), d("9999-01-01")); err == nil {
		t.Error("absurd range accepted")
	}
}

func join3(xs []string) string {
	s := ""
	for i, x := range xs {
		if i > 0 {
			s += " "
		}
		s += x
	}
	return s
}
