package provider

import (
	"context"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"

	"github.com/hashicorp/terraform-plugin-go/tfprotov6"
	"github.com/hashicorp/terraform-plugin-go/tftypes"
)

// Every data source, resource and action takes the same optional daemon
// (a key of the provider's daemons), so for_each over a fleet works on any
// of them; a type registered without it fails here by name.
func TestEveryRegisteredTypeTakesADaemon(t *testing.T) {
	_, resp := inProcessProvider(t)
	for _, r := range registeredTypes(t) {
		var s *tfprotov6.Schema
		switch r.kind {
		case "data source":
			s = resp.DataSourceSchemas[r.name]
		case "resource":
			s = resp.ResourceSchemas[r.name]
		case "action":
			s = resp.ActionSchemas[r.name].Schema
		default:
			continue // functions read text, never a daemon
		}
		if s == nil || s.Block == nil {
			t.Errorf("%s %s: no schema", r.kind, r.name)
			continue
		}
		var daemon *tfprotov6.SchemaAttribute
		for _, a := range s.Block.Attributes {
			if a.Name == "daemon" {
				daemon = a
			}
		}
		switch {
		case daemon == nil:
			t.Errorf("%s %s has no daemon attribute: add daemonDataSourceAttribute() (or the resource/action form) to its schema and resolve its client with clientIn/clientFor", r.kind, r.name)
		case !daemon.Optional || daemon.Required || daemon.Sensitive:
			t.Errorf("%s %s: daemon must be Optional (unset: the provider block's own daemon), got %+v", r.kind, r.name, daemon)
		case !daemon.Type.Equal(tftypes.String):
			t.Errorf("%s %s: daemon must be a string, got %s", r.kind, r.name, daemon.Type)
		}
	}
}

// Each registered resource has an import example (examples/resources/
// NAME/import.sh, shown on its docs page) with the ID of the provider
// block's own daemon and the DAEMON/ID of a named one, and the provider
// takes each ID as written there, to the daemon it names.
func TestEveryResourceShowsItsImportIDs(t *testing.T) {
	ps, sch := inProcessProvider(t)
	importLine := regexp.MustCompile(`(?m)^terraform import (\S+) (\S+)$`)
	for _, r := range registeredTypes(t) {
		if r.kind != "resource" {
			continue
		}
		file := filepath.Join("..", "examples", "resources", r.name, "import.sh")
		b, err := os.ReadFile(file)
		if err != nil {
			t.Errorf("resource %s has no import example: add %s with `terraform import %s.this ID` and the DAEMON/ID form",
				r.name, strings.TrimPrefix(file, "../"), r.name)
			continue
		}
		named := false
		for _, m := range importLine.FindAllStringSubmatch(string(b), -1) {
			addr, id := strings.Trim(m[1], `'`), m[2]
			if !strings.HasPrefix(addr, r.name+".") {
				t.Errorf("%s: %q is not an address of %s", file, addr, r.name)
			}
			resp, err := ps.ImportResourceState(context.Background(), &tfprotov6.ImportResourceStateRequest{TypeName: r.name, ID: id})
			if err != nil {
				t.Fatal(err)
			}
			for _, d := range resp.Diagnostics {
				t.Errorf("%s: importing %s with %q: %s: %s", file, r.name, id, d.Summary, d.Detail)
			}
			if len(resp.ImportedResources) != 1 {
				continue
			}
			want := tftypes.NewValue(tftypes.String, nil)
			if daemon, _, ok := strings.Cut(id, "/"); ok {
				want, named = tftypes.NewValue(tftypes.String, daemon), true
			}
			got, err := importedAttribute(sch.ResourceSchemas[r.name], resp.ImportedResources[0].State, "daemon")
			if err != nil {
				t.Fatal(err)
			}
			if !got.Equal(want) {
				t.Errorf("%s: importing %s with %q sets daemon %v, want %v", file, r.name, id, got, want)
			}
		}
		if !named {
			t.Errorf("%s shows no import ID of a named daemon (terraform import '%s.each[\"vpn2\"]' vpn2/ID)", file, r.name)
		}
	}
}

// importedAttribute is one top-level attribute of an imported state of
// the resource whose schema is sch.
func importedAttribute(sch *tfprotov6.Schema, state *tfprotov6.DynamicValue, name string) (tftypes.Value, error) {
	v, err := state.Unmarshal(sch.ValueType())
	if err != nil {
		return tftypes.Value{}, err
	}
	var attrs map[string]tftypes.Value
	if err := v.As(&attrs); err != nil {
		return tftypes.Value{}, err
	}
	return attrs[name], nil
}
