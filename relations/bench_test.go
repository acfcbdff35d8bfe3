package relations

import (
	"context"
	"fmt"
	"math/rand/v2"
	"testing"

	"entente/store"
)

// staticCube returns the same cells for every query: it isolates the Go
// side of Dyad (aggregation into rows and the index) from any store.
type staticCube []store.CubeCell

func (s staticCube) CubeCells(context.Context, store.CubeQuery) ([]store.CubeCell, error) {
	return s, nil
}

// monthlyCells builds 30 years of monthly RUS–CHN cells, both directions,
// four quad classes each, with seeded random counts.
func monthlyCells() staticCube {
	rng := rand.New(rand.NewPCG(9, 9))
	var out staticCube
	for p := d("1994-01-01"); p.Before(d("2024-01-01")); p = p.AddDate(0, 1, 0) {
		for _, pr := range [][2]string{{"CHN", "RUS"}, {"RUS", "CHN"}} {
			for q := 1; q <= 4; q++ {
				n := int64(1 + rng.IntN(500))
				out = append(out, store.CubeCell{Period: p, Source: pr[0], Target: pr[1], Quad: q, Events: n,
					Goldstein: float64(n) * (3 - float64(q)*1.5), Mentions: 3 * n, Distinct: n / 2})
			}
		}
	}
	return out
}

func BenchmarkDyadMonthly30Years(b *testing.B) {
	c := monthlyCells()
	q := DyadQuery{A: "RUS", B: "CHN", By: store.Month}
	b.ReportAllocs()
	for b.Loop() {
		if _, err := Dyad(context.Background(), c, q); err != nil {
			b.Fatal(err)
		}
	}
}

func BenchmarkTriangleBootstrap(b *testing.B) {
	c := monthlyCells()
	for i := range c {
		c[i].Source, c[i].Target = "USA", "RUS" // the fake answers every pair alike
	}
	q := TriangleQuery{A: "USA", B: "RUS", C: "CHN", By: store.Month, From: d("2014-01-01"), To: d("2023-12-31"), Bootstrap: 1000}
	sub := staticCube{}
	for _, cell := range c {
		if !cell.Period.Before(q.From) {
			sub = append(sub, cell)
		}
	}
	b.ReportAllocs()
	for b.Loop() {
		if _, err := Triangle(context.Background(), sub, q); err != nil {
			b.Fatal(err)
		}
	}
}

func BenchmarkPELT(b *testing.B) {
	for _, n := range []int{120, 1200, 12000} {
		x := steps(1, 1, [2]float64{float64(n / 3), 0}, [2]float64{float64(n / 3), 2}, [2]float64{float64(n - 2*(n/3)), -1})
		b.Run(fmt.Sprintf("n=%d", n), func(b *testing.B) {
			b.ReportAllocs()
			for b.Loop() {
				if _, err := PELT(x, ChangeOptions{}); err != nil {
					b.Fatal(err)
				}
			}
		})
	}
}
