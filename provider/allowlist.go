package provider

import (
	"fmt"
	"sort"
	"time"

	"github.com/vpnops/terraform-provider-openvpn/internal/management"
)

// allowlist is the declaration of openvpn_client_allowlist: who may be
// connected, and how many times.
type allowlist struct {
	// commonNames and usernames are keyed by nameKey (NFC).
	commonNames map[string]bool
	// usernames is nil when the declaration does not check usernames.
	usernames map[string]bool
	// maxPerName is 0 when there is no limit.
	maxPerName int
}

// violation is a connected session the declaration does not allow.
type violation struct {
	session management.Session
	reason  string
}

// violations returns the sessions that break the declaration, by Client
// ID, as listed by a status read at `at` (Status.UpdatedAt). A session
// still negotiating (no common name yet) is not judged; one that has
// finished negotiating is judged even when its certificate is named UNDEF.
// A session is judged by its common name and username first, compared in
// NFC (names.go); of the sessions left for one common name, the oldest
// maxPerName are kept (by Connected Since, then Client ID, which the
// daemon hands out in order).
func (a allowlist) violations(sessions []management.Session, at time.Time) []violation {
	var out []violation
	allowed := make([]management.Session, 0, len(sessions))
	for _, s := range sessions {
		switch {
		case s.Negotiating(at):
			// Listed before its certificate was verified: not judged
			// until it has a common name (the next refresh).
		case !a.commonNames[nameKey(s.CommonName)]:
			out = append(out, violation{s, "common name " + quotedName(s.CommonName) + " is not in common_names"})
		case a.usernames != nil && !s.HasUsername:
			out = append(out, violation{s, "the session has no username, and usernames is set"})
		case a.usernames != nil && !a.usernames[nameKey(s.Username)]:
			out = append(out, violation{s, "username " + quotedName(s.Username) + " is not in usernames"})
		default:
			allowed = append(allowed, s)
		}
	}
	if a.maxPerName > 0 {
		sort.SliceStable(allowed, func(i, j int) bool {
			ti, tj := allowed[i].ConnectedSince, allowed[j].ConnectedSince
			if !ti.Equal(tj) {
				return ti.Before(tj)
			}
			return allowed[i].ClientID < allowed[j].ClientID
		})
		seen := map[string]int{}
		for _, s := range allowed {
			key := nameKey(s.CommonName)
			seen[key]++
			if n := seen[key]; n > a.maxPerName {
				out = append(out, violation{s, fmt.Sprintf(
					"session %d of %s, beyond max_sessions_per_common_name = %d (the oldest %d are kept)",
					n, quotedName(s.CommonName), a.maxPerName, a.maxPerName)})
			}
		}
	}
	sort.Slice(out, func(i, j int) bool { return out[i].session.ClientID < out[j].session.ClientID })
	return out
}

func sessionsOf(vs []violation) []management.Session {
	out := make([]management.Session, 0, len(vs))
	for _, v := range vs {
		out = append(out, v.session)
	}
	return out
}
