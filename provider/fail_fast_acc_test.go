package provider

import (
	"context"
	"fmt"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/hashicorp/terraform-plugin-go/tfprotov6"
	"github.com/hashicorp/terraform-plugin-go/tftypes"
	"github.com/hashicorp/terraform-plugin-testing/helper/resource"
	"github.com/hashicorp/terraform-plugin-testing/knownvalue"
	"github.com/hashicorp/terraform-plugin-testing/statecheck"
	"github.com/hashicorp/terraform-plugin-testing/terraform"
	"github.com/hashicorp/terraform-plugin-testing/tfjsonpath"

	"github.com/vpnops/terraform-provider-openvpn/internal/fakemgmt"
)

// eightReads is a configuration of eight data sources that all need the
// daemon, as a real plan reads many.
func eightReads(address, password string) string {
	var b strings.Builder
	fmt.Fprintf(&b, "provider \"openvpn\" {\n  address  = %q\n  password = %q\n  timeout  = \"1s\"\n}\n", address, password)
	for i := range 8 {
		fmt.Fprintf(&b, "data \"openvpn_clients\" \"c%d\" {}\n", i)
	}
	return b.String()
}

// countLines counts the lines a fake daemon received equal to line, over
// all its connections.
func countLines(srv *fakemgmt.Server, line string) int {
	n := 0
	for _, c := range srv.Conns() {
		for _, l := range c.Received() {
			if l == line {
				n++
			}
		}
	}
	return n
}

// A plan of eight data sources against a daemon that cannot serve pays
// one connection and one timeout, and every data source names the true
// cause.
func TestAccEightReadsPayOneTimeout(t *testing.T) {
	testAccTerraformPreCheck(t)
	frozen := func() fakemgmt.Handler {
		d := fakemgmt.Daemon26()
		d.Password = labPassword
		return fakemgmt.Stall(d, "status 3")
	}
	held := func() fakemgmt.Handler { return fakemgmt.Busy }
	wrongPassword := func() fakemgmt.Handler { return fakemgmt.WrongPasswordThenEOF }
	for _, tc := range []struct {
		name     string
		handler  func() fakemgmt.Handler
		want     string
		commands string // a line the daemon may see only once
	}{
		{"frozen", frozen, `OpenVPN daemon stopped answering`, "status 3"},
		{"held slot", held, `OpenVPN management interface is busy`, ""},
		{"wrong password", wrongPassword, `OpenVPN management password rejected`, labPassword},
	} {
		t.Run(tc.name, func(t *testing.T) {
			srv := fakemgmt.Start(t, tc.handler())
			start := time.Now()
			resource.UnitTest(t, resource.TestCase{
				ProtoV6ProviderFactories: testProviders,
				Steps: []resource.TestStep{{
					Config:      eightReads(srv.Addr(), labPassword),
					ExpectError: expectError(tc.want),
				}},
			})
			// plan and apply each configure the provider once: at most
			// one connection each (the test framework runs both).
			if n := srv.Accepted(); n > 2 {
				t.Errorf("%d connections for 8 data sources, want at most one per provider run", n)
			}
			if tc.commands != "" {
				if n := countLines(srv, tc.commands); n > srv.Accepted() {
					t.Errorf("the daemon got %q %d times over %d connections", tc.commands, n, srv.Accepted())
				}
			}
			t.Logf("%s: %d connections, %s", tc.name, srv.Accepted(), time.Since(start).Round(100*time.Millisecond))
		})
	}
}

// A set whose reply is lost may have taken effect: the value found before
// it stays recorded, and destroy puts it back.
func TestAccSettingKeepsTheFoundValueWhenTheReplyIsLost(t *testing.T) {
	testAccTerraformPreCheck(t)
	settings := fakemgmt.NewSettings(3, 0, "none", false)
	d := fakemgmt.Daemon26With(settings)
	var once sync.Once
	lossy := d.On("verb 5", func(c *fakemgmt.Conn) {
		lost := false
		once.Do(func() { lost = true })
		if lost {
			c.Close() // the connection drops before the reply is sent...
		}
		d.Command(c, "verb 5") // ...and the setting is applied all the same
	})
	srv := fakemgmt.Start(t, lossy.Handle)
	cfg := fmt.Sprintf("provider \"openvpn\" { address = %q }\nresource \"openvpn_verb\" \"this\" { level = 5 }\n", srv.Addr())
	resource.UnitTest(t, resource.TestCase{
		ProtoV6ProviderFactories: testProviders,
		CheckDestroy: func(*terraform.State) error {
			if v := settings.Verb(); v != 3 {
				return fmt.Errorf("verb after destroy = %d, want the 3 found at create", v)
			}
			return nil
		},
		Steps: []resource.TestStep{
			{Config: cfg, ExpectError: expectError(`OpenVPN daemon closed the management connection`)},
			{
				// The failed create left its state (tainted): the next apply
				// replaces it, restoring 3 first, and 3 is still recorded.
				Config: cfg,
				ConfigStateChecks: []statecheck.StateCheck{
					statecheck.ExpectKnownValue("openvpn_verb.this", tfjsonpath.New("previous_level"), knownvalue.Int64Exact(3)),
				},
			},
		},
	})
}

// A fraction where a count belongs is refused at validation, in words.
func TestAccLogLastMustBeAWholeNumber(t *testing.T) {
	testAccTerraformPreCheck(t)
	srv := fakemgmt.Start(t, fakemgmt.Daemon26().Handle)
	resource.UnitTest(t, resource.TestCase{
		ProtoV6ProviderFactories: testProviders,
		Steps: []resource.TestStep{{
			Config:      fmt.Sprintf("provider \"openvpn\" { address = %q }\ndata \"openvpn_log\" \"x\" { last = 1.5 }\n", srv.Addr()),
			PlanOnly:    true,
			ExpectError: expectError(`(?s)Invalid count.*last must be a whole number from 1 to 100000, got 1.5`),
		}},
	})
	if srv.Accepted() != 0 {
		t.Errorf("%d connections; an invalid count must be refused before connecting", srv.Accepted())
	}
}

// A password read from a file keeps the file's newline; the daemon takes
// the first line, and so does the provider.
func TestAccPasswordWithTrailingNewline(t *testing.T) {
	testAccTerraformPreCheck(t)
	d := fakemgmt.Daemon26()
	d.Password = labPassword
	srv := fakemgmt.Start(t, d.Handle)
	resource.UnitTest(t, resource.TestCase{
		ProtoV6ProviderFactories: testProviders,
		Steps: []resource.TestStep{{
			Config: fmt.Sprintf("provider \"openvpn\" {\n  address  = %q\n  password = \"%s\\n\"\n}\ndata \"openvpn_version\" \"v\" {}\n", srv.Addr(), labPassword),
			ConfigStateChecks: []statecheck.StateCheck{
				statecheck.ExpectKnownValue("data.openvpn_version.v", tfjsonpath.New("openvpn_version"), knownvalue.StringExact("2.6.14")),
			},
		}},
	})
}

// Configuration errors point at the attribute at fault.
func TestConfigureErrorsNameTheirAttribute(t *testing.T) {
	ctx := context.Background()
	ps, sch := inProcessProvider(t)
	for _, tc := range []struct {
		vals map[string]tftypes.Value
		want string
	}{
		{map[string]tftypes.Value{"address": str("tcp://127.0.0.1:7505"), "password": str("a\nb")}, "password"},
		{map[string]tftypes.Value{"address": str("ftp://x")}, "address"},
		{map[string]tftypes.Value{"address": str("tcp://127.0.0.1:7505"), "timeout": str("2h")}, "timeout"},
	} {
		resp, err := ps.ConfigureProvider(ctx, &tfprotov6.ConfigureProviderRequest{Config: dynamicValue(t, sch.Provider, tc.vals)})
		if err != nil {
			t.Fatal(err)
		}
		if len(resp.Diagnostics) != 1 || resp.Diagnostics[0].Attribute == nil || !resp.Diagnostics[0].Attribute.Equal(tftypes.NewAttributePath().WithAttributeName(tc.want)) {
			t.Errorf("%v: diagnostics %+v, want one on %s", tc.vals, resp.Diagnostics, tc.want)
			continue
		}
		if strings.Contains(resp.Diagnostics[0].Detail, "a\nb") {
			t.Errorf("the diagnostic shows the password: %s", resp.Diagnostics[0].Detail)
		}
	}
}
