package provider

import (
	"context"
	"fmt"
	"slices"
	"sort"
	"strings"
	"testing"

	"github.com/hashicorp/terraform-plugin-go/tftypes"
	"github.com/hashicorp/terraform-plugin-testing/helper/resource"
	"github.com/hashicorp/terraform-plugin-testing/knownvalue"
	"github.com/hashicorp/terraform-plugin-testing/statecheck"
	"github.com/hashicorp/terraform-plugin-testing/tfjsonpath"

	"github.com/vpnops/terraform-provider-openvpn/internal/management"
	"github.com/vpnops/terraform-provider-openvpn/internal/openvpnlab"
	"github.com/vpnops/terraform-provider-openvpn/internal/remotelab"
)

// fleetLab is three real daemons on loopback in one provider block: vpn2
// on a TCP port, vpn1-udp and vpn1-tcp (two profiles of one VPN host) on
// unix sockets behind one real sshd.
type fleetLab struct {
	fleet
	servers map[string]*openvpnlab.Server
	sshd    *remotelab.SSHD
}

func startFleetLab(t *testing.T) fleetLab {
	t.Helper()
	testAccPreCheck(t)
	l := fleetLab{fleet: fleet{}, servers: map[string]*openvpnlab.Server{}}
	key := remotelab.NewKey(t, t.TempDir(), "id_ed25519", "")
	l.sshd = remotelab.StartSSHD(t, remotelab.SSHDConfig{AuthorizedKeys: []string{key.Public}})
	ssh := &fleetSSH{host: l.sshd.Host, port: l.sshd.Port, hostKey: l.sshd.HostKey, keyPath: key.Path, key: key.Private}
	for _, name := range fleetNames {
		behindSSH := strings.HasPrefix(name, "vpn1-")
		srv := openvpnlab.StartServerT(t, openvpnlab.ServerConfig{Password: labPassword, ManagementUnix: behindSSH})
		d := fleetDaemon{address: srv.ManagementAddress, password: labPassword}
		if behindSSH {
			d.ssh = ssh
		}
		l.fleet[name], l.servers[name] = d, srv
	}
	return l
}

// connections counts, per daemon, the management sessions it logged, and
// the SSH logins sshd logged.
func (l fleetLab) connections(t *testing.T) map[string]int {
	t.Helper()
	out := map[string]int{"sshd logins": strings.Count(l.sshd.Log(), "Accepted publickey")}
	for name, srv := range l.servers {
		out[name] = countInLog(t, srv, "MANAGEMENT: Client connected")
	}
	return out
}

// commonNames are the common names connected to srv, sorted, read behind
// Terraform's back.
func commonNames(t *testing.T, srv *openvpnlab.Server) []string {
	t.Helper()
	var names []string
	err := direct(t, srv, func(ctx context.Context, c *management.Client) error {
		st, err := c.Status(ctx)
		for _, s := range st.Clients {
			names = append(names, s.CommonName)
		}
		return err
	})
	if err != nil {
		t.Fatal(err)
	}
	sort.Strings(names)
	return names
}

// Three real daemons, two behind one sshd, in one provider block: one
// for_each reads each, another holds verb at a different level on each,
// and an allow-list on vpn2 ends vpn2's session of mallory while
// vpn1-udp's mallory stays. An unknown daemon is refused at plan with
// nothing sent to any daemon or sshd. (main_fleet_test.go counts the SSH
// logins and sessions of one plan, and freezes a daemon.)
func TestAccFleet(t *testing.T) {
	l := startFleetLab(t)
	for _, c := range []struct{ daemon, cn string }{{"vpn2", "alice"}, {"vpn2", "mallory"}, {"vpn1-udp", "mallory"}} {
		openvpnlab.StartClientT(t, l.servers[c.daemon], openvpnlab.ClientConfig{CommonName: c.cn})
	}

	t.Run("for_each over the daemons", func(t *testing.T) {
		levels := map[string]int{"vpn1-tcp": 4, "vpn1-udp": 5, "vpn2": 6}
		config := l.provider() + `
locals {
  levels = { "vpn1-tcp" = 4, "vpn1-udp" = 5, "vpn2" = 6 }
}
data "openvpn_server" "each" {
  for_each = local.daemons
  daemon   = each.key
}
data "openvpn_clients" "each" {
  for_each = local.daemons
  daemon   = each.key
}
resource "openvpn_verb" "each" {
  for_each = local.levels
  daemon   = each.key
  level    = each.value
}
resource "openvpn_client_allowlist" "vpn2" {
  daemon       = "vpn2"
  common_names = ["alice"]
}
`
		checks := []statecheck.StateCheck{
			statecheck.ExpectKnownValue(`data.openvpn_clients.each["vpn1-tcp"]`, tfjsonpath.New("clients"), knownvalue.ListSizeExact(0)),
			statecheck.ExpectKnownValue("openvpn_client_allowlist.vpn2", tfjsonpath.New("id"), knownvalue.StringExact("vpn2/client_allowlist")),
			daemonCheck(func() error {
				for name, want := range levels {
					if got := readSettings(t, l.servers[name]).verb; got != want {
						return fmt.Errorf("%s holds verb %d, want %d", name, got, want)
					}
				}
				// Enforced on vpn2 only: vpn1-udp's mallory is not vpn2's business.
				if got := fmt.Sprint(commonNames(t, l.servers["vpn2"])); got != "[alice]" {
					return fmt.Errorf("vpn2's sessions after apply: %s, want [alice]", got)
				}
				if got := fmt.Sprint(commonNames(t, l.servers["vpn1-udp"])); got != "[mallory]" {
					return fmt.Errorf("vpn1-udp's sessions after apply: %s, want [mallory] untouched", got)
				}
				return nil
			}),
		}
		for name, srv := range l.servers {
			checks = append(checks, statecheck.ExpectKnownValue(fmt.Sprintf(`data.openvpn_server.each[%q]`, name), tfjsonpath.New("pid"), knownvalue.Int64Exact(int64(srv.PID))))
		}
		resource.Test(t, resource.TestCase{
			ProtoV6ProviderFactories: testProviders,
			Steps: []resource.TestStep{
				{Config: config, ConfigStateChecks: checks},
				destroyAll(l.provider(), daemonCheck(func() error {
					for name, srv := range l.servers {
						if got := readSettings(t, srv).verb; got != 3 {
							return fmt.Errorf("%s holds verb %d after destroy, want its 3 back", name, got)
						}
					}
					return nil
				})),
			},
		})
	})

	// Terraform 1.14 runs actions; this CLI cannot, so they are invoked
	// in-process, the way Terraform does, on a provider with the fleet.
	t.Run("actions run on the daemon they name", func(t *testing.T) {
		openvpnlab.StartClientT(t, l.servers["vpn1-tcp"], openvpnlab.ClientConfig{CommonName: "alice"})
		s := configuredFleet(t, l.fleet)
		kill := s.invoke(t, "openvpn_client_kill", map[string]tftypes.Value{
			"daemon": str("vpn1-tcp"), "common_name": str("alice"), "message": str("HALT"),
		})
		if kill.failed() {
			t.Fatalf("kill alice on vpn1-tcp:\n%s", kill.text())
		}
		signals := map[string]int{}
		for name, srv := range l.servers {
			signals[name] = countInLog(t, srv, "CMD 'signal SIGUSR2'")
		}
		if run := s.invoke(t, "openvpn_signal", map[string]tftypes.Value{"daemon": str("vpn1-udp"), "signal": str("SIGUSR2")}); run.failed() {
			t.Fatalf("SIGUSR2 to vpn1-udp:\n%s", run.text())
		}
		if got := fmt.Sprint(commonNames(t, l.servers["vpn1-tcp"])); got != "[]" {
			t.Errorf("vpn1-tcp's sessions after the kill: %s, want none", got)
		}
		if got := commonNames(t, l.servers["vpn2"]); !slices.Contains(got, "alice") {
			t.Errorf("vpn2's sessions after a kill on vpn1-tcp: %v, want its alice untouched", got)
		}
		for name, srv := range l.servers {
			want := 0
			if name == "vpn1-udp" {
				want = 1
			}
			if n := countInLog(t, srv, "CMD 'signal SIGUSR2'") - signals[name]; n != want {
				t.Errorf("%s got SIGUSR2 %d times, want %d", name, n, want)
			}
		}
	})

	t.Run("an unknown daemon is refused at plan", func(t *testing.T) {
		before := l.connections(t)
		resource.Test(t, resource.TestCase{
			ProtoV6ProviderFactories: testProviders,
			Steps: []resource.TestStep{{
				Config: l.provider() + `
data "openvpn_clients" "x" { daemon = "vpn9" }
resource "openvpn_verb" "x" {
  daemon = "vpn9"
  level  = 4
}
`,
				PlanOnly:    true,
				ExpectError: expectError(`(?s)Unknown OpenVPN daemon .*daemon = "vpn9" is not a key .*daemons are "vpn1-tcp", "vpn1-udp", "vpn2"`),
			}},
		})
		if after := l.connections(t); fmt.Sprint(after) != fmt.Sprint(before) {
			t.Errorf("connections %v before and %v after a plan naming an unknown daemon; want nothing sent anywhere", before, after)
		}
	})
}
