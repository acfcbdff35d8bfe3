package vec

// mul is Mul without the length check, in mul_amd64.s.
//
//go:noescape
func mul(dst, src []float64)
