package relations

import (
	"fmt"
	"strings"
	"time"

	"entente/store"
)

// ParsePeriod maps a --by value (day, week, month, quarter, year; case
// insensitive) to a store.Period. An unknown name is an error naming the
// accepted ones.
func ParsePeriod(s string) (store.Period, error) {
	switch p := store.Period(strings.ToLower(strings.TrimSpace(s))); p {
	case store.Day, store.Week, store.Month, store.Quarter, store.Year:
		return p, nil
	}
	return "", fmt.Errorf("unknown period %q: use day, week, month, quarter or year", s)
}

// PeriodStart returns the first day (UTC midnight) of the period of width by
// that contains t, as store.Period.Start computes it (weeks are ISO 8601
// weeks, starting on Monday). An unknown period is treated as a day; callers
// validate periods with ParsePeriod first.
func PeriodStart(by store.Period, t time.Time) time.Time {
	s, err := by.Start(t)
	if err != nil {
		s, _ = store.Day.Start(t)
	}
	return s
}

// NextPeriod returns the start of the period after the one starting at start.
func NextPeriod(by store.Period, start time.Time) time.Time {
	switch by {
	case store.Week:
		return start.AddDate(0, 0, 7)
	case store.Month:
		return start.AddDate(0, 1, 0)
	case store.Quarter:
		return start.AddDate(0, 3, 0)
	case store.Year:
		return start.AddDate(1, 0, 0)
	default:
		return start.AddDate(0, 0, 1)
	}
}

// PeriodLabel formats the period starting at start the way every Entente
// output names periods: 2012-11-05 (day), 2012-W45 (ISO week, with the ISO
// week-numbering year), 2012-11 (month), 2012-Q4 (quarter), 2012 (year).
func PeriodLabel(by store.Period, start time.Time) string {
	switch by {
	case store.Week:
		y, w := start.ISOWeek()
		return fmt.Sprintf("%04d-W%02d", y, w)
	case store.Month:
		return start.Format("2006-01")
	case store.Quarter:
		return fmt.Sprintf("%04d-Q%d", start.Year(), (int(start.Month())+2)/3)
	case store.Year:
		return start.Format("2006")
	default:
		return start.Format("2006-01-02")
	}
}

// periods enumerates the starts of every period from the one holding first
// to the one holding last, inclusive. It refuses ranges of more than
// maxPeriods periods, which only a typo in a date produces.
func periods(by store.Period, first, last time.Time) ([]time.Time, error) {
	const maxPeriods = 200000
	var out []time.Time
	end := PeriodStart(by, last)
	for p := PeriodStart(by, first); !p.After(end); p = NextPeriod(by, p) {
		if len(out) == maxPeriods {
			return nil, fmt.Errorf("range %s to %s has more than %d %s periods", first.Format(time.DateOnly), last.Format(time.DateOnly), maxPeriods, by)
		}
		out = append(out, p)
	}
	return out, nil
}
