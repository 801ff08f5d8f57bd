package provider

import (
	"context"
	"fmt"
	"strings"
	"testing"

	"github.com/hashicorp/terraform-plugin-go/tftypes"
	"github.com/hashicorp/terraform-plugin-testing/helper/resource"
	"github.com/hashicorp/terraform-plugin-testing/knownvalue"
	"github.com/hashicorp/terraform-plugin-testing/plancheck"
	"github.com/hashicorp/terraform-plugin-testing/statecheck"
	"github.com/hashicorp/terraform-plugin-testing/terraform"
	"github.com/hashicorp/terraform-plugin-testing/tfjsonpath"

	"github.com/vpnops/terraform-provider-openvpn/internal/management"
	"github.com/vpnops/terraform-provider-openvpn/internal/openvpnlab"
)

// Certificates with names the daemon or Terraform can confuse, from the
// lab's PKI: "UNDEF" (the daemon's placeholder for a session still
// negotiating) and "Zoe" + U+0308 (NFD; Terraform holds every string in
// NFC, where it is the one-character "Zoë").

const (
	zoeNFD = "Zoe\u0308"
	zoeNFC = "Zo\u00eb"
)

// violationReasons checks the reasons of the violations the refresh before
// the plan found, sorted.
type violationReasons struct{ want []string }

func (c violationReasons) CheckPlan(_ context.Context, req plancheck.CheckPlanRequest, resp *plancheck.CheckPlanResponse) {
	got, _, err := plannedViolations(req, "reason")
	if err != nil {
		resp.Error = err
	} else if strings.Join(got, "|") != strings.Join(c.want, "|") {
		resp.Error = fmt.Errorf("violation reasons %q, want %q", got, c.want)
	}
}

// A fully connected session whose certificate is named UNDEF is a
// violation like any other: the plan shows it, apply ends it.
func TestAccClientAllowlistUndefCertificate(t *testing.T) {
	testAccPreCheck(t)
	srv := openvpnlab.StartServerT(t, openvpnlab.ServerConfig{Password: labPassword})
	openvpnlab.StartClientT(t, srv, openvpnlab.ClientConfig{CommonName: "alice"})
	var undef *openvpnlab.Client
	config := allowlistConfig(srv, `common_names = ["alice"]`)

	resource.Test(t, resource.TestCase{
		ProtoV6ProviderFactories: testProviders,
		Steps: []resource.TestStep{
			{Config: config},
			{
				PreConfig: func() {
					undef = openvpnlab.StartClientT(t, srv, openvpnlab.ClientConfig{CommonName: "UNDEF"})
					for _, s := range liveSessions(t, srv) {
						if s.CommonName == "UNDEF" && s.VirtualAddress == "" {
							t.Fatalf("the UNDEF certificate's session %d has no virtual address: %+v", s.ClientID, s)
						}
					}
				},
				Config: config,
				ConfigPlanChecks: resource.ConfigPlanChecks{PreApply: []plancheck.PlanCheck{
					plancheck.ExpectResourceAction(allowlistAddr, plancheck.ResourceActionUpdate),
					violationsPlanned{before: []string{"UNDEF"}},
					violationReasons{want: []string{`common name "UNDEF" is not in common_names`}},
				}},
				ConfigStateChecks: []statecheck.StateCheck{
					statecheck.ExpectKnownValue(allowlistAddr, tfjsonpath.New("violations"), knownvalue.ListExact([]knownvalue.Check{})),
				},
				Check: func(*terraform.State) error {
					if err := expectExited(undef); err != nil {
						return err
					}
					return expectConnected(t, srv, "alice")
				},
			},
		},
	})
}

// A certificate named UNDEF cannot be selected by common name (that would
// also pick every session still negotiating), and the refusal says to use
// client_id, which ends it.
func TestClientKillUndefCertificateInProcess(t *testing.T) {
	testAccPreCheck(t)
	srv := openvpnlab.StartServerT(t, openvpnlab.ServerConfig{Password: labPassword})
	undef := openvpnlab.StartClientT(t, srv, openvpnlab.ClientConfig{CommonName: "UNDEF"})
	openvpnlab.StartClientT(t, srv, openvpnlab.ClientConfig{CommonName: "alice"})
	as := configuredServer(t, srv)

	run := as.invoke(t, "openvpn_client_kill", map[string]tftypes.Value{"common_name": str("UNDEF")})
	if !run.failed() || !strings.Contains(run.text(), "Value can never match a session") ||
		!strings.Contains(run.text(), "end it with openvpn_client_kill by client_id") {
		t.Fatalf("common_name = UNDEF: run:\n%s", run.text())
	}
	ids := clientIDsOf(liveSessions(t, srv), func(s management.Session) bool { return s.CommonName == "UNDEF" })
	if len(ids) != 1 {
		t.Fatalf("the daemon lists %d sessions named UNDEF, want 1", len(ids))
	}
	for id := range ids {
		run = as.invoke(t, "openvpn_client_kill", map[string]tftypes.Value{"client_id": num(int64(id)), "message": str("HALT")})
		if run.failed() || !strings.Contains(run.text(), fmt.Sprintf("sent HALT to client %d (UNDEF, ", id)) || !strings.Contains(run.text(), "ended 1 session(s) with HALT") {
			t.Fatalf("client_id = %d: run:\n%s", id, run.text())
		}
	}
	if err := expectExited(undef); err != nil {
		t.Error(err)
	}
	expectNotListed(t, srv, func(s management.Session) bool { return s.CommonName == "UNDEF" })
}

// The in-process twin's path through Terraform 1.14: the Client ID comes
// from openvpn_clients, unfiltered.
func TestAccClientKillUndefByClientID_Terraform1_14(t *testing.T) {
	testAccPreCheck(t)
	srv := openvpnlab.StartServerT(t, openvpnlab.ServerConfig{Password: labPassword})
	undef := openvpnlab.StartClientT(t, srv, openvpnlab.ClientConfig{CommonName: "UNDEF"})
	openvpnlab.StartClientT(t, srv, openvpnlab.ClientConfig{CommonName: "alice"})
	resource.Test(t, resource.TestCase{
		TerraformVersionChecks:   requireTerraform114,
		ProtoV6ProviderFactories: testProviders,
		Steps: []resource.TestStep{{
			Config: providerBlock(srv) + `
data "openvpn_clients" "all" {}
` + triggered("openvpn_client_kill", "undef", `    client_id = one([for c in data.openvpn_clients.all.clients : c.client_id if c.common_name == "UNDEF"])
    message   = "HALT"`),
			Check: func(*terraform.State) error {
				if err := expectExited(undef); err != nil {
					return err
				}
				return expectConnected(t, srv, "alice")
			},
		}},
	})
}

// Terraform passes "Zoë" in NFC; the certificate's CN is NFD. Compared in
// NFC, the declaration allows it, the openvpn_clients filter finds it; a
// declaration without it gives a reason that shows its bytes.
func TestAccClientAllowlistNormalForm(t *testing.T) {
	testAccPreCheck(t)
	srv := openvpnlab.StartServerT(t, openvpnlab.ServerConfig{Password: labPassword})
	openvpnlab.StartClientT(t, srv, openvpnlab.ClientConfig{CommonName: "alice"})
	var zoe *openvpnlab.Client

	resource.Test(t, resource.TestCase{
		ProtoV6ProviderFactories: testProviders,
		Steps: []resource.TestStep{
			{Config: allowlistConfig(srv, `common_names = ["alice"]`)},
			{
				// Connected after the last apply: the refresh judges it by
				// ["alice"], and its reason must not read "Zoë".
				PreConfig: func() { zoe = openvpnlab.StartClientT(t, srv, openvpnlab.ClientConfig{CommonName: zoeNFD}) },
				Config: allowlistConfig(srv, `common_names = ["alice", "`+zoeNFC+`"]`) + `
data "openvpn_clients" "zoe" {
  common_name = "` + zoeNFC + `"
}
`,
				ConfigPlanChecks: resource.ConfigPlanChecks{PreApply: []plancheck.PlanCheck{
					plancheck.ExpectResourceAction(allowlistAddr, plancheck.ResourceActionUpdate),
					violationReasons{want: []string{`common name "Zoe\u0308" is not in common_names`}},
				}},
				ConfigStateChecks: []statecheck.StateCheck{
					statecheck.ExpectKnownValue(allowlistAddr, tfjsonpath.New("violations"), knownvalue.ListExact([]knownvalue.Check{})),
					statecheck.ExpectKnownValue("data.openvpn_clients.zoe", tfjsonpath.New("clients"), knownvalue.ListSizeExact(1)),
				},
				Check: func(*terraform.State) error {
					if n := countInLog(t, srv, "CMD 'client-kill"); n != 0 || zoe.Exited() {
						return fmt.Errorf("%d client-kill commands reached the daemon (the NFD client exited: %v), although %q is declared",
							n, zoe.Exited(), zoeNFC)
					}
					return expectConnected(t, srv, "alice", zoeNFD)
				},
			},
		},
	})
}

// The kill action's common_name selects the NFD certificate by its NFC
// name, as Terraform passes it.
func TestClientKillNormalFormInProcess(t *testing.T) {
	testAccPreCheck(t)
	srv := openvpnlab.StartServerT(t, openvpnlab.ServerConfig{Password: labPassword})
	zoe := openvpnlab.StartClientT(t, srv, openvpnlab.ClientConfig{CommonName: zoeNFD})
	as := configuredServer(t, srv)
	run := as.invoke(t, "openvpn_client_kill", map[string]tftypes.Value{"common_name": str(zoeNFC), "message": str("HALT")})
	if run.failed() || !strings.Contains(run.text(), `("Zoe\u0308", `) || !strings.Contains(run.text(), "ended 1 session(s) with HALT") {
		t.Fatalf("run:\n%s", run.text())
	}
	if err := expectExited(zoe); err != nil {
		t.Error(err)
	}
}
