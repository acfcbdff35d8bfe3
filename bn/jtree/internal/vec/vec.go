// Package vec holds the vector kernels of junction-tree propagation:
// element-wise products, sums, scaling and filling of float64 runs.
//
// Propagation spends most of its time in these operations on contiguous
// runs of tens to thousands of entries (a clique tile times a message, a
// tile summed into a separator). Go compiles the obvious loops to scalar
// code at about 1.3–2 ns per entry on the development machine; gonum's
// assembly (SSE2, unrolled) runs them at 0.2–0.6 ns. Add, Scale and Sum
// call gonum; gonum has no element-wise product with assembly behind it,
// so Mul has its own (mul_amd64.s), with a Go loop elsewhere
// (BenchmarkMul: the assembly is 4× the loop on runs of 80 entries or
// more, 1.9× on runs of 8), and so has Fill's short-run store loop.
package vec

import "gonum.org/v1/gonum/floats"

// Add sets dst[i] += src[i]. The slices must have the same length.
func Add(dst, src []float64) { floats.Add(dst, src) }

// Scale sets dst[i] *= f.
func Scale(f float64, dst []float64) { floats.Scale(f, dst) }

// Sum returns the sum of t's entries (in an order of its own: results may
// differ from a left-to-right loop in the last bits).
func Sum(t []float64) float64 { return floats.Sum(t) }

// Mul sets dst[i] *= src[i]. The slices must have the same length.
func Mul(dst, src []float64) {
	if len(dst) != len(src) {
		panic("vec.Mul: slices of different lengths")
	}
	mul(dst, src)
}

// Fill sets every entry of dst to f. Runs shorter than fillDoubling go
// through fill (assembly on amd64: 3-4× the doubling below on runs of 16-80
// entries, where each memmove call costs more than it copies); longer ones
// double a filled prefix with copy, since memmove's wide stores beat
// fill's from a few hundred entries on (BenchmarkFill).
func Fill(dst []float64, f float64) {
	if len(dst) < fillDoubling {
		fill(dst, f)
		return
	}
	dst[0] = f
	for n := 1; n < len(dst); n *= 2 {
		copy(dst[n:], dst[:n])
	}
}

// fillDoubling is the shortest run Fill fills by doubling copies.
const fillDoubling = 1024
