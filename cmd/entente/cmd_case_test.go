package main

import (
	"bytes"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

func TestCaseVerbs(t *testing.T) {
	dir := t.TempDir()
	t.Setenv("ENTENTE_DB", "")
	exp := filepath.Join(dir, "exp")
	db := filepath.Join(dir, "c.duckdb")
	steps := []struct {
		args []string
		code int
		want string
	}{
		{[]string{"case", "list"}, 0, "sino-russian"},
		{[]string{"case", "show", "sino-russian"}, 0, "207 events"},
		{[]string{"case", "show", "sino-russian", "--format", "json"}, 0, `"outcome": "Partnership"`},
		{[]string{"case", "show", "nope"}, 2, ""},
		{[]string{"case", "export", "sino-russian", exp}, 0, "model.bif"},
		{[]string{"case", "load", "sino-russian", "--db", db}, 0, "207 events"},
		{[]string{"case", "load", "sino-russian", "--db", db}, 0, "already loaded"},
		{[]string{"dyad", "RUS", "CHN", "--by", "year", "--db", db, "--from", "2022-01-01", "--to", "2022-12-31", "--format", "csv"}, 0, "2022,RUS,CHN,8,7,1,0,0,24.9"},
		{[]string{"report", "--model", filepath.Join(exp, "model.yaml"), "--durability", filepath.Join(exp, "durability.yaml"), "--out", ""}, 0, "OUTLOOK"},
		{[]string{"report", "--model", filepath.Join(exp, "model.bif"), "--out", ""}, 0, "OUTLOOK"},
	}
	for _, s := range steps {
		var out, errb bytes.Buffer
		code := run(s.args, &out, &errb)
		if code != s.code {
			t.Fatalf("%v: exit %d, want %d; stderr %s", s.args, code, s.code, errb.String())
		}
		if !strings.Contains(out.String(), s.want) {
			t.Errorf("%v: output lacks %q:\n%s", s.args, s.want, out.String())
		}
	}
	for _, f := range []string{"chronology.csv", "claims.csv", "model.yaml", "durability.yaml", "model.bif"} {
		if st, err := os.Stat(filepath.Join(exp, f)); err != nil || st.Size() == 0 {
			t.Errorf("export: %s missing or empty (%v)", f, err)
		}
	}
}
