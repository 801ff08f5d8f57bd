package provider

import (
	"fmt"
	"regexp"
	"strconv"
	"strings"
	"testing"

	"github.com/hashicorp/terraform-plugin-testing/helper/resource"
	"github.com/hashicorp/terraform-plugin-testing/knownvalue"
	"github.com/hashicorp/terraform-plugin-testing/statecheck"
	"github.com/hashicorp/terraform-plugin-testing/tfjsonpath"

	"github.com/vpnops/terraform-provider-openvpn/internal/fakemgmt"
	"github.com/vpnops/terraform-provider-openvpn/internal/openvpnlab"
)

// CI can install only Debian's 2.6.14, so the other releases come from
// bytes: every data source reads the replayed daemons of each captured
// release (2.4.12, 2.5.11, 2.6.14, 2.7.6) and lab (UDP/IPv4 with three
// clients, TCP/IPv4 and UDP/IPv6 with one) through the real Terraform CLI.
// What each release prints differently is derived from the release, as the
// real-daemon tests do. (One provider instance serves a test case in
// process, so each lab gets its own test case rather than an alias.)
func TestAccCapturedReleasesDataSources(t *testing.T) {
	testAccTerraformPreCheck(t)
	for _, rel := range fakemgmt.CapturedReleases {
		r, err := openvpnlab.ParseRelease("OpenVPN " + rel)
		if err != nil {
			t.Fatal(err)
		}
		for _, lab := range fakemgmt.Labs {
			name := string(lab)
			if lab == fakemgmt.LabUDP4 {
				name = "udp4"
			}
			t.Run(rel+"/"+name, func(t *testing.T) { testCapturedRelease(t, r, lab) })
		}
	}
}

func testCapturedRelease(t *testing.T, r openvpnlab.Release, lab fakemgmt.Lab) {
	rel := r.String()
	d, err := fakemgmt.CapturedDaemon(rel, lab)
	if err != nil {
		t.Fatal(err)
	}
	addr := fakemgmt.Start(t, d.Handle).Addr()
	pidText, err := fakemgmt.CapturedFile(rel, "pid.txt")
	if err != nil {
		t.Fatal(err)
	}
	pid, err := strconv.Atoi(strings.TrimSpace(strings.TrimPrefix(pidText, "SUCCESS: pid=")))
	if err != nil {
		t.Fatalf("pid.txt %q: %v", pidText, err)
	}
	// The lab's peers: the port is whatever the capture had; the form
	// ("udp4:" prefix, brackets, no port for IPv6 before 2.7) is the release's.
	proto, ip, clients, routes, v6 := "udp4", "127.0.0.1", 3, 3, false
	switch lab {
	case fakemgmt.LabTCP4:
		proto, clients, routes = "tcp4-server", 1, 1
	case fakemgmt.LabUDP6:
		proto, ip, clients, routes, v6 = "udp6", "::1", 1, 2, true
	}
	realPattern := regexp.QuoteMeta(r.RealAddress(proto, ip, 0))
	if p, ok := strings.CutSuffix(realPattern, ":0"); ok {
		realPattern = p + `:\d+`
	}
	realAddr := knownvalue.StringRegexp(regexp.MustCompile("^" + realPattern + "$"))
	vaddr6, localV6 := knownvalue.Check(knownvalue.Null()), knownvalue.Check(knownvalue.Null())
	if v6 {
		vaddr6, localV6 = knownvalue.StringExact("fd00:8::1000"), knownvalue.StringExact("fd00:8::1")
	}
	first := tfjsonpath.New("clients").AtSliceIndex(0)
	resource.UnitTest(t, resource.TestCase{
		ProtoV6ProviderFactories: testProviders,
		Steps: []resource.TestStep{{
			Config: fmt.Sprintf(`
provider "openvpn" {
  address  = %q
  password = %q
  timeout  = "5s"
}
data "openvpn_version" "this" {}
data "openvpn_clients" "this" {}
data "openvpn_routing_table" "this" {}
data "openvpn_state" "this" { history = 2 }
data "openvpn_server" "this" {}
data "openvpn_log" "this" { last = 5 }
`, addr, fakemgmt.CapturedPassword),
			ConfigStateChecks: []statecheck.StateCheck{
				statecheck.ExpectKnownValue("data.openvpn_version.this", tfjsonpath.New("openvpn_version"), knownvalue.StringExact(rel)),
				statecheck.ExpectKnownValue("data.openvpn_version.this", tfjsonpath.New("management_version"), knownvalue.Int64Exact(int64(r.ManagementVersion()))),
				statecheck.ExpectKnownValue("data.openvpn_version.this", tfjsonpath.New("title"), knownvalue.StringRegexp(regexp.MustCompile(`^OpenVPN `+regexp.QuoteMeta(rel)+` `))),

				statecheck.ExpectKnownValue("data.openvpn_clients.this", tfjsonpath.New("clients"), knownvalue.ListSizeExact(clients)),
				statecheck.ExpectKnownValue("data.openvpn_clients.this", first.AtMapKey("real_address"), realAddr),
				statecheck.ExpectKnownValue("data.openvpn_clients.this", first.AtMapKey("common_name"), knownvalue.StringRegexp(regexp.MustCompile(`^client00[123]$`))),
				statecheck.ExpectKnownValue("data.openvpn_clients.this", first.AtMapKey("data_channel_cipher"), expectCipher(r)),
				statecheck.ExpectKnownValue("data.openvpn_clients.this", first.AtMapKey("username"), knownvalue.Null()),
				statecheck.ExpectKnownValue("data.openvpn_clients.this", first.AtMapKey("client_id"), knownvalue.Int64Exact(0)),
				statecheck.ExpectKnownValue("data.openvpn_clients.this", first.AtMapKey("virtual_ipv6_address"), vaddr6),
				statecheck.ExpectKnownValue("data.openvpn_clients.this", first.AtMapKey("connected_since"), knownvalue.StringRegexp(regexp.MustCompile(`^2026-11-28T18:\d\d:\d\dZ$`))),

				statecheck.ExpectKnownValue("data.openvpn_routing_table.this", tfjsonpath.New("routes"), knownvalue.ListSizeExact(routes)),
				statecheck.ExpectKnownValue("data.openvpn_routing_table.this", tfjsonpath.New("routes").AtSliceIndex(0).AtMapKey("real_address"), realAddr),

				statecheck.ExpectKnownValue("data.openvpn_state.this", tfjsonpath.New("state"), knownvalue.StringExact("CONNECTED")),
				statecheck.ExpectKnownValue("data.openvpn_state.this", tfjsonpath.New("local_address"), knownvalue.StringExact("10.8.0.1")),
				statecheck.ExpectKnownValue("data.openvpn_state.this", tfjsonpath.New("local_ipv6"), localV6),
				statecheck.ExpectKnownValue("data.openvpn_state.this", tfjsonpath.New("hold_waiting"), knownvalue.Bool(false)),
				statecheck.ExpectKnownValue("data.openvpn_state.this", tfjsonpath.New("transitions"), knownvalue.ListSizeExact(2)),

				statecheck.ExpectKnownValue("data.openvpn_server.this", tfjsonpath.New("mode"), knownvalue.StringExact("server")),
				statecheck.ExpectKnownValue("data.openvpn_server.this", tfjsonpath.New("pid"), knownvalue.Int64Exact(int64(pid))),
				statecheck.ExpectKnownValue("data.openvpn_server.this", tfjsonpath.New("clients"), knownvalue.Int64Exact(int64(clients))),
				statecheck.ExpectKnownValue("data.openvpn_server.this", tfjsonpath.New("global_stats"), expectGlobalStats(r)),
				statecheck.ExpectKnownValue("data.openvpn_server.this", tfjsonpath.New("dco_enabled"), expectDCOEnabled(r)),
				// The fleet-audit facts the titles state: every capture is a
				// Linux build; 2.6 and 2.7 were built with DCO, 2.4 and 2.5
				// have none (internal/testdata/transcripts/README.md).
				statecheck.ExpectKnownValue("data.openvpn_version.this", tfjsonpath.New("platform"), knownvalue.StringExact("x86_64-pc-linux-gnu")),
				statecheck.ExpectKnownValue("data.openvpn_version.this", tfjsonpath.New("dco_built"), knownvalue.Bool(r.HasDCOStat())),
				statecheck.ExpectKnownValue("data.openvpn_version.this", tfjsonpath.New("features").AtSliceIndex(0), knownvalue.StringRegexp(regexp.MustCompile(`^SSL \((OpenSSL|mbed TLS)\)$`))),

				statecheck.ExpectKnownValue("data.openvpn_log.this", tfjsonpath.New("lines"), knownvalue.ListSizeExact(5)),
				statecheck.ExpectKnownValue("data.openvpn_log.this", tfjsonpath.New("lines").AtSliceIndex(4).AtMapKey("message"), knownvalue.StringExact("MANAGEMENT: CMD 'log 5'")),
			},
		}},
	})
}
