package provider

import (
	"context"
	"crypto/ed25519"
	"crypto/rand"
	"encoding/pem"
	"errors"
	"fmt"
	"strings"
	"testing"

	"github.com/hashicorp/terraform-plugin-framework/path"
	"github.com/hashicorp/terraform-plugin-framework/provider"
	"github.com/hashicorp/terraform-plugin-framework/schema/validator"
	"github.com/hashicorp/terraform-plugin-framework/types"
	"golang.org/x/crypto/ssh"

	"github.com/vpnops/terraform-provider-openvpn/internal/management"
	"github.com/vpnops/terraform-provider-openvpn/internal/remote"
)

func env(m map[string]string) func(string) string { return func(k string) string { return m[k] } }

// The ssh block's defaults are ssh's: the local user, ~/.ssh/known_hosts,
// the agent; the bastion inherits the host's user and key.
func TestSSHConfigDefaults(t *testing.T) {
	key := testPrivateKey(t)
	m := sshModel{
		hopModel:       hopModel{Host: types.StringValue("vpn1.example.com"), PrivateKey: types.StringValue(key)},
		KnownHostsFile: types.StringNull(),
		Bastion:        &hopModel{Host: types.StringValue("jump.example.com")},
	}
	c := sshConfig(m, env(map[string]string{EnvUser: "ops", EnvHome: "/home/ops", EnvSSHAuthSock: "/tmp/agent.sock"}))
	if c.User != "ops" || c.KnownHostsFile != "/home/ops/.ssh/known_hosts" || c.AgentSocket != "/tmp/agent.sock" {
		t.Errorf("defaults: user %q, known_hosts %q, agent %q", c.User, c.KnownHostsFile, c.AgentSocket)
	}
	if c.Bastion == nil || c.Bastion.User != "ops" || c.Bastion.PrivateKey != key {
		t.Errorf("bastion %+v: want the host's user and key", c.Bastion)
	}
	m.KnownHostsFile = types.StringValue("~/hosts")
	if c := sshConfig(m, env(map[string]string{EnvHome: "/home/ops"})); c.KnownHostsFile != "/home/ops/hosts" {
		t.Errorf("known_hosts_file ~/hosts = %q; want it under HOME", c.KnownHostsFile)
	}
}

func TestWithRemote(t *testing.T) {
	cases := []struct {
		name    string
		address string
		m       connectionModel
		dial    bool
		errAt   path.Path
		errText string
	}{
		{name: "plain address, no dialer", address: "tcp://127.0.0.1:7505"},
		{name: "tls address, system roots", address: "tls://127.0.0.1:7506", dial: true},
		{name: "tls settings on a tcp address", address: "tcp://127.0.0.1:7505", m: connectionModel{TLS: &tlsModel{}},
			errAt: path.Root("tls"), errText: "only to a tls://"},
		{name: "client key without certificate", address: "tls://127.0.0.1:7506",
			m:     connectionModel{TLS: &tlsModel{ClientKey: types.StringValue("x")}},
			errAt: path.Root("tls").AtName("client_certificate"), errText: "mutual TLS needs both"},
		{name: "no key, no agent", address: "unix:///run/openvpn/server.sock",
			m:     connectionModel{SSH: &sshModel{hopModel: hopModel{Host: types.StringValue("h"), HostKey: types.StringValue(testPublicKey(t))}}},
			errAt: path.Root("ssh").AtName("private_key"), errText: "no SSH agent"},
		{name: "bastion host key", address: "unix:///run/openvpn/server.sock",
			m: connectionModel{SSH: &sshModel{hopModel: hopModel{Host: types.StringValue("h"), PrivateKey: types.StringValue(testPrivateKey(t)),
				HostKey: types.StringValue(testPublicKey(t))}, Bastion: &hopModel{Host: types.StringValue("b"), HostKey: types.StringValue("nope")}}},
			errAt: path.Root("ssh").AtName("bastion").AtName("host_key"), errText: "not a public key line"},
		{name: "ssh", address: "unix:///run/openvpn/server.sock", dial: true,
			m: connectionModel{SSH: &sshModel{hopModel: hopModel{Host: types.StringValue("h"), PrivateKey: types.StringValue(testPrivateKey(t)), HostKey: types.StringValue(testPublicKey(t))}}}},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			cfg := management.Config{Address: tc.address, Timeout: management.DefaultTimeout}
			at, err := withRemote(&cfg, tc.m, env(map[string]string{EnvUser: "ops"}), &remote.Hosts{})
			if tc.errText != "" {
				if err == nil || !strings.Contains(err.Error(), tc.errText) || !at.Equal(tc.errAt) {
					t.Fatalf("withRemote = %v at %s; want %q at %s", err, at, tc.errText, tc.errAt)
				}
				return
			}
			if err != nil || (cfg.Dial != nil) != tc.dial {
				t.Fatalf("withRemote = %v, dialer set %v; want no error, dialer %v", err, cfg.Dial != nil, tc.dial)
			}
		})
	}
}

// A key that does not parse is reported without quoting the value.
func TestPrivateKeyValidatorQuotesNothing(t *testing.T) {
	for in, want := range map[string]string{
		"~/.ssh/id_ed25519": "looks like a file name",
		"-----BEGIN PUBLIC KEY-----\nsecretish\n-----END PUBLIC KEY-----": "not a PEM block",
	} {
		var resp validator.StringResponse
		privateKeyValidator{}.ValidateString(context.Background(), validator.StringRequest{Path: path.Root("ssh"), ConfigValue: types.StringValue(in)}, &resp)
		if !resp.Diagnostics.HasError() {
			t.Fatalf("%q accepted", in)
		}
		d := resp.Diagnostics[0].Detail()
		if !strings.Contains(d, want) || strings.Contains(d, "secretish") || strings.Contains(d, "id_ed25519") {
			t.Errorf("diagnostic for %q: %q; want %q and no quote of the value", in, d, want)
		}
	}
	var resp validator.StringResponse
	privateKeyValidator{}.ValidateString(context.Background(), validator.StringRequest{ConfigValue: types.StringValue(testPrivateKey(t))}, &resp)
	if resp.Diagnostics.HasError() {
		t.Errorf("a real key was refused: %v", resp.Diagnostics)
	}
}

var testKey ed25519.PrivateKey

func testSigner(t *testing.T) ed25519.PrivateKey {
	t.Helper()
	if testKey == nil {
		_, k, err := ed25519.GenerateKey(rand.Reader)
		if err != nil {
			t.Fatal(err)
		}
		testKey = k
	}
	return testKey
}

func testPrivateKey(t *testing.T) string {
	t.Helper()
	b, err := ssh.MarshalPrivateKey(testSigner(t), "test")
	if err != nil {
		t.Fatal(err)
	}
	return string(pem.EncodeToMemory(b))
}

func testPublicKey(t *testing.T) string {
	t.Helper()
	pub, err := ssh.NewPublicKey(testSigner(t).Public())
	if err != nil {
		t.Fatal(err)
	}
	return string(ssh.MarshalAuthorizedKey(pub))
}

// Every setting the remote package can fault maps to an attribute the
// provider schema has, on the SSH host and on the bastion.
func TestRemoteFieldsMapToSchemaAttributes(t *testing.T) {
	var resp provider.SchemaResponse
	New("test")().Schema(context.Background(), provider.SchemaRequest{}, &resp)
	for _, f := range remote.Fields() {
		for _, bastion := range []bool{false, true} {
			at := remoteAttribute(&remote.ConfigError{Field: f, Bastion: bastion, Err: errors.New("x")})
			if len(at.Steps()) < 2 {
				t.Errorf("%s (bastion %v) maps to %s; want an attribute inside a block", f, bastion, at)
				continue
			}
			if _, diags := resp.Schema.AttributeAtPath(context.Background(), at); diags.HasError() {
				t.Errorf("%s (bastion %v) maps to %s, which the provider schema lacks: %v", f, bastion, at, diags)
			}
		}
	}
}

// Each fact the remote package reports about a setting comes back with
// what to do, on the attribute at fault.
func TestRemoteConfigErrorHints(t *testing.T) {
	for _, tc := range []struct {
		err  error
		want string
	}{
		{remote.ErrPassphraseMissing, "Set private_key_passphrase"},
		{fmt.Errorf("%w: x", remote.ErrPassphraseWrong), "Check private_key_passphrase"},
		{remote.ErrNoAgent, "set private_key, or start an agent"},
		{remote.ErrNoHostKeySource, "Set host_key, or known_hosts_file"},
		{remote.ErrNotPublicKey, `Use the form "ssh-ed25519`},
		{fmt.Errorf("is not set: %w", remote.ErrHalfKeyPair), "Set both tls.client_certificate and tls.client_key"},
	} {
		err := remoteConfigError(sshAttr("private_key"), &remote.ConfigError{Field: remote.FieldPrivateKey, Err: tc.err})
		if msg := err.Error(); !strings.HasPrefix(msg, "ssh.private_key: "+tc.err.Error()) || !strings.Contains(msg, tc.want) {
			t.Errorf("%v worded %q; want the attribute, the fact and %q", tc.err, msg, tc.want)
		}
	}
}
