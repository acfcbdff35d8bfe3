package bn

import (
	"fmt"
	"maps"
	"math"
	"reflect"
	"slices"
)

// Diff lists the differences between networks a and b that matter for
// inference and for people: the network name, variable order and names,
// states, parents, CPT entries (equal within tol; use 0 for exact),
// Previous, and the Why/Source texts. Properties and Elicitation are
// compared only when withExtras is set. An empty result means the networks
// are the same; round-trip tests use it to name what a format lost.
func Diff(a, b *Network, tol float64, withExtras bool) []string {
	var d []string
	add := func(format string, args ...any) { d = append(d, fmt.Sprintf(format, args...)) }
	if a.Name != b.Name {
		add("network name %q vs %q", a.Name, b.Name)
	}
	if a.Why != b.Why || a.Source != b.Source {
		add("network why/source %q/%q vs %q/%q", a.Why, a.Source, b.Why, b.Source)
	}
	if withExtras && !maps.Equal(a.Properties, b.Properties) {
		add("network properties %v vs %v", a.Properties, b.Properties)
	}
	if len(a.Variables) != len(b.Variables) {
		add("%d variables vs %d", len(a.Variables), len(b.Variables))
		return d
	}
	for i, va := range a.Variables {
		vb := b.Variables[i]
		if va.Name != vb.Name {
			add("variable %d named %q vs %q", i, va.Name, vb.Name)
			continue
		}
		if !slices.Equal(va.States, vb.States) {
			add("%s: states %q vs %q", va.Name, va.States, vb.States)
		}
		if !slices.Equal(va.Parents, vb.Parents) {
			add("%s: parents %q vs %q", va.Name, va.Parents, vb.Parents)
		}
		if va.Previous != vb.Previous {
			add("%s: previous %q vs %q", va.Name, va.Previous, vb.Previous)
		}
		if !slices.Equal(va.Good, vb.Good) {
			add("%s: good states %q vs %q", va.Name, va.Good, vb.Good)
		}
		if va.Why != vb.Why || va.Source != vb.Source || va.TableWhy != vb.TableWhy || va.TableSource != vb.TableSource {
			add("%s: why/source texts differ", va.Name)
		}
		if len(va.CPT) != len(vb.CPT) {
			add("%s: CPT size %d vs %d", va.Name, len(va.CPT), len(vb.CPT))
		} else {
			for j := range va.CPT {
				if !(math.Abs(va.CPT[j]-vb.CPT[j]) <= tol) {
					add("%s: CPT[%d] %v vs %v", va.Name, j, va.CPT[j], vb.CPT[j])
					break
				}
			}
		}
		if withExtras {
			if !maps.Equal(va.Properties, vb.Properties) {
				add("%s: properties %v vs %v", va.Name, va.Properties, vb.Properties)
			}
			if !reflect.DeepEqual(va.Elicitation, vb.Elicitation) {
				add("%s: elicitation specs differ", va.Name)
			}
		}
	}
	return d
}
