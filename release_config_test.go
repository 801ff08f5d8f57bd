package main

import (
	"bytes"
	"fmt"
	"os"
	"os/exec"
	"slices"
	"strings"
	"testing"
	"text/template"

	"gopkg.in/yaml.v3"
)

// providerType is the provider's type name: the registry and Terraform find
// its files by the prefix terraform-provider-<type>.
const providerType = "openvpn"

// releaseNames are the file names of one release as Terraform and the
// registry need them (the registry's publishing rules; Terraform's packed
// filesystem-mirror layout; the binary's name inside the zip follows the
// scaffolding). TestMirrorInstall lays out its files under these names and
// TestReleaseNames holds .goreleaser.yml to them, so the two cannot drift.
type releaseNames struct{ version string }

func (r releaseNames) zip(goos, goarch string) string {
	return fmt.Sprintf("terraform-provider-%s_%s_%s_%s.zip", providerType, r.version, goos, goarch)
}
func (r releaseNames) binary() string {
	return fmt.Sprintf("terraform-provider-%s_v%s", providerType, r.version)
}
func (r releaseNames) sums() string {
	return fmt.Sprintf("terraform-provider-%s_%s_SHA256SUMS", providerType, r.version)
}
func (r releaseNames) signature() string { return r.sums() + ".sig" }
func (r releaseNames) manifest() string {
	return fmt.Sprintf("terraform-provider-%s_%s_manifest.json", providerType, r.version)
}

// goreleaserConfig is the part of .goreleaser.yml that decides what a
// release contains and how its files are named.
type goreleaserConfig struct {
	ProjectName string `yaml:"project_name"`
	Builds      []struct {
		Env     []string
		Flags   []string
		Ldflags []string
		Goos    []string
		Goarch  []string
		Ignore  []struct{ Goos, Goarch string }
		Binary  string
	}
	Archives []struct {
		Formats      []string
		NameTemplate string `yaml:"name_template"`
		Files        []string
	}
	Checksum struct {
		NameTemplate string      `yaml:"name_template"`
		Algorithm    string      `yaml:"algorithm"`
		ExtraFiles   []extraFile `yaml:"extra_files"`
	}
	Signs []struct {
		Artifacts string
		Signature string
		Args      []string
	}
	Release struct {
		ExtraFiles []extraFile `yaml:"extra_files"`
	}
}

type extraFile struct {
	Glob         string
	NameTemplate string `yaml:"name_template"`
}

// platform is one os_arch the release builds.
type platform struct{ os, arch string }

func (p platform) String() string { return p.os + "_" + p.arch }

func readGoreleaserConfig(t *testing.T) goreleaserConfig {
	t.Helper()
	raw, err := os.ReadFile(".goreleaser.yml")
	if err != nil {
		t.Fatal(err)
	}
	var c goreleaserConfig
	if err := yaml.Unmarshal(raw, &c); err != nil {
		t.Fatalf(".goreleaser.yml: %v", err)
	}
	if len(c.Builds) != 1 || len(c.Archives) != 1 || len(c.Signs) != 1 {
		t.Fatalf(".goreleaser.yml has %d builds, %d archives, %d signs: this test reads exactly one of each",
			len(c.Builds), len(c.Archives), len(c.Signs))
	}
	return c
}

// platforms is the build matrix as goreleaser expands it: every goos with
// every goarch, less the ignored pairs and the pairs Go cannot build
// (darwin/arm), which goreleaser skips.
func (c goreleaserConfig) platforms(t *testing.T) []platform {
	t.Helper()
	out, err := exec.Command("go", "tool", "dist", "list").Output()
	if err != nil {
		t.Fatalf("go tool dist list: %v", err)
	}
	valid := strings.Fields(string(out))
	b := c.Builds[0]
	var ps []platform
	for _, goos := range b.Goos {
	arch:
		for _, goarch := range b.Goarch {
			for _, ig := range b.Ignore {
				if ig.Goos == goos && ig.Goarch == goarch {
					continue arch
				}
			}
			if slices.Contains(valid, goos+"/"+goarch) {
				ps = append(ps, platform{goos, goarch})
			}
		}
	}
	return ps
}

// eval evaluates one of the configuration's templates the way goreleaser
// does for the fields this project uses. The project name comes from
// project_name only: goreleaser would fall back to the git remote's name,
// which this evaluation cannot know, so a template that needs it fails
// here (missingkey=error), as does any other field outside this list.
func (c goreleaserConfig) eval(t *testing.T, text string, fields map[string]any) string {
	t.Helper()
	data := map[string]any{"Version": "", "Commit": "", "CommitTimestamp": "", "Env": map[string]string{}}
	if c.ProjectName != "" {
		data["ProjectName"] = c.ProjectName
	}
	for k, v := range fields {
		data[k] = v
	}
	tpl, err := template.New("goreleaser").Option("missingkey=error").Parse(text)
	if err != nil {
		t.Fatalf(".goreleaser.yml template %q: %v", text, err)
	}
	var out bytes.Buffer
	if err := tpl.Execute(&out, data); err != nil {
		t.Fatalf(".goreleaser.yml template %q does not evaluate from project_name, version, os and arch alone: %v", text, err)
	}
	return out.String()
}

// The names goreleaser would give a release are the names Terraform and the
// registry install, on every platform HashiCorp's scaffolding builds.
func TestReleaseNames(t *testing.T) {
	c := readGoreleaserConfig(t)
	const v = "1.2.3"
	want := releaseNames{v}
	at := func(p platform) map[string]any {
		return map[string]any{"Version": v, "Os": p.os, "Arch": p.arch}
	}

	var got []string
	for _, p := range c.platforms(t) {
		got = append(got, p.String())
		if name := c.eval(t, c.Archives[0].NameTemplate, at(p)) + ".zip"; name != want.zip(p.os, p.arch) {
			t.Errorf("%s: archive %s, want %s", p, name, want.zip(p.os, p.arch))
		}
		// goreleaser adds .exe on Windows itself, as Terraform expects there.
		if name := c.eval(t, c.Builds[0].Binary, at(p)); name != want.binary() {
			t.Errorf("%s: binary %s, want %s", p, name, want.binary())
		}
	}
	// The platforms hashicorp/terraform-provider-scaffolding-framework
	// releases for: {freebsd,windows,linux,darwin} x {amd64,386,arm,arm64}
	// less darwin/386 and windows/arm.
	scaffolding := "freebsd_amd64 freebsd_386 freebsd_arm freebsd_arm64 windows_amd64 windows_386 windows_arm64 " +
		"linux_amd64 linux_386 linux_arm linux_arm64 darwin_amd64 darwin_arm64"
	if strings.Join(got, " ") != scaffolding {
		t.Errorf("platforms %v\nwant the scaffolding's %s", got, scaffolding)
	}
	if f := c.Archives[0].Formats; len(f) != 1 || f[0] != "zip" {
		t.Errorf("archive formats %v, want [zip]: the registry installs zip files", f)
	}
	if name := c.eval(t, c.Checksum.NameTemplate, at(platform{})); name != want.sums() {
		t.Errorf("checksum file %s, want %s", name, want.sums())
	}
	if c.Checksum.Algorithm != "sha256" {
		t.Errorf("checksum algorithm %q, want sha256", c.Checksum.Algorithm)
	}
	for what, files := range map[string][]extraFile{"checksum": c.Checksum.ExtraFiles, "release": c.Release.ExtraFiles} {
		if len(files) != 1 || files[0].Glob != "terraform-registry-manifest.json" ||
			c.eval(t, files[0].NameTemplate, at(platform{})) != want.manifest() {
			t.Errorf("%s extra_files %+v, want terraform-registry-manifest.json named %s", what, files, want.manifest())
		}
	}
	s := c.Signs[0]
	if s.Artifacts != "checksum" || (s.Signature != "" && s.Signature != "${artifact}.sig") {
		t.Errorf("signs %+v: the registry wants a detached signature of the checksum file, named %s", s, want.signature())
	}
	if _, err := os.Stat("terraform-registry-manifest.json"); err != nil {
		t.Error(err)
	}
}

// goreleaser takes the project's name from the git remote unless
// project_name sets it: a clone whose origin is not named
// terraform-provider-openvpn would release main_1.2.3_linux_amd64.zip.
// Every name must come from the configuration alone.
func TestReleaseNamesIgnoreTheGitRemote(t *testing.T) {
	c := readGoreleaserConfig(t)
	if c.ProjectName != "terraform-provider-"+providerType {
		t.Fatalf("project_name is %q, want terraform-provider-%s: without it the names follow the git remote", c.ProjectName, providerType)
	}
	// eval offers no git field (GitURL, remote names): each template
	// evaluating at all shows it needs none.
	p := map[string]any{"Version": "1.2.3", "Os": "linux", "Arch": "amd64"}
	for _, text := range []string{c.Archives[0].NameTemplate, c.Builds[0].Binary, c.Checksum.NameTemplate,
		c.Checksum.ExtraFiles[0].NameTemplate, c.Release.ExtraFiles[0].NameTemplate} {
		c.eval(t, text, p)
	}
}
