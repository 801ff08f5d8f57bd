package main

import (
	"archive/zip"
	"crypto/sha256"
	"encoding/hex"
	"fmt"
	"io"
	"os"
	"os/exec"
	"path/filepath"
	"slices"
	"strings"
	"testing"
)

// testRelease is a release laid out as goreleaser would publish it, built
// without goreleaser (it takes about 15 minutes to compile): the provider
// built with .goreleaser.yml's flags and ldflags, zipped with the files its
// archive names, the SHA256SUMS with the registry manifest, and a detached
// signature from a throw-away key made with the configuration's gpg
// arguments.
type testRelease struct {
	names     releaseNames
	commit    string
	dir       string              // the release's files, as on the release page
	platforms []platform          // in this order: the host's, then the stand-ins
	zips      map[platform]string // path of each platform's zip
	key       signingKey
}

// buildTestRelease builds version for the host into a new directory, and
// zips a stand-in for each other platform: a file under the binary's name
// that says what it stands for. Terraform never runs another platform's
// binary: `providers lock` and a lock file's checks only hash its zip and
// the zip's contents, so cross-compiling one (the whole module and its
// dependencies again, minutes on a cold build cache) would prove nothing
// more.
func buildTestRelease(t *testing.T, c goreleaserConfig, version, commit string, host platform, standIns ...platform) testRelease {
	t.Helper()
	r := testRelease{names: releaseNames{version}, commit: commit, dir: t.TempDir(),
		platforms: append([]platform{host}, standIns...), zips: map[platform]string{}}
	b := c.Builds[0]
	stamp := map[string]any{"Version": version, "Commit": commit}
	var ldflags []string
	for _, f := range b.Ldflags {
		ldflags = append(ldflags, c.eval(t, f, stamp))
	}
	for _, p := range r.platforms {
		stage := filepath.Join(t.TempDir(), p.String())
		bin := filepath.Join(stage, c.eval(t, b.Binary, stamp))
		if p == host {
			args := append([]string{"build"}, b.Flags...)
			args = append(args, "-ldflags", strings.Join(ldflags, " "), "-o", bin, ".")
			cmd := exec.Command("go", args...)
			cmd.Env = append(append(os.Environ(), b.Env...), "GOOS="+p.os, "GOARCH="+p.arch)
			if out, err := cmd.CombinedOutput(); err != nil {
				t.Fatalf("go %s (%s): %v\n%s", strings.Join(args, " "), p, err, out)
			}
		} else {
			write(t, bin, fmt.Sprintf("a stand-in for the %s build of %s\n", p, version))
		}
		files := []string{bin}
		for _, f := range c.Archives[0].Files {
			if strings.ContainsAny(f, "*?[") {
				t.Fatalf(".goreleaser.yml archive file %q is a glob: name each file, so the zip's contents are known", f)
			}
			files = append(files, f)
		}
		r.zips[p] = filepath.Join(r.dir, r.names.zip(p.os, p.arch))
		writeZip(t, r.zips[p], files)
	}
	copyFile(t, "terraform-registry-manifest.json", filepath.Join(r.dir, r.names.manifest()))

	// goreleaser's checksum file: "<sha256>  <name>" per line, by name.
	names := []string{r.names.manifest()}
	for _, z := range r.zips {
		names = append(names, filepath.Base(z))
	}
	slices.Sort(names)
	var lines []string
	for _, name := range names {
		lines = append(lines, fmt.Sprintf("%s  %s\n", fileSHA256(t, filepath.Join(r.dir, name)), name))
	}
	sums := filepath.Join(r.dir, r.names.sums())
	if err := os.WriteFile(sums, []byte(strings.Join(lines, "")), 0o644); err != nil {
		t.Fatal(err)
	}

	r.key = newSigningKey(t)
	var args []string
	for _, a := range c.Signs[0].Args {
		a = c.eval(t, a, map[string]any{"Env": map[string]string{"GPG_FINGERPRINT": r.key.fingerprint}})
		a = strings.NewReplacer("${signature}", filepath.Join(r.dir, r.names.signature()), "${artifact}", sums).Replace(a)
		args = append(args, a)
	}
	r.key.gpg(t, args...)
	return r
}

// writeZip zips files (flat, each under its base name, mode kept) into path.
func writeZip(t *testing.T, path string, files []string) {
	t.Helper()
	if err := os.MkdirAll(filepath.Dir(path), 0o755); err != nil {
		t.Fatal(err)
	}
	out, err := os.Create(path)
	if err != nil {
		t.Fatal(err)
	}
	defer out.Close()
	zw := zip.NewWriter(out)
	for _, f := range files {
		st, err := os.Stat(f)
		if err != nil {
			t.Fatal(err)
		}
		h, err := zip.FileInfoHeader(st)
		if err != nil {
			t.Fatal(err)
		}
		h.Method = zip.Deflate
		w, err := zw.CreateHeader(h)
		if err != nil {
			t.Fatal(err)
		}
		in, err := os.Open(f)
		if err != nil {
			t.Fatal(err)
		}
		_, err = io.Copy(w, in)
		in.Close()
		if err != nil {
			t.Fatal(err)
		}
	}
	if err := zw.Close(); err != nil {
		t.Fatal(err)
	}
}

// unzip extracts a zip written by writeZip into dir.
func unzip(t *testing.T, path, dir string) {
	t.Helper()
	zr, err := zip.OpenReader(path)
	if err != nil {
		t.Fatal(err)
	}
	defer zr.Close()
	if err := os.MkdirAll(dir, 0o755); err != nil {
		t.Fatal(err)
	}
	for _, f := range zr.File {
		in, err := f.Open()
		if err != nil {
			t.Fatal(err)
		}
		out, err := os.OpenFile(filepath.Join(dir, filepath.Base(f.Name)), os.O_CREATE|os.O_WRONLY|os.O_TRUNC, f.Mode().Perm())
		if err != nil {
			t.Fatal(err)
		}
		_, err = io.Copy(out, in)
		in.Close()
		if cerr := out.Close(); err == nil {
			err = cerr
		}
		if err != nil {
			t.Fatal(err)
		}
	}
}

func copyFile(t *testing.T, from, to string) {
	t.Helper()
	b, err := os.ReadFile(from)
	if err != nil {
		t.Fatal(err)
	}
	if err := os.MkdirAll(filepath.Dir(to), 0o755); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(to, b, 0o644); err != nil {
		t.Fatal(err)
	}
}

func fileSHA256(t *testing.T, path string) string {
	t.Helper()
	b, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	sum := sha256.Sum256(b)
	return hex.EncodeToString(sum[:])
}
