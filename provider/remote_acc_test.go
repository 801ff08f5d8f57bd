package provider

import (
	"fmt"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"

	"github.com/hashicorp/terraform-plugin-testing/helper/resource"
	"github.com/hashicorp/terraform-plugin-testing/terraform"

	"github.com/vpnops/terraform-provider-openvpn/internal/openvpnlab"
	"github.com/vpnops/terraform-provider-openvpn/internal/remote"
	"github.com/vpnops/terraform-provider-openvpn/internal/remotelab"
)

// sshLab is a lab daemon behind a real sshd that lets a throw-away key in.
type sshLab struct {
	srv     *openvpnlab.Server
	sshd    *remotelab.SSHD
	key     remotelab.Key
	keyFile string
}

func startSSHLab(t *testing.T, unix bool) sshLab {
	t.Helper()
	var cfg remotelab.SSHDConfig
	testAccPreCheck(t)
	srv := openvpnlab.StartServerT(t, openvpnlab.ServerConfig{Password: labPassword, ManagementUnix: unix})
	key := remotelab.NewKey(t, t.TempDir(), "id_ed25519", "")
	cfg.AuthorizedKeys = append(cfg.AuthorizedKeys, key.Public)
	return sshLab{srv: srv, sshd: remotelab.StartSSHD(t, cfg), key: key, keyFile: key.Path}
}

// provider is a provider block reaching l's daemon through its sshd, with
// the key read by file() (so the configuration text never holds it) and
// extra lines inside the ssh block.
func (l sshLab) provider(extra string) string {
	return fmt.Sprintf(`
provider "openvpn" {
  address  = %q
  password = %q
  timeout  = "10s"
  ssh = {
    host        = %q
    port        = %d
    user        = "root"
    private_key = file(%q)
%s
  }
}
`, l.srv.ManagementAddress, l.srv.Password, l.sshd.Host, l.sshd.Port, l.keyFile, extra)
}

func (l sshLab) pinned() string { return fmt.Sprintf("    host_key = %q", l.sshd.HostKey) }

const serverAndClients = `
data "openvpn_server" "this" {}
data "openvpn_clients" "this" {}
`

// checkPID asserts the server data source read this lab's daemon.
func checkPID(srv *openvpnlab.Server) resource.TestCheckFunc {
	return resource.TestCheckResourceAttr("data.openvpn_server.this", "pid", fmt.Sprint(srv.PID))
}

func TestAccSSHKeyTCPAndUnixTargets(t *testing.T) {
	for _, unix := range []bool{false, true} {
		t.Run(map[bool]string{false: "tcp", true: "unix"}[unix], func(t *testing.T) {
			l := startSSHLab(t, unix)
			openvpnlab.StartClientT(t, l.srv, openvpnlab.ClientConfig{CommonName: "through-ssh"})
			resource.Test(t, resource.TestCase{
				ProtoV6ProviderFactories: testProviders,
				Steps: []resource.TestStep{{
					Config: l.provider(l.pinned()) + serverAndClients + `resource "openvpn_verb" "this" { level = 4 }`,
					Check: resource.ComposeTestCheckFunc(checkPID(l.srv),
						resource.TestCheckResourceAttr("data.openvpn_clients.this", "clients.0.common_name", "through-ssh"),
						resource.TestCheckResourceAttr("openvpn_verb.this", "level", "4")),
				}},
			})
		})
	}
}

func TestAccSSHAgentAndKnownHosts(t *testing.T) {
	l := startSSHLab(t, true)
	t.Setenv(EnvSSHAuthSock, remotelab.StartAgent(t, l.key))
	home := t.TempDir()
	t.Setenv(EnvHome, home)
	if err := os.MkdirAll(filepath.Join(home, ".ssh"), 0o700); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(filepath.Join(home, ".ssh", "known_hosts"), []byte(l.sshd.KnownHostsLine()+"\n"), 0o600); err != nil {
		t.Fatal(err)
	}
	// No private_key, no host_key: the agent and ~/.ssh/known_hosts, as ssh does.
	config := fmt.Sprintf(`
provider "openvpn" {
  address  = %q
  password = %q
  ssh = {
    host = %q
    port = %d
    user = "root"
  }
}
`, l.srv.ManagementAddress, l.srv.Password, l.sshd.Host, l.sshd.Port)
	resource.Test(t, resource.TestCase{
		ProtoV6ProviderFactories: testProviders,
		Steps:                    []resource.TestStep{{Config: config + serverAndClients, Check: checkPID(l.srv)}},
	})
	if !strings.Contains(l.sshd.Log(), "Accepted publickey for root") {
		t.Errorf("sshd logged no login:\n%s", l.sshd.Log())
	}
}

func TestAccSSHBastion(t *testing.T) {
	l := startSSHLab(t, true)
	bastion := remotelab.StartSSHD(t, remotelab.SSHDConfig{AuthorizedKeys: []string{l.key.Public}, NoStreamLocalForwarding: true})
	extra := l.pinned() + fmt.Sprintf(`
    bastion = {
      host     = %q
      port     = %d
      host_key = %q
    }`, bastion.Host, bastion.Port, bastion.HostKey)
	resource.Test(t, resource.TestCase{
		ProtoV6ProviderFactories: testProviders,
		Steps:                    []resource.TestStep{{Config: l.provider(extra) + serverAndClients, Check: checkPID(l.srv)}},
	})
	if !strings.Contains(bastion.Log(), "server_request_direct_tcpip") {
		t.Errorf("the bastion forwarded nothing:\n%s", bastion.Log())
	}
}

// Each SSH failure has its own diagnostic naming the facts; none of them
// lets a byte reach the daemon.
func TestAccSSHErrors(t *testing.T) {
	l := startSSHLab(t, false)
	noForward := remotelab.StartSSHD(t, remotelab.SSHDConfig{AuthorizedKeys: []string{l.key.Public}, NoTCPForwarding: true})
	other := remotelab.NewKey(t, t.TempDir(), "other", "")
	empty := filepath.Join(t.TempDir(), "known_hosts")
	if err := os.WriteFile(empty, nil, 0o600); err != nil {
		t.Fatal(err)
	}
	hostKey, _ := remote.ParseHostKey(l.sshd.HostKey)
	fp := regexp.QuoteMeta(fingerprintOf(hostKey))
	withKeyFile := func(keyFile string) sshLab { c := l; c.keyFile = keyFile; return c }
	read := `data "openvpn_version" "this" {}`
	step := func(provider, want string) resource.TestStep {
		return resource.TestStep{Config: provider + read, ExpectError: expectError(want)}
	}
	forwardBlocked := strings.Replace(l.provider(fmt.Sprintf("    host_key = %q", noForward.HostKey)),
		fmt.Sprintf("port        = %d", l.sshd.Port), fmt.Sprintf("port        = %d", noForward.Port), 1)
	resource.Test(t, resource.TestCase{
		ProtoV6ProviderFactories: testProviders,
		Steps: []resource.TestStep{
			step(l.provider(fmt.Sprintf("    known_hosts_file = %q", empty)), `(?s)SSH host unknown.*`+fp+`.*ssh-keyscan`),
			step(l.provider(fmt.Sprintf("    host_key = %q", other.Public)), `(?s)SSH host key changed.*`+fp+`.*does not match the pinned host key.*update host_key`),
			step(withKeyFile(other.Path).provider(l.pinned()), `(?s)SSH host authentication failed.*"root".*publickey with the private key.*set user, private_key`),
			step(forwardBlocked, `(?s)SSH host refused to forward to the management port.*AllowTcpForwarding`),
			step(strings.Replace(l.provider(l.pinned()), fmt.Sprintf("port        = %d", l.sshd.Port), "port        = 1", 1),
				`(?s)SSH host unreachable.*127.0.0.1:1`),
			step(l.provider(`    private_key_passphrase = "x"
    host_key = "not a key"`), `(?s)Invalid SSH host key`),
			step(strings.Replace(l.provider(l.pinned()), fmt.Sprintf("file(%q)", l.keyFile), fmt.Sprintf("%q", l.keyFile), 1),
				`(?s)Invalid SSH private key.*looks like a file name`),
		},
	})
	if n := countInLog(t, l.srv, "MANAGEMENT: Client connected"); n != 0 {
		t.Errorf("the daemon logged %d management connections; a failed SSH step must let none through", n)
	}
	if strings.Contains(l.sshd.Log(), "Accepted publickey") {
		t.Errorf("the provider logged in to a host it did not trust, or with a refused key:\n%s", l.sshd.Log())
	}
}

// sshd down between runs: the next run says the SSH host is unreachable,
// not that the daemon is.
func TestAccSSHDStopped(t *testing.T) {
	l := startSSHLab(t, true)
	config := l.provider(l.pinned()) + serverAndClients
	resource.Test(t, resource.TestCase{
		ProtoV6ProviderFactories: testProviders,
		Steps: []resource.TestStep{
			{Config: config, Check: checkPID(l.srv)},
			{PreConfig: l.sshd.Stop, Config: config, ExpectError: expectError(`(?s)SSH host unreachable.*sshd runs there`)},
		},
	})
}

// With every log at TRACE, the private key and its passphrase appear
// nowhere: not in logs, not in state, not in the plan.
func TestAccSSHKeyNeverLogged(t *testing.T) {
	l := startSSHLab(t, true)
	enc := remotelab.NewKey(t, t.TempDir(), "enc", "pass phrase 42")
	l.key, l.keyFile = enc, enc.Path
	l.sshd = remotelab.StartSSHD(t, remotelab.SSHDConfig{AuthorizedKeys: []string{enc.Public}})
	t.Setenv("TF_VAR_passphrase", enc.Passphrase)
	logPath := filepath.Join(t.TempDir(), "trace.log")
	t.Setenv("TF_LOG", "TRACE")
	t.Setenv("TF_ACC_LOG_PATH", logPath)
	secrets := []string{keyBody(enc.Private), enc.Passphrase}
	resource.Test(t, resource.TestCase{
		ProtoV6ProviderFactories: testProviders,
		Steps: []resource.TestStep{{
			Config: `variable "passphrase" {
  type      = string
  sensitive = true
}
` + l.provider(l.pinned()+"\n    private_key_passphrase = var.passphrase") + serverAndClients,
			Check: func(s *terraform.State) error {
				for _, secret := range secrets {
					if err := noPasswordInState(s, secret); err != nil {
						return err
					}
				}
				return nil
			},
		}},
	})
	b, err := os.ReadFile(logPath)
	if err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(string(b), "openvpn management command") || !strings.Contains(string(b), "ssh root@127.0.0.1") {
		t.Fatalf("the trace log (%d bytes) has no provider debug lines; the test would prove nothing", len(b))
	}
	for _, secret := range secrets {
		if strings.Contains(string(b), secret) {
			t.Errorf("a secret (%d bytes) appears in the TRACE log %s", len(secret), logPath)
		}
	}
}

// keyBody is the longest base64 line of a private key: what a leak would
// show even if reformatted.
func keyBody(key string) string {
	longest := ""
	for _, line := range strings.Split(key, "\n") {
		if !strings.HasPrefix(line, "-----") && len(line) > len(longest) {
			longest = line
		}
	}
	return longest
}

func TestAccTLS(t *testing.T) {
	testAccPreCheck(t)
	srv := openvpnlab.StartServerT(t, openvpnlab.ServerConfig{Password: labPassword})
	st := remotelab.StartStunnel(t, remotelab.StunnelConfig{Connect: strings.TrimPrefix(srv.ManagementAddress, "tcp://"), RequireClientCert: true})
	other := remotelab.NewCA(t, "another CA")
	dir := t.TempDir()
	files := map[string]string{"ca.pem": st.CA.CertPEM, "other.pem": other.CertPEM, "client.pem": st.Client.CertPEM, "client.key": st.Client.KeyPEM}
	for name, text := range files {
		if err := os.WriteFile(filepath.Join(dir, name), []byte(text), 0o600); err != nil {
			t.Fatal(err)
		}
	}
	provider := func(ca string, client bool) string {
		mutual := ""
		if client {
			mutual = fmt.Sprintf(`
    client_certificate = file(%q)
    client_key         = file(%q)`, filepath.Join(dir, "client.pem"), filepath.Join(dir, "client.key"))
		}
		return fmt.Sprintf(`
provider "openvpn" {
  address  = %q
  password = %q
  tls = {
    ca_certificate = file(%q)
    server_name    = %q%s
  }
}
`, st.Address, srv.Password, filepath.Join(dir, ca), st.ServerName, mutual)
	}
	resource.Test(t, resource.TestCase{
		ProtoV6ProviderFactories: testProviders,
		Steps: []resource.TestStep{
			{Config: `provider "openvpn" {
  address = "tcp://127.0.0.1:7505"
  tls     = { server_name = "x" }
}
` + serverAndClients, ExpectError: expectError(`(?s)only to a tls://HOST:PORT address`)},
			{Config: provider("other.pem", true) + serverAndClients, ExpectError: expectError(`(?s)TLS to the OpenVPN management port failed.*not signed by the configured CA`)},
			{Config: provider("ca.pem", false) + serverAndClients, ExpectError: expectError(`(?s)TLS to the OpenVPN management port failed.*asks for a client certificate`)},
			{Config: provider("ca.pem", true) + serverAndClients, Check: checkPID(srv)},
		},
	})
}
