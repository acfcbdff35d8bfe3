package cameo

// Distance is the edit distance between two codes (insertions, deletions and
// substitutions each cost 1; V. I. Levenshtein, 1966), compared byte by byte.
// Entente uses it to suggest the closest known codes when a user mistypes
// one, so every "did you mean" list ranks alike.
func Distance(a, b string) int {
	prev := make([]int, len(b)+1)
	cur := make([]int, len(b)+1)
	for j := range prev {
		prev[j] = j
	}
	for i := 1; i <= len(a); i++ {
		cur[0] = i
		for j := 1; j <= len(b); j++ {
			cost := 1
			if a[i-1] == b[j-1] {
				cost = 0
			}
			cur[j] = min(prev[j]+1, cur[j-1]+1, prev[j-1]+cost)
		}
		prev, cur = cur, prev
	}
	return prev[len(b)]
}
