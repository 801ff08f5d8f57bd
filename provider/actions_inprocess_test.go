package provider

import (
	"context"
	"strings"
	"testing"

	"github.com/hashicorp/terraform-plugin-go/tfprotov6"
	"github.com/hashicorp/terraform-plugin-go/tftypes"

	"github.com/vpnops/terraform-provider-openvpn/internal/openvpnlab"
)

// Terraform 1.14 is needed to run actions and cannot be installed here,
// so every action is also driven in-process, the way Terraform drives it:
// ValidateActionConfig, PlanAction, then InvokeAction with its stream of
// progress events, on a provider configured against a real daemon.

type actionRun struct {
	progress []string
	diags    []*tfprotov6.Diagnostic // from validate, plan and the completed event
}

func (r actionRun) failed() bool {
	for _, d := range r.diags {
		if d.Severity == tfprotov6.DiagnosticSeverityError {
			return true
		}
	}
	return false
}

func (r actionRun) text() string {
	var b strings.Builder
	for _, p := range r.progress {
		b.WriteString("progress: " + p + "\n")
	}
	for _, d := range r.diags {
		b.WriteString("diagnostic: " + d.Summary + ": " + d.Detail + "\n")
	}
	return b.String()
}

type actionServer struct {
	tfprotov6.ProviderServerWithActions
	schemas map[string]*tfprotov6.ActionSchema
}

// configuredServer returns a provider server configured for srv.
func configuredServer(t *testing.T, srv *openvpnlab.Server) actionServer {
	t.Helper()
	return configuredServerAt(t, srv.ManagementAddress, srv.Password)
}

// configuredServerAt returns a provider server configured for any address.
func configuredServerAt(t *testing.T, address, password string) actionServer {
	t.Helper()
	return configured(t, func(*tfprotov6.Schema) map[string]tftypes.Value {
		return map[string]tftypes.Value{"address": str(address), "password": str(password), "timeout": str("10s")}
	})
}

// configured returns a provider server configured in-process with the
// provider block's attributes that vals gives (from the provider's
// schema), the others null.
func configured(t *testing.T, vals func(provider *tfprotov6.Schema) map[string]tftypes.Value) actionServer {
	t.Helper()
	ps, sch := inProcessProvider(t)
	as, ok := ps.(tfprotov6.ProviderServerWithActions)
	if !ok {
		t.Fatal("the provider server does not serve actions")
	}
	resp, err := as.ConfigureProvider(context.Background(), &tfprotov6.ConfigureProviderRequest{
		Config: dynamicValue(t, sch.Provider, vals(sch.Provider)),
	})
	if err != nil {
		t.Fatal(err)
	}
	for _, d := range resp.Diagnostics {
		t.Fatalf("configure: %s: %s", d.Summary, d.Detail)
	}
	return actionServer{ProviderServerWithActions: as, schemas: sch.ActionSchemas}
}

// dynamicValue builds a config object; attributes not given are null.
func dynamicValue(t testing.TB, s *tfprotov6.Schema, vals map[string]tftypes.Value) *tfprotov6.DynamicValue {
	t.Helper()
	typ, ok := s.ValueType().(tftypes.Object)
	if !ok {
		t.Fatalf("schema type %T is not an object", s.ValueType())
	}
	for name := range vals {
		if _, ok := typ.AttributeTypes[name]; !ok {
			t.Fatalf("no attribute %q in schema", name)
		}
	}
	dv, err := tfprotov6.NewDynamicValue(typ, objectValue(typ, vals))
	if err != nil {
		t.Fatal(err)
	}
	return &dv
}

// dynamicValueNull is a null object of the schema's type (a destroyed
// resource's planned state).
func dynamicValueNull(t testing.TB, s *tfprotov6.Schema) *tfprotov6.DynamicValue {
	t.Helper()
	dv, err := tfprotov6.NewDynamicValue(s.ValueType(), tftypes.NewValue(s.ValueType(), nil))
	if err != nil {
		t.Fatal(err)
	}
	return &dv
}

// invoke runs one action the way Terraform does. Validation or plan
// errors stop it before InvokeAction, as they would stop Terraform.
func (s actionServer) invoke(t *testing.T, name string, vals map[string]tftypes.Value) actionRun {
	t.Helper()
	ctx := context.Background()
	as, ok := s.schemas[name]
	if !ok {
		t.Fatalf("no action %s", name)
	}
	cfg := dynamicValue(t, as.Schema, vals)
	var run actionRun
	v, err := s.ValidateActionConfig(ctx, &tfprotov6.ValidateActionConfigRequest{ActionType: name, Config: cfg})
	if err != nil {
		t.Fatal(err)
	}
	run.diags = append(run.diags, v.Diagnostics...)
	if run.failed() {
		return run
	}
	p, err := s.PlanAction(ctx, &tfprotov6.PlanActionRequest{ActionType: name, Config: cfg})
	if err != nil {
		t.Fatal(err)
	}
	run.diags = append(run.diags, p.Diagnostics...)
	if run.failed() {
		return run
	}
	st, err := s.InvokeAction(ctx, &tfprotov6.InvokeActionRequest{ActionType: name, Config: cfg})
	if err != nil {
		t.Fatal(err)
	}
	for ev := range st.Events {
		switch e := ev.Type.(type) {
		case tfprotov6.ProgressInvokeActionEventType:
			run.progress = append(run.progress, e.Message)
		case tfprotov6.CompletedInvokeActionEventType:
			run.diags = append(run.diags, e.Diagnostics...)
		}
	}
	return run
}

func str(s string) tftypes.Value   { return tftypes.NewValue(tftypes.String, s) }
func num(n int64) tftypes.Value    { return tftypes.NewValue(tftypes.Number, n) }
func boolean(b bool) tftypes.Value { return tftypes.NewValue(tftypes.Bool, b) }
