package vec

// mul is Mul without the length check, in mul_amd64.s.
//
//go:noescape
func mul(dst, src []float64)

// fill is Fill, in mul_amd64.s.
//
//go:noescape
func fill(dst []float64, f float64)
