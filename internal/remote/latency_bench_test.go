package remote_test

import (
	"bufio"
	"context"
	"fmt"
	"net"
	"strings"
	"testing"
	"time"

	"github.com/vpnops/terraform-provider-openvpn/internal/management"
	"github.com/vpnops/terraform-provider-openvpn/internal/openvpnlab"
	"github.com/vpnops/terraform-provider-openvpn/internal/remote"
	"github.com/vpnops/terraform-provider-openvpn/internal/remotelab"
)

// BenchmarkStatusThroughSSH measures multi-line replies of a real daemon
// with 20 connected clients, directly, through a real sshd and through
// stunnel on loopback, to a TCP and to a unix-socket management target,
// side by side in one run:
//
//	go test -run '^$' -bench StatusThroughSSH -benchtime 200x ./internal/remote/
//
// Two replies: status 3 (about 3 KB) and log all, which the benchmark
// fills with 100 lines of about 250 bytes and then freezes at verb 0 (about
// 24 KB, in some 24 passes of the daemon's 1 KB writes). Each cell reports
// the mean, the median and the 90th percentile.
//
// Through SSH or stunnel another program reads the daemon's socket; on a
// TCP target the daemon's Nagle then waits for that reader's delayed ACK
// (~40 ms) unless the client's pump byte carries the ACK at once
// (internal/management/pump.go).
func BenchmarkStatusThroughSSH(b *testing.B) {
	const clients = 20
	key := remotelab.NewKey(b, b.TempDir(), "bench", "")
	sshd := remotelab.StartSSHD(b, remotelab.SSHDConfig{AuthorizedKeys: []string{key.Public}})
	via := &remote.SSHConfig{SSHHost: remote.SSHHost{Host: sshd.Host, Port: sshd.Port, User: sshd.User, PrivateKey: key.Private, HostKey: sshd.HostKey}}
	for _, unix := range []bool{false, true} {
		srv := openvpnlab.StartServerT(b, openvpnlab.ServerConfig{Password: password, ManagementUnix: unix})
		openvpnlab.StartClientsT(b, srv, clients)
		logBytes := fillLog(b, srv)
		target := strings.TrimPrefix(strings.TrimPrefix(srv.ManagementAddress, "tcp://"), "unix://")
		st := remotelab.StartStunnel(b, remotelab.StunnelConfig{Connect: target})
		network := map[bool]string{false: "tcp", true: "unix"}[unix]
		for _, reply := range []string{"status", "log"} {
			for _, path := range []string{"direct", "ssh", "tls"} {
				b.Run(network+"/"+reply+"/"+path, func(b *testing.B) {
					c := benchClient(b, srv, st, via, path)
					if reply == "status" {
						openvpnlab.TimeStatus(b, clients, func(ctx context.Context) (int, error) {
							s, err := c.Status(ctx)
							if err != nil {
								return 0, err
							}
							return len(s.Clients), nil
						})
						return
					}
					openvpnlab.TimeReplies(b, "reply", func(ctx context.Context) error {
						lines, err := c.Log(ctx, 0)
						if err == nil && len(lines) < 90 {
							err = fmt.Errorf("log all: %d lines, want the 100 filled in", len(lines))
						}
						return err
					})
					b.ReportMetric(float64(logBytes)/1000, "KB/reply")
				})
			}
		}
	}
}

// benchClient is a management client for srv: dialled directly, through
// sshd, or to stunnel in front of it.
func benchClient(b *testing.B, srv *openvpnlab.Server, st *remotelab.Stunnel, via *remote.SSHConfig, path string) *management.Client {
	cfg := management.Config{Address: srv.ManagementAddress, Password: password, Timeout: 10 * time.Second}
	var rc remote.Config
	switch path {
	case "ssh":
		rc.SSH = via
	case "tls":
		cfg.Address = st.Address
		rc.TLS = remote.TLSConfig{CACertificate: st.CA.CertPEM, ServerName: st.ServerName}
	}
	if path != "direct" {
		d, err := remote.New(rc)
		if err != nil {
			b.Fatal(err)
		}
		b.Cleanup(func() { _ = d.Close() })
		cfg.Dial = d.Dial
	}
	c, err := management.New(cfg)
	if err != nil {
		b.Fatal(err)
	}
	b.Cleanup(func() { _ = c.Close() })
	return c
}

// fillLog puts 100 log lines of about 250 bytes into the daemon's log
// cache (the command lines it logs at verb 3) and then sets verb 0, so that
// the benchmark's own commands leave "log all" as it is. It returns the
// size of that reply.
func fillLog(b *testing.B, srv *openvpnlab.Server) int {
	b.Helper()
	network, target, _ := strings.Cut(srv.ManagementAddress, "://")
	nc, err := net.DialTimeout(network, target, 5*time.Second)
	if err != nil {
		b.Fatal(err)
	}
	defer nc.Close()
	_ = nc.SetDeadline(time.Now().Add(30 * time.Second))
	r := bufio.NewReader(nc)
	prompt := make([]byte, len("ENTER PASSWORD:"))
	if _, err := r.Read(prompt); err != nil {
		b.Fatal(err)
	}
	var cmds strings.Builder
	cmds.WriteString(password + "\n")
	for i := 0; i < 100; i++ {
		fmt.Fprintf(&cmds, "kill bench-%03d-%s\n", i, strings.Repeat("x", 200))
	}
	cmds.WriteString("verb 0\nlog all\n")
	if _, err := nc.Write([]byte(cmds.String())); err != nil {
		b.Fatal(err)
	}
	size, inLog := 0, false
	for {
		line, err := r.ReadString('\n')
		if err != nil {
			b.Fatalf("filling the log: %v", err)
		}
		switch {
		case strings.HasPrefix(line, "SUCCESS: verb level changed"):
			inLog = true
		case inLog:
			size += len(line)
			if line == "END\r\n" {
				_, _ = nc.Write([]byte("quit\n"))
				return size
			}
		}
	}
}
