package provider

import (
	"fmt"
	"regexp"
	"strings"
	"testing"

	"github.com/hashicorp/terraform-plugin-testing/helper/resource"
)

// With the daemon down, one data source tries and the others fail with
// its failure, untried; Terraform prints them in the configuration's
// order, so the one tried may come last (here it is whichever read ran
// first). Each repeat says "not tried again" in its summary and leaves
// what to do to the one that was tried: the operator reads one cause.
func TestAccRepeatedFailuresPointAtTheTriedOne(t *testing.T) {
	testAccTerraformPreCheck(t)
	const summary = "OpenVPN management interface refused the connection"
	const hint = "Nothing listens at the provider's address"
	reads := []string{"openvpn_version", "openvpn_clients", "openvpn_state", "openvpn_routing_table", "openvpn_server"}
	var cfg strings.Builder
	cfg.WriteString("provider \"openvpn\" { address = \"tcp://127.0.0.1:1\" }\n") // nothing listens on port 1
	for _, r := range reads {
		fmt.Fprintf(&cfg, "data %q \"this\" {}\n", r)
	}
	var output string
	resource.UnitTest(t, resource.TestCase{
		ProtoV6ProviderFactories: testProviders,
		ErrorCheck: func(err error) error {
			output = err.Error()
			return nil
		},
		Steps: []resource.TestStep{{Config: cfg.String(), PlanOnly: true}},
	})
	if output == "" {
		t.Fatal("the plan succeeded with nothing listening")
	}
	// Terraform wraps details at 78 columns.
	flat := regexp.MustCompile(`\s+`).ReplaceAllString(output, " ")
	errs := strings.Split(flat, "Error: ")[1:]
	var tried, repeats []string
	for _, e := range errs {
		switch {
		case strings.HasPrefix(e, summary+" (not tried again) "):
			repeats = append(repeats, e)
		case strings.HasPrefix(e, summary+" "):
			tried = append(tried, e)
		}
	}
	if len(tried) != 1 || len(repeats) != len(reads)-1 || len(errs) != len(reads) {
		t.Fatalf("%d errors, %d as tried and %d marked not tried again; want %d, 1 and %d:\n%s",
			len(errs), len(tried), len(repeats), len(reads), len(reads)-1, output)
	}
	if !strings.Contains(tried[0], hint) {
		t.Errorf("the error that was tried does not say what to do:\n%s", tried[0])
	}
	for _, e := range repeats {
		if strings.Contains(e, hint) || !strings.Contains(e, `What to do is under the error without "not tried again"`) {
			t.Errorf("a repeat repeats the advice or does not point at the error that was tried:\n%s", e)
		}
	}
}
