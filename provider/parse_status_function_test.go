package provider

import (
	"context"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/hashicorp/terraform-plugin-framework/attr"
	"github.com/hashicorp/terraform-plugin-framework/datasource"
	"github.com/hashicorp/terraform-plugin-framework/function"
	"github.com/hashicorp/terraform-plugin-framework/types"
	"github.com/hashicorp/terraform-plugin-framework/types/basetypes"

	"github.com/vpnops/terraform-provider-openvpn/internal/fixtures"
)

// runParseStatus calls the function in-process, as Terraform would.
func runParseStatus(t *testing.T, text string) (types.Object, *function.FuncError) {
	t.Helper()
	ctx := context.Background()
	f := NewParseStatusFunction()
	var def function.DefinitionResponse
	f.Definition(ctx, function.DefinitionRequest{}, &def)
	result, ferr := def.Definition.Return.NewResultData(ctx)
	if ferr != nil {
		t.Fatal(ferr.Text)
	}
	resp := function.RunResponse{Result: result}
	f.Run(ctx, function.RunRequest{Arguments: function.NewArgumentsData([]attr.Value{types.StringValue(text)})}, &resp)
	if resp.Error != nil {
		return types.Object{}, resp.Error
	}
	obj, ok := resp.Result.Value().(basetypes.ObjectValue)
	if !ok {
		t.Fatalf("result %T", resp.Result.Value())
	}
	return obj, nil
}

// The function's clients and routes are the elements of openvpn_clients
// and openvpn_routing_table: same names, same types.
func TestParseStatusFunctionSharesDataSourceTypes(t *testing.T) {
	ctx := context.Background()
	for name, ds := range map[string]datasource.DataSource{"clients": NewClientsDataSource(), "routes": NewRoutingTableDataSource()} {
		var resp datasource.SchemaResponse
		ds.Schema(ctx, datasource.SchemaRequest{}, &resp)
		want := resp.Schema.Attributes[name].GetType()
		if got := parseStatusTypes[name]; !got.Equal(want) {
			t.Errorf("%s: the function returns %s, the data source has %s", name, got, want)
		}
	}
}

// Every status reply of the transcripts converts, with version, counts and
// the nulls of version 1.
func TestParseStatusFunctionTranscripts(t *testing.T) {
	files, err := filepath.Glob(filepath.Join(fixtures.TranscriptDir(), "openvpn-2.*", "*status-*.txt"))
	if err != nil || len(files) != 36 {
		t.Fatalf("%d status transcripts, want 36 (%v)", len(files), err)
	}
	for _, file := range files {
		text, err := os.ReadFile(file)
		if err != nil {
			t.Fatal(err)
		}
		obj, ferr := runParseStatus(t, string(text))
		if ferr != nil {
			t.Fatalf("%s: %s", file, ferr.Text)
		}
		a := obj.Attributes()
		version := strings.TrimSuffix(file[strings.LastIndex(file, "-")+1:], ".txt")
		if got := a["status_version"].String(); got != version {
			t.Errorf("%s: status_version %s", file, got)
		}
		list, ok := a["clients"].(types.List)
		if !ok || len(list.Elements()) == 0 {
			t.Fatalf("%s: clients %v", file, a["clients"])
		}
		first, ok := list.Elements()[0].(types.Object)
		if !ok {
			t.Fatalf("%s: client %T", file, list.Elements()[0])
		}
		c := first.Attributes()
		if v1 := version == "1"; c["client_id"].IsNull() != v1 || c["virtual_address"].IsNull() != v1 || a["title"].IsNull() != v1 {
			t.Errorf("%s: client_id %s, virtual_address %s, title null %v", file, c["client_id"], c["virtual_address"], a["title"].IsNull())
		}
		if c["connected_since"].IsNull() || c["common_name"].IsNull() || a["updated_at"].IsNull() {
			t.Errorf("%s: %v", file, c)
		}
	}
}

func TestParseStatusFunctionErrorNamesTheArgument(t *testing.T) {
	for _, text := range []string{"", "hello\n", "OpenVPN CLIENT LIST\n"} {
		_, ferr := runParseStatus(t, text)
		if ferr == nil || ferr.FunctionArgument == nil || *ferr.FunctionArgument != 0 {
			t.Errorf("%q: %+v, want an error on argument 0", text, ferr)
		}
	}
}

// Terraform finds the function in the provider's schema, with its one
// argument, and needs nothing configured to call it.
func TestParseStatusFunctionIsServed(t *testing.T) {
	_, resp := inProcessProvider(t)
	f, ok := resp.Functions["parse_status"]
	if !ok {
		t.Fatalf("no parse_status among %v", resp.Functions)
	}
	if len(f.Parameters) != 1 || f.Parameters[0].Name != "text" || f.Parameters[0].AllowNullValue || f.VariadicParameter != nil {
		t.Errorf("parameters %+v, variadic %+v: want text alone", f.Parameters, f.VariadicParameter)
	}
}
