package provider

import (
	"context"
	"fmt"
	"strings"
	"testing"
	"time"

	"github.com/hashicorp/terraform-plugin-framework/diag"

	"github.com/vpnops/terraform-provider-openvpn/internal/management"
)

func TestAllowlistViolations(t *testing.T) {
	at := func(sec int64) time.Time { return time.Unix(1795550800+sec, 0) }
	s := func(id uint64, cn, user string, since int64) management.Session {
		return management.Session{ClientID: id, HasClientID: true, CommonName: cn, Username: user, HasUsername: user != "", ConnectedSince: at(since)}
	}
	sessions := []management.Session{
		s(7, "alice", "alice@x", 30), // the newest alice
		s(2, "alice", "alice@x", 10), // the oldest alice: kept
		s(5, "alice", "alice@x", 10), // same second as 2, later ID
		s(3, "bob", "", 5),
		s(4, "mallory", "alice@x", 1),
		s(6, "carol", "eve", 1),
		s(8, "UNDEF", "", 40), // still negotiating: not judged
	}
	set := func(names ...string) map[string]bool {
		m := map[string]bool{}
		for _, n := range names {
			m[n] = true
		}
		return m
	}
	render := func(vs []violation) string {
		var b strings.Builder
		for _, v := range vs {
			fmt.Fprintf(&b, "%d: %s\n", v.session.ClientID, v.reason)
		}
		return b.String()
	}
	for _, tc := range []struct {
		name string
		a    allowlist
		want string
	}{
		{"names only", allowlist{commonNames: set("alice", "bob", "carol")},
			"4: common name \"mallory\" is not in common_names\n"},
		{"nobody", allowlist{commonNames: set()}, "2: common name \"alice\" is not in common_names\n" +
			"3: common name \"bob\" is not in common_names\n4: common name \"mallory\" is not in common_names\n" +
			"5: common name \"alice\" is not in common_names\n6: common name \"carol\" is not in common_names\n" +
			"7: common name \"alice\" is not in common_names\n"},
		{"usernames", allowlist{commonNames: set("alice", "bob", "carol", "mallory"), usernames: set("alice@x")},
			"3: the session has no username, and usernames is set\n6: username \"eve\" is not in usernames\n"},
		{"one per name keeps the oldest", allowlist{commonNames: set("alice", "bob", "carol", "mallory"), maxPerName: 1},
			"5: session 2 of \"alice\", beyond max_sessions_per_common_name = 1 (the oldest 1 are kept)\n" +
				"7: session 3 of \"alice\", beyond max_sessions_per_common_name = 1 (the oldest 1 are kept)\n"},
		{"a session refused by name does not use up the limit", allowlist{commonNames: set("alice", "bob"), usernames: set("alice@x", "bob@x"), maxPerName: 2},
			"3: the session has no username, and usernames is set\n4: common name \"mallory\" is not in common_names\n" +
				"6: common name \"carol\" is not in common_names\n" +
				"7: session 3 of \"alice\", beyond max_sessions_per_common_name = 2 (the oldest 2 are kept)\n"},
	} {
		if got := render(tc.a.violations(sessions, at(41))); got != tc.want {
			t.Errorf("%s:\n got %s\nwant %s", tc.name, got, tc.want)
		}
	}
}

// A certificate named UNDEF is judged once its session has finished
// negotiating (a virtual address, or listed past the daemon's 60 s
// handshake window); before that it is not judged at all.
func TestAllowlistJudgesACertificateNamedUndef(t *testing.T) {
	now := time.Unix(1795550900, 0)
	negotiating := management.Session{ClientID: 1, HasClientID: true, CommonName: "UNDEF", ConnectedSince: now.Add(-2 * time.Second)}
	addressed := management.Session{ClientID: 2, HasClientID: true, CommonName: "UNDEF", VirtualAddress: "10.8.0.30", ConnectedSince: now}
	old := management.Session{ClientID: 3, HasClientID: true, CommonName: "UNDEF", ConnectedSince: now.Add(-61 * time.Second)}
	vs := allowlist{commonNames: map[string]bool{"alice": true}}.violations([]management.Session{negotiating, addressed, old}, now)
	var got []string
	for _, v := range vs {
		got = append(got, fmt.Sprintf("%d: %s", v.session.ClientID, v.reason))
	}
	want := `2: common name "UNDEF" is not in common_names|3: common name "UNDEF" is not in common_names`
	if strings.Join(got, "|") != want {
		t.Errorf("violations %q, want %q", got, want)
	}
}

// Names are compared in NFC: a certificate whose CN is "Zoe" + U+0308
// (NFD) is allowed by the "Zoë" Terraform passes (always NFC), and counts
// against the same name's session limit. A name that differs is quoted
// with escapes when it is not in NFC, so the reason cannot read like the
// declared name once Terraform shows it in NFC.
func TestAllowlistComparesNamesInNFC(t *testing.T) {
	const nfc, nfd = "Zo\u00eb", "Zoe\u0308"
	now := time.Unix(1795550900, 0)
	s := func(id uint64, cn, user string) management.Session {
		return management.Session{ClientID: id, HasClientID: true, CommonName: cn, Username: user, HasUsername: user != "",
			VirtualAddress: "10.8.0.1", ConnectedSince: now.Add(time.Duration(id) * time.Second)}
	}
	render := func(vs []violation) string {
		var b strings.Builder
		for _, v := range vs {
			fmt.Fprintf(&b, "%d: %s\n", v.session.ClientID, v.reason)
		}
		return b.String()
	}
	declared := func(names ...string) map[string]bool {
		m := map[string]bool{}
		for _, n := range names {
			m[nameKey(n)] = true
		}
		return m
	}
	for _, tc := range []struct {
		name     string
		a        allowlist
		sessions []management.Session
		want     string
	}{
		{"NFD allowed by its NFC form", allowlist{commonNames: declared(nfc)}, []management.Session{s(1, nfd, ""), s(2, nfc, "")}, ""},
		{"NFD username allowed by its NFC form", allowlist{commonNames: declared("alice"), usernames: declared(nfc)},
			[]management.Session{s(1, "alice", nfd)}, ""},
		{"an NFD name that differs shows its bytes", allowlist{commonNames: declared("Zoe")}, []management.Session{s(1, nfd, ""), s(2, nfc, "")},
			"1: common name \"Zoe\\u0308\" is not in common_names\n2: common name \"Zo\u00eb\" is not in common_names\n"},
		{"an NFD username that differs shows its bytes", allowlist{commonNames: declared("alice"), usernames: declared("Zoe")},
			[]management.Session{s(1, "alice", nfd)}, "1: username \"Zoe\\u0308\" is not in usernames\n"},
		{"both forms are one name for the limit", allowlist{commonNames: declared(nfc), maxPerName: 1}, []management.Session{s(1, nfc, ""), s(2, nfd, "")},
			"2: session 2 of \"Zoe\\u0308\", beyond max_sessions_per_common_name = 1 (the oldest 1 are kept)\n"},
	} {
		if got := render(tc.a.violations(tc.sessions, now)); got != tc.want {
			t.Errorf("%s:\n got %s\nwant %s", tc.name, got, tc.want)
		}
	}
}

// BenchmarkAllowlistViolations10000 judges 10,000 sessions (5,000 common
// names, two sessions each, one per name allowed, every tenth name not
// allowed) and builds the violations list, as Read does.
func BenchmarkAllowlistViolations10000(b *testing.B) {
	sessions := make([]management.Session, 0, 10000)
	allowed := map[string]bool{}
	for i := 0; i < 10000; i++ {
		cn := fmt.Sprintf("user-%d", i/2)
		if (i/2)%10 != 0 {
			allowed[cn] = true
		}
		sessions = append(sessions, management.Session{ClientID: uint64(i), HasClientID: true, CommonName: cn, ConnectedSince: time.Unix(int64(1795550800+i), 0)})
	}
	a := allowlist{commonNames: allowed, maxPerName: 1}
	b.ReportAllocs()
	for b.Loop() {
		var diags diag.Diagnostics
		l := violationList(context.Background(), a.violations(sessions, time.Time{}), &diags)
		if len(l.Elements()) != 5500 || diags.HasError() {
			b.Fatalf("%d violations", len(l.Elements()))
		}
	}
}
