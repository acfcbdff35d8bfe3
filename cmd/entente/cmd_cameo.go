package main

import (
	"context"
	"encoding/json"
	"fmt"
	"io"
	"slices"
	"strconv"
	"strings"
	"text/tabwriter"

	"github.com/spf13/cobra"

	"entente/cameo"
)

func init() { subcommands = append(subcommands, newCameoCmd) }

// cameoOptions receives the flags of `entente cameo`.
type cameoOptions struct {
	Query  string // an event code, country code, actor type code or country name
	List   string // "", "events", "countries" or "actors"
	Format string // "table" or "json"
}

var quadNames = map[int]string{
	1: "verbal cooperation", 2: "material cooperation", 3: "verbal conflict", 4: "material conflict",
}

func newCameoCmd() *cobra.Command {
	var opts cameoOptions
	c := &cobra.Command{
		Use:   "cameo [CODE|NAME]",
		Short: "Look up CAMEO event codes, country codes, actor types and country names",
		Long: `Look up the CAMEO reference tables compiled into entente.

An event code ("042", "190", "1056"; leading zeros matter) prints its
description, root code, GDELT QuadClass and Goldstein weight. A CAMEO country
code ("RUS"), actor type ("GOV") or country name as ICEWS spells it
("Russian Federation") prints the country or type. An unknown code is a usage
error that names the closest known codes.

--list prints a whole table: events (the default), countries or actors.

Sources: GDELT's CAMEO lookup files (CAMEO.eventcodes.txt,
CAMEO.goldsteinscale.txt, CAMEO.country.txt, CAMEO.type.txt) and the GeoNames
countryInfo table; see cameo/gen for provenance and repairs.`,
		Example: `  entente cameo 042
  entente cameo "Russian Federation" --format json
  entente cameo --list=countries`,
		Args: cobra.MaximumNArgs(1),
		RunE: func(cmd *cobra.Command, args []string) error {
			if len(args) == 1 {
				opts.Query = args[0]
			}
			return runCameo(cmd.Context(), opts, cmd.OutOrStdout())
		},
	}
	f := c.Flags()
	f.StringVar(&opts.List, "list", "", "print a whole table: events, countries or actors")
	f.Lookup("list").NoOptDefVal = "events"
	f.StringVar(&opts.Format, "format", "table", "output format: table or json")
	return c
}

// cameoEntry is one answer of `entente cameo`, in the shape printed as JSON.
type cameoEntry struct {
	Kind        string   `json:"kind"` // event, country, actor
	Code        string   `json:"code"`
	Description string   `json:"description"`
	Root        string   `json:"root,omitempty"`
	RootName    string   `json:"root_description,omitempty"`
	Quad        int      `json:"quad_class,omitempty"`
	QuadName    string   `json:"quad_class_name,omitempty"`
	Goldstein   *float64 `json:"goldstein,omitempty"`
	FIPS        string   `json:"fips,omitempty"`
}

func runCameo(_ context.Context, opts cameoOptions, stdout io.Writer) error {
	if opts.Format != "table" && opts.Format != "json" {
		return usagef("unknown --format %q: use table or json", opts.Format)
	}
	var entries []cameoEntry
	switch {
	case opts.List != "" && opts.Query != "":
		return usagef("give either a code to look up or --list, not both")
	case opts.List != "":
		var err error
		if entries, err = cameoList(opts.List); err != nil {
			return err
		}
	case opts.Query == "":
		return usagef("give a CAMEO code or country name to look up, or --list (see 'entente cameo --help')")
	default:
		e, ok := cameoLookup(opts.Query)
		if !ok {
			return usagef("%q is not a CAMEO event code, country code, actor type or country name; closest known codes: %s",
				opts.Query, strings.Join(cameoClosest(opts.Query, 5), ", "))
		}
		entries = []cameoEntry{e}
	}
	if opts.Format == "json" {
		enc := json.NewEncoder(stdout)
		enc.SetIndent("", "  ")
		var v any = entries
		if opts.List == "" {
			v = entries[0]
		}
		if err := enc.Encode(v); err != nil {
			return fmt.Errorf("write json: %w", err)
		}
		return nil
	}
	if opts.List != "" {
		return printCameoList(stdout, opts.List, entries)
	}
	return printCameoEntry(stdout, entries[0])
}

func eventEntry(e cameo.EventCode) cameoEntry {
	g := e.Goldstein
	en := cameoEntry{Kind: "event", Code: e.Code, Description: e.Description, Root: e.Root,
		Quad: e.Quad, QuadName: quadNames[e.Quad], Goldstein: &g}
	if r, ok := cameo.Event(e.Root); ok {
		en.RootName = r.Description
	}
	return en
}

func countryEntry(code, name string) cameoEntry {
	en := cameoEntry{Kind: "country", Code: code, Description: name}
	if iso, ok := cameo.CountryISO3(code); ok {
		en.FIPS, _ = cameo.ISO3ToFIPS(iso)
	}
	return en
}

// cameoLookup tries the query as an event code, a country code, an actor
// type and a country name, in that order; the code spaces do not overlap.
func cameoLookup(q string) (cameoEntry, bool) {
	q = strings.TrimSpace(q)
	if e, ok := cameo.Event(q); ok {
		return eventEntry(e), true
	}
	up := strings.ToUpper(q)
	if n, ok := cameo.Country(up); ok {
		return countryEntry(up, n), true
	}
	if d, ok := cameo.ActorType(up); ok {
		return cameoEntry{Kind: "actor", Code: up, Description: d}, true
	}
	if c, ok := cameo.CountryByName(q); ok {
		n, _ := cameo.Country(c)
		return countryEntry(c, n), true
	}
	return cameoEntry{}, false
}

func cameoList(kind string) ([]cameoEntry, error) {
	var out []cameoEntry
	switch kind {
	case "events":
		for _, e := range cameo.Codes() {
			out = append(out, eventEntry(e))
		}
	case "countries":
		for _, c := range cameo.Countries() {
			out = append(out, countryEntry(c.Code, c.Name))
		}
	case "actors":
		for _, a := range cameo.ActorTypes() {
			out = append(out, cameoEntry{Kind: "actor", Code: a.Code, Description: a.Description})
		}
	default:
		return nil, usagef("unknown --list %q: use events, countries or actors", kind)
	}
	return out, nil
}

func printCameoEntry(w io.Writer, e cameoEntry) error {
	tw := tabwriter.NewWriter(w, 0, 0, 2, ' ', 0)
	fmt.Fprintf(tw, "code\t%s\n", e.Code)
	fmt.Fprintf(tw, "kind\t%s\n", e.Kind)
	fmt.Fprintf(tw, "description\t%s\n", e.Description)
	if e.Kind == "event" {
		fmt.Fprintf(tw, "root\t%s %s\n", e.Root, e.RootName)
		fmt.Fprintf(tw, "quad class\t%d %s\n", e.Quad, e.QuadName)
		fmt.Fprintf(tw, "goldstein\t%s\n", strconv.FormatFloat(*e.Goldstein, 'f', 1, 64))
	}
	if e.FIPS != "" {
		fmt.Fprintf(tw, "fips 10-4\t%s\n", e.FIPS)
	}
	if err := tw.Flush(); err != nil {
		return fmt.Errorf("write: %w", err)
	}
	return nil
}

func printCameoList(w io.Writer, kind string, entries []cameoEntry) error {
	tw := tabwriter.NewWriter(w, 0, 0, 2, ' ', 0)
	switch kind {
	case "events":
		fmt.Fprintln(tw, "CODE\tROOT\tQUAD\tGOLDSTEIN\tDESCRIPTION")
		for _, e := range entries {
			fmt.Fprintf(tw, "%s\t%s\t%d\t%s\t%s\n", e.Code, e.Root, e.Quad, strconv.FormatFloat(*e.Goldstein, 'f', 1, 64), e.Description)
		}
	case "countries":
		fmt.Fprintln(tw, "CODE\tFIPS\tNAME")
		for _, e := range entries {
			fmt.Fprintf(tw, "%s\t%s\t%s\n", e.Code, e.FIPS, e.Description)
		}
	default:
		fmt.Fprintln(tw, "CODE\tDESCRIPTION")
		for _, e := range entries {
			fmt.Fprintf(tw, "%s\t%s\n", e.Code, e.Description)
		}
	}
	if err := tw.Flush(); err != nil {
		return fmt.Errorf("write: %w", err)
	}
	return nil
}

// cameoClosest returns the n known codes nearest to q by Levenshtein edit
// distance (ties broken by longer shared prefix, then code order), so that
// "0431" suggests "043" and "RSU" suggests "RUS".
func cameoClosest(q string, n int) []string {
	q = strings.ToUpper(strings.TrimSpace(q))
	type cand struct {
		code         string
		dist, prefix int
	}
	var cs []cand
	add := func(code string) {
		p := 0
		for p < len(q) && p < len(code) && q[p] == code[p] {
			p++
		}
		cs = append(cs, cand{code, cameo.Distance(q, code), p})
	}
	for _, e := range cameo.Codes() {
		add(e.Code)
	}
	for _, c := range cameo.Countries() {
		add(c.Code)
	}
	slices.SortFunc(cs, func(a, b cand) int {
		if a.dist != b.dist {
			return a.dist - b.dist
		}
		if a.prefix != b.prefix {
			return b.prefix - a.prefix
		}
		return strings.Compare(a.code, b.code)
	})
	out := make([]string, 0, n)
	for _, c := range cs[:min(n, len(cs))] {
		out = append(out, c.code)
	}
	return out
}
