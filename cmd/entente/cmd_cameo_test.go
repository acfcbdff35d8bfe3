package main

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"strings"
	"testing"
)

func TestRunCameo(t *testing.T) {
	tests := []struct {
		name string
		opts cameoOptions
		want string // exact output
	}{
		{"event", cameoOptions{Query: "190", Format: "table"},
			"code         190\nkind         event\ndescription  Use conventional military force, not specified below\nroot         19 FIGHT\nquad class   4 material conflict\ngoldstein    -10.0\n"},
		{"country code", cameoOptions{Query: "rus", Format: "table"},
			"code         RUS\nkind         country\ndescription  Russia\nfips 10-4    RS\n"},
		{"icews name", cameoOptions{Query: "Occupied Palestinian Territory", Format: "table"},
			"code         PSE\nkind         country\ndescription  Occupied Palestinian Territory\nfips 10-4    WE\n"},
		{"actor", cameoOptions{Query: "GOV", Format: "table"},
			"code         GOV\nkind         actor\ndescription  Government\n"},
		{"json", cameoOptions{Query: "042", Format: "json"},
			`{
  "kind": "event",
  "code": "042",
  "description": "Make a visit",
  "root": "04",
  "root_description": "CONSULT",
  "quad_class": 1,
  "quad_class_name": "verbal cooperation",
  "goldstein": 1.9
}
`},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			var out bytes.Buffer
			if err := runCameo(context.Background(), tc.opts, &out); err != nil {
				t.Fatal(err)
			}
			if out.String() != tc.want {
				t.Errorf("got\n%s\nwant\n%s", out.String(), tc.want)
			}
		})
	}
}

func TestRunCameoList(t *testing.T) {
	var out bytes.Buffer
	if err := runCameo(context.Background(), cameoOptions{List: "events", Format: "table"}, &out); err != nil {
		t.Fatal(err)
	}
	lines := strings.Split(strings.TrimSuffix(out.String(), "\n"), "\n")
	if len(lines) != 312 { // header + 311 codes
		t.Errorf("%d lines, want 312", len(lines))
	}
	out.Reset()
	if err := runCameo(context.Background(), cameoOptions{List: "countries", Format: "json"}, &out); err != nil {
		t.Fatal(err)
	}
	var got []cameoEntry
	if err := json.Unmarshal(out.Bytes(), &got); err != nil {
		t.Fatal(err)
	}
	if len(got) != 262 {
		t.Errorf("%d countries, want 262", len(got))
	}
}

func TestRunCameoErrors(t *testing.T) {
	tests := []struct {
		name string
		opts cameoOptions
		want string
	}{
		{"unknown code", cameoOptions{Query: "0431", Format: "table"}, "closest known codes: 043, 041, 0231, 031, 0331"},
		{"typo country", cameoOptions{Query: "RSU", Format: "table"}, "RUS"},
		{"bad format", cameoOptions{Query: "042", Format: "xml"}, "unknown --format"},
		{"bad list", cameoOptions{List: "groups", Format: "table"}, "unknown --list"},
		{"nothing", cameoOptions{Format: "table"}, "give a CAMEO code"},
		{"both", cameoOptions{Query: "042", List: "events", Format: "table"}, "not both"},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			err := runCameo(context.Background(), tc.opts, &bytes.Buffer{})
			var ue usageError
			if !errors.As(err, &ue) {
				t.Fatalf("err = %v, want a usage error", err)
			}
			if !strings.Contains(err.Error(), tc.want) {
				t.Errorf("err = %q, want it to contain %q", err, tc.want)
			}
		})
	}
}

func TestCameoExitStatus(t *testing.T) {
	var out, errb bytes.Buffer
	if got := run([]string{"cameo", "9999"}, &out, &errb); got != exitUsage {
		t.Errorf("exit %d, want %d (stderr %q)", got, exitUsage, errb.String())
	}
	if got := run([]string{"cameo", "--list=actors"}, &out, &errb); got != exitOK {
		t.Errorf("exit %d, want 0 (stderr %q)", got, errb.String())
	}
}
