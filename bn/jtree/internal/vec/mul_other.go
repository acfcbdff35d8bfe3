//go:build !amd64

package vec

func mul(dst, src []float64) {
	src = src[:len(dst)]
	for i := range dst {
		dst[i] *= src[i]
	}
}

func fill(dst []float64, f float64) {
	for i := range dst {
		dst[i] = f
	}
}
