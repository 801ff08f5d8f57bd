package provider

import (
	"context"
	"fmt"
	"sort"
	"strings"
	"testing"
	"time"

	"github.com/hashicorp/terraform-plugin-testing/helper/resource"
	"github.com/hashicorp/terraform-plugin-testing/knownvalue"
	"github.com/hashicorp/terraform-plugin-testing/plancheck"
	"github.com/hashicorp/terraform-plugin-testing/statecheck"
	"github.com/hashicorp/terraform-plugin-testing/terraform"
	"github.com/hashicorp/terraform-plugin-testing/tfjsonpath"

	"github.com/vpnops/terraform-provider-openvpn/internal/openvpnlab"
)

const allowlistAddr = "openvpn_client_allowlist.this"

func allowlistConfig(srv *openvpnlab.Server, body string) string {
	return providerBlock(srv) + fmt.Sprintf("resource \"openvpn_client_allowlist\" \"this\" {\n%s\n}\n", body)
}

// allowlistNeverMatchesStep is the first step of an allowlist test (and
// of its fake twin): a name that can never match is refused at
// validation, so nothing reaches the daemon (the next step checks).
func allowlistNeverMatchesStep(provider string) resource.TestStep {
	return resource.TestStep{
		Config:      provider + "resource \"openvpn_client_allowlist\" \"this\" {\n  common_names = [\"alice\", \"tab\\there\"]\n}\n",
		ExpectError: expectError(`Value can never match a session`),
	}
}

// connectedNames lists the common names the daemon lists, sorted.
func connectedNames(t *testing.T, srv *openvpnlab.Server) []string {
	t.Helper()
	var names []string
	for _, s := range liveSessions(t, srv) {
		names = append(names, s.CommonName)
	}
	sort.Strings(names)
	return names
}

// expectConnected checks the daemon lists exactly these common names.
func expectConnected(t *testing.T, srv *openvpnlab.Server, want ...string) error {
	sort.Strings(want)
	if got := connectedNames(t, srv); strings.Join(got, ",") != strings.Join(want, ",") {
		return fmt.Errorf("the daemon lists %q, want %q", got, want)
	}
	return nil
}

// expectExited waits for HALTed clients to exit.
func expectExited(clients ...*openvpnlab.Client) error {
	for _, c := range clients {
		ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
		_ = c.Wait(ctx)
		cancel()
		if !c.Exited() {
			return fmt.Errorf("client %s (pid %d) did not exit after HALT", c.CommonName, c.PID)
		}
	}
	return nil
}

// violationsPlanned checks that the plan takes violations from exactly
// the sessions of these common names (as refreshed) to none.
type violationsPlanned struct{ before []string }

func (c violationsPlanned) CheckPlan(_ context.Context, req plancheck.CheckPlanRequest, resp *plancheck.CheckPlanResponse) {
	got, after, err := plannedViolations(req, "common_name")
	switch {
	case err != nil:
		resp.Error = err
	case strings.Join(got, ",") != strings.Join(c.before, ","):
		resp.Error = fmt.Errorf("violations before the change: %q, want %q", got, c.before)
	default:
		if vs, ok := after["violations"].([]any); !ok || len(vs) != 0 {
			resp.Error = fmt.Errorf("violations are planned as %v, want []", after["violations"])
		}
	}
}

// plannedViolations is field of each violation the refresh before the
// plan found on the allow-list, sorted, and the allow-list's planned
// values.
func plannedViolations(req plancheck.CheckPlanRequest, field string) (before []string, after map[string]any, err error) {
	for _, rc := range req.Plan.ResourceChanges {
		if rc.Address != allowlistAddr {
			continue
		}
		if b, ok := rc.Change.Before.(map[string]any); ok {
			vs, _ := b["violations"].([]any)
			for _, v := range vs {
				o, _ := v.(map[string]any)
				before = append(before, fmt.Sprint(o[field]))
			}
		}
		sort.Strings(before)
		after, _ = rc.Change.After.(map[string]any)
		return before, after, nil
	}
	return nil, nil, fmt.Errorf("no change for %s in the plan", allowlistAddr)
}

// Three clients, two allowed: apply ends the third (HALT: its process
// exits) and the plan right after is empty. A client that connects later
// shows as a violation in the next plan, which apply ends. Narrowing the
// list ends exactly the newly excluded session. Destroy ends nothing.
func TestAccClientAllowlist(t *testing.T) {
	testAccPreCheck(t)
	srv := openvpnlab.StartServerT(t, openvpnlab.ServerConfig{Password: labPassword})
	alice := openvpnlab.StartClientT(t, srv, openvpnlab.ClientConfig{CommonName: "alice"})
	bob := openvpnlab.StartClientT(t, srv, openvpnlab.ClientConfig{CommonName: "bob"})
	carol := openvpnlab.StartClientT(t, srv, openvpnlab.ClientConfig{CommonName: "carol"})
	var mallory *openvpnlab.Client
	emptyViolations := statecheck.ExpectKnownValue(allowlistAddr, tfjsonpath.New("violations"), knownvalue.ListExact([]knownvalue.Check{}))

	resource.Test(t, resource.TestCase{
		ProtoV6ProviderFactories: testProviders,
		Steps: []resource.TestStep{
			allowlistNeverMatchesStep(providerBlock(srv)),
			{
				PreConfig: func() {
					if n := countInLog(t, srv, "CMD '"); n != 0 {
						t.Errorf("%d management commands reached the daemon during a failed validation", n)
					}
				},
				Config: allowlistConfig(srv, `common_names = ["alice", "bob"]`),
				ConfigPlanChecks: resource.ConfigPlanChecks{PreApply: []plancheck.PlanCheck{
					plancheck.ExpectResourceAction(allowlistAddr, plancheck.ResourceActionCreate),
				}},
				ConfigStateChecks: []statecheck.StateCheck{
					emptyViolations,
					statecheck.ExpectKnownValue(allowlistAddr, tfjsonpath.New("kill_mode"), knownvalue.StringExact("HALT")),
					statecheck.ExpectKnownValue(allowlistAddr, tfjsonpath.New("id"), knownvalue.StringExact("client_allowlist")),
				},
				Check: func(*terraform.State) error {
					if err := expectExited(carol); err != nil {
						return err
					}
					return expectConnected(t, srv, "alice", "bob")
				},
			},
			{
				// The audit: someone not on the list connects behind
				// Terraform's back; the plan shows them going away.
				PreConfig: func() {
					mallory = openvpnlab.StartClientT(t, srv, openvpnlab.ClientConfig{CommonName: "mallory"})
				},
				Config: allowlistConfig(srv, `common_names = ["alice", "bob"]`),
				ConfigPlanChecks: resource.ConfigPlanChecks{PreApply: []plancheck.PlanCheck{
					plancheck.ExpectResourceAction(allowlistAddr, plancheck.ResourceActionUpdate),
					violationsPlanned{before: []string{"mallory"}},
				}},
				ConfigStateChecks: []statecheck.StateCheck{emptyViolations},
				Check: func(*terraform.State) error {
					if err := expectExited(mallory); err != nil {
						return err
					}
					return expectConnected(t, srv, "alice", "bob")
				},
			},
			{
				// Narrowing the list ends exactly bob.
				Config: allowlistConfig(srv, `common_names = ["alice"]`),
				ConfigPlanChecks: resource.ConfigPlanChecks{PreApply: []plancheck.PlanCheck{
					plancheck.ExpectResourceAction(allowlistAddr, plancheck.ResourceActionUpdate),
				}},
				ConfigStateChecks: []statecheck.StateCheck{emptyViolations},
				Check: func(*terraform.State) error {
					if err := expectExited(bob); err != nil {
						return err
					}
					if alice.Exited() {
						return fmt.Errorf("alice's client exited")
					}
					return expectConnected(t, srv, "alice")
				},
			},
			{
				ResourceName:                         allowlistAddr,
				ImportState:                          true,
				ImportStateId:                        "client_allowlist",
				ImportStateVerify:                    true,
				ImportStateVerifyIdentifierAttribute: "id",
				// The declaration lives in the configuration only.
				ImportStateVerifyIgnore: []string{"common_names", "kill_mode"},
			},
			{
				ResourceName:  allowlistAddr,
				ImportState:   true,
				ImportStateId: "alice",
				ExpectError:   expectError(`import it with the ID\s+"client_allowlist", got "alice"`),
			},
		},
		// Destroy stops enforcing and ends nothing.
		CheckDestroy: func(*terraform.State) error { return expectConnected(t, srv, "alice") },
	})
}

// duplicate-cn: at most one session per common name keeps the oldest.
func TestAccClientAllowlistPerNameLimit(t *testing.T) {
	testAccPreCheck(t)
	srv := openvpnlab.StartServerT(t, openvpnlab.ServerConfig{Password: labPassword})
	var alices []*openvpnlab.Client
	for i := 0; i < 3; i++ {
		alices = append(alices, openvpnlab.StartClientT(t, srv, openvpnlab.ClientConfig{CommonName: "alice"}))
	}
	openvpnlab.StartClientT(t, srv, openvpnlab.ClientConfig{CommonName: "bob"})
	oldest := liveSessions(t, srv)
	sort.Slice(oldest, func(i, j int) bool { return oldest[i].ClientID < oldest[j].ClientID })

	resource.Test(t, resource.TestCase{
		ProtoV6ProviderFactories: testProviders,
		Steps: []resource.TestStep{{
			Config: allowlistConfig(srv, `common_names = ["alice", "bob"]
  max_sessions_per_common_name = 1`),
			Check: func(*terraform.State) error {
				if err := expectExited(alices[1], alices[2]); err != nil {
					return err
				}
				if alices[0].Exited() {
					return fmt.Errorf("the oldest alice was ended")
				}
				for _, s := range liveSessions(t, srv) {
					if s.CommonName == "alice" && s.ClientID != oldest[0].ClientID {
						return fmt.Errorf("alice is listed as client %d, want only the oldest, %d", s.ClientID, oldest[0].ClientID)
					}
				}
				return expectConnected(t, srv, "alice", "bob")
			},
		}},
	})
}
