package remote_test

import (
	"bufio"
	"context"
	"fmt"
	"net"
	"os"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/vpnops/terraform-provider-openvpn/internal/management"
	"github.com/vpnops/terraform-provider-openvpn/internal/openvpnlab"
	"github.com/vpnops/terraform-provider-openvpn/internal/remote"
	"github.com/vpnops/terraform-provider-openvpn/internal/remotelab"
)

// BenchmarkStatusThroughSSH measures multi-line replies of a real daemon
// with 20 connected clients, directly, through a real sshd (also behind a
// second one as bastion) and through stunnel on loopback, to a TCP and to
// a unix-socket management target:
//
//	go test -run '^$' -bench StatusThroughSSH -benchtime 200x ./internal/remote/
//
// b.N replies per path. The daemon serves one management client at a time,
// so the paths take turns in blocks of 20 replies on one connection
// each (connecting and one warm-up reply are not timed): a machine that
// gets busier during the run slows all three alike. Per path it reports
// the median and the 90th percentile in ms and the replies over 10 ms, and
// the ratios of SSH and TLS to direct.
//
// OPENVPNLAB_BENCH_CLIENTS=200 connects 200 clients instead (a long
// status 3 reply; starting them takes some seconds).
//
// Two replies: status 3 (20 clients) and log all, which the benchmark fills
// with command lines of about 250 bytes and then freezes at verb 0 (about
// 50 KB, in some 50 passes of the daemon's 1 KB writes).
//
// Through SSH or stunnel another program reads the daemon's socket; on a
// TCP target the daemon's Nagle then waits for that reader's delayed ACK
// (~40 ms) unless the client's pump byte carries the ACK at once
// (internal/management/pump.go).
func BenchmarkStatusThroughSSH(b *testing.B) {
	clients := 20
	if n, err := strconv.Atoi(os.Getenv("OPENVPNLAB_BENCH_CLIENTS")); err == nil && n > 0 {
		clients = n
	}
	key := remotelab.NewKey(b, b.TempDir(), "bench", "")
	sshd := remotelab.StartSSHD(b, remotelab.SSHDConfig{AuthorizedKeys: []string{key.Public}})
	via := &remote.SSHConfig{SSHHost: remote.SSHHost{Host: sshd.Host, Port: sshd.Port, User: sshd.User, PrivateKey: key.Private, HostKey: sshd.HostKey}}
	jump := remotelab.StartSSHD(b, remotelab.SSHDConfig{AuthorizedKeys: []string{key.Public}})
	viaBastion := *via
	viaBastion.Bastion = &remote.SSHHost{Host: jump.Host, Port: jump.Port, User: jump.User, PrivateKey: key.Private, HostKey: jump.HostKey}
	for _, unix := range []bool{false, true} {
		srv := openvpnlab.StartServerT(b, openvpnlab.ServerConfig{Password: password, ManagementUnix: unix})
		openvpnlab.StartClientsT(b, srv, clients)
		logBytes := fillLog(b, srv)
		target := strings.TrimPrefix(strings.TrimPrefix(srv.ManagementAddress, "tcp://"), "unix://")
		st := remotelab.StartStunnel(b, remotelab.StunnelConfig{Connect: target})
		network := map[bool]string{false: "tcp", true: "unix"}[unix]
		paths := []string{"direct", "ssh", "bastion", "tls"}
		clientsByPath := map[string]*management.Client{}
		for _, path := range paths {
			ssh := via
			if path == "bastion" {
				ssh = &viaBastion
			}
			clientsByPath[path] = benchClient(b, srv, st, ssh, path)
		}
		for _, reply := range []string{"status", "log"} {
			b.Run(network+"/"+reply, func(b *testing.B) {
				read := func(ctx context.Context, c *management.Client) error {
					if reply == "status" {
						s, err := c.Status(ctx)
						if err == nil && len(s.Clients) != clients {
							err = fmt.Errorf("status 3: %d clients, want %d", len(s.Clients), clients)
						}
						return err
					}
					lines, err := c.Log(ctx, 0)
					if err == nil && len(lines) < 90 {
						err = fmt.Errorf("log all: %d lines, want the 100 filled in", len(lines))
					}
					return err
				}
				took := takeTurns(b, paths, clientsByPath, read)
				report(b, paths, took)
				if reply == "log" {
					b.ReportMetric(float64(logBytes)/1000, "KB/reply")
				}
			})
		}
	}
}

// takeTurns times b.N replies per path, the paths taking turns in blocks.
func takeTurns(b *testing.B, paths []string, clients map[string]*management.Client, read func(context.Context, *management.Client) error) map[string][]time.Duration {
	const block = 20
	ctx := context.Background()
	took := map[string][]time.Duration{}
	b.ResetTimer()
	for done := 0; done < b.N; done += block {
		for _, path := range paths {
			c := clients[path]
			b.StopTimer()
			if err := read(ctx, c); err != nil { // connects; not timed
				b.Fatalf("%s: %v", path, err)
			}
			b.StartTimer()
			for i := done; i < min(done+block, b.N); i++ {
				start := time.Now()
				if err := read(ctx, c); err != nil {
					b.Fatalf("%s: %v", path, err)
				}
				took[path] = append(took[path], time.Since(start))
			}
			b.StopTimer()
			_ = c.Close() // the daemon serves one management client at a time
			b.StartTimer()
		}
	}
	return took
}

// report gives each path's median, 90th percentile and replies over 10 ms,
// and the ratios to direct.
func report(b *testing.B, paths []string, took map[string][]time.Duration) {
	median, p90 := map[string]float64{}, map[string]float64{}
	for _, path := range paths {
		median[path], p90[path] = openvpnlab.ReportLatencies(b, path+"-", took[path])
	}
	for _, path := range paths[1:] {
		b.ReportMetric(median[path]/median["direct"], path+"/direct-median")
		b.ReportMetric(p90[path]/p90["direct"], path+"/direct-p90")
	}
}

// benchClient is a management client for srv: dialled directly, through
// sshd, or to stunnel in front of it.
func benchClient(b *testing.B, srv *openvpnlab.Server, st *remotelab.Stunnel, via *remote.SSHConfig, path string) *management.Client {
	cfg := management.Config{Address: srv.ManagementAddress, Password: password, Timeout: 10 * time.Second}
	var rc remote.Config
	switch path {
	case "ssh", "bastion":
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
