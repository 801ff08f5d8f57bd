package provider

import (
	"os"
	"path/filepath"
	"regexp"
	"testing"

	"github.com/hashicorp/terraform-plugin-testing/config"
	"github.com/hashicorp/terraform-plugin-testing/helper/resource"
	"github.com/hashicorp/terraform-plugin-testing/knownvalue"
	"github.com/hashicorp/terraform-plugin-testing/statecheck"
)

// examples/audit-files, run through the Terraform CLI against its own
// sample status files (a version 1 and a version 3 file): it must find
// nothing with its defaults, and name the session over the limit and the
// common name outside a shorter allow-list.
func TestAuditFilesExample(t *testing.T) {
	dir, err := filepath.Abs(filepath.Join("..", "examples", "audit-files"))
	if err != nil {
		t.Fatal(err)
	}
	src, err := os.ReadFile(filepath.Join(dir, "main.tf"))
	if err != nil {
		t.Fatal(err)
	}
	// The test serves the provider in-process under the default source
	// address; the example's required_providers names the registry one.
	terraformBlock := regexp.MustCompile(`(?ms)^terraform \{.*?^\}\n`)
	if !terraformBlock.Match(src) {
		t.Fatal("examples/audit-files/main.tf has no terraform block to replace")
	}
	cfg := terraformBlock.ReplaceAllString(string(src), "")
	statusDir := config.StringVariable(filepath.Join(dir, "status"))

	servers := knownvalue.MapExact(map[string]knownvalue.Check{
		"vpn-eu.log": knownvalue.ObjectExact(map[string]knownvalue.Check{
			"updated_at": knownvalue.StringExact("2026-11-28T18:30:29Z"), "status_version": knownvalue.Int64Exact(1), "sessions": knownvalue.Int64Exact(2),
		}),
		"vpn-us.log": knownvalue.ObjectExact(map[string]knownvalue.Check{
			"updated_at": knownvalue.StringExact("2026-11-28T18:30:08Z"), "status_version": knownvalue.Int64Exact(3), "sessions": knownvalue.Int64Exact(2),
		}),
	})
	testFunction(t,
		resource.TestStep{
			Config:          cfg,
			ConfigVariables: config.Variables{"status_dir": statusDir},
			ConfigStateChecks: []statecheck.StateCheck{
				statecheck.ExpectKnownOutputValue("servers", servers),
				statecheck.ExpectKnownOutputValue("sessions_per_common_name", knownvalue.MapExact(map[string]knownvalue.Check{
					"client001": knownvalue.Int64Exact(2), "client002": knownvalue.Int64Exact(1), "Doe, John": knownvalue.Int64Exact(1),
				})),
				statecheck.ExpectKnownOutputValue("not_allowed", knownvalue.ListExact([]knownvalue.Check{})),
				statecheck.ExpectKnownOutputValue("over_limit", knownvalue.ListExact([]knownvalue.Check{})),
			},
		},
		resource.TestStep{
			Config: cfg,
			ConfigVariables: config.Variables{
				"status_dir":                   statusDir,
				"allowed_common_names":         config.SetVariable(config.StringVariable("client001"), config.StringVariable("client002")),
				"max_sessions_per_common_name": config.IntegerVariable(1),
			},
			ConfigStateChecks: []statecheck.StateCheck{
				statecheck.ExpectKnownOutputValue("not_allowed", knownvalue.ListExact([]knownvalue.Check{
					knownvalue.StringExact("Doe, John (vpn-eu.log, from 198.51.100.7:51234)"),
				})),
				statecheck.ExpectKnownOutputValue("over_limit", knownvalue.ListExact([]knownvalue.Check{
					knownvalue.StringExact("client001: 2"),
				})),
			},
		},
	)
}
