package openvpnlab

import (
	"context"
	"crypto/rand"
	"encoding/hex"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"sync"
)

// pki is a throw-away certificate authority made with the openssl binary
// (Go's crypto/x509 could do it too, but the daemon links OpenSSL, and
// certificates made by the same library avoid any doubt when a handshake
// fails). EC prime256v1 keys take milliseconds; with ECDHE the server needs
// no DH parameters (--dh none).
type pki struct {
	dir    string
	caCert string
	caKey  string

	mu      sync.Mutex
	clients map[string]certPair // by common name; duplicate CNs share one cert
	n       int
}

type certPair struct{ cert, key string }

const (
	serverExt = "basicConstraints=CA:FALSE\nkeyUsage=digitalSignature,keyAgreement\nextendedKeyUsage=serverAuth\n"
	clientExt = "basicConstraints=CA:FALSE\nkeyUsage=digitalSignature,keyAgreement\nextendedKeyUsage=clientAuth\n"
)

// newPKI makes a CA in dir.
func newPKI(ctx context.Context, dir string) (*pki, error) {
	if err := os.MkdirAll(dir, 0o700); err != nil {
		return nil, err
	}
	p := &pki{
		dir:     dir,
		caCert:  filepath.Join(dir, "ca.crt"),
		caKey:   filepath.Join(dir, "ca.key"),
		clients: map[string]certPair{},
	}
	err := openssl(ctx, "req", "-x509", "-newkey", "ec", "-pkeyopt", "ec_paramgen_curve:prime256v1",
		"-nodes", "-keyout", p.caKey, "-out", p.caCert, "-days", "7", "-utf8", "-subj", "/CN=openvpnlab CA")
	if err != nil {
		return nil, err
	}
	return p, nil
}

// server issues the server's certificate.
func (p *pki) server(ctx context.Context) (certPair, error) {
	return p.issue(ctx, "server", "openvpnlab server", serverExt)
}

// client returns the certificate for cn, issuing it on first use. The CN
// is written byte for byte (openssl -utf8 normalises nothing), so "UNDEF"
// (the daemon's placeholder for a name not known yet) and "Zoe\u0308"
// (NFD) give certificates with exactly those names.
func (p *pki) client(ctx context.Context, cn string) (certPair, error) {
	p.mu.Lock()
	defer p.mu.Unlock() // held across openssl so two callers with one CN make one cert
	if c, ok := p.clients[cn]; ok {
		return c, nil
	}
	p.n++
	// File names are numbered: a CN such as "Doe, John #1" is no file name.
	c, err := p.issue(ctx, fmt.Sprintf("client-%d", p.n), cn, clientExt)
	if err != nil {
		return certPair{}, err
	}
	p.clients[cn] = c
	return c, nil
}

func (p *pki) issue(ctx context.Context, name, cn, ext string) (certPair, error) {
	c := certPair{cert: filepath.Join(p.dir, name+".crt"), key: filepath.Join(p.dir, name+".key")}
	csr := filepath.Join(p.dir, name+".csr")
	extFile := filepath.Join(p.dir, name+".ext")
	if err := os.WriteFile(extFile, []byte(ext), 0o600); err != nil {
		return c, err
	}
	if err := openssl(ctx, "req", "-new", "-newkey", "ec", "-pkeyopt", "ec_paramgen_curve:prime256v1",
		"-nodes", "-keyout", c.key, "-out", csr, "-utf8", "-subj", "/CN="+subjEscape(cn)); err != nil {
		return c, err
	}
	// -set_serial rather than -CAcreateserial: the shared serial file would
	// race when tests issue certificates in parallel.
	if err := openssl(ctx, "x509", "-req", "-in", csr, "-CA", p.caCert, "-CAkey", p.caKey,
		"-set_serial", randomSerial(), "-days", "7", "-extfile", extFile, "-out", c.cert); err != nil {
		return c, err
	}
	return c, nil
}

// subjEscape escapes the characters openssl's -subj parser treats as
// separators, so a CN may contain '/', '+' and '\'. Commas, spaces and '#'
// need no escaping there.
func subjEscape(cn string) string {
	return strings.NewReplacer(`\`, `\\`, `/`, `\/`, `+`, `\+`).Replace(cn)
}

func randomSerial() string {
	b := make([]byte, 8)
	_, _ = rand.Read(b)
	b[0] &= 0x7f // positive
	return "0x" + hex.EncodeToString(b)
}

func openssl(ctx context.Context, args ...string) error {
	out, err := exec.CommandContext(ctx, "openssl", args...).CombinedOutput()
	if err != nil {
		return fmt.Errorf("openvpnlab: openssl %s: %w\n%s", args[0], err, out)
	}
	return nil
}
