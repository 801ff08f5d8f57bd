package main

import (
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"
)

// pageNote is the sentence each generated docs page carries (templates/):
// a snippet pasted alone, without required_providers, makes Terraform look
// for hashicorp/openvpn, which does not exist.
const pageNote = "-> **Requires** `openvpn = { source = \"vpnops/openvpn\" }` in the configuration's `required_providers`"

// Every docs page says once, above its examples, which required_providers
// entry it needs; the per-type example snippets leave the block out, so a
// reader who pastes several of them beside it gets no duplicate.
func TestDocsPagesNameTheProviderSource(t *testing.T) {
	pages, err := filepath.Glob("docs/*/*.md")
	if err != nil || len(pages) == 0 {
		t.Fatalf("no docs pages (%v)", err)
	}
	for _, page := range pages {
		text := readText(t, page)
		if n := strings.Count(text, pageNote); n != 1 {
			t.Errorf("%s carries the required_providers note %d times, want once (templates/)", page, n)
		} else if ex := strings.Index(text, "## Example Usage"); ex >= 0 && strings.Index(text, pageNote) > ex {
			t.Errorf("%s: the required_providers note comes after the examples", page)
		}
		if strings.Contains(text, "required_providers {") {
			t.Errorf("%s has a required_providers block in an example: it would clash with the reader's own", page)
		}
	}
	snippets, _ := filepath.Glob("examples/*/*/*.tf")
	for _, s := range snippets {
		if kind := strings.Split(s, string(filepath.Separator))[1]; kind != "data-sources" && kind != "resources" &&
			kind != "actions" && kind != "functions" {
			continue // a whole configuration (examples/fleet/daemon): it names the provider itself
		}
		if strings.Contains(readText(t, s), "required_providers") {
			t.Errorf("%s is a docs snippet with a required_providers block: the page's note says it once", s)
		}
	}
}

var versionConstraint = regexp.MustCompile(`source\s+=\s+"vpnops/openvpn"\s+version\s+=\s+"([^"]+)"`)

// The registry page and the README ask for the same versions.
func TestInstallSectionsAgreeOnTheVersion(t *testing.T) {
	var got []string
	for _, f := range []string{"docs/index.md", "README.md"} {
		m := versionConstraint.FindStringSubmatch(readText(t, f))
		if m == nil {
			t.Fatalf("%s has no required_providers entry with source vpnops/openvpn and a version", f)
		}
		got = append(got, f+": "+m[1])
	}
	if strings.Split(got[0], ": ")[1] != strings.Split(got[1], ": ")[1] {
		t.Errorf("the install sections disagree: %v", got)
	}
}

func readText(t *testing.T, path string) string {
	t.Helper()
	b, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	return string(b)
}
