package main

import (
	"bytes"
	"errors"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"testing"
)

// cliWorkspace runs the real Terraform CLI against a provider binary built
// from this checkout (dev_overrides: nothing is downloaded, no init).
type cliWorkspace struct {
	tf, tfrc, dir string
}

// newCLIWorkspace builds the provider and returns an empty working directory.
func newCLIWorkspace(t *testing.T) cliWorkspace {
	t.Helper()
	tf := os.Getenv("TF_ACC_TERRAFORM_PATH")
	if tf == "" {
		var err error
		if tf, err = exec.LookPath("terraform"); err != nil {
			t.Fatal("no Terraform CLI: set TF_ACC_TERRAFORM_PATH or put terraform on PATH (make test does)")
		}
	}
	dir := t.TempDir()
	bin := filepath.Join(dir, "bin")
	build := exec.Command("go", "build", "-o", filepath.Join(bin, "terraform-provider-openvpn"), ".")
	if out, err := build.CombinedOutput(); err != nil {
		t.Fatalf("go build: %v\n%s", err, out)
	}
	w := cliWorkspace{tf: tf, tfrc: filepath.Join(dir, "dev.tfrc"), dir: filepath.Join(dir, "work")}
	write(t, w.tfrc, fmt.Sprintf(`provider_installation {
  dev_overrides { "vpnops/openvpn" = %q }
  direct {}
}
`, bin))
	return w
}

// run runs terraform in the workspace and returns its stdout, stderr and
// exit code; a failure to start it fails the test.
func (w cliWorkspace) run(t *testing.T, args ...string) (stdout, stderr string, code int) {
	t.Helper()
	cmd := exec.Command(w.tf, append([]string{"-chdir=" + w.dir}, args...)...)
	cmd.Env = append(os.Environ(), "TF_CLI_CONFIG_FILE="+w.tfrc, "CHECKPOINT_DISABLE=1", "TF_IN_AUTOMATION=1")
	var errBuf bytes.Buffer
	cmd.Stderr = &errBuf
	out, err := cmd.Output()
	var ee *exec.ExitError
	switch {
	case errors.As(err, &ee):
		code = ee.ExitCode()
	case err != nil:
		t.Fatalf("terraform %v: %v", args, err)
	}
	return string(out), errBuf.String(), code
}

// must runs terraform, fails the test unless it exits 0, and returns stdout.
func (w cliWorkspace) must(t *testing.T, args ...string) string {
	t.Helper()
	out, stderr, code := w.run(t, args...)
	if code != 0 {
		t.Fatalf("terraform %v: exit %d\n%s\n%s", args, code, out, stderr)
	}
	return out
}

func write(t *testing.T, path, text string) {
	t.Helper()
	if err := os.MkdirAll(filepath.Dir(path), 0o755); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(path, []byte(text), 0o600); err != nil {
		t.Fatal(err)
	}
}
