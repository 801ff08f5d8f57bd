package provider

import (
	"fmt"
	"strings"
	"testing"

	"github.com/vpnops/terraform-provider-openvpn/internal/remote"
)

// A unix forward that failed without a clear refusal (what the remote
// package reports for unix:///nonexistent/mgmt.sock through sshd, see
// TestSSHTargetNotListening) is not called a refusal: the hint leads with
// the daemon and the path, then the permissions, then sshd's option.
func TestMissingSocketThroughSSHIsNotARefusal(t *testing.T) {
	missing := &remote.ForwardError{Hop: remote.HopHost, Host: "127.0.0.1:22", Network: "unix",
		Target: "/nonexistent/mgmt.sock", Option: "AllowStreamLocalForwarding", Message: "open failed"}
	summary, hint := explain(fmt.Errorf("openvpn management at unix:///nonexistent/mgmt.sock: %w", missing))
	if summary != "SSH host could not open the OpenVPN management socket" {
		t.Errorf("summary %q", summary)
	}
	order := []string{"not running", "SSH user may not open it", "AllowStreamLocalForwarding"}
	last := -1
	for _, cause := range order {
		i := strings.Index(hint, cause)
		if i <= last {
			t.Fatalf("hint %q: want the causes in this order: %q", hint, order)
		}
		last = i
	}
	// A clear refusal keeps its own words.
	refused := *missing
	refused.Prohibited = true
	if summary, _ := explain(&refused); summary != "SSH host refused to forward to the management socket" {
		t.Errorf("prohibited unix forward: summary %q", summary)
	}
}
