package provider

import (
	"fmt"
	"strings"
	"testing"

	"github.com/hashicorp/terraform-plugin-testing/helper/resource"

	"github.com/vpnops/terraform-provider-openvpn/internal/fakemgmt"
)

// The capability table seen through Terraform, against the captured
// daemons: a command the daemon's release or mode does not offer is
// refused with the refusal explain() words, and is not sent; the mode
// costs no status of its own.

// countWire counts the lines sent to srv, on every connection, whose
// command word is one of words.
func countWire(srv *fakemgmt.Server, words ...string) int {
	n := 0
	for _, line := range wire(srv) {
		w, _, _ := strings.Cut(line, " ")
		for _, word := range words {
			if w == word {
				n++
			}
		}
	}
	return n
}

// openvpn_remotes needs OpenVPN 2.6 (remote-entry-get): the captured 2.4
// and 2.5 servers get only the connection's version, never the command.
func TestRemotesRefusedByOlderReleasesFake(t *testing.T) {
	testAccTerraformPreCheck(t)
	for _, rel := range []struct{ release, management string }{{"2.4.12", "1"}, {"2.5.11", "3"}} {
		t.Run(rel.release, func(t *testing.T) {
			d, err := fakemgmt.CapturedDaemon(rel.release, fakemgmt.LabUDP4)
			if err != nil {
				t.Fatal(err)
			}
			srv := fakemgmt.Start(t, d.Handle)
			resource.UnitTest(t, resource.TestCase{
				ProtoV6ProviderFactories: testProviders,
				Steps: []resource.TestStep{{
					Config: providerBlockAt(srv.Addr(), fakemgmt.CapturedPassword) + `data "openvpn_remotes" "this" {}`,
					ExpectError: expectError(fmt.Sprintf(`Not offered by the daemon's OpenVPN release.*remote-entry-get is not in OpenVPN %s \(management version %s\): it came with OpenVPN 2.6; nothing was sent.*Upgrade the daemon to OpenVPN 2.6 or later`,
						rel.release, rel.management)),
				}},
			})
			if n, v := countWire(srv, "remote-entry-get"), countWire(srv, "version"); n != 0 || v == 0 {
				t.Errorf("sent %q: %d remote-entry-get, %d version; want the version only", wire(srv), n, v)
			}
		})
	}
}

// On a server, openvpn_remotes is refused for the mode: after a status
// read on the same connection (depends_on orders it) nothing is sent; and
// no status is ever sent just to learn the mode: alone, the daemon's own
// refusal tells it.
func TestRemotesRefusedByAServerFake(t *testing.T) {
	testAccTerraformPreCheck(t)
	start := func() *fakemgmt.Server {
		d := fakemgmt.Daemon26()
		d.Password = labPassword
		return fakemgmt.Start(t, d.Handle)
	}
	refused := (`Not supported by the OpenVPN daemon's mode.*remote-entry-get needs a daemon in client mode; the daemon \(OpenVPN 2.6.14\) runs in server mode.*Point this object at a client's management interface`)

	srv := start()
	resource.UnitTest(t, resource.TestCase{
		ProtoV6ProviderFactories: testProviders,
		Steps: []resource.TestStep{{
			Config: providerBlockAt(srv.Addr(), labPassword) + `
data "openvpn_clients" "this" {}
data "openvpn_remotes" "this" {
  depends_on = [data.openvpn_clients.this]
}
`,
			ExpectError: expectError(`nothing was sent`),
		}},
	})
	if n := countWire(srv, "remote-entry-get"); n != 0 {
		t.Errorf("remote-entry-get sent %d times after the status had shown a server; sent %q", n, wire(srv))
	}

	srv = start()
	resource.UnitTest(t, resource.TestCase{
		ProtoV6ProviderFactories: testProviders,
		Steps: []resource.TestStep{{
			Config:      providerBlockAt(srv.Addr(), labPassword) + `data "openvpn_remotes" "this" {}`,
			ExpectError: expectError(refused),
		}},
	})
	if n, r := countWire(srv, "status"), countWire(srv, "remote-entry-get"); n != 0 || r == 0 {
		t.Errorf("sent %q: %d status, %d remote-entry-get; want the command and no status to learn the mode", wire(srv), n, r)
	}
}

// The client-mode data source on a client costs its one command: no
// status to learn the mode first.
func TestRemotesCostOneCommandFake(t *testing.T) {
	testAccTerraformPreCheck(t)
	d, err := fakemgmt.ClientDaemon26()
	if err != nil {
		t.Fatal(err)
	}
	srv := fakemgmt.Start(t, d.Handle)
	resource.UnitTest(t, resource.TestCase{
		ProtoV6ProviderFactories: testProviders,
		Steps:                    []resource.TestStep{{Config: providerBlockAt(srv.Addr(), "") + `data "openvpn_remotes" "this" {}`}},
	})
	for _, c := range srv.Conns() {
		for _, line := range c.Received() {
			if line != "version" && line != "remote-entry-get all" && line != "quit" {
				t.Errorf("sent %q on a connection (%q); want only version, remote-entry-get all and quit", line, c.Received())
			}
		}
	}
}
