// Package lint holds tests that enforce loomdb's architecture: which
// packages may import which (DESIGN.md §2).
package lint

import (
	"go/parser"
	"go/token"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

const module = "github.com/loomdb/loomdb/"

// imports returns, for each package directory under internal/ and cmd/,
// the set of import paths of its non-test files.
func imports(t *testing.T) map[string]map[string]bool {
	t.Helper()
	root, err := filepath.Abs("../..")
	if err != nil {
		t.Fatal(err)
	}
	out := map[string]map[string]bool{}
	for _, top := range []string{"internal", "cmd"} {
		err := filepath.WalkDir(filepath.Join(root, top), func(path string, d os.DirEntry, err error) error {
			if err != nil || d.IsDir() || !strings.HasSuffix(path, ".go") || strings.HasSuffix(path, "_test.go") {
				return err
			}
			f, err := parser.ParseFile(token.NewFileSet(), path, nil, parser.ImportsOnly)
			if err != nil {
				return err
			}
			rel, _ := filepath.Rel(root, filepath.Dir(path))
			pkg := filepath.ToSlash(rel)
			if out[pkg] == nil {
				out[pkg] = map[string]bool{}
			}
			for _, imp := range f.Imports {
				out[pkg][strings.Trim(imp.Path.Value, `"`)] = true
			}
			return nil
		})
		if err != nil {
			t.Fatal(err)
		}
	}
	return out
}

func internalImports(deps map[string]bool) []string {
	var out []string
	for d := range deps {
		if strings.HasPrefix(d, module) {
			out = append(out, strings.TrimPrefix(d, module))
		}
	}
	return out
}

func TestForbiddenImports(t *testing.T) {
	all := imports(t)
	if len(all) < 10 {
		t.Fatalf("found only %d packages; is the test running from internal/lint?", len(all))
	}
	for pkg, deps := range all {
		for d := range deps {
			if strings.HasPrefix(d, "github.com/pganalyze/pg_query_go") && pkg != "internal/parser" && pkg != "internal/analyze" {
				t.Errorf("%s imports pg_query_go; only internal/parser and internal/analyze may", pkg)
			}
		}
		for _, d := range internalImports(deps) {
			switch {
			case strings.HasPrefix(pkg, "internal/optimizer") && strings.HasPrefix(d, "internal/executor"):
				t.Errorf("%s (optimizer) imports %s (executor)", pkg, d)
			case strings.HasPrefix(pkg, "internal/executor") && strings.HasPrefix(d, "internal/optimizer"):
				t.Errorf("%s (executor) imports %s (optimizer)", pkg, d)
			}
		}
		leaf := map[string]bool{"internal/nodes": true, "internal/types": true, "internal/vector": true}
		if leaf[pkg] {
			for _, d := range internalImports(deps) {
				if !leaf[d] && d != "internal/pgerror" {
					t.Errorf("%s may import only nodes, types, vector and pgerror, not %s", pkg, d)
				}
			}
		}
		if pkg == "internal/pgerror" {
			if len(internalImports(deps)) > 0 {
				t.Errorf("internal/pgerror must not import other loomdb packages")
			}
		}
		if pkg == "internal/storage" || pkg == "internal/txn" {
			for _, d := range internalImports(deps) {
				switch d {
				case "internal/pgerror", "internal/types", "internal/txn", "internal/storage":
				default:
					t.Errorf("%s may not import %s (storage sits below access)", pkg, d)
				}
			}
		}
	}
}
