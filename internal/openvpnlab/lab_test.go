package openvpnlab

import (
	"bytes"
	"context"
	"crypto/x509"
	"encoding/pem"
	"errors"
	"fmt"
	"net"
	"os"
	"strconv"
	"strings"
	"sync"
	"syscall"
	"testing"
	"time"
)

// rawConn speaks just enough of the management protocol, over raw bytes
// with deadlines, to check the lab. It deliberately does not use
// internal/management: the lab must be verified independently of it.
type rawConn struct {
	t   testing.TB
	c   net.Conn
	buf []byte
}

func dialRaw(t testing.TB, addr, password string) *rawConn {
	t.Helper()
	network, target := "tcp", strings.TrimPrefix(addr, "tcp://")
	if strings.HasPrefix(addr, "unix://") {
		network, target = "unix", strings.TrimPrefix(addr, "unix://")
	}
	c, err := net.DialTimeout(network, target, 5*time.Second)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { c.Close() })
	r := &rawConn{t: t, c: c}
	if password != "" {
		// The prompt has no newline: a line scanner would block here.
		r.until("ENTER PASSWORD:")
		r.send(password)
		r.until("SUCCESS: password is correct\r\n")
	}
	r.until(ReleaseT(t).Banner())
	return r
}

func (r *rawConn) send(line string) {
	r.t.Helper()
	if _, err := r.c.Write([]byte(line + "\n")); err != nil {
		r.t.Fatal(err)
	}
}

// until reads until marker arrives and returns everything up to and
// including it.
func (r *rawConn) until(marker string) string {
	r.t.Helper()
	_ = r.c.SetReadDeadline(time.Now().Add(10 * time.Second))
	for {
		if i := bytes.Index(r.buf, []byte(marker)); i >= 0 {
			out := string(r.buf[:i+len(marker)])
			r.buf = r.buf[i+len(marker):]
			return out
		}
		b := make([]byte, 4096)
		n, err := r.c.Read(b)
		r.buf = append(r.buf, b[:n]...)
		if err != nil {
			r.t.Fatalf("waiting for %q: %v; got %q", marker, err, r.buf)
		}
	}
}

// status3 returns the CLIENT_LIST rows of "status 3", split on TAB.
func (r *rawConn) status3() [][]string {
	r.t.Helper()
	r.send("status 3")
	var rows [][]string
	for _, line := range strings.Split(r.until("\r\nEND\r\n"), "\r\n") {
		if f := strings.Split(line, "\t"); f[0] == "CLIENT_LIST" {
			rows = append(rows, f)
		}
	}
	return rows
}

func TestServerWithThreeClients(t *testing.T) {
	t.Parallel()
	start := time.Now()
	s := StartServerT(t, ServerConfig{Password: "s3cret pass"})
	t.Logf("server ready in %d ms (PKI included)", time.Since(start).Milliseconds())
	if !strings.HasPrefix(s.ManagementAddress, "tcp://127.0.0.1:") {
		t.Fatalf("ManagementAddress = %q", s.ManagementAddress)
	}

	cns := []string{"Doe, John #1", "alice", "alice"}
	var wg sync.WaitGroup
	for _, cn := range cns {
		wg.Add(1)
		go func() { // StartClientT would call t.Fatal off the test goroutine
			defer wg.Done()
			t0 := time.Now()
			if _, err := s.StartClient(context.Background(), ClientConfig{CommonName: cn}); err != nil {
				t.Error(err)
				return
			}
			t.Logf("client %q connected in %d ms", cn, time.Since(t0).Milliseconds())
		}()
	}
	wg.Wait()
	if t.Failed() {
		return
	}

	r := dialRaw(t, s.ManagementAddress, s.Password)
	rows := r.status3()
	var got []string
	for _, f := range rows {
		got = append(got, f[1])
	}
	if strings.Join(sorted(got), "|") != "Doe, John #1|alice|alice" {
		t.Fatalf("CLIENT_LIST common names = %q, want Doe, John #1 and alice twice", got)
	}
}

func TestUnixManagement(t *testing.T) {
	t.Parallel()
	s := StartServerT(t, ServerConfig{ManagementUnix: true, Password: "a b"})
	if !strings.HasPrefix(s.ManagementAddress, "unix:///") {
		t.Fatalf("ManagementAddress = %q", s.ManagementAddress)
	}
	r := dialRaw(t, s.ManagementAddress, s.Password)
	r.send("pid")
	if got, want := r.until("\r\n"), "SUCCESS: pid="+strconv.Itoa(s.PID)+"\r\n"; got != want {
		t.Fatalf("pid reply %q, want %q", got, want)
	}
}

func TestUsernameAuthAndHalt(t *testing.T) {
	t.Parallel()
	s := StartServerT(t, ServerConfig{UsernameAuth: true})
	bob := StartClientT(t, s, ClientConfig{CommonName: "bob", Username: "bob user", Password: "pw"})
	StartClientT(t, s, ClientConfig{CommonName: "carol"}) // no username: allowed by --auth-user-pass-optional

	r := dialRaw(t, s.ManagementAddress, "")
	users := map[string]string{}
	cid := ""
	for _, f := range r.status3() {
		users[f[1]] = f[9] // HEADER: ... Username Client ID ...
		if f[1] == "bob" {
			cid = f[10]
		}
	}
	if users["bob"] != "bob user" || users["carol"] != "UNDEF" {
		t.Fatalf("usernames = %q", users)
	}

	// A HALTed client must exit, not reconnect: tests of client-kill rely on Exited.
	r.send("client-kill " + cid + " HALT")
	if got := r.until("\r\n"); got != "SUCCESS: client-kill command succeeded\r\n" {
		t.Fatalf("client-kill reply %q", got)
	}
	ctx, cancel := context.WithTimeout(context.Background(), 15*time.Second)
	defer cancel()
	if err := bob.Wait(ctx); err != nil {
		t.Fatalf("HALTed client still running: %v", err)
	}
	if !bob.Exited() {
		t.Fatal("Exited() = false after Wait")
	}
}

func TestHoldAndClientManagement(t *testing.T) {
	t.Parallel()
	s := StartServerT(t, ServerConfig{ManagementHold: true})
	r := dialRaw(t, s.ManagementAddress, "")
	r.until(">HOLD:Waiting for hold release:0\r\n")
	r.send("hold release")
	r.until("SUCCESS: hold release succeeded\r\n")
	if err := s.d.waitLog(context.Background(), "server", logInitDone); err != nil {
		t.Fatal(err)
	}

	c := StartClientT(t, s, ClientConfig{CommonName: "held", ManagementHold: true})
	cr := dialRaw(t, c.ManagementAddress, "")
	cr.until(">HOLD:Waiting for hold release:0\r\n")
	cr.send("hold release")
	cr.until("SUCCESS: hold release succeeded\r\n")
	if err := c.WaitConnected(context.Background()); err != nil {
		t.Fatal(err)
	}
	cr.send("status 3")
	if got := cr.until("\r\nEND\r\n"); !strings.HasPrefix(got, "OpenVPN STATISTICS\r\n") {
		t.Fatalf("client status = %q", got)
	}
}

func TestClientAuthWithNoWait(t *testing.T) {
	t.Parallel()
	s := StartServerT(t, ServerConfig{ClientAuth: true})
	r := dialRaw(t, s.ManagementAddress, "")
	// A certificate-only client: --auth-user-pass-optional lets it through.
	c := StartClientT(t, s, ClientConfig{CommonName: "pending", NoWait: true})
	r.until(">CLIENT:CONNECT,")
	first, _, _ := strings.Cut(r.until(">CLIENT:ENV,END\r\n"), "\r\n")
	cid, kid, _ := strings.Cut(first, ",")
	r.send("client-auth-nt " + cid + " " + kid)
	if got := r.until("\r\n"); got != "SUCCESS: client-auth command succeeded\r\n" {
		t.Fatalf("client-auth-nt reply %q", got)
	}
	ctx, cancel := context.WithTimeout(context.Background(), 15*time.Second)
	defer cancel()
	if err := c.WaitConnected(ctx); err != nil {
		t.Fatal(err)
	}
}

func TestStopLeavesNoProcess(t *testing.T) {
	t.Parallel()
	s := StartServerT(t, ServerConfig{})
	c1 := StartClientT(t, s, ClientConfig{CommonName: "one"})
	c2 := StartClientT(t, s, ClientConfig{CommonName: "two", Management: true})
	pids := []int{s.PID, c1.PID, c2.PID}

	t0 := time.Now()
	s.Stop()
	t.Logf("stopped server and 2 clients in %d ms", time.Since(t0).Milliseconds())
	s.Stop() // idempotent
	for _, pid := range pids {
		if err := syscall.Kill(pid, 0); !errors.Is(err, syscall.ESRCH) {
			t.Errorf("pid %d after Stop: kill(pid, 0) = %v, want ESRCH", pid, err)
		}
	}
}

func TestStartServerErrors(t *testing.T) {
	t.Parallel()
	if _, err := StartServer(context.Background(), ServerConfig{}); err == nil {
		t.Error("StartServer without Dir succeeded")
	}
	if _, err := StartServer(context.Background(), ServerConfig{Dir: t.TempDir(), Password: "a\nb"}); err == nil {
		t.Error("StartServer with a newline in the password succeeded")
	}
	Require(t) // the rest starts a daemon
	_, err := StartServer(context.Background(), ServerConfig{Dir: t.TempDir(), ExtraArgs: []string{"--no-such-option"}})
	if err == nil || !strings.Contains(err.Error(), "no-such-option") {
		t.Errorf("bad option: error %v should quote the daemon's log", err)
	}
}

func sorted(s []string) []string {
	s = append([]string(nil), s...)
	for i := range s {
		for j := i + 1; j < len(s); j++ {
			if s[j] < s[i] {
				s[i], s[j] = s[j], s[i]
			}
		}
	}
	return s
}

// ManagementPort is used when free and given up for a free port when
// taken (the demo keeps its port across reruns this way).
func TestServerManagementPort(t *testing.T) {
	t.Parallel()
	port, err := freePort("tcp")
	if err != nil {
		t.Fatal(err)
	}
	s := StartServerT(t, ServerConfig{ManagementPort: port})
	if want := fmt.Sprintf("tcp://127.0.0.1:%d", port); s.ManagementAddress != want {
		t.Errorf("ManagementAddress = %q, want %q", s.ManagementAddress, want)
	}
	// Port now held by s: a second server must fall back.
	s2 := StartServerT(t, ServerConfig{ManagementPort: port})
	if s2.ManagementAddress == s.ManagementAddress || !strings.HasPrefix(s2.ManagementAddress, "tcp://127.0.0.1:") {
		t.Errorf("second server's ManagementAddress = %q, want another free port", s2.ManagementAddress)
	}
}

// Certificates keep odd common names byte for byte, and the daemon lists
// them so: "UNDEF" (its own placeholder for a name not known yet, here a
// real certificate with a virtual address) and "Zoe" + U+0308 (NFD, which
// Terraform would turn into the one-character "ë").
func TestOddCommonNames(t *testing.T) {
	t.Parallel()
	s := StartServerT(t, ServerConfig{})
	names := []string{"UNDEF", "Zoe\u0308"}
	for _, cn := range names {
		pair, err := s.pki.client(context.Background(), cn)
		if err != nil {
			t.Fatal(err)
		}
		b, err := os.ReadFile(pair.cert)
		if err != nil {
			t.Fatal(err)
		}
		blk, _ := pem.Decode(b)
		if blk == nil {
			t.Fatalf("%s: no PEM block", pair.cert)
		}
		cert, err := x509.ParseCertificate(blk.Bytes)
		if err != nil {
			t.Fatal(err)
		}
		if cert.Subject.CommonName != cn {
			t.Errorf("certificate CN = %+q, want %+q", cert.Subject.CommonName, cn)
		}
		StartClientT(t, s, ClientConfig{CommonName: cn})
	}
	rows := dialRaw(t, s.ManagementAddress, "").status3()
	got := map[string]string{}
	for _, f := range rows {
		got[f[1]] = f[3]
	}
	for _, cn := range names {
		if vaddr, ok := got[cn]; !ok || vaddr == "" {
			t.Errorf("CLIENT_LIST has no row for %+q with a virtual address: %q", cn, rows)
		}
	}
}
