package openvpnlab

import (
	"context"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"sync"
)

// ServerConfig describes a lab server. The zero value plus Dir is a server
// with an unauthenticated TCP management port.
type ServerConfig struct {
	// Dir holds the PKI, the pwfile and the logs. Required (tests pass
	// t.TempDir()).
	Dir string
	// Password is the management password, written as the first line of a
	// mode-0600 pwfile. Spaces are kept (the daemon compares the raw line).
	// "" means no password. It may not contain a newline.
	Password string
	// ManagementUnix listens on a unix socket (Dir/mgmt.sock, or a short
	// temporary path if that exceeds the 108-byte sun_path) instead of
	// 127.0.0.1:<free port>. A daemon has only one --management.
	ManagementUnix bool
	// ManagementPort is the TCP management port to try first (0: any free
	// port). If it is taken, the server falls back to a free one, so compare
	// ManagementAddress. The demo keeps its port across reruns this way.
	ManagementPort int
	// ManagementHold adds --management-hold: the daemon waits for
	// "hold release" before it initialises. StartServer then returns as soon
	// as the daemon is waiting, and StartClient cannot succeed until release.
	ManagementHold bool
	// ClientAuth adds --management-client-auth: every client waits until
	// the management client answers its >CLIENT:CONNECT. Start such clients
	// with ClientConfig.NoWait. Adds --auth-user-pass-optional, without
	// which clients that have no Username are refused.
	ClientAuth bool
	// UsernameAuth makes the server ask for username/password and accept
	// any (--auth-user-pass-verify /bin/true via-file), so the Username
	// column is filled. --auth-user-pass-optional lets clients without a
	// Username connect too; their Username is UNDEF.
	UsernameAuth bool
	// Verb is --verb; 0 means 3, the level at which the daemon logs each
	// management command. For verb 0 pass "--verb", "0" in ExtraArgs (the
	// last occurrence wins).
	Verb int
	// Detach leaves the server and its clients running after this process
	// exits (the demo CLI); see StopDetached.
	Detach bool
	// ExtraArgs are appended to the daemon's command line.
	ExtraArgs []string
}

// Server is a running OpenVPN server daemon.
type Server struct {
	// ManagementAddress is "tcp://127.0.0.1:PORT" or "unix:///path".
	ManagementAddress string
	// Password is the management password ("" for none).
	Password string
	// Port is the UDP data-channel port on 127.0.0.1 that clients dial.
	Port int
	// PID is the daemon's process id (and its process group id).
	PID int
	// LogPath is the daemon's combined stdout/stderr (verb 3 by default).
	LogPath string
	// Args is the daemon's command line after the binary, for READMEs and
	// failure messages.
	Args []string
	// Release is the daemon's OpenVPN release (from `openvpn --version`);
	// tests derive what the daemon prints from it.
	Release Release

	cfg     ServerConfig
	bin     string
	pki     *pki
	d       *daemon
	sockDir string // temporary directory for a short unix socket path

	mu      sync.Mutex
	clients []*Client
	nextID  int
}

// Log lines that mean a daemon is ready (manage.c, init.c). The management
// line is waited for instead of connecting: the daemon serves one
// management client at a time, and a probe could steal the slot from the
// test or leave state behind.
const (
	logInitDone    = "Initialization Sequence Completed"
	logHoldWaiting = "Need hold release from management interface, waiting"
	logMgmtTCP     = "MANAGEMENT: TCP Socket listening on"
	logMgmtUnix    = "MANAGEMENT: unix domain socket listening on"
)

// StartServer makes a PKI in cfg.Dir and starts a server daemon on
// 127.0.0.1. It returns once the daemon is initialised (or, with
// ManagementHold, waiting for hold release) and its management socket is
// listening. ctx bounds the start only; call Stop to end the daemon.
func StartServer(ctx context.Context, cfg ServerConfig) (*Server, error) {
	if cfg.Dir == "" {
		return nil, errors.New("openvpnlab: ServerConfig.Dir is required")
	}
	if strings.ContainsAny(cfg.Password, "\r\n") {
		return nil, errors.New("openvpnlab: the management password cannot contain a line break (the pwfile's first line is the password)")
	}
	if err := checkHost(); err != nil {
		return nil, err
	}
	bin, err := Binary()
	if err != nil {
		return nil, err
	}
	rel, err := BinaryRelease()
	if err != nil {
		return nil, err
	}
	if cfg.Verb == 0 {
		cfg.Verb = 3
	}
	dir, err := filepath.Abs(cfg.Dir)
	if err != nil {
		return nil, err
	}
	cfg.Dir = dir
	p, err := newPKI(ctx, filepath.Join(dir, "pki"))
	if err != nil {
		return nil, err
	}
	cert, err := p.server(ctx)
	if err != nil {
		return nil, err
	}
	s := &Server{Password: cfg.Password, LogPath: filepath.Join(dir, "server.log"), Release: rel, cfg: cfg, bin: bin, pki: p}

	pwfile := ""
	if cfg.Password != "" {
		pwfile = filepath.Join(dir, "mgmt.pw")
		if err := os.WriteFile(pwfile, []byte(cfg.Password+"\n"), 0o600); err != nil {
			return nil, err
		}
	}
	sock := ""
	if cfg.ManagementUnix {
		if sock, err = s.socketPath(); err != nil {
			return nil, err
		}
	}

	markers := serverReadyMarkers(cfg)
	for attempt := 0; ; attempt++ {
		port, err := freePort("udp")
		if err != nil {
			return nil, err
		}
		want := 0
		if attempt == 0 {
			want = cfg.ManagementPort
		}
		mgmt, err := s.listen(sock, pwfile, want)
		if err != nil {
			return nil, err
		}
		s.Port = port
		s.Args = s.args(cert, mgmt)
		s.d, err = startDaemon(bin, s.Args, s.LogPath, cfg.Detach)
		if err != nil {
			s.removeSocketDir()
			return nil, err
		}
		err = s.d.waitLog(ctx, "openvpn server", markers...)
		if err == nil {
			s.PID = s.d.pid()
			return s, nil
		}
		s.d.stop()
		if !errors.Is(err, errBind) || attempt == 2 {
			s.removeSocketDir()
			return nil, fmt.Errorf("%w\ncommand: %s %s", err, bin, strings.Join(s.Args, " "))
		}
	}
}

// serverReadyMarkers are the log lines that mean the server is ready.
// With --management-hold the daemon does not initialise until released, so
// "waiting for hold release" is the ready state.
func serverReadyMarkers(cfg ServerConfig) []string {
	m := []string{logInitDone, logMgmtTCP}
	if cfg.ManagementHold {
		m[0] = logHoldWaiting
	}
	if cfg.ManagementUnix {
		m[1] = logMgmtUnix
	}
	return m
}

// listen returns the --management arguments (a unix socket if sock is
// set, else TCP port, or a free one if port is 0) and sets
// ManagementAddress to match.
func (s *Server) listen(sock, pwfile string, port int) ([]string, error) {
	var a []string
	if sock != "" {
		a = []string{"--management", sock, "unix"}
		s.ManagementAddress = "unix://" + sock
	} else {
		if port == 0 {
			var err error
			if port, err = freePort("tcp"); err != nil {
				return nil, err
			}
		}
		a = []string{"--management", "127.0.0.1", strconv.Itoa(port)}
		s.ManagementAddress = "tcp://127.0.0.1:" + strconv.Itoa(port)
	}
	if pwfile != "" {
		a = append(a, pwfile)
	}
	return a, nil
}

// args is the server's command line. --dev tun is required by --server
// (it refuses --dev null); --ifconfig-noexec and --route-noexec keep the
// tun device unconfigured, so several lab servers can share 10.8.0.0/24
// without touching each other or the host. No --status-version: the
// default (1) stays, so tests prove the client asks for v3 explicitly.
func (s *Server) args(cert certPair, mgmt []string) []string {
	cfg := s.cfg
	a := []string{
		"--dev", "tun", "--ifconfig-noexec", "--route-noexec",
		"--server", "10.8.0.0", "255.255.255.0", "--topology", "subnet",
		"--proto", "udp", "--local", "127.0.0.1", "--port", strconv.Itoa(s.Port),
		"--keepalive", "2", "10",
		"--duplicate-cn", // tests need two sessions with one CN
		s.Release.DataCiphersOption(), "AES-256-GCM:AES-128-GCM",
		"--ca", s.pki.caCert, "--cert", cert.cert, "--key", cert.key, "--dh", "none",
		"--verb", strconv.Itoa(cfg.Verb),
	}
	a = append(a, mgmt...)
	if cfg.ManagementHold {
		a = append(a, "--management-hold")
	}
	if cfg.ClientAuth {
		a = append(a, "--management-client-auth")
	}
	if cfg.UsernameAuth {
		a = append(a, "--script-security", "2",
			"--auth-user-pass-verify", "/bin/true", "via-file", "--tmp-dir", cfg.Dir)
	}
	if cfg.ClientAuth || cfg.UsernameAuth {
		// Both make the server demand a username/password from every client
		// ("TLS Error: Auth Username/Password was not provided by peer");
		// the lab also wants certificate-only clients.
		a = append(a, "--auth-user-pass-optional")
	}
	return append(a, cfg.ExtraArgs...)
}

// socketPath is Dir/mgmt.sock unless that is too long for sun_path (108
// bytes; t.TempDir() paths with long test names exceed it).
func (s *Server) socketPath() (string, error) {
	sock := filepath.Join(s.cfg.Dir, "mgmt.sock")
	if len(sock) < 100 {
		return sock, nil
	}
	d, err := os.MkdirTemp("", "ovlab")
	if err != nil {
		return "", err
	}
	s.sockDir = d
	return filepath.Join(d, "mgmt.sock"), nil
}

func (s *Server) removeSocketDir() {
	if s.sockDir != "" {
		_ = os.RemoveAll(s.sockDir)
	}
}

// Exited reports whether the server daemon has exited (for example after
// "signal SIGTERM" on its management interface).
func (s *Server) Exited() bool { return s.d.exited() }

// Wait returns when the server daemon has exited, or ctx ends.
func (s *Server) Wait(ctx context.Context) error { return s.d.wait(ctx) }

// Clients returns the clients started with StartClient, in start order.
func (s *Server) Clients() []*Client {
	s.mu.Lock()
	defer s.mu.Unlock()
	return append([]*Client(nil), s.clients...)
}

// Stop stops the server's clients, then the server (SIGTERM, SIGKILL after
// a grace period), and returns once every process has been reaped.
// Idempotent.
func (s *Server) Stop() {
	var wg sync.WaitGroup
	for _, c := range s.Clients() {
		wg.Add(1)
		go func() { defer wg.Done(); c.Stop() }()
	}
	wg.Wait()
	s.d.stop()
	s.removeSocketDir()
}
