// Package xmlbif reads and writes Bayesian networks in XMLBIF 0.3, the XML
// form of the Bayesian Interchange Format (F. G. Cozman, "The Interchange
// Format for Bayesian Networks", XMLBIF 0.3, 1998; written by SamIam,
// JavaBayes, Weka and pgmpy):
//
//	<BIF VERSION="0.3"><NETWORK><NAME>net</NAME>
//	  <VARIABLE TYPE="nature"><NAME>rain</NAME><OUTCOME>true</OUTCOME>
//	    <OUTCOME>false</OUTCOME><PROPERTY>position = (463, -176)</PROPERTY></VARIABLE>
//	  <DEFINITION><FOR>sprinkler</FOR><GIVEN>rain</GIVEN>
//	    <TABLE>0.01 0.99 0.4 0.6</TABLE></DEFINITION>
//	</NETWORK></BIF>
//
// TABLE order: for each configuration of the GIVEN variables (in GIVEN
// order, the last one varying fastest) the FOR variable's probabilities,
// one per OUTCOME. That is bn's CPT layout, so tables are copied as they
// are. Checked on the SamIam files in shared/data/bn/xmlbif: alarm.xmlbif
// gives the same tables as bnlearn's alarm.bif (TestAlarmMatchesBIF).
// Some writers use PROBABILITY instead of DEFINITION; both are read.
// PROPERTY texts are split at the first space or '=' into a key and the
// rest (as package bif does), so they are written back unchanged. Only
// TYPE="nature" variables (chance nodes) are supported.
package xmlbif

import (
	"bufio"
	"encoding/xml"
	"errors"
	"fmt"
	"io"
	"maps"
	"slices"
	"strconv"
	"strings"

	"entente/bn"
)

type docBIF struct {
	XMLName xml.Name   `xml:"BIF"`
	Version string     `xml:"VERSION,attr"`
	Network docNetwork `xml:"NETWORK"`
}

type docNetwork struct {
	Name        string          `xml:"NAME"`
	Properties  []string        `xml:"PROPERTY"`
	Variables   []docVariable   `xml:"VARIABLE"`
	Definitions []docDefinition `xml:"DEFINITION"`
	Probability []docDefinition `xml:"PROBABILITY"`
}

type docVariable struct {
	Type       string   `xml:"TYPE,attr"`
	Name       string   `xml:"NAME"`
	Outcomes   []string `xml:"OUTCOME"`
	Properties []string `xml:"PROPERTY"`
}

type docDefinition struct {
	For        string   `xml:"FOR"`
	Given      []string `xml:"GIVEN"`
	Table      string   `xml:"TABLE"`
	Properties []string `xml:"PROPERTY"`
}

// Read parses an XMLBIF document. Like bif.Read it does not renormalise and
// does not call Validate; it fails on XML errors, undeclared variables,
// missing or repeated definitions and tables of the wrong length, naming
// the variable.
func Read(r io.Reader) (*bn.Network, error) {
	var doc docBIF
	dec := xml.NewDecoder(r)
	dec.CharsetReader = func(charset string, input io.Reader) (io.Reader, error) {
		// SamIam writes US-ASCII, others ISO-8859-1 headers over ASCII
		// content; both are subsets of UTF-8 for the names networks use.
		switch strings.ToLower(charset) {
		case "us-ascii", "ascii", "iso-8859-1", "latin1", "utf-8":
			return input, nil
		}
		return nil, fmt.Errorf("unsupported character set %q", charset)
	}
	if err := dec.Decode(&doc); err != nil {
		var se *xml.SyntaxError
		if errors.As(err, &se) {
			return nil, fmt.Errorf("xmlbif: line %d: %s", se.Line, se.Msg)
		}
		return nil, fmt.Errorf("xmlbif: %w", err)
	}
	net := bn.New(strings.TrimSpace(doc.Network.Name))
	net.Properties = props(doc.Network.Properties)
	for _, dv := range doc.Network.Variables {
		if t := strings.TrimSpace(dv.Type); t != "" && t != "nature" {
			return nil, fmt.Errorf("xmlbif: variable %q has TYPE=%q; only chance nodes (TYPE=\"nature\") are supported", dv.Name, t)
		}
		v := &bn.Variable{Name: strings.TrimSpace(dv.Name), Properties: props(dv.Properties)}
		for _, o := range dv.Outcomes {
			v.States = append(v.States, strings.TrimSpace(o))
		}
		if len(v.States) == 0 {
			return nil, fmt.Errorf("xmlbif: variable %q has no OUTCOME", v.Name)
		}
		if err := net.Add(v); err != nil {
			return nil, fmt.Errorf("xmlbif: %w", err)
		}
	}
	defs := append(doc.Network.Definitions, doc.Network.Probability...)
	seen := map[string]bool{}
	for _, d := range defs {
		name := strings.TrimSpace(d.For)
		v := net.Var(name)
		if v == nil {
			return nil, fmt.Errorf("xmlbif: DEFINITION for %q, which is not a VARIABLE", name)
		}
		if seen[name] {
			return nil, fmt.Errorf("xmlbif: second DEFINITION for %q", name)
		}
		seen[name] = true
		v.Parents = nil
		for _, g := range d.Given {
			v.Parents = append(v.Parents, strings.TrimSpace(g))
		}
		if len(d.Properties) > 0 {
			if v.Properties == nil {
				v.Properties = map[string]string{}
			}
			for k, val := range props(d.Properties) {
				v.Properties[DefinitionPropertyPrefix+k] = val
			}
		}
		cards, err := net.ParentCards(v)
		if err != nil {
			return nil, fmt.Errorf("xmlbif: DEFINITION for %q: %w", name, err)
		}
		fields := strings.Fields(d.Table)
		want := bn.NumConfigs(cards) * len(v.States)
		if bn.NumConfigs(cards) < 0 || len(fields) != want {
			return nil, fmt.Errorf("xmlbif: TABLE for %q has %d numbers, expected %d (%d outcomes × %d GIVEN configurations)", name, len(fields), want, len(v.States), bn.NumConfigs(cards))
		}
		v.CPT = make([]float64, len(fields))
		for i, f := range fields {
			if v.CPT[i], err = strconv.ParseFloat(f, 64); err != nil {
				return nil, fmt.Errorf("xmlbif: TABLE for %q: %q is not a number", name, f)
			}
		}
	}
	for _, v := range net.Variables {
		if !seen[v.Name] {
			return nil, fmt.Errorf("xmlbif: variable %q has no DEFINITION", v.Name)
		}
	}
	return net, nil
}

// DefinitionPropertyPrefix marks, in Variable.Properties, the properties
// that stood in the variable's DEFINITION rather than its VARIABLE element.
const DefinitionPropertyPrefix = "definition."

func props(list []string) map[string]string {
	if len(list) == 0 {
		return nil
	}
	m := make(map[string]string, len(list))
	for _, p := range list {
		p = strings.TrimSpace(p)
		cut := strings.IndexAny(p, " \t\r\n=")
		if cut < 0 {
			m[p] = ""
			continue
		}
		m[p[:cut]] = strings.TrimSpace(p[cut:])
	}
	return m
}

// Write writes net as XMLBIF 0.3 (DEFINITION elements, tables in bn's CPT
// order, numbers with the fewest digits that read back exactly). Why/Source
// texts, Previous and Elicitation are dropped, as XMLBIF has no place for
// them.
func Write(w io.Writer, net *bn.Network) error {
	bw := bufio.NewWriter(w)
	bw.WriteString("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<!-- Bayesian network in XMLBIF v0.3, written by Entente -->\n<BIF VERSION=\"0.3\">\n<NETWORK>\n")
	elem(bw, "  ", "NAME", net.Name)
	writeProps(bw, "  ", net.Properties, "")
	for _, v := range net.Variables {
		bw.WriteString("\n  <VARIABLE TYPE=\"nature\">\n")
		elem(bw, "    ", "NAME", v.Name)
		for _, s := range v.States {
			elem(bw, "    ", "OUTCOME", s)
		}
		writeProps(bw, "    ", v.Properties, "")
		bw.WriteString("  </VARIABLE>\n")
	}
	for _, v := range net.Variables {
		cards, err := net.ParentCards(v)
		if err != nil {
			return fmt.Errorf("xmlbif: write: %w", err)
		}
		if want := bn.NumConfigs(cards) * len(v.States); len(v.CPT) != want {
			return fmt.Errorf("xmlbif: write %q: CPT has %d entries, expected %d", v.Name, len(v.CPT), want)
		}
		bw.WriteString("\n  <DEFINITION>\n")
		elem(bw, "    ", "FOR", v.Name)
		for _, p := range v.Parents {
			elem(bw, "    ", "GIVEN", p)
		}
		bw.WriteString("    <TABLE>")
		for i, p := range v.CPT {
			if i > 0 {
				bw.WriteByte(' ')
			}
			bw.WriteString(strconv.FormatFloat(p, 'g', -1, 64))
		}
		bw.WriteString("</TABLE>\n")
		writeProps(bw, "    ", v.Properties, DefinitionPropertyPrefix)
		bw.WriteString("  </DEFINITION>\n")
	}
	bw.WriteString("</NETWORK>\n</BIF>\n")
	if err := bw.Flush(); err != nil {
		return fmt.Errorf("xmlbif: write: %w", err)
	}
	return nil
}

func elem(bw *bufio.Writer, indent, tag, text string) {
	bw.WriteString(indent + "<" + tag + ">")
	xml.EscapeText(bw, []byte(text))
	bw.WriteString("</" + tag + ">\n")
}

// writeProps writes the properties whose key has the given prefix (removed),
// or, with an empty prefix, those without the definition prefix.
func writeProps(bw *bufio.Writer, indent string, m map[string]string, prefix string) {
	for _, k := range slices.Sorted(maps.Keys(m)) {
		key := k
		if prefix == "" {
			if strings.HasPrefix(k, DefinitionPropertyPrefix) {
				continue
			}
		} else {
			var ok bool
			if key, ok = strings.CutPrefix(k, prefix); !ok {
				continue
			}
		}
		text := key
		if v := m[k]; v != "" {
			text += " " + v
		}
		elem(bw, indent, "PROPERTY", text)
	}
}
