package main

import (
	"context"
	"fmt"
	"path/filepath"
	"regexp"
	"strings"
	"testing"
	"time"

	"github.com/vpnops/terraform-provider-openvpn/internal/openvpnlab"
)

// The audit and the enforcement through the real CLI and the built binary:
// `terraform plan -detailed-exitcode` exits 2 while a session violates
// openvpn_client_allowlist and 0 once apply has ended it.
func TestBinaryAllowlistPlanExitCodeIsTheAudit(t *testing.T) {
	openvpnlab.Require(t)
	srv := openvpnlab.StartServerT(t, openvpnlab.ServerConfig{Password: "pass a"})
	openvpnlab.StartClientT(t, srv, openvpnlab.ClientConfig{CommonName: "alice"})
	openvpnlab.StartClientT(t, srv, openvpnlab.ClientConfig{CommonName: "bob"})
	w := newCLIWorkspace(t)
	write(t, filepath.Join(w.dir, "main.tf"), fmt.Sprintf(`
terraform {
  required_providers {
    openvpn = { source = "vpnops/openvpn" }
  }
}
provider "openvpn" {
  address  = %q
  password = %q
}
resource "openvpn_client_allowlist" "this" {
  common_names = ["alice", "bob"]
}
`, srv.ManagementAddress, srv.Password))

	// plan -detailed-exitcode: 0 no changes, 2 changes, 1 error.
	plan := func(want int) string {
		t.Helper()
		out, stderr, code := w.run(t, "plan", "-detailed-exitcode", "-no-color")
		if code != want {
			t.Fatalf("plan exited %d, want %d\n%s\n%s", code, want, out, stderr)
		}
		return out + stderr
	}
	apply := func() string {
		t.Helper()
		out, stderr, code := w.run(t, "apply", "-auto-approve", "-no-color")
		if code != 0 {
			t.Fatalf("apply exited %d\n%s\n%s", code, out, stderr)
		}
		return out + stderr
	}
	plan(2) // create
	apply()
	plan(0)

	mallory := openvpnlab.StartClientT(t, srv, openvpnlab.ClientConfig{CommonName: "mallory"})
	audit := plan(2)
	t.Logf("terraform plan -detailed-exitcode (exit 2):\n%s", audit)
	if !regexp.MustCompile(`~ violations\s+= \[`).MatchString(audit) || !strings.Contains(audit, `common_name     = "mallory"`) ||
		!strings.Contains(audit, `reason          = "common name \"mallory\" is not in common_names"`) ||
		strings.Contains(audit, `common_name     = "alice"`) {
		t.Errorf("the plan does not show exactly mallory's session going away:\n%s", audit)
	}
	enforced := apply()
	t.Logf("terraform apply:\n%s", enforced)
	// The address as the daemon's release prints it (2.7: udp4:127.0.0.1:PORT).
	addr := strings.Trim(srv.Release.RealAddressPattern().String(), "^$")
	if !strings.Contains(enforced, "openvpn_client_allowlist ended 1 OpenVPN session(s)") ||
		!regexp.MustCompile(`\(mallory, `+addr+`\)`).MatchString(enforced) {
		t.Errorf("apply does not report mallory's session:\n%s", enforced)
	}
	ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
	defer cancel()
	_ = mallory.Wait(ctx)
	if !mallory.Exited() {
		t.Error("mallory's client did not exit after HALT")
	}
	plan(0)
}
