package relations

import (
	"errors"
	"slices"
	"testing"

	"entente/store"
)

func TestResolveActorSuggestions(t *testing.T) {
	tests := []struct {
		code    string
		suggest string
	}{
		{"RUSS", "RUS"},
		{"CHINA", "CHN"},
		{"NAT0", "NATO"},
		{"BRIC", "BRICS"},
	}
	for _, tc := range tests {
		t.Run(tc.code, func(t *testing.T) {
			_, err := ResolveActor(tc.code)
			var ua *UnknownActorError
			if !errors.As(err, &ua) {
				t.Fatalf("error %v", err)
			}
			if !slices.Contains(ua.Closest, tc.suggest) {
				t.Errorf("closest %v lacks %s", ua.Closest, tc.suggest)
			}
		})
	}
	for _, ok := range []string{"RUS", "chn", "Nato", "EU"} {
		if _, err := ResolveActor(ok); err != nil {
			t.Errorf("%s: %v", ok, err)
		}
	}
}

func TestPairs(t *testing.T) {
	nato, _ := ResolveActor("NATO")
	eu, _ := ResolveActor("EU")
	rus, _ := ResolveActor("RUS")
	usa, _ := ResolveActor("USA")
	find := func(ps []store.Pair, s, t string) []store.Pair {
		var out []store.Pair
		for _, p := range ps {
			if p.Source == s && p.Target == t {
				out = append(out, p)
			}
		}
		return out
	}
	ps := Pairs(nato, rus)
	if len(ps) != 32 {
		t.Errorf("NATO→RUS has %d pairs, want 32", len(ps))
	}
	if f := find(ps, "FIN", "RUS"); len(f) != 1 || !f[0].From.Equal(d("2023-04-04")) || !f[0].To.IsZero() {
		t.Errorf("FIN→RUS pair %+v, want from 2023-04-04 unbounded", f)
	}
	if f := find(Pairs(nato, usa), "USA", "USA"); len(f) != 0 {
		t.Error("NATO→USA includes USA→USA")
	}
	// France and Germany are in both the EU and NATO: counted once, with
	// the union of the windows: EU France→NATO Germany from 1958 (France
	// joins the EEC) and NATO France→EU Germany from 1958 (Germany joins).
	u := undirectedPairs(eu, nato)
	if f := find(u, "FRA", "DEU"); len(f) != 1 || !f[0].From.Equal(d("1958-01-01")) {
		t.Errorf("EU–NATO FRA→DEU pairs %+v, want one from 1958-01-01", f)
	}
	// The UK's EU window ends 2020-01-31, but it is in NATO throughout, so
	// GBR→FRA in EU–NATO is unbounded on the right.
	if f := find(u, "GBR", "FRA"); len(f) != 1 || !f[0].To.IsZero() {
		t.Errorf("EU–NATO GBR→FRA pairs %+v, want one, open-ended", f)
	}
}

func TestMergePairsDisjoint(t *testing.T) {
	ps := mergePairs([]store.Pair{
		{Source: "A", Target: "B", From: d("2000-01-01"), To: d("2000-12-31")},
		{Source: "A", Target: "B", From: d("2005-01-01"), To: d("2005-12-31")},
		{Source: "A", Target: "B", From: d("2001-01-01"), To: d("2001-06-30")}, // touches the first
	})
	if len(ps) != 2 || !ps[0].To.Equal(d("2001-06-30")) || !ps[1].From.Equal(d("2005-01-01")) {
		t.Errorf("merged %+v", ps)
	}
}
