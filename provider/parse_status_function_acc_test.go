package provider

import (
	"fmt"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"

	"github.com/hashicorp/terraform-plugin-testing/helper/resource"
	"github.com/hashicorp/terraform-plugin-testing/tfversion"

	"github.com/vpnops/terraform-provider-openvpn/internal/fixtures"
)

// These run through the real Terraform CLI like every acceptance test,
// but need no daemon: a provider function parses text. resource.UnitTest
// runs them without TF_ACC, so they run in every `go test`.

var requireFunctions = []tfversion.TerraformVersionCheck{tfversion.SkipBelow(tfversion.Version1_8_0)}

// testFunction runs configurations that call functions: no daemon, and
// no TF_ACC needed.
func testFunction(t *testing.T, steps ...resource.TestStep) {
	t.Helper()
	resource.UnitTest(t, resource.TestCase{
		TerraformVersionChecks:   requireFunctions,
		ProtoV6ProviderFactories: testProviders,
		Steps:                    steps,
	})
}

// testdataFile is the absolute path of a file under internal/testdata,
// for file() in a configuration that Terraform runs in a temp directory.
func testdataFile(t *testing.T, rel string) string {
	t.Helper()
	p, err := filepath.Abs(filepath.Join(fixtures.TranscriptDir(), "..", rel)) // internal/testdata holds the transcripts
	if err != nil {
		t.Fatal(err)
	}
	if _, err := os.Stat(p); err != nil {
		t.Fatal(err)
	}
	return p
}

func TestParseStatusFunctionVersion3(t *testing.T) {
	path := testdataFile(t, "transcripts/openvpn-2.7.6/status-3.txt")
	testFunction(t, resource.TestStep{
		// No provider block at all: functions need no configuration.
		Config: fmt.Sprintf(`
locals {
  s = provider::openvpn::parse_status(file(%q))
}
output "mode" { value = local.s.mode }
output "version" { value = local.s.status_version }
output "updated_at" { value = local.s.updated_at }
output "clients" { value = length(local.s.clients) }
output "first" { value = "${local.s.clients[0].client_id} ${local.s.clients[0].common_name} ${local.s.clients[0].real_address} ${local.s.clients[0].virtual_address} ${local.s.clients[0].data_channel_cipher} ${local.s.clients[0].connected_since}" }
output "username_null" { value = local.s.clients[0].username == null }
output "routes" { value = length(local.s.routes) }
output "route" { value = "${local.s.routes[0].virtual_address} ${local.s.routes[0].common_name} ${local.s.routes[0].cached} ${local.s.routes[0].last_ref}" }
output "dco" { value = local.s.global_stats["dco_enabled"] }
output "statistics" { value = length(local.s.statistics) }
`, path),
		Check: resource.ComposeAggregateTestCheckFunc(
			resource.TestCheckOutput("mode", "server"),
			resource.TestCheckOutput("version", "3"),
			resource.TestCheckOutput("updated_at", "2026-11-28T18:30:08Z"),
			resource.TestCheckOutput("clients", "3"),
			// Sorted by client ID like openvpn_clients: client002 has ID 0.
			resource.TestCheckOutput("first", "0 client002 udp4:127.0.0.1:33100 10.8.0.2 AES-256-GCM 2026-11-28T18:30:06Z"),
			resource.TestCheckOutput("username_null", "true"),
			resource.TestCheckOutput("routes", "3"),
			resource.TestCheckOutput("route", "10.8.0.2 client002 false 2026-11-28T18:30:06Z"),
			resource.TestCheckOutput("dco", "0"),
			resource.TestCheckOutput("statistics", "0"),
		),
	})
}

// Version 1 carries no virtual address, username, client or peer ID, or
// cipher in its client list: those are null, in the daemon's order.
func TestParseStatusFunctionVersion1(t *testing.T) {
	path := testdataFile(t, "transcripts/openvpn-2.4.12/udp6-status-1.txt")
	testFunction(t, resource.TestStep{
		// An empty provider block, and no OPENVPN_MANAGEMENT_ADDRESS:
		// still nothing to configure for a function.
		Config: fmt.Sprintf(`
provider "openvpn" {}
locals {
  s = provider::openvpn::parse_status(file(%q))
  c = local.s.clients[0]
}
output "version" { value = local.s.status_version }
output "title_null" { value = local.s.title == null }
output "client" { value = "${local.c.common_name} ${local.c.real_address} ${local.c.bytes_received} ${local.c.bytes_sent} ${local.c.connected_since}" }
output "nulls" { value = length([for a in ["client_id", "peer_id", "username", "virtual_address", "virtual_ipv6_address", "data_channel_cipher"] : a if local.c[a] == null]) }
output "routes" { value = join(" ", [for r in local.s.routes : r.virtual_address]) }
output "updated_at" { value = local.s.updated_at }
`, path),
		Check: resource.ComposeAggregateTestCheckFunc(
			resource.TestCheckOutput("version", "1"),
			resource.TestCheckOutput("title_null", "true"),
			resource.TestCheckOutput("client", "client001 ::1 1570 1355 2026-11-28T18:28:59Z"),
			resource.TestCheckOutput("nulls", "6"),
			resource.TestCheckOutput("routes", "10.8.0.6 fd00:8::1000"),
			resource.TestCheckOutput("updated_at", "2026-11-28T18:29:00Z"),
		),
	})
}

// A version 2 file whose common name holds a comma, and a client-mode file.
func TestParseStatusFunctionVersion2AndClientMode(t *testing.T) {
	dir := t.TempDir()
	v2 := filepath.Join(dir, "v2.log")
	text := "TITLE,OpenVPN 2.6.14 x86_64-pc-linux-gnu\r\nTIME,2026-11-24 20:07:00,1795550820\r\n" +
		"HEADER,CLIENT_LIST,Common Name,Real Address,Virtual Address,Virtual IPv6 Address,Bytes Received,Bytes Sent,Connected Since,Connected Since (time_t),Username,Client ID,Peer ID,Data Channel Cipher\r\n" +
		"CLIENT_LIST,Doe, John #1,127.0.0.1:56527,10.8.0.10,,2985,3012,2026-11-24 20:06:46,1795550806,Doe, J.,7,0,AES-256-GCM\r\n" +
		"HEADER,ROUTING_TABLE,Virtual Address,Common Name,Real Address,Last Ref,Last Ref (time_t)\r\n" +
		"ROUTING_TABLE,10.8.0.10C,Doe, John #1,127.0.0.1:56527,2026-11-24 20:06:46,1795550806\r\n" +
		"GLOBAL_STATS,Max bcast/mcast queue length,0\r\n" // no END: a complete report without it
	if err := os.WriteFile(v2, []byte(text), 0o600); err != nil {
		t.Fatal(err)
	}
	client := testdataFile(t, "../management/testdata/real-2.6.14/client-status-1.txt")
	testFunction(t, resource.TestStep{
		Config: fmt.Sprintf(`
locals {
  v2 = provider::openvpn::parse_status(file(%q))
  cl = provider::openvpn::parse_status(file(%q))
}
output "v2" { value = "${local.v2.status_version} ${local.v2.clients[0].common_name}|${local.v2.clients[0].username}|${local.v2.clients[0].client_id}" }
output "v2_route" { value = "${local.v2.routes[0].virtual_address} ${local.v2.routes[0].cached} ${local.v2.routes[0].common_name}" }
output "client_mode" { value = "${local.cl.mode} ${local.cl.status_version == null} ${length(local.cl.clients)} ${local.cl.updated_at}" }
output "client_read" { value = local.cl.statistics["TCP/UDP read bytes"] }
`, v2, client),
		Check: resource.ComposeAggregateTestCheckFunc(
			resource.TestCheckOutput("v2", "2 Doe, John #1|Doe, J.|7"),
			resource.TestCheckOutput("v2_route", "10.8.0.10 true Doe, John #1"),
			resource.TestCheckOutput("client_mode", "client true 0 2026-11-25T00:11:07Z"),
			resource.TestCheckOutput("client_read", "2511"),
		),
	})
}

// Errors are reported on the text argument, with what the parser found.
func TestParseStatusFunctionErrors(t *testing.T) {
	cut := filepath.Join(t.TempDir(), "cut.log")
	if err := os.WriteFile(cut, []byte("OpenVPN CLIENT LIST\nUpdated,2026-11-28 18:30:29\n"+
		"Common Name,Real Address,Bytes Received,Bytes Sent,Connected Since\nclient001,127.0.0.1:1,1,2,2026-11-28 18:30:28\nROUTING T"), 0o600); err != nil {
		t.Fatal(err)
	}
	step := func(arg string, phrases ...string) resource.TestStep {
		pattern := make([]string, len(phrases))
		for i, p := range phrases {
			pattern[i] = regexp.QuoteMeta(p)
		}
		return resource.TestStep{
			Config:      fmt.Sprintf("output \"s\" {\n  value = provider::openvpn::parse_status(%s)\n}\n", arg),
			ExpectError: expectError(strings.Join(pattern, ".*")),
		}
	}
	testFunction(t,
		step(`""`, `Invalid value for "text" parameter: empty status text`, "Check the path given to file()"),
		step(`"SUCCESS: pid=42\n"`, `not an OpenVPN status report: line 1 is "SUCCESS: pid=42"`, "Pass the whole status file"),
		step(fmt.Sprintf("file(%q)", cut), "the status version 1 report ends after 1 client row and 0 route rows",
			`then a line cut short with no line break: "ROUTING T"`, "the GLOBAL STATS section", "Copy it again"),
		step(`"TITLE,x\nHEADER,CLIENT_LIST,Common Name,Real Address,Virtual Address,Virtual IPv6 Address,Bytes Received,Bytes Sent,Connected Since,Connected Since (time_t),Username,Client ID,Peer ID\nCLIENT_LIST,a,1,1.2.3.4:5,10.8.0.2,,x,2,x,1,2,3,4\nEND\n"`,
			"comma-separated row cannot be read in exactly one way: status line 3 (CLIENT_LIST)", "--status-version 3"),
	)
}
