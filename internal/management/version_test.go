package management

import (
	"errors"
	"reflect"
	"strings"
	"testing"
)

func TestParseVersion(t *testing.T) {
	title2614 := "OpenVPN 2.6.14 x86_64-pc-linux-gnu [SSL (OpenSSL)] [LZO] [LZ4] [EPOLL] [PKCS11] [MH/PKTINFO] [AEAD] [DCO]"
	tests := []struct {
		name  string
		lines []string
		want  Version
	}{
		{"2.6.14 lab", []string{"OpenVPN Version: " + title2614, "Management Version: 5"},
			Version{Release: "2.6.14", Major: 2, Minor: 6, Patch: 14, ManagementVersion: 5, Title: title2614,
				Platform: "x86_64-pc-linux-gnu", Features: []string{"SSL (OpenSSL)", "LZO", "LZ4", "EPOLL", "PKCS11", "MH/PKTINFO", "AEAD", "DCO"}}},
		{"2.4 with build date", []string{"OpenVPN Version: OpenVPN 2.4.12 x86_64-pc-linux-gnu [SSL (OpenSSL)] [AEAD] built on Mar 17 2022", "Management Version: 1"},
			Version{Release: "2.4.12", Major: 2, Minor: 4, Patch: 12, ManagementVersion: 1,
				Title:    "OpenVPN 2.4.12 x86_64-pc-linux-gnu [SSL (OpenSSL)] [AEAD] built on Mar 17 2022",
				Platform: "x86_64-pc-linux-gnu", Features: []string{"SSL (OpenSSL)", "AEAD"}}},
		{"git revision", []string{"OpenVPN Version: OpenVPN 2.6.14 [git:release/2.6/0123abcd] x86_64-pc-linux-gnu", "Management Version: 5"},
			Version{Release: "2.6.14", Major: 2, Minor: 6, Patch: 14, ManagementVersion: 5,
				Title: "OpenVPN 2.6.14 [git:release/2.6/0123abcd] x86_64-pc-linux-gnu", Platform: "x86_64-pc-linux-gnu"}},
		{"windows msvc", []string{"OpenVPN Version: OpenVPN 2.6.9 [git:v2.6.9/0123abcd] Windows-MSVC [SSL (OpenSSL)] [LZO] [LZ4] [PKCS11] [AEAD] [DCO] built on Feb 13 2024", "Management Version: 5"},
			Version{Release: "2.6.9", Major: 2, Minor: 6, Patch: 9, ManagementVersion: 5,
				Title:    "OpenVPN 2.6.9 [git:v2.6.9/0123abcd] Windows-MSVC [SSL (OpenSSL)] [LZO] [LZ4] [PKCS11] [AEAD] [DCO] built on Feb 13 2024",
				Platform: "Windows-MSVC", Features: []string{"SSL (OpenSSL)", "LZO", "LZ4", "PKCS11", "AEAD", "DCO"}}},
		{"windows mingw", []string{"OpenVPN Version: OpenVPN 2.5.11 x86_64-w64-mingw32 [SSL (OpenSSL)] [LZO] [LZ4] [PKCS11] [AEAD] built on Nov 28 2026", "Management Version: 3"},
			Version{Release: "2.5.11", Major: 2, Minor: 5, Patch: 11, ManagementVersion: 3,
				Title:    "OpenVPN 2.5.11 x86_64-w64-mingw32 [SSL (OpenSSL)] [LZO] [LZ4] [PKCS11] [AEAD] built on Nov 28 2026",
				Platform: "x86_64-w64-mingw32", Features: []string{"SSL (OpenSSL)", "LZO", "LZ4", "PKCS11", "AEAD"}}},
		{"release candidate", []string{"OpenVPN Version: OpenVPN 2.7_rc1 x86_64-pc-linux-gnu [SSL (OpenSSL)]", "Management Version: 5"},
			Version{Release: "2.7_rc1", Major: 2, Minor: 7, ManagementVersion: 5, Title: "OpenVPN 2.7_rc1 x86_64-pc-linux-gnu [SSL (OpenSSL)]",
				Platform: "x86_64-pc-linux-gnu", Features: []string{"SSL (OpenSSL)"}}},
		{"git master", []string{"OpenVPN Version: OpenVPN 2.6_git x86_64-pc-linux-gnu", "Management Version: 4"},
			Version{Release: "2.6_git", Major: 2, Minor: 6, ManagementVersion: 4, Title: "OpenVPN 2.6_git x86_64-pc-linux-gnu", Platform: "x86_64-pc-linux-gnu"}},
		{"order, CRs and extra lines", []string{"Management Version: 6\r", "Something New: 1", "OpenVPN Version: OpenVPN 2.7.2 x86_64\r"},
			Version{Release: "2.7.2", Major: 2, Minor: 7, Patch: 2, ManagementVersion: 6, Title: "OpenVPN 2.7.2 x86_64", Platform: "x86_64"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, err := ParseVersion(tt.lines)
			if err != nil {
				t.Fatal(err)
			}
			if !reflect.DeepEqual(got, tt.want) {
				t.Errorf("got  %+v\nwant %+v", got, tt.want)
			}
		})
	}
}

func TestParseVersionErrors(t *testing.T) {
	tests := []struct {
		name  string
		lines []string
		want  string
	}{
		{"empty", nil, "Management Version"},
		{"no management line", []string{"OpenVPN Version: OpenVPN 2.6.14 x86_64"}, "Management Version"},
		{"management not a number", []string{"OpenVPN Version: OpenVPN 2.6.14", "Management Version: five"}, `"five"`},
		{"management negative", []string{"OpenVPN Version: OpenVPN 2.6.14", "Management Version: -1"}, `"-1"`},
		{"no title", []string{"Management Version: 5"}, "OpenVPN Version"},
		{"no release in title", []string{"OpenVPN Version: SomeVPN 1.0", "Management Version: 5"}, "no OpenVPN release"},
		{"huge release", []string{"OpenVPN Version: OpenVPN 99999999999999999999.1.1", "Management Version: 5"}, "out of range"},
		{"an ERROR reply", []string{"ERROR: unknown command, enter 'help' for more options"}, "Management Version"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			v, err := ParseVersion(tt.lines)
			if err == nil {
				t.Fatalf("no error; got %+v", v)
			}
			if !errors.Is(err, ErrProtocol) || !strings.Contains(err.Error(), tt.want) {
				t.Errorf("error %q: want ErrProtocol mentioning %q", err, tt.want)
			}
		})
	}
}

func TestParseVersionRealCapture(t *testing.T) {
	v, err := ParseVersion(readCapture(t, "version.txt"))
	if err != nil {
		t.Fatal(err)
	}
	if v.Release != "2.6.14" || v.Major != 2 || v.Minor != 6 || v.Patch != 14 || v.ManagementVersion != 5 {
		t.Errorf("%+v", v)
	}
}

func TestVersionWindows(t *testing.T) {
	for platform, want := range map[string]bool{
		"x86_64-pc-linux-gnu": false, "aarch64-unknown-linux-gnu": false, "x86_64-unknown-openbsd5.0": false, "": false,
		"x86_64-w64-mingw32": true, "i686-w64-mingw32": true, "Windows-MSVC": true,
	} {
		if got := (Version{Platform: platform}).Windows(); got != want {
			t.Errorf("Version{Platform: %q}.Windows() = %v, want %v", platform, got, want)
		}
	}
}
