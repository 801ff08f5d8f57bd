package provider

import (
	"errors"
	"regexp"
	"strconv"
	"testing"

	"github.com/hashicorp/terraform-plugin-testing/helper/resource"
	"github.com/hashicorp/terraform-plugin-testing/knownvalue"
	"github.com/hashicorp/terraform-plugin-testing/statecheck"
	"github.com/hashicorp/terraform-plugin-testing/tfjsonpath"

	"github.com/vpnops/terraform-provider-openvpn/internal/openvpnlab"
)

// The other data sources, read from one real server with three clients.
func TestAccDaemonDataSources(t *testing.T) {
	testAccPreCheck(t)
	srv := openvpnlab.StartServerT(t, openvpnlab.ServerConfig{Password: labPassword})
	for _, cn := range []string{"alice", "bob", "Doe, John #1"} {
		openvpnlab.StartClientT(t, srv, openvpnlab.ClientConfig{CommonName: cn})
	}
	resource.Test(t, daemonDataSourcesCase(providerBlock(srv), srv.Release, srv.PID, 3))
}

// daemonDataSourcesCase reads the data sources other than openvpn_clients
// from a server of release r with the given pid and clients (one route
// each), as the lab starts it.
func daemonDataSourcesCase(provider string, r openvpnlab.Release, pid, clients int) resource.TestCase {
	release := r.String()
	return resource.TestCase{
		ProtoV6ProviderFactories: testProviders,
		Steps: []resource.TestStep{{
			Config: provider + `
data "openvpn_version" "this" {}
data "openvpn_state" "this" { history = 5 }
data "openvpn_server" "this" {}
data "openvpn_routing_table" "this" {}
data "openvpn_log" "this" { last = 5 }
`,
			ConfigStateChecks: []statecheck.StateCheck{
				statecheck.ExpectKnownValue("data.openvpn_version.this", tfjsonpath.New("openvpn_version"), knownvalue.StringExact(release)),
				statecheck.ExpectKnownValue("data.openvpn_version.this", tfjsonpath.New("management_version"), knownvalue.Int64Exact(int64(r.ManagementVersion()))),
				statecheck.ExpectKnownValue("data.openvpn_version.this", tfjsonpath.New("title"), knownvalue.StringRegexp(regexp.MustCompile(`^OpenVPN `+regexp.QuoteMeta(release)+` `))),
				statecheck.ExpectKnownValue("data.openvpn_version.this", tfjsonpath.New("platform"), knownvalue.NotNull()),
				statecheck.ExpectKnownValue("data.openvpn_state.this", tfjsonpath.New("state"), knownvalue.StringExact("CONNECTED")),
				statecheck.ExpectKnownValue("data.openvpn_state.this", tfjsonpath.New("description"), knownvalue.StringExact("SUCCESS")),
				statecheck.ExpectKnownValue("data.openvpn_state.this", tfjsonpath.New("local_address"), knownvalue.StringExact("10.8.0.1")),
				statecheck.ExpectKnownValue("data.openvpn_state.this", tfjsonpath.New("hold_waiting"), knownvalue.Bool(false)),
				statecheck.ExpectKnownValue("data.openvpn_state.this", tfjsonpath.New("timestamp"), knownvalue.StringRegexp(regexp.MustCompile(`Z$`))),
				statecheck.ExpectKnownValue("data.openvpn_server.this", tfjsonpath.New("mode"), knownvalue.StringExact("server")),
				statecheck.ExpectKnownValue("data.openvpn_server.this", tfjsonpath.New("pid"), knownvalue.Int64Exact(int64(pid))),
				statecheck.ExpectKnownValue("data.openvpn_server.this", tfjsonpath.New("clients"), knownvalue.Int64Exact(int64(clients))),
				statecheck.ExpectKnownValue("data.openvpn_server.this", tfjsonpath.New("global_stats"), expectGlobalStats(r)),
				statecheck.ExpectKnownValue("data.openvpn_server.this", tfjsonpath.New("dco_enabled"), expectDCOEnabled(r)),
				statecheck.ExpectKnownValue("data.openvpn_routing_table.this", tfjsonpath.New("routes"), knownvalue.ListSizeExact(clients)),
				statecheck.ExpectKnownValue("data.openvpn_routing_table.this", tfjsonpath.New("routes").AtSliceIndex(0).AtMapKey("cached"), knownvalue.Bool(false)),
				statecheck.ExpectKnownValue("data.openvpn_routing_table.this", tfjsonpath.New("routes").AtSliceIndex(0).AtMapKey("virtual_address"), knownvalue.StringRegexp(regexp.MustCompile(`^10\.8\.0\.\d+$`))),
				statecheck.ExpectKnownValue("data.openvpn_log.this", tfjsonpath.New("lines"), knownvalue.ListSizeExact(5)),
			},
			Check: resource.TestCheckResourceAttrWith("data.openvpn_state.this", "transitions.#", func(v string) error {
				if v == "0" {
					return errors.New("history = 5 returned no transitions")
				}
				return nil
			}),
		}},
	}
}

// A client-mode daemon: mode-independent data sources work, and so does
// the client-only openvpn_remotes; server-only ones say what is wrong.
func TestAccClientModeDaemon(t *testing.T) {
	testAccPreCheck(t)
	srv := openvpnlab.StartServerT(t, openvpnlab.ServerConfig{Password: labPassword})
	cl := openvpnlab.StartClientT(t, srv, openvpnlab.ClientConfig{CommonName: "carol", Management: true})
	resource.Test(t, clientModeCase(cl.ManagementAddress, srv.Port))
}

// clientModeCase reads a client-mode daemon at address, connected to a
// server on 127.0.0.1:serverPort over UDP.
func clientModeCase(address string, serverPort int) resource.TestCase {
	provider := `
provider "openvpn" {
  address = "` + address + `"
}
`
	remote := tfjsonpath.New("remotes").AtSliceIndex(0)
	return resource.TestCase{
		ProtoV6ProviderFactories: testProviders,
		Steps: []resource.TestStep{
			{
				Config: provider + `
data "openvpn_server" "this" {}
data "openvpn_state" "this" {}
data "openvpn_remotes" "this" {}
`,
				ConfigStateChecks: []statecheck.StateCheck{
					statecheck.ExpectKnownValue("data.openvpn_server.this", tfjsonpath.New("mode"), knownvalue.StringExact("client")),
					statecheck.ExpectKnownValue("data.openvpn_server.this", tfjsonpath.New("statistics").AtMapKey("TCP/UDP read bytes"), knownvalue.NotNull()),
					statecheck.ExpectKnownValue("data.openvpn_server.this", tfjsonpath.New("dco_enabled"), knownvalue.Null()),
					statecheck.ExpectKnownValue("data.openvpn_state.this", tfjsonpath.New("state"), knownvalue.StringExact("CONNECTED")),
					statecheck.ExpectKnownValue("data.openvpn_state.this", tfjsonpath.New("remote_address"), knownvalue.StringExact("127.0.0.1")),
					statecheck.ExpectKnownValue("data.openvpn_state.this", tfjsonpath.New("remote_port"), knownvalue.Int64Exact(int64(serverPort))),
					statecheck.ExpectKnownValue("data.openvpn_remotes.this", tfjsonpath.New("remotes"), knownvalue.ListSizeExact(1)),
					statecheck.ExpectKnownValue("data.openvpn_remotes.this", remote.AtMapKey("index"), knownvalue.Int64Exact(0)),
					statecheck.ExpectKnownValue("data.openvpn_remotes.this", remote.AtMapKey("host"), knownvalue.StringExact("127.0.0.1")),
					statecheck.ExpectKnownValue("data.openvpn_remotes.this", remote.AtMapKey("port"), knownvalue.StringExact(strconv.Itoa(serverPort))),
					statecheck.ExpectKnownValue("data.openvpn_remotes.this", remote.AtMapKey("protocol"), knownvalue.StringExact("udp")),
					statecheck.ExpectKnownValue("data.openvpn_remotes.this", remote.AtMapKey("enabled"), knownvalue.Bool(true)),
				},
			},
			{
				Config:      provider + `data "openvpn_clients" "this" {}`,
				ExpectError: expectError(`Not supported by the OpenVPN daemon's mode.*needs a daemon in server mode; the daemon \(OpenVPN [^)]+\) runs in client mode.*Point this object at a server's management interface`),
			},
		},
	}
}

// A daemon started with --management-hold waits for a release: the state
// data source says so, which is what an operator checks before releasing.
func TestAccStateHoldWaiting(t *testing.T) {
	testAccPreCheck(t)
	srv := openvpnlab.StartServerT(t, openvpnlab.ServerConfig{Password: labPassword, ManagementHold: true})
	resource.Test(t, resource.TestCase{
		ProtoV6ProviderFactories: testProviders,
		Steps: []resource.TestStep{{
			Config: providerBlock(srv) + `data "openvpn_state" "this" {}`,
			ConfigStateChecks: []statecheck.StateCheck{
				statecheck.ExpectKnownValue("data.openvpn_state.this", tfjsonpath.New("hold_waiting"), knownvalue.Bool(true)),
			},
		}},
	})
}

// expectDCOEnabled is the lab server's dco_enabled: false from 2.6 on (the
// lab never loads the DCO module), null before, where the daemon does not
// say.
func expectDCOEnabled(r openvpnlab.Release) knownvalue.Check {
	if r.HasDCOStat() {
		return knownvalue.Bool(false)
	}
	return knownvalue.Null()
}

// expectGlobalStats is the lab server's GLOBAL_STATS: the bcast/mcast queue
// row, and from 2.6 on dco_enabled (0: the lab never loads the DCO module).
func expectGlobalStats(r openvpnlab.Release) knownvalue.Check {
	stats := map[string]knownvalue.Check{"Max bcast/mcast queue length": knownvalue.NotNull()}
	if r.HasDCOStat() {
		stats["dco_enabled"] = knownvalue.StringExact("0")
	}
	return knownvalue.MapExact(stats)
}
