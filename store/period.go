package store

import (
	"fmt"
	"time"
)

// Start returns the first day (UTC midnight) of the period of kind p that
// contains t: the day itself, the ISO week's Monday, or the first day of the
// month, quarter or year. The empty Period means Day. Backends compute the
// same in their engine (DuckDB's date_trunc); this is the Go reference.
func (p Period) Start(t time.Time) (time.Time, error) {
	y, m, d := t.UTC().Date()
	switch p {
	case "", Day:
		return time.Date(y, m, d, 0, 0, 0, 0, time.UTC), nil
	case Week:
		day := time.Date(y, m, d, 0, 0, 0, 0, time.UTC)
		back := (int(day.Weekday()) + 6) % 7 // days since Monday
		return day.AddDate(0, 0, -back), nil
	case Month:
		return time.Date(y, m, 1, 0, 0, 0, 0, time.UTC), nil
	case Quarter:
		return time.Date(y, m-(m-1)%3, 1, 0, 0, 0, 0, time.UTC), nil
	case Year:
		return time.Date(y, 1, 1, 0, 0, 0, 0, time.UTC), nil
	}
	return time.Time{}, fmt.Errorf("unknown period %q (want day, week, month, quarter or year)", string(p))
}
