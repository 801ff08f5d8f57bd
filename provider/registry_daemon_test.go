package provider

import (
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
