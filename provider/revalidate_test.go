package provider

import (
	"context"
	"fmt"
	"strings"
	"testing"

	"github.com/hashicorp/terraform-plugin-go/tfprotov6"
	"github.com/hashicorp/terraform-plugin-go/tftypes"
	"github.com/hashicorp/terraform-plugin-testing/config"
	"github.com/hashicorp/terraform-plugin-testing/helper/resource"
	"github.com/hashicorp/terraform-plugin-testing/terraform"

	"github.com/vpnops/terraform-provider-openvpn/internal/openvpnlab"
)

// A value unknown when Terraform validates (a variable, another object's
// result) is checked by the same validators once it is known, before
// anything is sent: protocol_revalidate.go. Counted on the fake's wire:
// not even a connection.

func unknown(t tftypes.Type) tftypes.Value { return tftypes.NewValue(t, tftypes.UnknownValue) }

// A value unknown at validation and refused when known, for each action:
// PlanAction and InvokeAction both refuse it, and the daemon sees nothing.
func TestActionValuesKnownAfterValidationAreCheckedBeforeSending(t *testing.T) {
	srv, _ := startFake26(t)
	as := configuredServerAt(t, srv.Addr(), labPassword)
	ctx := context.Background()
	for _, tc := range []struct {
		action      string
		atValidate  map[string]tftypes.Value // the same attributes, some unknown
		known       map[string]tftypes.Value
		wantMessage string
	}{
		{"openvpn_client_kill", map[string]tftypes.Value{"common_name": unknown(tftypes.String)},
			map[string]tftypes.Value{"common_name": str("x\nsignal SIGTERM")}, "a newline (0x0a) at byte 1"},
		{"openvpn_client_kill", map[string]tftypes.Value{"common_name": unknown(tftypes.String)},
			map[string]tftypes.Value{"common_name": str("UNDEF")}, "by client_id"},
		{"openvpn_client_kill", map[string]tftypes.Value{"username": unknown(tftypes.String)},
			map[string]tftypes.Value{"username": str("UNDEF")}, "has no username"},
		{"openvpn_client_kill", map[string]tftypes.Value{"real_address": unknown(tftypes.String)},
			map[string]tftypes.Value{"real_address": str("127.0.0.1 1194")}, "contains a space"},
		{"openvpn_client_kill", map[string]tftypes.Value{"client_id": unknown(tftypes.Number)},
			map[string]tftypes.Value{"client_id": num(-1)}, "client_id value must be between 0 and"},
		{"openvpn_client_kill", map[string]tftypes.Value{"common_name": str("alice"), "message": unknown(tftypes.String)},
			map[string]tftypes.Value{"common_name": str("alice"), "message": str("KILL")}, `value must be one of: ["RESTART" "HALT"]`},
		{"openvpn_client_kill", map[string]tftypes.Value{"common_name": str("alice"), "confirm_timeout": unknown(tftypes.String)},
			map[string]tftypes.Value{"common_name": str("alice"), "confirm_timeout": str("3s")}, "3s is too short"},
		{"openvpn_client_kill", map[string]tftypes.Value{"common_name": str("alice"), "client_id": unknown(tftypes.Number)},
			map[string]tftypes.Value{"common_name": str("alice"), "client_id": num(1)}, "Exactly one of these attributes must be configured"},
		{"openvpn_signal", map[string]tftypes.Value{"signal": unknown(tftypes.String)},
			map[string]tftypes.Value{"signal": str("SIGKILL")}, `value must be one of: ["SIGHUP" "SIGUSR1" "SIGUSR2" "SIGTERM"]`},
		{"openvpn_hold_release", map[string]tftypes.Value{"wait_connected": boolean(true), "wait_timeout": unknown(tftypes.String)},
			map[string]tftypes.Value{"wait_connected": boolean(true), "wait_timeout": str("2h")}, "Invalid timeout"},
		{"openvpn_hold_release", map[string]tftypes.Value{"wait_connected": unknown(tftypes.Bool), "wait_timeout": str("5s")},
			map[string]tftypes.Value{"wait_timeout": str("5s")}, "wait_connected"},
	} {
		name := fmt.Sprintf("%s %v", tc.action, tc.known)
		sch := as.schemas[tc.action].Schema
		v, err := as.ValidateActionConfig(ctx, &tfprotov6.ValidateActionConfigRequest{ActionType: tc.action, Config: dynamicValue(t, sch, tc.atValidate)})
		if err != nil {
			t.Fatal(err)
		}
		if text := diagText(v.Diagnostics); text != "" {
			t.Fatalf("%s: validation with the value unknown reported %q", name, text)
		}
		cfg := dynamicValue(t, sch, tc.known)
		p, err := as.PlanAction(ctx, &tfprotov6.PlanActionRequest{ActionType: tc.action, Config: cfg})
		if err != nil {
			t.Fatal(err)
		}
		if text := diagText(p.Diagnostics); !strings.Contains(text, "error: ") || !strings.Contains(text, tc.wantMessage) {
			t.Errorf("%s: PlanAction: %q, want an error with %q", name, text, tc.wantMessage)
		}
		// Terraform invokes what it planned; an invoke must refuse alone too.
		st, err := as.InvokeAction(ctx, &tfprotov6.InvokeActionRequest{ActionType: tc.action, Config: cfg})
		if err != nil {
			t.Fatal(err)
		}
		var run actionRun
		for ev := range st.Events {
			switch e := ev.Type.(type) {
			case tfprotov6.ProgressInvokeActionEventType:
				run.progress = append(run.progress, e.Message)
			case tfprotov6.CompletedInvokeActionEventType:
				run.diags = append(run.diags, e.Diagnostics...)
			}
		}
		if !run.failed() || !strings.Contains(run.text(), tc.wantMessage) || len(run.progress) != 0 {
			t.Errorf("%s: InvokeAction:\n%s", name, run.text())
		}
	}
	if n := srv.Accepted(); n != 0 {
		t.Errorf("the daemon saw %d management connections (%q); every value must be refused before anything is sent", n, wire(srv))
	}
}

// The same for a data source read and a resource plan and apply called
// directly, as Terraform calls them once the values are known.
func TestObjectValuesKnownAfterValidationAreCheckedBeforeSending(t *testing.T) {
	srv, _ := startFake26(t)
	as := configuredServerAt(t, srv.Addr(), labPassword)
	ctx := context.Background()
	sch := providerSchema(t, as)

	read, err := as.ReadDataSource(ctx, &tfprotov6.ReadDataSourceRequest{TypeName: "openvpn_clients",
		Config: dynamicValue(t, sch.DataSourceSchemas["openvpn_clients"], map[string]tftypes.Value{"common_name": str("x\nsignal SIGTERM")})})
	if err != nil {
		t.Fatal(err)
	}
	if text := diagText(read.Diagnostics); !strings.Contains(text, "error: Value can never match a session") {
		t.Errorf("ReadDataSource: %q", text)
	}

	for _, tc := range []struct {
		resource string
		vals     map[string]tftypes.Value
		want     string
	}{
		{"openvpn_client_allowlist", map[string]tftypes.Value{"common_names": stringSetValue("alice", "x\nsignal SIGTERM"), "kill_mode": str("HALT")},
			"error: Value can never match a session"},
		{"openvpn_client_allowlist", map[string]tftypes.Value{"common_names": stringSetValue("alice"), "kill_mode": str("KILL")},
			`value must be one of: ["HALT" "RESTART"]`},
		{"openvpn_verb", map[string]tftypes.Value{"level": num(16)}, "level value must be between 0 and 15"},
	} {
		rs := sch.ResourceSchemas[tc.resource]
		cfg := dynamicValue(t, rs, tc.vals)
		none := dynamicValueNull(t, rs)
		plan, err := as.PlanResourceChange(ctx, &tfprotov6.PlanResourceChangeRequest{TypeName: tc.resource, Config: cfg, ProposedNewState: cfg, PriorState: none})
		if err != nil {
			t.Fatal(err)
		}
		if text := diagText(plan.Diagnostics); !strings.Contains(text, tc.want) {
			t.Errorf("%s: PlanResourceChange: %q, want %q", tc.resource, text, tc.want)
		}
		apply, err := as.ApplyResourceChange(ctx, &tfprotov6.ApplyResourceChangeRequest{TypeName: tc.resource, Config: cfg, PlannedState: cfg, PriorState: none})
		if err != nil {
			t.Fatal(err)
		}
		if text := diagText(apply.Diagnostics); !strings.Contains(text, tc.want) {
			t.Errorf("%s: ApplyResourceChange: %q, want %q", tc.resource, text, tc.want)
		}
		if null, err := apply.NewState.IsNull(); err != nil || !null {
			t.Errorf("%s: a refused create left a state (null %v, %v)", tc.resource, null, err)
		}
	}
	if n := srv.Accepted(); n != 0 {
		t.Errorf("the daemon saw %d management connections (%q); every value must be refused before anything is sent", n, wire(srv))
	}
}

// Through the real CLI: a variable carrying a newline, into a data
// source's filter and the allow-list's names, given on the command line
// (known at plan) or passed through another object's result (known only
// at apply). Every run fails with the validator's error, and the fake
// daemon sees no connection.
func TestVariableValuesAreCheckedBeforeSendingFake(t *testing.T) {
	srv, _ := startFake26(t)
	vars := config.Variables{"cn": config.StringVariable("x\nsignal SIGTERM")}
	refused := expectError(`Value can never match a session`)
	head := providerBlockAt(srv.Addr(), labPassword) + `
variable "cn" {
  type = string
}
`
	// terraform_data's output is unknown until it is created.
	late := `
resource "terraform_data" "cn" {
  input = var.cn
}
`
	resource.UnitTest(t, resource.TestCase{
		ProtoV6ProviderFactories: testProviders,
		Steps: []resource.TestStep{
			{ConfigVariables: vars, ExpectError: refused, Config: head + `
data "openvpn_clients" "x" {
  common_name = var.cn
}
`},
			{ConfigVariables: vars, ExpectError: refused, Config: head + `
resource "openvpn_client_allowlist" "x" {
  common_names = ["alice", var.cn]
}
`},
			{ConfigVariables: vars, ExpectError: refused, Config: head + late + `
data "openvpn_clients" "x" {
  common_name = terraform_data.cn.output
}
`},
			{ConfigVariables: vars, ExpectError: refused, Config: head + late + `
resource "openvpn_client_allowlist" "x" {
  common_names = ["alice", terraform_data.cn.output]
}
`},
		},
	})
	if n := srv.Accepted(); n != 0 {
		t.Errorf("the daemon saw %d management connections (%q); the values must be refused before anything is sent", n, wire(srv))
	}
}

// The case on a real daemon: the kill action's common_name comes
// from a variable, unknown at validation, and carries a newline and a
// second command. Plan and invoke refuse it; the daemon's log shows no
// management command at all, and it still runs.
func TestClientKillSelectorFromVariableInProcess(t *testing.T) {
	testAccPreCheck(t)
	srv := openvpnlab.StartServerT(t, openvpnlab.ServerConfig{Password: labPassword})
	openvpnlab.StartClientT(t, srv, openvpnlab.ClientConfig{CommonName: "x"})
	as := configuredServer(t, srv)
	ctx := context.Background()
	sch := as.schemas["openvpn_client_kill"].Schema
	v, err := as.ValidateActionConfig(ctx, &tfprotov6.ValidateActionConfigRequest{ActionType: "openvpn_client_kill",
		Config: dynamicValue(t, sch, map[string]tftypes.Value{"common_name": unknown(tftypes.String)})})
	if err != nil || len(v.Diagnostics) != 0 {
		t.Fatalf("validation with the name unknown: %v %q", err, diagText(v.Diagnostics))
	}
	cfg := dynamicValue(t, sch, map[string]tftypes.Value{"common_name": str("x\nsignal SIGTERM")})
	p, err := as.PlanAction(ctx, &tfprotov6.PlanActionRequest{ActionType: "openvpn_client_kill", Config: cfg})
	if err != nil {
		t.Fatal(err)
	}
	if text := diagText(p.Diagnostics); !strings.Contains(text, "error: Value can never match a session") || !strings.Contains(text, "a newline (0x0a) at byte 1") {
		t.Errorf("PlanAction: %q", text)
	}
	st, err := as.InvokeAction(ctx, &tfprotov6.InvokeActionRequest{ActionType: "openvpn_client_kill", Config: cfg})
	if err != nil {
		t.Fatal(err)
	}
	var diags []*tfprotov6.Diagnostic
	for ev := range st.Events {
		if e, ok := ev.Type.(tfprotov6.CompletedInvokeActionEventType); ok {
			diags = append(diags, e.Diagnostics...)
		}
	}
	if text := diagText(diags); !strings.Contains(text, "error: Value can never match a session") {
		t.Errorf("InvokeAction: %q", text)
	}
	if n := countInLog(t, srv, "CMD '"); n != 0 || srv.Exited() {
		t.Errorf("%d management commands reached the daemon (it exited: %v); nothing may be sent", n, srv.Exited())
	}
}

// The same through Terraform 1.14, with the value given as -var.
func TestAccClientKillSelectorFromVariable_Terraform1_14(t *testing.T) {
	testAccPreCheck(t)
	srv := openvpnlab.StartServerT(t, openvpnlab.ServerConfig{Password: labPassword})
	openvpnlab.StartClientT(t, srv, openvpnlab.ClientConfig{CommonName: "x"})
	resource.Test(t, resource.TestCase{
		TerraformVersionChecks:   requireTerraform114,
		ProtoV6ProviderFactories: testProviders,
		Steps: []resource.TestStep{{
			ConfigVariables: config.Variables{"cn": config.StringVariable("x\nsignal SIGTERM")},
			Config: providerBlock(srv) + `
variable "cn" {
  type = string
}
` + triggered("openvpn_client_kill", "x", `    common_name = var.cn`),
			ExpectError: expectError(`Value can never match a session`),
		}},
		CheckDestroy: func(*terraform.State) error {
			if n := countInLog(t, srv, "CMD '"); n != 0 || srv.Exited() {
				return fmt.Errorf("%d management commands reached the daemon (it exited: %v)", n, srv.Exited())
			}
			return nil
		},
	})
}
