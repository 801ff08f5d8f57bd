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
		if got := render(tc.a.violations(sessions)); got != tc.want {
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
		l := violationList(context.Background(), a.violations(sessions), &diags)
		if len(l.Elements()) != 5500 || diags.HasError() {
			b.Fatalf("%d violations", len(l.Elements()))
		}
	}
}
