package vec

import (
	"fmt"
	"math"
	"math/rand/v2"
	"testing"
)

// TestKernels compares every kernel with the plain loop, for lengths
// around the unrolling widths and at unaligned offsets.
func TestKernels(t *testing.T) {
	rng := rand.New(rand.NewPCG(1, 1))
	for n := 0; n <= 40; n++ {
		for off := 0; off < 3; off++ {
			a := make([]float64, n+off)
			b := make([]float64, n+off)
			for i := range a {
				a[i], b[i] = rng.Float64(), rng.Float64()
			}
			dst, src := a[off:], b[off:]

			got := append([]float64(nil), dst...)
			Mul(got, src)
			for i := range got {
				if got[i] != dst[i]*src[i] {
					t.Fatalf("Mul n=%d off=%d: [%d] = %v, want %v", n, off, i, got[i], dst[i]*src[i])
				}
			}
			got = append(got[:0], dst...)
			Add(got, src)
			for i := range got {
				if got[i] != dst[i]+src[i] {
					t.Fatalf("Add n=%d off=%d: [%d] = %v, want %v", n, off, i, got[i], dst[i]+src[i])
				}
			}
			got = append(got[:0], dst...)
			Scale(0.5, got)
			for i := range got {
				if got[i] != dst[i]*0.5 {
					t.Fatalf("Scale n=%d: [%d] = %v", n, i, got[i])
				}
			}
			want := 0.0
			for _, x := range dst {
				want += x
			}
			if s := Sum(dst); math.Abs(s-want) > 1e-12*float64(n+1) {
				t.Fatalf("Sum n=%d: %v, want %v", n, s, want)
			}
			Fill(got, 3)
			for i := range got {
				if got[i] != 3 {
					t.Fatalf("Fill n=%d: [%d] = %v", n, i, got[i])
				}
			}
		}
	}
}

// TestFillLong checks Fill on both sides of fillDoubling.
func TestFillLong(t *testing.T) {
	for _, n := range []int{fillDoubling - 1, fillDoubling, fillDoubling + 3, 3000} {
		got := make([]float64, n+1)
		Fill(got[:n], 2.5)
		for i, x := range got[:n] {
			if x != 2.5 {
				t.Fatalf("Fill n=%d: [%d] = %v", n, i, x)
			}
		}
		if got[n] != 0 {
			t.Fatalf("Fill n=%d wrote past the end", n)
		}
	}
}

func TestMulLengths(t *testing.T) {
	defer func() {
		if recover() == nil {
			t.Error("Mul of slices of different lengths did not panic")
		}
	}()
	Mul(make([]float64, 3), make([]float64, 2))
}

// BenchmarkMul compares the assembly with the Go loop on runs of the
// lengths propagation meets.
func BenchmarkMul(b *testing.B) {
	dst, src := make([]float64, 4096), make([]float64, 4096)
	for i := range src {
		dst[i], src[i] = 1, 1
	}
	for _, n := range []int{8, 80, 4096} {
		b.Run(fmt.Sprintf("asm/%d", n), func(b *testing.B) {
			for b.Loop() {
				for j := 0; j+n <= len(dst); j += n {
					Mul(dst[j:j+n], src[j:j+n])
				}
			}
		})
		b.Run(fmt.Sprintf("loop/%d", n), func(b *testing.B) {
			for b.Loop() {
				for j := 0; j+n <= len(dst); j += n {
					d, s := dst[j:j+n], src[j:j+n]
					for i := range d {
						d[i] *= s[i]
					}
				}
			}
		})
	}
}

// BenchmarkFill compares fill (the kernel for short runs) with filling by
// doubling copies, the method Fill keeps for long runs: the crossover sets
// fillDoubling.
func BenchmarkFill(b *testing.B) {
	dst := make([]float64, 4096)
	byDoubling := func(d []float64, f float64) {
		d[0] = f
		for n := 1; n < len(d); n *= 2 {
			copy(d[n:], d[:n])
		}
	}
	for _, n := range []int{16, 80, 256, 1024, 4096} {
		for _, k := range []struct {
			name string
			fill func([]float64, float64)
		}{{"kernel", fill}, {"doubling", byDoubling}} {
			b.Run(fmt.Sprintf("%s/%d", k.name, n), func(b *testing.B) {
				for b.Loop() {
					for j := 0; j+n <= len(dst); j += n {
						k.fill(dst[j:j+n], 0.5)
					}
				}
			})
		}
	}
}
