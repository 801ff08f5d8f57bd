package main

import (
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"runtime"
	"slices"
	"strings"
	"testing"

	"golang.org/x/mod/sumdb/dirhash"

	"github.com/vpnops/terraform-provider-openvpn/internal/openvpnlab"
)

// The version and commit TestMirrorInstall stamps into its release build.
const (
	mirrorVersion = "0.1.0"
	mirrorCommit  = "0123456789abcdef0123456789abcdef01234567"
)

// TestMirrorInstall installs the provider as a user does, with no
// dev_overrides: a release laid out as .goreleaser.yml names it (built
// here without goreleaser) is installed by the real Terraform CLI (and
// OpenTofu, when `tofu` is on the PATH) from a registry stand-in, from a
// filesystem_mirror in the unpacked and in the packed layout, and each
// installation plans or applies against a real daemon. The lock file's
// h1: hashes must be the dirhash of each zip's contents and its zh: hashes
// the SHA256 of each zip, as the SHA256SUMS file lists them.
func TestMirrorInstall(t *testing.T) {
	openvpnlab.Require(t)
	clis := releaseTestCLIs(t)
	host := platform{runtime.GOOS, runtime.GOARCH}
	// A second platform, for `terraform providers lock -platform=…`
	// (a stand-in: Terraform only hashes it).
	other := platform{"linux", "arm64"}
	if host == other {
		other = platform{"linux", "amd64"}
	}
	rel := buildTestRelease(t, readGoreleaserConfig(t), mirrorVersion, mirrorCommit, host, other)
	reg := newRegistryStandIn(t, rel)
	srv := openvpnlab.StartServerT(t, openvpnlab.ServerConfig{Password: "mirror pass"})

	h1 := map[platform]string{}
	zh := map[platform]string{}
	for p, zip := range rel.zips {
		h, err := dirhash.HashZip(zip, dirhash.Hash1)
		if err != nil {
			t.Fatal(err)
		}
		h1[p], zh[p] = h, "zh:"+fileSHA256(t, zip)
	}
	sums, err := os.ReadFile(filepath.Join(rel.dir, rel.names.sums()))
	if err != nil {
		t.Fatal(err)
	}
	for p, z := range zh {
		if line := strings.TrimPrefix(z, "zh:") + "  " + rel.names.zip(p.os, p.arch) + "\n"; !strings.Contains(string(sums), line) {
			t.Fatalf("%s lacks the line %q", rel.names.sums(), line)
		}
	}
	// Terraform locks a zh: hash for every line of the signed SHA256SUMS,
	// the manifest's too.
	zhSums := []string{zh[host], zh[other], "zh:" + fileSHA256(t, filepath.Join(rel.dir, rel.names.manifest()))}

	// The two layouts of a filesystem mirror:
	// HOST/NAMESPACE/TYPE/VERSION/OS_ARCH/ holding the unpacked files, and
	// HOST/NAMESPACE/TYPE/ holding the release's zips as they are.
	mirrors := t.TempDir()
	unpacked, packed := filepath.Join(mirrors, "unpacked"), filepath.Join(mirrors, "packed")
	pkg := filepath.Join("registry.terraform.io", "vpnops", providerType)
	hostDir := filepath.Join(unpacked, pkg, mirrorVersion, host.String())
	unzip(t, rel.zips[host], hostDir)
	if h, err := dirhash.HashDir(hostDir, "", dirhash.Hash1); err != nil || h != h1[host] {
		t.Fatalf("the unpacked files hash to %s (%v), the zip's contents to %s", h, err, h1[host])
	}
	for _, zip := range rel.zips {
		copyFile(t, zip, filepath.Join(packed, pkg, filepath.Base(zip)))
	}
	// A packed mirror whose host zip differs from the release's (one more
	// file): a lock file made from the release must refuse it.
	changed := filepath.Join(mirrors, "changed")
	notes := filepath.Join(t.TempDir(), "NOTES")
	write(t, notes, "not in the release\n")
	writeZip(t, filepath.Join(changed, pkg, filepath.Base(rel.zips[host])), []string{filepath.Join(hostDir, rel.names.binary()), notes})

	for _, cli := range clis {
		t.Run(cli.name, func(t *testing.T) {
			var registryLock string
			t.Run("registry", func(t *testing.T) {
				w := cli.workspace(t, cli.registry(reg), srv)
				out := w.must(t, "init", "-no-color")
				// Terraform calls a key that is not HashiCorp's or a
				// partner's "self-signed"; OpenTofu says "signed".
				signed := "self-signed"
				if cli.name == "tofu" {
					signed = "signed"
				}
				if want := fmt.Sprintf("v%s (%s, key ID %s)", mirrorVersion, signed, rel.key.keyID); !strings.Contains(out, want) {
					t.Errorf("init does not say %q (the signature checked against the throw-away key):\n%s", want, out)
				}
				w.checkLock(t, []string{h1[host]}, zhSums)

				// The README's advice for teams on other platforms.
				w.must(t, "providers", "lock", "-no-color", "-platform="+host.String(), "-platform="+other.String())
				w.checkLock(t, []string{h1[host], h1[other]}, zhSums)
				if !strings.Contains(reg.downloads(), filepath.Base(rel.zips[other])) {
					t.Errorf("providers lock did not fetch %s; fetched: %s", filepath.Base(rel.zips[other]), reg.downloads())
				}

				log := filepath.Join(t.TempDir(), "terraform.log")
				w.must(t, "apply", "-auto-approve", "-no-color", "env:TF_LOG=INFO", "env:TF_LOG_PATH="+log)
				w.checkDaemonRead(t, srv)
				w.checkBuildLogged(t, log)
				registryLock = w.lock(t)
			})
			t.Run("filesystem_mirror unpacked", func(t *testing.T) {
				w := cli.workspace(t, cli.mirror(unpacked), srv)
				w.must(t, "init", "-no-color")
				// A mirror vouches for nothing: only the h1: of what was installed.
				w.checkLock(t, []string{h1[host]}, nil)
				w.plan(t, srv)
			})
			// A workspace installing from a mirror, with the lock file the
			// registry install wrote.
			lockedFrom := func(t *testing.T, mirror string) releaseWorkspace {
				t.Helper()
				if registryLock == "" {
					t.Skip("needs the registry install's lock file")
				}
				w := cli.workspace(t, cli.mirror(mirror), srv)
				write(t, filepath.Join(w.dir, ".terraform.lock.hcl"), registryLock)
				return w
			}
			t.Run("filesystem_mirror packed, locked from the registry", func(t *testing.T) {
				w := lockedFrom(t, packed)
				w.must(t, "init", "-no-color")
				w.checkLock(t, []string{h1[host], h1[other]}, zhSums)
				w.plan(t, srv)
			})
			t.Run("a changed zip is refused by the lock file", func(t *testing.T) {
				out, stderr, code := lockedFrom(t, changed).run(t, "init", "-no-color")
				if code == 0 || !strings.Contains(strings.Join(strings.Fields(stderr), " "), "doesn't match any of the checksums previously recorded in the dependency lock file") {
					t.Errorf("init with a changed zip exited %d, want a checksum mismatch:\n%s\n%s", code, out, stderr)
				}
			})
		})
	}
}

// releaseCLI is a Terraform CLI (or OpenTofu) to install the release with.
type releaseCLI struct {
	name, path string
	// source is the required_providers source: OpenTofu's default registry
	// is its own, so there the address is written in full.
	source string
}

// releaseTestCLIs are the CLIs on this machine: Terraform
// (TF_ACC_TERRAFORM_PATH or the PATH's, required), and OpenTofu when `tofu`
// is on the PATH.
func releaseTestCLIs(t *testing.T) []releaseCLI {
	t.Helper()
	tf := terraformCLI(t)
	clis := []releaseCLI{{name: filepath.Base(tf), path: tf, source: "vpnops/" + providerType}}
	if tofu, err := exec.LookPath("tofu"); err == nil && tofu != tf {
		clis = append(clis, releaseCLI{name: "tofu", path: tofu})
	}
	for i := range clis {
		if clis[i].name == "tofu" {
			clis[i].source = "registry.terraform.io/vpnops/" + providerType
		}
	}
	return clis
}

// cliConfig is a CLI configuration file's text and the environment it
// needs.
type cliConfig struct {
	text string
	env  []string
}

// registry sends registry.terraform.io's provider service to the stand-in.
func (releaseCLI) registry(r *registryStandIn) cliConfig {
	return cliConfig{text: fmt.Sprintf(`host "registry.terraform.io" {
  services = {
    "providers.v1" = %q
  }
}
provider_installation {
  direct {}
}
`, r.servicesURL()), env: []string{"SSL_CERT_FILE=" + r.certFile}}
}

// mirror installs vpnops/openvpn from a filesystem mirror only, as the
// README's private-mirror section shows.
func (releaseCLI) mirror(dir string) cliConfig {
	return cliConfig{text: fmt.Sprintf(`provider_installation {
  filesystem_mirror {
    path    = %q
    include = ["registry.terraform.io/vpnops/openvpn"]
  }
  direct {
    exclude = ["registry.terraform.io/vpnops/openvpn"]
  }
}
`, dir)}
}

// releaseWorkspace is a working directory whose configuration reads the
// real daemon's version, with the provider installed by the CLI itself.
type releaseWorkspace struct{ cliWorkspace }

func (cli releaseCLI) workspace(t *testing.T, c cliConfig, srv *openvpnlab.Server) releaseWorkspace {
	t.Helper()
	root := t.TempDir()
	w := releaseWorkspace{cliWorkspace{name: cli.name, tf: cli.path, dir: filepath.Join(root, "work"), tfrc: filepath.Join(root, "cli.tfrc"), env: c.env}}
	write(t, w.tfrc, c.text)
	write(t, filepath.Join(w.dir, "main.tf"), fmt.Sprintf(`terraform {
  required_providers {
    openvpn = {
      source  = %q
      version = "~> 0.1.0"
    }
  }
}
provider "openvpn" {
  address  = %q
  password = %q
}
data "openvpn_version" "this" {}
output "openvpn_version" {
  value = data.openvpn_version.this.openvpn_version
}
`, cli.source, srv.ManagementAddress, srv.Password))
	return w
}

// plan plans against the daemon: the data source is read during plan, so
// the plan shows the daemon's release as the output's new value.
func (w releaseWorkspace) plan(t *testing.T, srv *openvpnlab.Server) {
	t.Helper()
	out := w.must(t, "plan", "-no-color")
	if want := fmt.Sprintf("openvpn_version = %q", srv.Release.String()); !strings.Contains(out, want) {
		t.Errorf("plan does not show %s read from the daemon:\n%s", want, out)
	}
}

// checkDaemonRead checks what apply read from the daemon.
func (w releaseWorkspace) checkDaemonRead(t *testing.T, srv *openvpnlab.Server) {
	t.Helper()
	if got := strings.TrimSpace(w.must(t, "output", "-raw", "openvpn_version")); got != srv.Release.String() {
		t.Errorf("openvpn_version = %q, want the daemon's %q", got, srv.Release.String())
	}
}

// checkBuildLogged checks that the release's version and commit (the
// ldflags' -X main.version and -X main.commit) reach the INFO log: the
// start-up line and the one Configure writes.
func (w releaseWorkspace) checkBuildLogged(t *testing.T, log string) {
	t.Helper()
	b, err := os.ReadFile(log)
	if err != nil {
		t.Fatal(err)
	}
	build := fmt.Sprintf("terraform-provider-openvpn %s (commit %s, ", mirrorVersion, mirrorCommit)
	var startup, configure bool
	for _, line := range strings.Split(string(b), "\n") {
		if !strings.Contains(line, build) {
			continue
		}
		t.Logf("log: %s", line)
		startup = startup || strings.Contains(line, "[INFO]") && strings.Contains(line, "starting")
		configure = configure || strings.Contains(line, "tf_rpc=ConfigureProvider")
	}
	if !startup || !configure {
		t.Errorf("the INFO log lacks %q at start-up (%v) or in Configure (%v):\n%s", build, startup, configure,
			strings.Join(grepLines(string(b), "terraform-provider-openvpn"), "\n"))
	}
}

func grepLines(text, substr string) []string {
	var out []string
	for _, l := range strings.Split(text, "\n") {
		if strings.Contains(l, substr) {
			out = append(out, l)
		}
	}
	return out
}

// lock returns the workspace's lock file.
func (w releaseWorkspace) lock(t *testing.T) string {
	t.Helper()
	b, err := os.ReadFile(filepath.Join(w.dir, ".terraform.lock.hcl"))
	if err != nil {
		t.Fatal(err)
	}
	return string(b)
}

var (
	lockBlock   = regexp.MustCompile(`(?s)provider "registry\.terraform\.io/vpnops/openvpn" \{(.*?)\n\}`)
	lockVersion = regexp.MustCompile(`\bversion\s*=\s*"([^"]+)"`)
	lockHash    = regexp.MustCompile(`"((?:h1|zh):[^"]+)"`)
)

// checkLock checks the lock file's entry for the provider: the release's
// version and exactly the h1: and zh: hashes given.
func (w releaseWorkspace) checkLock(t *testing.T, wantH1, wantZh []string) {
	t.Helper()
	lock := w.lock(t)
	m := lockBlock.FindStringSubmatch(lock)
	if m == nil {
		t.Fatalf("the lock file has no entry for registry.terraform.io/vpnops/openvpn:\n%s", lock)
	}
	if v := lockVersion.FindStringSubmatch(m[1]); v == nil || v[1] != mirrorVersion {
		t.Errorf("locked version %v, want %s", v, mirrorVersion)
	}
	var gotH1, gotZh []string
	for _, h := range lockHash.FindAllStringSubmatch(m[1], -1) {
		if strings.HasPrefix(h[1], "h1:") {
			gotH1 = append(gotH1, h[1])
		} else {
			gotZh = append(gotZh, h[1])
		}
	}
	wantH1, wantZh = slices.Sorted(slices.Values(wantH1)), slices.Sorted(slices.Values(wantZh))
	if !slices.Equal(gotH1, wantH1) || !slices.Equal(gotZh, wantZh) {
		t.Errorf("locked hashes\n h1: %v\n zh: %v\nwant (from the release's files)\n h1: %v\n zh: %v\n%s", gotH1, gotZh, wantH1, wantZh, lock)
	}
}
