package bif

import (
	"fmt"
	"io"
	"strconv"
	"strings"

	"entente/bn"
)

// Read parses a BIF network (see the package comment for the dialect) and
// returns it as read: tables are not renormalised. It returns a *ParseError
// (with the line) for syntax errors and for inconsistencies the file alone
// shows (unknown state in a row, wrong number of values, a missing row);
// it does not call Validate, so callers decide how strict to be (Load in
// package bn/modelfile validates). Use ReadNormalized for published
// networks whose rows are a little off 1.
func Read(r io.Reader) (*bn.Network, error) {
	src, err := io.ReadAll(r)
	if err != nil {
		return nil, fmt.Errorf("bif: read: %w", err)
	}
	p := &parser{lex: newLexer(src), src: src}
	return p.parse()
}

type probBlock struct {
	line    int
	child   string
	parents []string
	table   []float64 // from "table", nil if absent
	tline   int
	def     []float64 // from "default", nil if absent
	rows    []probRow
	props   map[string]string
}

type probRow struct {
	line   int
	states []string
	vals   []float64
}

type parser struct {
	lex *lexer
	src []byte
}

func (p *parser) errf(line int, format string, a ...any) error {
	return &ParseError{Line: line, Msg: fmt.Sprintf(format, a...)}
}

func (p *parser) next() (token, error) { return p.lex.next() }

// expect reads a punctuation token with the given text.
func (p *parser) expect(punct string, context string) (token, error) {
	t, err := p.next()
	if err != nil {
		return t, err
	}
	if t.kind != tokPunct || t.text != punct {
		return t, p.errf(t.line, "expected %q %s, found %s", punct, context, describe(t))
	}
	return t, nil
}

func describe(t token) string {
	switch t.kind {
	case tokEOF:
		return "end of file"
	case tokString:
		return strconv.Quote(t.text)
	}
	return fmt.Sprintf("%q", t.text)
}

// name reads a word or string used as a name.
func (p *parser) name(context string) (token, error) {
	t, err := p.next()
	if err != nil {
		return t, err
	}
	if t.kind != tokWord && t.kind != tokString {
		return t, p.errf(t.line, "expected %s, found %s", context, describe(t))
	}
	return t, nil
}

func (p *parser) parse() (*bn.Network, error) {
	net := bn.New("")
	var probs []*probBlock
	sawNetwork := false
	for {
		t, err := p.next()
		if err != nil {
			return nil, err
		}
		if t.kind == tokEOF {
			break
		}
		if t.kind != tokWord {
			return nil, p.errf(t.line, "expected 'network', 'variable' or 'probability', found %s", describe(t))
		}
		switch t.text {
		case "network":
			if sawNetwork {
				return nil, p.errf(t.line, "second 'network' block")
			}
			sawNetwork = true
			if err := p.network(net); err != nil {
				return nil, err
			}
		case "variable":
			if err := p.variable(net, t.line); err != nil {
				return nil, err
			}
		case "probability":
			pb, err := p.probability()
			if err != nil {
				return nil, err
			}
			probs = append(probs, pb)
		default:
			return nil, p.errf(t.line, "expected 'network', 'variable' or 'probability', found %s", describe(t))
		}
	}
	if err := assemble(net, probs); err != nil {
		return nil, err
	}
	return net, nil
}

func (p *parser) network(net *bn.Network) error {
	t, err := p.name("the network name")
	if err != nil {
		return err
	}
	net.Name = t.text
	if _, err := p.expect("{", "after the network name"); err != nil {
		return err
	}
	for {
		t, err := p.next()
		if err != nil {
			return err
		}
		switch {
		case t.kind == tokPunct && t.text == "}":
			return nil
		case t.kind == tokWord && t.text == "property":
			k, v, err := p.property(t)
			if err != nil {
				return err
			}
			if net.Properties == nil {
				net.Properties = map[string]string{}
			}
			net.Properties[k] = v
		default:
			return p.errf(t.line, "expected 'property' or '}' in the network block, found %s", describe(t))
		}
	}
}

// property reads the rest of a "property ...;" statement and splits its raw
// text into a key (up to the first space or '=') and the rest, so the
// writer can put back "property key rest;" unchanged.
func (p *parser) property(start token) (string, string, error) {
	from := start.pos + len("property")
	for {
		t, err := p.next()
		if err != nil {
			return "", "", err
		}
		if t.kind == tokEOF {
			return "", "", p.errf(start.line, "property is not ended by ';'")
		}
		if t.kind == tokPunct && (t.text == "}" || t.text == "{") {
			return "", "", p.errf(t.line, "property is not ended by ';' before %q", t.text)
		}
		if t.kind == tokPunct && t.text == ";" {
			raw := strings.TrimSpace(string(p.src[from:t.pos]))
			if raw == "" {
				return "", "", p.errf(start.line, "empty property")
			}
			cut := strings.IndexAny(raw, " \t\r\n=")
			if cut < 0 {
				return raw, "", nil
			}
			return raw[:cut], strings.TrimSpace(raw[cut:]), nil
		}
	}
}

func (p *parser) variable(net *bn.Network, line int) error {
	nt, err := p.name("the variable name")
	if err != nil {
		return err
	}
	v := &bn.Variable{Name: nt.text}
	if _, err := p.expect("{", "after the variable name"); err != nil {
		return err
	}
	sawType := false
	for {
		t, err := p.next()
		if err != nil {
			return err
		}
		switch {
		case t.kind == tokPunct && t.text == "}":
			if !sawType {
				return p.errf(line, "variable %q has no 'type discrete [ k ] { ... };' line", v.Name)
			}
			if err := net.Add(v); err != nil {
				return p.errf(line, "variable %q is declared twice", v.Name)
			}
			return nil
		case t.kind == tokWord && t.text == "property":
			k, val, err := p.property(t)
			if err != nil {
				return err
			}
			if v.Properties == nil {
				v.Properties = map[string]string{}
			}
			v.Properties[k] = val
		case t.kind == tokWord && t.text == "type":
			if sawType {
				return p.errf(t.line, "variable %q has two type lines", v.Name)
			}
			sawType = true
			if err := p.varType(v, t.line); err != nil {
				return err
			}
		default:
			return p.errf(t.line, "expected 'type', 'property' or '}' in variable %q, found %s", v.Name, describe(t))
		}
	}
}

// varType parses "discrete [ k ] { s1, s2, ... };" (commas optional).
func (p *parser) varType(v *bn.Variable, line int) error {
	t, err := p.next()
	if err != nil {
		return err
	}
	if t.kind != tokWord || t.text != "discrete" {
		return p.errf(t.line, "variable %q: only 'type discrete' is supported, found %s", v.Name, describe(t))
	}
	if _, err := p.expect("[", "after 'discrete'"); err != nil {
		return err
	}
	kt, err := p.next()
	if err != nil {
		return err
	}
	k, cerr := strconv.Atoi(kt.text)
	if kt.kind != tokWord || cerr != nil || k <= 0 {
		return p.errf(kt.line, "variable %q: the number of states must be a positive integer, found %s", v.Name, describe(kt))
	}
	if _, err := p.expect("]", "after the number of states"); err != nil {
		return err
	}
	if _, err := p.expect("{", "before the state names"); err != nil {
		return err
	}
	for {
		t, err := p.next()
		if err != nil {
			return err
		}
		switch {
		case t.kind == tokPunct && t.text == "}":
			if len(v.States) != k {
				return p.errf(line, "variable %q declares %d states but lists %d", v.Name, k, len(v.States))
			}
			_, err := p.expect(";", "after the state list")
			return err
		case t.kind == tokPunct && t.text == ",":
		case t.kind == tokWord || t.kind == tokString:
			v.States = append(v.States, t.text)
		default:
			return p.errf(t.line, "variable %q: expected a state name, found %s", v.Name, describe(t))
		}
	}
}

func (p *parser) probability() (*probBlock, error) {
	open, err := p.expect("(", "after 'probability'")
	if err != nil {
		return nil, err
	}
	pb := &probBlock{line: open.line}
	ct, err := p.name("the variable name")
	if err != nil {
		return nil, err
	}
	pb.child = ct.text
	t, err := p.next()
	if err != nil {
		return nil, err
	}
	if t.kind == tokPunct && t.text == "|" {
		pb.parents, err = p.nameList("parent names", ")")
		if err != nil {
			return nil, err
		}
		if len(pb.parents) == 0 {
			return nil, p.errf(t.line, "no parents after '|' for %q", pb.child)
		}
	} else if t.kind != tokPunct || t.text != ")" {
		return nil, p.errf(t.line, "expected '|' or ')' after %q, found %s", pb.child, describe(t))
	}
	if _, err := p.expect("{", "to open the probability block"); err != nil {
		return nil, err
	}
	for {
		t, err := p.next()
		if err != nil {
			return nil, err
		}
		switch {
		case t.kind == tokPunct && t.text == "}":
			return pb, nil
		case t.kind == tokPunct && t.text == "(":
			states, err := p.nameList("parent states", ")")
			if err != nil {
				return nil, err
			}
			vals, err := p.numbers()
			if err != nil {
				return nil, err
			}
			pb.rows = append(pb.rows, probRow{line: t.line, states: states, vals: vals})
		case t.kind == tokWord && t.text == "table":
			if pb.table != nil {
				return nil, p.errf(t.line, "second 'table' for %q", pb.child)
			}
			if pb.table, err = p.numbers(); err != nil {
				return nil, err
			}
			pb.tline = t.line
		case t.kind == tokWord && t.text == "default":
			if pb.def != nil {
				return nil, p.errf(t.line, "second 'default' row for %q", pb.child)
			}
			if pb.def, err = p.numbers(); err != nil {
				return nil, err
			}
		case t.kind == tokWord && t.text == "property":
			k, v, err := p.property(t)
			if err != nil {
				return nil, err
			}
			if pb.props == nil {
				pb.props = map[string]string{}
			}
			pb.props[k] = v
		default:
			return nil, p.errf(t.line, "expected '(', 'table', 'default', 'property' or '}' in the probability block of %q, found %s", pb.child, describe(t))
		}
	}
}

// nameList reads names separated by commas or spaces up to the closing punct.
func (p *parser) nameList(what, closing string) ([]string, error) {
	var out []string
	for {
		t, err := p.next()
		if err != nil {
			return nil, err
		}
		switch {
		case t.kind == tokPunct && t.text == closing:
			return out, nil
		case t.kind == tokPunct && t.text == ",":
		case t.kind == tokWord || t.kind == tokString:
			out = append(out, t.text)
		default:
			return nil, p.errf(t.line, "expected %s or %q, found %s", what, closing, describe(t))
		}
	}
}

// numbers reads probabilities separated by commas or spaces up to ';'.
func (p *parser) numbers() ([]float64, error) {
	var out []float64
	for {
		t, err := p.next()
		if err != nil {
			return nil, err
		}
		switch {
		case t.kind == tokPunct && t.text == ";":
			if len(out) == 0 {
				return nil, p.errf(t.line, "no probabilities before ';'")
			}
			return out, nil
		case t.kind == tokPunct && t.text == ",":
		case t.kind == tokWord:
			f, err := strconv.ParseFloat(t.text, 64)
			if err != nil {
				return nil, p.errf(t.line, "%q is not a number", t.text)
			}
			out = append(out, f)
		default:
			return nil, p.errf(t.line, "expected a probability or ';', found %s", describe(t))
		}
	}
}
