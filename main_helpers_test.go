package main

import (
	"os"
	"os/exec"
	"path/filepath"
	"testing"
)

// devTerraform builds the provider binary, writes mainTF into a fresh
// working directory with a dev_overrides CLI configuration pointing at the
// binary, and returns a function that runs the real Terraform CLI there
// (failing the test on a non-zero exit) and returns its stdout.
func devTerraform(t *testing.T, mainTF string) func(args ...string) []byte {
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
	write(t, filepath.Join(dir, "dev.tfrc"), `provider_installation {
  dev_overrides { "vpnops/openvpn" = "`+bin+`" }
  direct {}
}
`)
	work := filepath.Join(dir, "work")
	write(t, filepath.Join(work, "main.tf"), mainTF)
	return func(args ...string) []byte {
		cmd := exec.Command(tf, append([]string{"-chdir=" + work}, args...)...)
		cmd.Env = append(os.Environ(), "TF_CLI_CONFIG_FILE="+filepath.Join(dir, "dev.tfrc"), "CHECKPOINT_DISABLE=1", "TF_IN_AUTOMATION=1")
		out, err := cmd.Output()
		if err != nil {
			stderr := ""
			if ee, ok := err.(*exec.ExitError); ok {
				stderr = string(ee.Stderr)
			}
			t.Fatalf("terraform %v: %v\n%s\n%s", args, err, out, stderr)
		}
		return out
	}
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
