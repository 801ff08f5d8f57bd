package remote_test

import (
	"context"
	"testing"
	"time"

	"github.com/vpnops/terraform-provider-openvpn/internal/management"
	"github.com/vpnops/terraform-provider-openvpn/internal/openvpnlab"
	"github.com/vpnops/terraform-provider-openvpn/internal/remote"
	"github.com/vpnops/terraform-provider-openvpn/internal/remotelab"
)

// BenchmarkStatusThroughSSH measures status 3 with 20 connected clients,
// directly and through a real sshd on loopback, to a TCP and to a unix
// socket management target, side by side in one run:
//
//	go test -run '^$' -bench StatusThroughSSH -benchtime 200x ./internal/remote/
//
// Through SSH, sshd reads the daemon's socket. On a TCP target the daemon's
// Nagle then waits for sshd's delayed ACK on every multi-line reply (the
// management client's quick ACKs cannot help: it no longer reads that
// socket); a unix socket has no Nagle.
func BenchmarkStatusThroughSSH(b *testing.B) {
	const clients = 20
	key := remotelab.NewKey(b, b.TempDir(), "bench", "")
	sshd := remotelab.StartSSHD(b, remotelab.SSHDConfig{AuthorizedKeys: []string{key.Public}})
	via := &remote.SSHConfig{SSHHost: remote.SSHHost{Host: sshd.Host, Port: sshd.Port, User: sshd.User, PrivateKey: key.Private, HostKey: sshd.HostKey}}
	for _, unix := range []bool{false, true} {
		srv := openvpnlab.StartServerT(b, openvpnlab.ServerConfig{Password: password, ManagementUnix: unix})
		openvpnlab.StartClientsT(b, srv, clients)
		target := map[bool]string{false: "tcp", true: "unix"}[unix]
		for _, path := range []string{"direct", "ssh"} {
			b.Run(target+"/"+path, func(b *testing.B) {
				cfg := management.Config{Address: srv.ManagementAddress, Password: password, Timeout: 10 * time.Second}
				if path == "ssh" {
					d, err := remote.New(remote.Config{SSH: via, Timeout: 10 * time.Second})
					if err != nil {
						b.Fatal(err)
					}
					defer d.Close()
					cfg.Dial = d.Dial
				}
				c, err := management.New(cfg)
				if err != nil {
					b.Fatal(err)
				}
				defer func() { _ = c.Close() }()
				openvpnlab.TimeStatus(b, clients, func(ctx context.Context) (int, error) {
					st, err := c.Status(ctx)
					if err != nil {
						return 0, err
					}
					return len(st.Clients), nil
				})
			})
		}
	}
}
