package provider

import (
	"fmt"
	"net"
	"os"
	"path/filepath"
	"sync/atomic"
	"testing"

	"github.com/hashicorp/terraform-plugin-testing/helper/resource"

	"github.com/vpnops/terraform-provider-openvpn/internal/remotelab"
)

// sixDataSources reads every data source once, as a plan does.
const sixDataSources = `
data "openvpn_clients" "this" {}
data "openvpn_version" "this" {}
data "openvpn_state" "this" {}
data "openvpn_server" "this" {}
data "openvpn_routing_table" "this" {}
data "openvpn_log" "this" {}
`

// silentTLSPeer accepts connections on 127.0.0.1 and sends them first,
// then nothing, as a wedged TLS terminator does; it counts what it
// accepted.
func silentTLSPeer(t *testing.T, first []byte) (string, *atomic.Int64) {
	t.Helper()
	ln, err := net.Listen("tcp4", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	var accepted atomic.Int64
	conns := make(chan net.Conn, 64)
	go func() {
		for {
			c, err := ln.Accept()
			if err != nil {
				return
			}
			accepted.Add(1)
			_, _ = c.Write(first)
			conns <- c // held open, unanswered
		}
	}()
	t.Cleanup(func() {
		_ = ln.Close()
		close(conns)
		for c := range conns {
			_ = c.Close()
		}
	})
	return ln.Addr().String(), &accepted
}

// Six data sources against a TLS terminator that accepts and never
// finishes the handshake (silent, or a record header and then nothing)
// cost one connection and one timeout: every later object says "not tried
// again".
func TestAccTLSStallCostsOneConnection(t *testing.T) {
	testAccTerraformPreCheck(t)
	ca := filepath.Join(t.TempDir(), "ca.pem")
	if err := os.WriteFile(ca, []byte(remotelab.NewCA(t, "stall CA").CertPEM), 0o600); err != nil {
		t.Fatal(err)
	}
	for name, first := range map[string][]byte{"silent": nil, "header-then-silence": {0x16, 0x03, 0x03, 0x00, 0x40}} {
		t.Run(name, func(t *testing.T) {
			addr, accepted := silentTLSPeer(t, first)
			config := fmt.Sprintf(`
provider "openvpn" {
  address = "tls://%s"
  timeout = "1s"
  tls     = { ca_certificate = file(%q) }
}
`, addr, ca) + sixDataSources
			resource.UnitTest(t, resource.TestCase{
				ProtoV6ProviderFactories: testProviders,
				Steps: []resource.TestStep{{
					Config:      config,
					ExpectError: expectError(`(?s)TLS to the OpenVPN management port failed.*no handshake within 1s.*not tried again`),
				}},
			})
			if n := accepted.Load(); n != 1 {
				t.Errorf("the terminator accepted %d connections for 6 data sources; want 1", n)
			}
		})
	}
}
