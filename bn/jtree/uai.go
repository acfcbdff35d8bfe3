package jtree

import (
	"fmt"
	"strconv"

	"entente/bn/uai"
)

// FromUAI converts a UAI model (MARKOV or BAYES) into a Model. Variables are
// named v0, v1, … and states s0, s1, …, as uai.ToNetwork names them. For a
// BAYES model each factor is the CPT of its last scope variable, so the
// result is Bayesian (barren-node pruning, do()) when every variable has
// exactly one function.
func FromUAI(u *uai.Model) (*Model, error) {
	m := &Model{
		Names:   make([]string, len(u.Cards)),
		States:  make([][]string, len(u.Cards)),
		Factors: make([]Factor, len(u.Factors)),
	}
	for i, c := range u.Cards {
		m.Names[i] = "v" + strconv.Itoa(i)
		m.States[i] = make([]string, c)
		for s := range m.States[i] {
			m.States[i][s] = "s" + strconv.Itoa(s)
		}
	}
	for i, f := range u.Factors {
		m.Factors[i] = Factor{Vars: f.Scope, Table: f.Table}
	}
	if u.Type == uai.Bayes {
		m.Child = make([]int, len(u.Factors))
		for i, f := range u.Factors {
			m.Child[i] = -1
			if len(f.Scope) > 0 {
				m.Child[i] = f.Scope[len(f.Scope)-1]
			}
		}
	}
	if err := m.Check(); err != nil {
		return nil, fmt.Errorf("model from uai: %w", err)
	}
	m.noteRanges()
	return m, nil
}
