package relations

import (
	"context"
	"math"
	"math/rand/v2"
	"testing"

	"entente/store"
)

// The normal shortcut for large periods must match the simulated
// multinomial-normal resampling it replaces: same mean and SD of the
// resampled mean, to Monte Carlo error (4000 draws: ~2% on the SD).
func TestResampleNormalLimit(t *testing.T) {
	f := &fakeCube{}
	for i := 0; i < 600; i++ {
		e := ev{"2020-01-01", "RUS", "CHN", "042", 1, 1.9, 0, 1}
		switch i % 6 {
		case 4:
			e = ev{"2020-01-01", "RUS", "CHN", "111", 3, -2, 0, 1}
		case 5:
			e = ev{"2020-01-01", "RUS", "CHN", "190", 4, -10, 0, 1}
		}
		f.evs = append(f.evs, e)
	}
	s, err := Dyad(context.Background(), f, DyadQuery{A: "RUS", B: "CHN", By: store.Month})
	if err != nil {
		t.Fatal(err)
	}
	r := &s.Lines[0].Rows[0]
	rng := rand.New(rand.NewPCG(5, 5))
	const n = 4000
	var m1, s1, m2, s2 float64
	for i := 0; i < n; i++ {
		a, b := resampleMeanExact(rng, r), resampleMean(rng, r)
		m1, s1, m2, s2 = m1+a, s1+a*a, m2+b, s2+b*b
	}
	m1, m2 = m1/n, m2/n
	sd1, sd2 := math.Sqrt(s1/n-m1*m1), math.Sqrt(s2/n-m2*m2)
	if math.Abs(m1-m2) > 0.05 || math.Abs(sd1/sd2-1) > 0.06 {
		t.Errorf("exact resampling mean %.4f sd %.4f, normal limit mean %.4f sd %.4f", m1, sd1, m2, sd2)
	}
}
