package uai

import (
	"fmt"
	"io"
	"strconv"
	"strings"
)

// ReadEvid parses a UAI evidence file into variable index → observed state.
// UAI 2014 files are one line "k v1 s1 … vk sk" ("0" for no evidence); UAI
// 2010 files put the number of samples first and then one such line per
// sample. The form is told apart by the number of fields: 2k+1 is the 2014
// form, "1" followed by 2k+1 fields is one 2010 sample. Files with several
// samples are rejected, as are repeated variables.
func ReadEvid(r io.Reader) (map[int]int, error) {
	data, err := io.ReadAll(io.LimitReader(r, 1<<26))
	if err != nil {
		return nil, fmt.Errorf("uai: read evidence: %w", err)
	}
	fields := strings.Fields(string(data))
	nums := make([]int, len(fields))
	for i, f := range fields {
		if nums[i], err = strconv.Atoi(f); err != nil || nums[i] < 0 {
			return nil, fmt.Errorf("uai: evidence field %d is not a non-negative integer: %q", i+1, f)
		}
	}
	if len(nums) == 0 {
		return nil, fmt.Errorf("uai: empty evidence file (write \"0\" for no evidence)")
	}
	switch {
	case len(nums) == 2*nums[0]+1:
		nums = nums[1:]
	case nums[0] == 1 && len(nums) >= 2 && len(nums) == 2*nums[1]+2:
		nums = nums[2:]
	default:
		return nil, fmt.Errorf("uai: evidence file has %d fields, which fits neither \"k v1 s1 … vk sk\" nor \"1\" followed by it", len(nums))
	}
	ev := make(map[int]int, len(nums)/2)
	for i := 0; i < len(nums); i += 2 {
		if _, dup := ev[nums[i]]; dup {
			return nil, fmt.Errorf("uai: evidence names variable %d twice", nums[i])
		}
		ev[nums[i]] = nums[i+1]
	}
	return ev, nil
}

// CheckEvid reports evidence that names a variable or state the model does
// not have.
func (m *Model) CheckEvid(ev map[int]int) error {
	for v, s := range ev {
		if v >= len(m.Cards) {
			return fmt.Errorf("uai: evidence on variable %d, but the model has %d variables", v, len(m.Cards))
		}
		if s >= m.Cards[v] {
			return fmt.Errorf("uai: evidence sets variable %d to state %d, but it has %d states", v, s, m.Cards[v])
		}
	}
	return nil
}
