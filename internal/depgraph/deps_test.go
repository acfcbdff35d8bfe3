// Package depgraph holds the test that guards Entente's import graph (the
// table in STYLE.md §9), as go/build's deps_test.go guards the standard
// library's: data flows one way, files → events → ingest → store →
// relations → evidence → bn → report / server.
package depgraph

import (
	"go/parser"
	"go/token"
	"io/fs"
	"path/filepath"
	"strconv"
	"strings"
	"testing"
)

const module = "entente"

// allowed maps a package (by path inside the module, or a prefix ending in
// "/") to the Entente packages it may import. A package not listed may import
// anything of Entente's except cmd/.
var allowed = map[string][]string{
	"cameo":     {},
	"bn":        {},
	"bn/":       {"bn", "bn/"},
	"events":    {"cameo"},
	"store":     {"events", "cameo"},
	"store/":    {"store", "store/storetest", "store/memstore", "ingest", "events", "cameo", "internal/"},
	"ingest":    {"events", "store", "cameo"},
	"relations": {"store", "events", "cameo", "chart"},
	"evidence":  {"relations", "bn", "bn/", "store", "events", "cameo"},
	"cases":     {"cameo", "events", "relations", "evidence", "bn", "bn/", "store"},
	"report":    {"relations", "evidence", "bn", "bn/", "cases", "cases/", "store", "events", "cameo", "chart"},
	"cases/":    {"cases", "cameo", "events", "relations", "evidence", "bn", "bn/", "store"},
	"fetch":     {},
}

// forbiddenEverywhere lists packages only cmd/entente may import, so that
// report and server take narrow interfaces, never a concrete backend.
var forbiddenEverywhere = []string{"store/duckdb", "store/clickhouse"}

func TestImportGraph(t *testing.T) {
	root, err := filepath.Abs("../..")
	if err != nil {
		t.Fatal(err)
	}
	imports := map[string]map[string]bool{}
	err = filepath.WalkDir(root, func(path string, d fs.DirEntry, err error) error {
		if err != nil {
			return err
		}
		if d.IsDir() {
			name := d.Name()
			if path != root && (strings.HasPrefix(name, ".") || name == "testdata" || name == "node_modules") {
				return filepath.SkipDir
			}
			return nil
		}
		if !strings.HasSuffix(path, ".go") {
			return nil
		}
		rel, _ := filepath.Rel(root, filepath.Dir(path))
		rel = filepath.ToSlash(rel)
		f, err := parser.ParseFile(token.NewFileSet(), path, nil, parser.ImportsOnly)
		if err != nil {
			return err
		}
		for _, imp := range f.Imports {
			p, _ := strconv.Unquote(imp.Path.Value)
			if p != module && !strings.HasPrefix(p, module+"/") {
				continue
			}
			p = strings.TrimPrefix(strings.TrimPrefix(p, module), "/")
			// Tests may use the in-memory store, a fake for fast tests
			// (STYLE.md §3), whatever their package's rule.
			if strings.HasSuffix(path, "_test.go") && p == "store/memstore" {
				continue
			}
			if imports[rel] == nil {
				imports[rel] = map[string]bool{}
			}
			imports[rel][p] = true
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	if len(imports) == 0 {
		t.Fatal("found no Entente imports at all: is the test run from internal/depgraph?")
	}
	for pkg, deps := range imports {
		for dep := range deps {
			if dep == pkg || strings.HasPrefix(dep, "internal/shareddata") {
				continue
			}
			if strings.HasPrefix(dep, "cmd/") {
				t.Errorf("%s imports %s: nothing may import a command", pkg, dep)
			}
			if !strings.HasPrefix(pkg, "cmd/") && !strings.HasPrefix(pkg, "store/storetest") && !strings.HasPrefix(pkg, "bench/") {
				for _, f := range forbiddenEverywhere {
					if dep == f && !strings.HasPrefix(pkg, f) {
						t.Errorf("%s imports %s: only cmd/entente may choose a concrete store backend", pkg, dep)
					}
				}
			}
			rule, ok := ruleFor(pkg)
			if !ok {
				continue
			}
			if !permitted(rule, dep) {
				t.Errorf("%s imports %s, which the dependency table (STYLE.md §9) does not allow", pkg, dep)
			}
		}
	}
}

// ruleFor finds the most specific rule for pkg: an exact entry first, then the
// longest matching prefix entry.
func ruleFor(pkg string) ([]string, bool) {
	if r, ok := allowed[pkg]; ok {
		return r, true
	}
	best, found := "", false
	for k := range allowed {
		if strings.HasSuffix(k, "/") && strings.HasPrefix(pkg, k) && len(k) > len(best) {
			best, found = k, true
		}
	}
	return allowed[best], found
}

func permitted(rule []string, dep string) bool {
	for _, r := range rule {
		if r == dep || (strings.HasSuffix(r, "/") && strings.HasPrefix(dep, r)) {
			return true
		}
	}
	return false
}
