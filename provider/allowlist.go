package provider

import (
	"fmt"
	"sort"

	"github.com/vpnops/terraform-provider-openvpn/internal/management"
)

// allowlist is the declaration of openvpn_client_allowlist: who may be
// connected, and how many times.
type allowlist struct {
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
// ID. A session still negotiating (no common name yet) is not judged. A
// session is judged by its common name and username first; of the
// sessions left for one common name, the oldest maxPerName are kept (by
// Connected Since, then Client ID, which the daemon hands out in order).
func (a allowlist) violations(sessions []management.Session) []violation {
	var out []violation
	allowed := make([]management.Session, 0, len(sessions))
	for _, s := range sessions {
		switch {
		case s.Negotiating():
			// Listed before its certificate was verified: not judged
			// until it has a common name (the next refresh).
		case !a.commonNames[s.CommonName]:
			out = append(out, violation{s, fmt.Sprintf("common name %q is not in common_names", s.CommonName)})
		case a.usernames != nil && !s.HasUsername:
			out = append(out, violation{s, "the session has no username, and usernames is set"})
		case a.usernames != nil && !a.usernames[s.Username]:
			out = append(out, violation{s, fmt.Sprintf("username %q is not in usernames", s.Username)})
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
			seen[s.CommonName]++
			if n := seen[s.CommonName]; n > a.maxPerName {
				out = append(out, violation{s, fmt.Sprintf(
					"session %d of %q, beyond max_sessions_per_common_name = %d (the oldest %d are kept)",
					n, s.CommonName, a.maxPerName, a.maxPerName)})
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
