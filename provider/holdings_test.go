package provider

import (
	"context"
	"testing"

	"github.com/hashicorp/terraform-plugin-go/tfprotov6"
	"github.com/hashicorp/terraform-plugin-go/tftypes"
	"github.com/hashicorp/terraform-plugin-testing/helper/resource"
	"github.com/hashicorp/terraform-plugin-testing/plancheck"
	"github.com/hashicorp/terraform-plugin-testing/statecheck"
)

// Terraform plans a replaced resource twice, the second time as a create
// with the first plan's private data (PriorPrivate); that second plan is
// the same resource. A copy of a resource that already holds a setting,
// with the very same configuration, is another resource and is refused,
// whichever of the two Terraform plans first.
func TestHoldingsTellAReplacementFromACopy(t *testing.T) {
	f := startFakeFleet(t, nil, "vpn1", "vpn2")
	h := configuredFleet(t, f.fleet).resource(t, "openvpn_verb")
	ctx := context.Background()
	config := func(daemon string) tftypes.Value {
		return h.object(map[string]tftypes.Value{"daemon": str(daemon), "level": num(4)})
	}
	held := func(t *testing.T, daemon string) tftypes.Value {
		t.Helper()
		s := h.planApply(t, h.object(nil).Copy(), config(daemon), true)
		if hasError(s.planDiags) || hasError(s.applyDiags) {
			t.Fatalf("creating verb on %s: %s %s", daemon, diagText(s.planDiags), diagText(s.applyDiags))
		}
		return s.state
	}
	plan := func(t *testing.T, prior, cfg tftypes.Value, private []byte) *tfprotov6.PlanResourceChangeResponse {
		t.Helper()
		p, err := h.PlanResourceChange(ctx, &tfprotov6.PlanResourceChangeRequest{TypeName: h.typeName,
			PriorState: h.dv(t, prior), ProposedNewState: h.dv(t, h.proposed(t, prior, cfg)), Config: h.dv(t, cfg), PriorPrivate: private})
		if err != nil {
			t.Fatal(err)
		}
		return p
	}
	none := tftypes.NewValue(h.typ, nil)
	const twice = "OpenVPN setting held by two resources"

	t.Run("a copy planned after the one in state", func(t *testing.T) {
		state := held(t, "vpn2")
		h.newRun(t)
		if p := plan(t, state, config("vpn2"), nil); hasError(p.Diagnostics) {
			t.Fatalf("the resource in state: %s", diagText(p.Diagnostics))
		}
		if p := plan(t, none, config("vpn2"), nil); !containsDiag(p.Diagnostics, twice) {
			t.Errorf("a new resource with the same configuration on the same daemon: %q; want %q", diagText(p.Diagnostics), twice)
		}
	})
	t.Run("a replacement, and a copy between its two plans", func(t *testing.T) {
		state := held(t, "vpn1")
		h.newRun(t)
		first := plan(t, state, config("vpn2"), nil) // moved to vpn2: replaced
		if hasError(first.Diagnostics) || len(first.RequiresReplace) == 0 {
			t.Fatalf("moving the resource to vpn2: %s, requires replace %v", diagText(first.Diagnostics), first.RequiresReplace)
		}
		if p := plan(t, none, config("vpn2"), nil); !containsDiag(p.Diagnostics, twice) {
			t.Errorf("a new resource with the same configuration on vpn2: %q; want %q", diagText(p.Diagnostics), twice)
		}
		if p := plan(t, none, config("vpn2"), first.PlannedPrivate); hasError(p.Diagnostics) {
			t.Errorf("the replacement's create, planned as Terraform plans it: %s", diagText(p.Diagnostics))
		}
	})
}

func containsDiag(diags []*tfprotov6.Diagnostic, summary string) bool {
	for _, d := range diags {
		if d.Severity == tfprotov6.DiagnosticSeverityError && d.Summary == summary {
			return true
		}
	}
	return false
}

// Through the real CLI: a tainted resource (as after a failed create, or
// terraform apply -replace) is replaced without being taken for a second
// holder: Terraform's second plan carries the first one's token.
func TestHoldingsLetATaintedResourceBeReplaced(t *testing.T) {
	f := startFakeFleet(t, nil, "vpn2")
	cfg := f.provider() + `
resource "openvpn_verb" "vpn2" {
  daemon = "vpn2"
  level  = 5
}
`
	resource.UnitTest(t, resource.TestCase{
		ProtoV6ProviderFactories: testProviders,
		Steps: []resource.TestStep{
			{Config: cfg, ConfigStateChecks: []statecheck.StateCheck{f.expectVerbs(map[string]int{"vpn2": 5})}},
			{Config: cfg, Taint: []string{"openvpn_verb.vpn2"},
				ConfigPlanChecks: resource.ConfigPlanChecks{PreApply: []plancheck.PlanCheck{
					plancheck.ExpectResourceAction("openvpn_verb.vpn2", plancheck.ResourceActionDestroyBeforeCreate),
				}},
				ConfigStateChecks: []statecheck.StateCheck{f.expectVerbs(map[string]int{"vpn2": 5})}},
		},
	})
}
