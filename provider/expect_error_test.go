package provider

import (
	"go/ast"
	"go/parser"
	"go/token"
	"path/filepath"
	"regexp"
	"strings"
	"testing"
)

// expectError is the one way these tests match an error Terraform
// prints. Terraform wraps a diagnostic at word boundaries and indents
// what follows, so each space in pattern matches any run of white space,
// and "." matches a line break too.
func expectError(pattern string) *regexp.Regexp {
	return regexp.MustCompile("(?s)" + strings.ReplaceAll(pattern, " ", `\s+`))
}

// The helper matches across Terraform's wrapping, where a plain pattern
// does not.
func TestExpectErrorToleratesWrapping(t *testing.T) {
	printed := "Error: Not supported by the OpenVPN daemon's mode\n\n  with data.openvpn_clients.this,\n" +
		"Reading the client list (status 3): openvpn management command \"status 3\": status (the client\nlist and routing table) needs a daemon in server mode"
	pattern := `Not supported by the OpenVPN daemon's mode.*the client list and routing table\) needs a daemon in server mode`
	if !expectError(pattern).MatchString(printed) {
		t.Errorf("expectError(%q) does not match the wrapped text", pattern)
	}
	if regexp.MustCompile(pattern).MatchString(printed) {
		t.Error("the plain pattern matched: the sample is not wrapped")
	}
}

// Every ExpectError in this package's tests goes through expectError: a
// pattern compiled any other way fails the day Terraform wraps its words
// differently.
func TestExpectErrorIsUsedEverywhere(t *testing.T) {
	files, err := filepath.Glob("*_test.go")
	if err != nil {
		t.Fatal(err)
	}
	fset := token.NewFileSet()
	for _, file := range files {
		f, err := parser.ParseFile(fset, file, nil, 0)
		if err != nil {
			t.Fatal(err)
		}
		ast.Inspect(f, func(n ast.Node) bool {
			kv, ok := n.(*ast.KeyValueExpr)
			if !ok {
				return true
			}
			if key, ok := kv.Key.(*ast.Ident); !ok || key.Name != "ExpectError" {
				return true
			}
			value := kv.Value
			if id, ok := value.(*ast.Ident); ok {
				value = assignedValue(id) // refused := expectError(...); ExpectError: refused
			}
			call, ok := value.(*ast.CallExpr)
			if fn, isIdent := callName(call, ok); !isIdent || fn != "expectError" {
				t.Errorf("%s: ExpectError is not matched through expectError (which tolerates Terraform's line wrapping)", fset.Position(kv.Pos()))
			}
			return true
		})
	}
}

func callName(call *ast.CallExpr, ok bool) (string, bool) {
	if !ok {
		return "", false
	}
	id, ok := call.Fun.(*ast.Ident)
	if !ok {
		return "", false
	}
	return id.Name, true
}

// assignedValue is the expression a local variable was assigned where it
// was declared (x := expr), or nil.
func assignedValue(id *ast.Ident) ast.Expr {
	//nolint:staticcheck // ast.Object is deprecated, but it is what parser resolves locals to without go/types
	if id.Obj == nil {
		return nil
	}
	as, ok := id.Obj.Decl.(*ast.AssignStmt)
	if !ok {
		return nil
	}
	for i, lhs := range as.Lhs {
		if l, ok := lhs.(*ast.Ident); ok && l.Name == id.Name && i < len(as.Rhs) {
			return as.Rhs[i]
		}
	}
	return nil
}
