//go:build !amd64

package vec

func mul(dst, src []float64) {
	src = src[:len(dst)]
	for i := range dst {
		dst[i] *= src[i]
	}
}
