package provider

import (
	"go/ast"
	"go/parser"
	"go/token"
	"path/filepath"
	"regexp"
	"slices"
	"sort"
	"strconv"
	"strings"
	"sync"
	"testing"
)

// What the package's tests exercise, read from their source: for each
// Test function, the string literals it and the test helpers it reaches
// contain (where Terraform configurations and type names are written),
// and whether it starts a real daemon (internal/openvpnlab) or a fake one
// (internal/fakemgmt). Only declarations in _test.go files are followed:
// the provider's own code names every type in its descriptions.

// testFunc is one Test function as its source shows it.
type testFunc struct {
	name, file string
	strings    []string
	real, fake bool // starts a real daemon, a fake one
	// helpers are the test helpers it reaches (not itself), each with
	// its own strings: a real test and its fake twin share the one that
	// builds their test case.
	helpers map[string][]string
}

// decl is one package-level declaration of a test file.
type decl struct {
	file    string
	refs    []string // identifiers it uses (calls, values, methods by name)
	strings []string
	real    bool
	fake    bool
}

// daemonStarters are the calls that start a daemon for a test.
var (
	realStarters = regexp.MustCompile(`^openvpnlab\.Start|^remotelab\.Start`)
	fakeStarters = regexp.MustCompile(`^fakemgmt\.Start`)
)

var packageTests = sync.OnceValues(func() ([]testFunc, error) {
	files, err := filepath.Glob("*_test.go")
	if err != nil {
		return nil, err
	}
	fset := token.NewFileSet()
	decls := map[string][]*decl{} // by name: methods of any receiver share a name
	for _, file := range files {
		f, err := parser.ParseFile(fset, file, nil, 0)
		if err != nil {
			return nil, err
		}
		for _, d := range f.Decls {
			switch d := d.(type) {
			case *ast.FuncDecl:
				decls[d.Name.Name] = append(decls[d.Name.Name], scan(file, d))
			case *ast.GenDecl:
				for _, spec := range d.Specs {
					if vs, ok := spec.(*ast.ValueSpec); ok {
						for _, n := range vs.Names {
							decls[n.Name] = append(decls[n.Name], scan(file, vs))
						}
					}
				}
			}
		}
	}
	var tests []testFunc
	for name, ds := range decls {
		if !strings.HasPrefix(name, "Test") || len(ds) != 1 {
			continue
		}
		tf := testFunc{name: name, file: ds[0].file, helpers: map[string][]string{}}
		seen := map[*decl]bool{}
		var walk func(string, *decl)
		walk = func(declName string, d *decl) {
			if seen[d] {
				return
			}
			seen[d] = true
			tf.strings = append(tf.strings, d.strings...)
			if declName != name {
				tf.helpers[declName] = append(tf.helpers[declName], d.strings...)
			}
			tf.real, tf.fake = tf.real || d.real, tf.fake || d.fake
			for _, r := range d.refs {
				for _, next := range decls[r] {
					walk(r, next)
				}
			}
		}
		walk(name, ds[0])
		tests = append(tests, tf)
	}
	sort.Slice(tests, func(i, j int) bool { return tests[i].name < tests[j].name })
	return tests, nil
})

// scan collects what one declaration uses.
func scan(file string, n ast.Node) *decl {
	d := &decl{file: file}
	ast.Inspect(n, func(n ast.Node) bool {
		switch n := n.(type) {
		case *ast.BasicLit:
			if n.Kind == token.STRING {
				if s, err := strconv.Unquote(n.Value); err == nil {
					d.strings = append(d.strings, s)
				}
			}
		case *ast.SelectorExpr:
			if x, ok := n.X.(*ast.Ident); ok {
				call := x.Name + "." + n.Sel.Name
				d.real = d.real || realStarters.MatchString(call)
				d.fake = d.fake || fakeStarters.MatchString(call)
			}
			d.refs = append(d.refs, n.Sel.Name)
		case *ast.Ident:
			d.refs = append(d.refs, n.Name)
		}
		return true
	})
	return d
}

// twins returns, for typeName, the helpers naming it that a real-daemon
// test and a fake-daemon test both reach (the test case they share), and
// the real tests that name it.
func twins(t *testing.T, typeName string) (shared, realTests []string) {
	t.Helper()
	tests, err := packageTests()
	if err != nil {
		t.Fatal(err)
	}
	word := regexp.MustCompile(`(^|[^A-Za-z0-9_])` + regexp.QuoteMeta(typeName) + `($|[^A-Za-z0-9_])`)
	naming := func(tf testFunc, keep func(testFunc) bool) map[string]bool {
		out := map[string]bool{}
		if keep(tf) {
			for h, strs := range tf.helpers {
				if slices.ContainsFunc(strs, word.MatchString) {
					out[h] = true
				}
			}
		}
		return out
	}
	inReal, inFake := map[string]bool{}, map[string]bool{}
	for _, tf := range tests {
		for h := range naming(tf, func(tf testFunc) bool { return tf.real }) {
			inReal[h] = true
		}
		for h := range naming(tf, func(tf testFunc) bool { return tf.fake && !tf.real }) {
			inFake[h] = true
		}
		if tf.real && slices.ContainsFunc(tf.strings, word.MatchString) {
			realTests = append(realTests, tf.name)
		}
	}
	for h := range inReal {
		if inFake[h] {
			shared = append(shared, h)
		}
	}
	sort.Strings(shared)
	return shared, realTests
}
