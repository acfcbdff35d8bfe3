package store

import (
	"testing"
	"time"
)

func TestPeriodStart(t *testing.T) {
	d := func(y int, m time.Month, dd int) time.Time { return time.Date(y, m, dd, 0, 0, 0, 0, time.UTC) }
	// 2022-02-24 (Russia's full-scale invasion of Ukraine) was a Thursday;
	// its ISO week 8 of 2022 began on Monday 2022-02-21.
	at := time.Date(2022, 2, 24, 17, 30, 0, 0, time.UTC)
	for _, tc := range []struct {
		p    Period
		want time.Time
	}{
		{"", d(2022, 2, 24)},
		{Day, d(2022, 2, 24)},
		{Week, d(2022, 2, 21)},
		{Month, d(2022, 2, 1)},
		{Quarter, d(2022, 1, 1)},
		{Year, d(2022, 1, 1)},
	} {
		got, err := tc.p.Start(at)
		if err != nil || !got.Equal(tc.want) {
			t.Errorf("%q.Start(%v) = %v, %v; want %v", tc.p, at, got, err, tc.want)
		}
	}
	// A Sunday belongs to the week that began six days earlier (ISO 8601),
	// and Q4 starts in October.
	if got, _ := Week.Start(d(2023, 1, 1)); !got.Equal(d(2022, 12, 26)) {
		t.Errorf("Week.Start(2023-01-01, a Sunday) = %v, want 2022-12-26", got)
	}
	if got, _ := Quarter.Start(d(2019, 12, 31)); !got.Equal(d(2019, 10, 1)) {
		t.Errorf("Quarter.Start(2019-12-31) = %v, want 2019-10-01", got)
	}
	if _, err := Period("fortnight").Start(at); err == nil {
		t.Error(`Period("fortnight").Start: want error`)
	}
}
