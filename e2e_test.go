package main

import (
	"bytes"
	"errors"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
)

// terraformCLI is the Terraform CLI these tests run: TF_ACC_TERRAFORM_PATH,
// or terraform on the PATH.
func terraformCLI(t *testing.T) string {
	t.Helper()
	if tf := os.Getenv("TF_ACC_TERRAFORM_PATH"); tf != "" {
		return tf
	}
	tf, err := exec.LookPath("terraform")
	if err != nil {
		t.Fatal("no Terraform CLI: set TF_ACC_TERRAFORM_PATH or put terraform on PATH (make test does)")
	}
	return tf
}

// cliWorkspace runs a real Terraform CLI (or OpenTofu) in a working
// directory, with a CLI configuration of its own.
type cliWorkspace struct {
	name, tf, tfrc, dir string
	env                 []string // set for every run
}

// newCLIWorkspace builds the provider and returns an empty working
// directory whose CLI configuration points Terraform at that build
// (dev_overrides: nothing is downloaded, no init).
func newCLIWorkspace(t *testing.T) cliWorkspace {
	t.Helper()
	tf := terraformCLI(t)
	dir := t.TempDir()
	bin := filepath.Join(dir, "bin")
	build := exec.Command("go", "build", "-o", filepath.Join(bin, "terraform-provider-openvpn"), ".")
	if out, err := build.CombinedOutput(); err != nil {
		t.Fatalf("go build: %v\n%s", err, out)
	}
	w := cliWorkspace{name: "terraform", tf: tf, tfrc: filepath.Join(dir, "dev.tfrc"), dir: filepath.Join(dir, "work")}
	write(t, w.tfrc, fmt.Sprintf(`provider_installation {
  dev_overrides { "vpnops/openvpn" = %q }
  direct {}
}
`, bin))
	return w
}

// run runs the CLI in the workspace and returns its stdout, stderr and
// exit code; a failure to start it fails the test. An argument "env:K=V"
// sets K for this run only. The CLI sees none of the caller's TF_ and
// TOFU_ variables (a plugin cache, a data directory or dev_overrides there
// would change what runs).
func (w cliWorkspace) run(t *testing.T, args ...string) (stdout, stderr string, code int) {
	t.Helper()
	var env []string
	for _, kv := range os.Environ() {
		if !strings.HasPrefix(kv, "TF_") && !strings.HasPrefix(kv, "TOFU_") {
			env = append(env, kv)
		}
	}
	env = append(env, w.env...)
	env = append(env, "TF_CLI_CONFIG_FILE="+w.tfrc, "CHECKPOINT_DISABLE=1", "TF_IN_AUTOMATION=1")
	var cliArgs []string
	for _, a := range args {
		if kv, ok := strings.CutPrefix(a, "env:"); ok {
			env = append(env, kv)
		} else {
			cliArgs = append(cliArgs, a)
		}
	}
	cmd := exec.Command(w.tf, append([]string{"-chdir=" + w.dir}, cliArgs...)...)
	cmd.Env = env
	var errBuf bytes.Buffer
	cmd.Stderr = &errBuf
	out, err := cmd.Output()
	var ee *exec.ExitError
	switch {
	case errors.As(err, &ee):
		code = ee.ExitCode()
	case err != nil:
		t.Fatalf("%s %v: %v", w.name, cliArgs, err)
	}
	return string(out), errBuf.String(), code
}

// must runs the CLI, fails the test unless it exits 0, and returns stdout.
func (w cliWorkspace) must(t *testing.T, args ...string) string {
	t.Helper()
	out, stderr, code := w.run(t, args...)
	if code != 0 {
		t.Fatalf("%s %v: exit %d\n%s\n%s", w.name, args, code, out, stderr)
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
