// Package net reads Bayesian networks in the Hugin NET language (Hugin
// Expert, "Hugin API Reference Manual", chapter "The NET Language"; the
// format of Hugin, GeNIe and SMILE exports):
//
//	net { name = "asia"; }
//	node either { label = "Either?"; states = ("yes" "no"); }
//	potential ( either | lung tub ) { data = ((( 1 0 ) ( 1 0 )) (( 1 0 ) ( 0 1 ))); }
//
// The data of "potential ( X | A B )" nests one level per parent (A
// outermost) and lists X's states innermost, i.e. the last parent varies
// fastest and the child within a row: bn's CPT layout, so the numbers are
// read flat, in order, ignoring the parentheses. Comments run from % to the
// end of the line. Only discrete chance nodes are read ("node" or "discrete
// node"); decision, utility and continuous nodes and "class" (OOBN) files
// are rejected with an error naming them. Node and net attributes other
// than states are kept in Properties with their raw value text
// (label = "Visit to Asia?" is kept as `"Visit to Asia?"`); the net's name
// attribute becomes the network name. Potential attributes other than data
// (experience, fading, model) are ignored.
package net

import (
	"fmt"
	"io"
	"strconv"
	"strings"

	"entente/bn"
)

// ParseError is a syntax or consistency error at a line of a NET file.
type ParseError struct {
	Line int
	Msg  string
}

func (e *ParseError) Error() string { return fmt.Sprintf("net: line %d: %s", e.Line, e.Msg) }

type token struct {
	text   string
	quoted bool
	line   int
}

// lex splits src into tokens: quoted strings, the punctuation ( ) { } = ; |
// and words.
func lex(src string) ([]token, error) {
	var out []token
	line := 1
	for i := 0; i < len(src); {
		c := src[i]
		switch {
		case c == '\n':
			line++
			i++
		case c == ' ' || c == '\t' || c == '\r' || c == '\f':
			i++
		case c == '%':
			for i < len(src) && src[i] != '\n' {
				i++
			}
		case c == '"':
			j := i + 1
			var b strings.Builder
			for j < len(src) && src[j] != '"' {
				if src[j] == '\\' && j+1 < len(src) {
					j++
				}
				if src[j] == '\n' {
					line++
				}
				b.WriteByte(src[j])
				j++
			}
			if j >= len(src) {
				return nil, &ParseError{Line: line, Msg: "string is never closed (missing \")"}
			}
			out = append(out, token{text: b.String(), quoted: true, line: line})
			i = j + 1
		case strings.IndexByte("(){}=;|", c) >= 0:
			out = append(out, token{text: string(c), line: line})
			i++
		default:
			j := i
			for j < len(src) && strings.IndexByte("(){}=;|\"% \t\r\n\f", src[j]) < 0 {
				j++
			}
			out = append(out, token{text: src[i:j], line: line})
			i = j
		}
	}
	return out, nil
}

type parser struct {
	toks []token
	i    int
}

func (p *parser) peek() (token, bool) {
	if p.i >= len(p.toks) {
		return token{}, false
	}
	return p.toks[p.i], true
}

func (p *parser) line() int {
	if p.i < len(p.toks) {
		return p.toks[p.i].line
	}
	if len(p.toks) > 0 {
		return p.toks[len(p.toks)-1].line
	}
	return 1
}

func (p *parser) errf(format string, a ...any) error {
	return &ParseError{Line: p.line(), Msg: fmt.Sprintf(format, a...)}
}

func (p *parser) next(what string) (token, error) {
	t, ok := p.peek()
	if !ok {
		return t, p.errf("file ends where %s was expected", what)
	}
	p.i++
	return t, nil
}

func (p *parser) expect(punct, what string) error {
	t, err := p.next(what)
	if err != nil {
		return err
	}
	if t.quoted || t.text != punct {
		return &ParseError{Line: t.line, Msg: fmt.Sprintf("expected %q %s, found %q", punct, what, t.text)}
	}
	return nil
}

// Read parses a Hugin NET file. Like bif.Read it does not renormalise or
// Validate.
func Read(r io.Reader) (*bn.Network, error) {
	data, err := io.ReadAll(r)
	if err != nil {
		return nil, fmt.Errorf("net: read: %w", err)
	}
	toks, err := lex(string(data))
	if err != nil {
		return nil, err
	}
	p := &parser{toks: toks}
	n := bn.New("")
	seenPot := map[string]bool{}
	for {
		t, ok := p.peek()
		if !ok {
			break
		}
		p.i++
		switch t.text {
		case "net":
			props, err := p.attributes("net")
			if err != nil {
				return nil, err
			}
			if name, ok := props["name"]; ok {
				n.Name = unquote(name)
				delete(props, "name")
			}
			if len(props) > 0 {
				n.Properties = props
			}
		case "discrete", "node":
			if t.text == "discrete" {
				if err := p.expect("node", "after 'discrete'"); err != nil {
					return nil, err
				}
			}
			if err := p.node(n, t.line); err != nil {
				return nil, err
			}
		case "potential":
			if err := p.potential(n, seenPot); err != nil {
				return nil, err
			}
		case "continuous", "decision", "utility", "class", "function":
			return nil, &ParseError{Line: t.line, Msg: fmt.Sprintf("%q declarations are not supported: only discrete chance nodes can be read", t.text)}
		default:
			return nil, &ParseError{Line: t.line, Msg: fmt.Sprintf("expected 'net', 'node' or 'potential', found %q", t.text)}
		}
	}
	for _, v := range n.Variables {
		if !seenPot[v.Name] {
			return nil, &ParseError{Line: p.line(), Msg: fmt.Sprintf("node %q has no potential", v.Name)}
		}
	}
	return n, nil
}

// attributes reads "{ key = value; ... }" and returns raw value texts.
func (p *parser) attributes(owner string) (map[string]string, error) {
	if err := p.expect("{", "to open the "+owner+" block"); err != nil {
		return nil, err
	}
	props := map[string]string{}
	for {
		t, err := p.next("an attribute or '}'")
		if err != nil {
			return nil, err
		}
		if !t.quoted && t.text == "}" {
			return props, nil
		}
		if err := p.expect("=", "after attribute "+strconv.Quote(t.text)); err != nil {
			return nil, err
		}
		var parts []string
		depth := 0
		for {
			v, err := p.next("the value of " + strconv.Quote(t.text))
			if err != nil {
				return nil, err
			}
			if !v.quoted && v.text == ";" && depth == 0 {
				break
			}
			if !v.quoted && v.text == "(" {
				depth++
			}
			if !v.quoted && v.text == ")" {
				depth--
			}
			if v.quoted {
				parts = append(parts, strconv.Quote(v.text))
			} else {
				parts = append(parts, v.text)
			}
		}
		props[t.text] = strings.Join(parts, " ")
	}
}

func unquote(s string) string {
	if u, err := strconv.Unquote(s); err == nil {
		return u
	}
	return s
}

func (p *parser) node(n *bn.Network, line int) error {
	name, err := p.next("the node name")
	if err != nil {
		return err
	}
	props, err := p.attributes("node " + name.text)
	if err != nil {
		return err
	}
	raw, ok := props["states"]
	if !ok {
		return &ParseError{Line: line, Msg: fmt.Sprintf("node %q has no states attribute", name.text)}
	}
	delete(props, "states")
	v := &bn.Variable{Name: name.text}
	// Re-lex the raw value so quoted state names may contain spaces.
	toks, _ := lex(raw)
	var fields []string
	for _, t := range toks {
		if !t.quoted && (t.text == "(" || t.text == ")") {
			continue
		}
		fields = append(fields, t.text)
	}
	v.States = fields
	if len(v.States) == 0 {
		return &ParseError{Line: line, Msg: fmt.Sprintf("node %q has no states", name.text)}
	}
	if len(props) > 0 {
		v.Properties = props
	}
	if err := n.Add(v); err != nil {
		return &ParseError{Line: line, Msg: fmt.Sprintf("node %q is declared twice", name.text)}
	}
	return nil
}

func (p *parser) potential(n *bn.Network, seen map[string]bool) error {
	start := p.line()
	if err := p.expect("(", "after 'potential'"); err != nil {
		return err
	}
	var child string
	var parents []string
	afterBar := false
	for {
		t, err := p.next("a node name or ')'")
		if err != nil {
			return err
		}
		if !t.quoted && t.text == ")" {
			break
		}
		if !t.quoted && t.text == "|" {
			afterBar = true
			continue
		}
		if !afterBar {
			if child != "" {
				return &ParseError{Line: t.line, Msg: fmt.Sprintf("potential over several nodes (%s %s) is not a CPT", child, t.text)}
			}
			child = t.text
		} else {
			parents = append(parents, t.text)
		}
	}
	v := n.Var(child)
	if v == nil {
		return &ParseError{Line: start, Msg: fmt.Sprintf("potential for %q, which is not a declared node", child)}
	}
	if seen[child] {
		return &ParseError{Line: start, Msg: fmt.Sprintf("second potential for %q", child)}
	}
	seen[child] = true
	v.Parents = parents
	cards, err := n.ParentCards(v)
	if err != nil {
		return &ParseError{Line: start, Msg: err.Error()}
	}
	want := bn.NumConfigs(cards) * len(v.States)
	if bn.NumConfigs(cards) < 0 || want > 1<<26 {
		return &ParseError{Line: start, Msg: fmt.Sprintf("the table of %q is too large", child)}
	}
	props, err := p.attributes("potential of " + child)
	if err != nil {
		return err
	}
	raw, ok := props["data"]
	if !ok {
		return &ParseError{Line: start, Msg: fmt.Sprintf("potential of %q has no data", child)}
	}
	v.CPT = make([]float64, 0, want)
	for _, f := range strings.Fields(raw) {
		if f == "(" || f == ")" {
			continue
		}
		x, err := strconv.ParseFloat(f, 64)
		if err != nil {
			return &ParseError{Line: start, Msg: fmt.Sprintf("data of %q: %q is not a number", child, f)}
		}
		v.CPT = append(v.CPT, x)
	}
	if len(v.CPT) != want {
		return &ParseError{Line: start, Msg: fmt.Sprintf("data of %q has %d numbers, expected %d (%d states × %d parent configurations)", child, len(v.CPT), want, len(v.States), bn.NumConfigs(cards))}
	}
	return nil
}
