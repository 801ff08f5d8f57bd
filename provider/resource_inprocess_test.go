package provider

import (
	"context"
	"testing"

	"github.com/hashicorp/terraform-plugin-go/tfprotov6"
	"github.com/hashicorp/terraform-plugin-go/tftypes"
)

// resourceHarness drives one resource type in-process the way Terraform
// does (validate, plan, apply, read), so that a test can see what the CLI
// shows but plugin-testing does not expose: warnings.
type resourceHarness struct {
	actionServer
	typeName string
	schema   *tfprotov6.Schema
	typ      tftypes.Object
}

func (s actionServer) resource(t *testing.T, typeName string) resourceHarness {
	t.Helper()
	sch, err := s.GetProviderSchema(context.Background(), &tfprotov6.GetProviderSchemaRequest{})
	if err != nil {
		t.Fatal(err)
	}
	rs, ok := sch.ResourceSchemas[typeName]
	if !ok {
		t.Fatalf("no resource %s", typeName)
	}
	typ, _ := rs.ValueType().(tftypes.Object)
	return resourceHarness{actionServer: s, typeName: typeName, schema: rs, typ: typ}
}

// object is a value of the resource's type; attributes not given are null.
func (h resourceHarness) object(vals map[string]tftypes.Value) tftypes.Value {
	full := map[string]tftypes.Value{}
	for name, at := range h.typ.AttributeTypes {
		if v, ok := vals[name]; ok {
			full[name] = v
		} else {
			full[name] = tftypes.NewValue(at, nil)
		}
	}
	return tftypes.NewValue(h.typ, full)
}

func (h resourceHarness) dv(t *testing.T, v tftypes.Value) *tfprotov6.DynamicValue {
	t.Helper()
	dv, err := tfprotov6.NewDynamicValue(h.typ, v)
	if err != nil {
		t.Fatal(err)
	}
	return &dv
}

func (h resourceHarness) value(t *testing.T, dv *tfprotov6.DynamicValue) tftypes.Value {
	t.Helper()
	v, err := dv.Unmarshal(h.typ)
	if err != nil {
		t.Fatal(err)
	}
	return v
}

// proposed is Terraform's proposed new state: the configuration, with
// computed attributes the configuration leaves null taken from prior.
func (h resourceHarness) proposed(t *testing.T, prior, config tftypes.Value) tftypes.Value {
	t.Helper()
	var cfg, old map[string]tftypes.Value
	if err := config.As(&cfg); err != nil {
		t.Fatal(err)
	}
	if !prior.IsNull() {
		if err := prior.As(&old); err != nil {
			t.Fatal(err)
		}
	}
	out := map[string]tftypes.Value{}
	for _, a := range h.schema.Block.Attributes {
		out[a.Name] = cfg[a.Name]
		if cfg[a.Name].IsNull() && a.Computed && old != nil {
			out[a.Name] = old[a.Name]
		}
	}
	return tftypes.NewValue(h.typ, out)
}

// step is one plan and, when the plan has no error, its apply.
type step struct {
	planDiags, applyDiags []*tfprotov6.Diagnostic
	planned, state        tftypes.Value
}

func hasError(diags []*tfprotov6.Diagnostic) bool {
	for _, d := range diags {
		if d.Severity == tfprotov6.DiagnosticSeverityError {
			return true
		}
	}
	return false
}

// validate runs ValidateResourceConfig.
func (h resourceHarness) validate(t *testing.T, config tftypes.Value) []*tfprotov6.Diagnostic {
	t.Helper()
	r, err := h.ValidateResourceConfig(context.Background(), &tfprotov6.ValidateResourceConfigRequest{TypeName: h.typeName, Config: h.dv(t, config)})
	if err != nil {
		t.Fatal(err)
	}
	return r.Diagnostics
}

// planApply plans config against prior; apply says whether to apply it.
// Each call is a run of its own.
func (h resourceHarness) planApply(t *testing.T, prior, config tftypes.Value, apply bool) step {
	t.Helper()
	ctx := context.Background()
	h.newRun(t)
	var s step
	if s.planDiags = h.validate(t, config); hasError(s.planDiags) {
		return s
	}
	p, err := h.PlanResourceChange(ctx, &tfprotov6.PlanResourceChangeRequest{
		TypeName: h.typeName, PriorState: h.dv(t, prior), ProposedNewState: h.dv(t, h.proposed(t, prior, config)), Config: h.dv(t, config),
	})
	if err != nil {
		t.Fatal(err)
	}
	s.planDiags = append(s.planDiags, p.Diagnostics...)
	if hasError(s.planDiags) {
		return s
	}
	s.planned = h.value(t, p.PlannedState)
	if !apply {
		return s
	}
	a, err := h.ApplyResourceChange(ctx, &tfprotov6.ApplyResourceChangeRequest{
		TypeName: h.typeName, PriorState: h.dv(t, prior), PlannedState: p.PlannedState, Config: h.dv(t, config), PlannedPrivate: p.PlannedPrivate,
	})
	if err != nil {
		t.Fatal(err)
	}
	s.applyDiags = a.Diagnostics
	s.state = h.value(t, a.NewState)
	return s
}

// read refreshes state.
func (h resourceHarness) read(t *testing.T, state tftypes.Value) (tftypes.Value, []*tfprotov6.Diagnostic) {
	t.Helper()
	r, err := h.ReadResource(context.Background(), &tfprotov6.ReadResourceRequest{TypeName: h.typeName, CurrentState: h.dv(t, state)})
	if err != nil {
		t.Fatal(err)
	}
	return h.value(t, r.NewState), r.Diagnostics
}

// newRun starts a new run on the configured provider. Terraform
// configures the provider for every run, which starts a new record of the
// settings the run's resources hold (holdings); the harness keeps its
// clients, and their connections, and starts only that record anew.
func (h resourceHarness) newRun(t *testing.T) {
	t.Helper()
	ps, ok := h.ProviderServerWithActions.(*protocolServer)
	if !ok {
		t.Fatalf("the harness serves %T, not the provider's protocol server", h.ProviderServerWithActions)
	}
	data, ok := ps.provider.configured().(*providerData)
	if !ok {
		t.Fatal("the provider is not configured")
	}
	data.holdings = &holdings{}
}
