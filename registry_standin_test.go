package main

import (
	"encoding/json"
	"encoding/pem"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"testing"
)

// registryStandIn serves a testRelease by the provider registry protocol
// on 127.0.0.1 over TLS, as registry.terraform.io would serve the
// published release: Terraform checks the SHA256SUMS signature against the
// served key and locks every zip's zh: hash from it, which no mirror
// gives. A CLI configuration's host block sends registry.terraform.io's
// provider service here (cliConfig.registry), and SSL_CERT_FILE makes
// Terraform trust the server's certificate.
type registryStandIn struct {
	srv      *httptest.Server
	certFile string

	mu      sync.Mutex
	fetched []string // files downloaded, in order
}

func newRegistryStandIn(t *testing.T, r testRelease) *registryStandIn {
	t.Helper()
	s := &registryStandIn{}
	shasum := map[platform]string{}
	for p, zip := range r.zips {
		shasum[p] = fileSHA256(t, zip)
	}
	mux := http.NewServeMux()
	base := "/v1/providers/vpnops/" + providerType + "/"
	mux.HandleFunc("GET "+base+"versions", func(w http.ResponseWriter, _ *http.Request) {
		var platforms []map[string]string
		for _, p := range r.platforms {
			platforms = append(platforms, map[string]string{"os": p.os, "arch": p.arch})
		}
		writeJSON(w, map[string]any{"versions": []any{map[string]any{
			"version": r.names.version, "protocols": []string{"6.0"}, "platforms": platforms,
		}}})
	})
	mux.HandleFunc("GET "+base+r.names.version+"/download/{os}/{arch}", func(w http.ResponseWriter, req *http.Request) {
		p := platform{req.PathValue("os"), req.PathValue("arch")}
		zip, ok := r.zips[p]
		if !ok {
			http.NotFound(w, req)
			return
		}
		files := s.srv.URL + "/files/"
		writeJSON(w, map[string]any{
			"protocols": []string{"6.0"}, "os": p.os, "arch": p.arch,
			"filename":              filepath.Base(zip),
			"download_url":          files + filepath.Base(zip),
			"shasums_url":           files + r.names.sums(),
			"shasums_signature_url": files + r.names.signature(),
			"shasum":                shasum[p],
			"signing_keys": map[string]any{"gpg_public_keys": []any{map[string]string{
				"key_id": r.key.keyID, "ascii_armor": r.key.armored,
			}}},
		})
	})
	mux.HandleFunc("GET /files/{name}", func(w http.ResponseWriter, req *http.Request) {
		name := req.PathValue("name")
		s.mu.Lock()
		s.fetched = append(s.fetched, name)
		s.mu.Unlock()
		http.ServeFile(w, req, filepath.Join(r.dir, filepath.Base(name)))
	})
	mux.HandleFunc("/", func(w http.ResponseWriter, req *http.Request) {
		t.Errorf("registry stand-in: unexpected request %s %s", req.Method, req.URL)
		http.NotFound(w, req)
	})
	s.srv = httptest.NewTLSServer(mux)
	t.Cleanup(s.srv.Close)

	s.certFile = filepath.Join(t.TempDir(), "registry-ca.pem")
	cert := pem.EncodeToMemory(&pem.Block{Type: "CERTIFICATE", Bytes: s.srv.Certificate().Raw})
	if err := os.WriteFile(s.certFile, cert, 0o644); err != nil {
		t.Fatal(err)
	}
	return s
}

// servicesURL is the providers.v1 service a host block points at.
func (s *registryStandIn) servicesURL() string { return s.srv.URL + "/v1/providers/" }

// downloads says which files were fetched so far, in order.
func (s *registryStandIn) downloads() string {
	s.mu.Lock()
	defer s.mu.Unlock()
	return strings.Join(s.fetched, " ")
}

func writeJSON(w http.ResponseWriter, v any) {
	w.Header().Set("Content-Type", "application/json")
	_ = json.NewEncoder(w).Encode(v)
}
