package provider

import (
	"fmt"
	"os"
	"path/filepath"
	"testing"

	"github.com/hashicorp/terraform-plugin-testing/helper/resource"

	"github.com/vpnops/terraform-provider-openvpn/internal/remotelab"
)

// A host that presents a certificate: trusted through a @cert-authority
// line in known_hosts_file or in host_key, refused with "SSH host key
// revoked" when the CA is @revoked, "SSH host unknown" (with the way to
// trust its CA) when nothing trusts it, and a host_key marked @revoked is
// invalid configuration. None of the refusals reaches the daemon.
func TestAccSSHHostCertificate(t *testing.T) {
	l := startSSHLab(t, true)
	ca := remotelab.NewKey(t, t.TempDir(), "host_ca", "")
	l.sshd = remotelab.StartSSHD(t, remotelab.SSHDConfig{AuthorizedKeys: []string{l.key.Public}, HostCA: &ca})
	dir := t.TempDir()
	file := func(name, text string) string {
		p := filepath.Join(dir, name)
		if err := os.WriteFile(p, []byte(text), 0o600); err != nil {
			t.Fatal(err)
		}
		return p
	}
	trusted := file("trusted", "garbage that OpenSSH skips\n@cert-authority * "+ca.Public+"\n")
	revoked := file("revoked", "@cert-authority * "+ca.Public+"\n@revoked [127.0.0.1]:* "+ca.Public+"\n")
	empty := file("empty", "")
	knownHosts := func(p string) string { return fmt.Sprintf("    known_hosts_file = %q", p) }
	hostKey := func(line string) string { return fmt.Sprintf("    host_key = %q", line) }
	resource.Test(t, resource.TestCase{
		ProtoV6ProviderFactories: testProviders,
		Steps: []resource.TestStep{
			{Config: l.provider(knownHosts(trusted)) + serverAndClients, Check: checkPID(l.srv)},
			{Config: l.provider(knownHosts(revoked)) + serverAndClients,
				ExpectError: expectError(`(?s)SSH host key revoked.*signed by CA.*marks @revoked`)},
			{Config: l.provider(knownHosts(empty)) + serverAndClients,
				ExpectError: expectError(`(?s)SSH host unknown.*host certificate is signed by CA.*@cert-authority PATTERN CA-PUBLIC-KEY`)},
			{Config: l.provider(hostKey("@revoked * "+l.sshd.HostKey)) + serverAndClients,
				ExpectError: expectError(`(?s)Invalid SSH host key.*marked @revoked`)},
			// Last: the post-test destroy runs with the last configuration.
			{Config: l.provider(hostKey("@cert-authority * "+ca.Public)) + serverAndClients, Check: checkPID(l.srv)},
		},
	})
	if n := countInLog(t, l.srv, "MANAGEMENT: Client connected"); n < 2 {
		t.Errorf("the daemon logged %d management connections; want one for each trusted step", n)
	}
}
