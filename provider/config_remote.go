package provider

import (
	"errors"
	"os/user"
	"path/filepath"
	"strings"

	"github.com/hashicorp/terraform-plugin-framework/path"

	"github.com/vpnops/terraform-provider-openvpn/internal/management"
	"github.com/vpnops/terraform-provider-openvpn/internal/remote"
)

// withRemote installs the SSH and TLS dialer in cfg when the connection
// asks for one (an ssh block, a tls:// address); its SSH connection is
// shared through hosts with every other daemon reached the same way. On
// error it returns the attribute at fault, from the connection's root.
func withRemote(cfg *management.Config, m connectionModel, getenv func(string) string, hosts *remote.Hosts) (path.Path, error) {
	isTLS := strings.HasPrefix(cfg.Address, "tls://")
	if m.TLS != nil && !isTLS {
		return path.Root("tls"), errors.New("the tls settings apply only to a tls://HOST:PORT address; the address is " + cfg.Address)
	}
	if m.SSH == nil && !isTLS {
		return path.Empty(), nil
	}
	rc := remote.Config{Timeout: cfg.Timeout}
	if m.TLS != nil {
		rc.TLS = remote.TLSConfig{
			CACertificate:     m.TLS.CACertificate.ValueString(),
			ServerName:        m.TLS.ServerName.ValueString(),
			ClientCertificate: m.TLS.ClientCertificate.ValueString(),
			ClientKey:         m.TLS.ClientKey.ValueString(),
		}
	}
	if m.SSH != nil {
		rc.SSH = sshConfig(*m.SSH, getenv)
	}
	d, err := hosts.New(rc)
	if err != nil {
		at := remoteAttribute(err)
		return at, remoteConfigError(at, err)
	}
	cfg.Dial = d.Dial
	return path.Empty(), nil
}

// sshConfig fills the ssh block's defaults the way ssh does: the local
// user, ~/.ssh/known_hosts, the agent at SSH_AUTH_SOCK.
func sshConfig(s sshModel, getenv func(string) string) *remote.SSHConfig {
	c := &remote.SSHConfig{
		SSHHost: remote.SSHHost{
			Host:       s.Host.ValueString(),
			Port:       int(s.Port.ValueInt64()),
			User:       valueOr(s.User.ValueString(), localUser(getenv)),
			PrivateKey: s.PrivateKey.ValueString(),
			Passphrase: s.PrivateKeyPassphrase.ValueString(),
			HostKey:    s.HostKey.ValueString(),
		},
		KnownHostsFile: expandHome(s.KnownHostsFile.ValueString(), getenv),
		AgentSocket:    getenv(EnvSSHAuthSock),
	}
	if c.KnownHostsFile == "" && getenv(EnvHome) != "" {
		c.KnownHostsFile = filepath.Join(getenv(EnvHome), ".ssh", "known_hosts")
	}
	if b := s.Bastion; b != nil {
		bh := remote.SSHHost{
			Host:       b.Host.ValueString(),
			Port:       int(b.Port.ValueInt64()),
			User:       valueOr(b.User.ValueString(), c.User),
			PrivateKey: b.PrivateKey.ValueString(),
			Passphrase: b.PrivateKeyPassphrase.ValueString(),
			HostKey:    b.HostKey.ValueString(),
		}
		if bh.PrivateKey == "" {
			bh.PrivateKey, bh.Passphrase = c.PrivateKey, c.Passphrase
		}
		c.Bastion = &bh
	}
	return c
}

func localUser(getenv func(string) string) string {
	if u := getenv(EnvUser); u != "" {
		return u
	}
	if u, err := user.Current(); err == nil {
		return u.Username
	}
	return ""
}

func expandHome(p string, getenv func(string) string) string {
	if home := getenv(EnvHome); home != "" && (p == "~" || strings.HasPrefix(p, "~/")) {
		return filepath.Join(home, strings.TrimPrefix(p, "~"))
	}
	return p
}

// remoteFields is where each remote setting lives in the provider block:
// on the SSH host (or in the tls block), and on the bastion.
var remoteFields = map[remote.Field]struct{ host, bastion path.Path }{
	remote.FieldHost:              {sshAttr("host"), bastionAttr("host")},
	remote.FieldPort:              {sshAttr("port"), bastionAttr("port")},
	remote.FieldUser:              {sshAttr("user"), bastionAttr("user")},
	remote.FieldPrivateKey:        {sshAttr("private_key"), bastionAttr("private_key")},
	remote.FieldHostKey:           {sshAttr("host_key"), bastionAttr("host_key")},
	remote.FieldKnownHostsFile:    {sshAttr("known_hosts_file"), sshAttr("known_hosts_file")}, // one file for both hops
	remote.FieldCACertificate:     {tlsAttr("ca_certificate"), tlsAttr("ca_certificate")},
	remote.FieldClientCertificate: {tlsAttr("client_certificate"), tlsAttr("client_certificate")},
	remote.FieldClientKey:         {tlsAttr("client_key"), tlsAttr("client_key")},
}

func sshAttr(name string) path.Path     { return path.Root("ssh").AtName(name) }
func bastionAttr(name string) path.Path { return path.Root("ssh").AtName("bastion").AtName(name) }
func tlsAttr(name string) path.Path     { return path.Root("tls").AtName(name) }

// remoteAttribute maps a remote.ConfigError to the attribute it is about;
// any other error is the ssh block's.
func remoteAttribute(err error) path.Path {
	var ce *remote.ConfigError
	if !errors.As(err, &ce) {
		return path.Root("ssh")
	}
	f, ok := remoteFields[ce.Field]
	switch {
	case !ok && ce.Field.TLS():
		return path.Root("tls")
	case !ok:
		return path.Root("ssh")
	case ce.Bastion:
		return f.bastion
	}
	return f.host
}

// remoteVia describes the route for the debug log: hosts and users only,
// never a key.
func remoteVia(m connectionModel) string {
	if m.SSH == nil {
		return "direct"
	}
	via := "ssh " + m.SSH.User.ValueString() + "@" + m.SSH.Host.ValueString()
	if b := m.SSH.Bastion; b != nil {
		via += " via bastion " + b.Host.ValueString()
	}
	return via
}
