package management

import "slices"

// Data channel offload (DCO, OpenVPN 2.6 and later), as the daemon states
// it. The captures show both facts: 2.6.14 and 2.7.6 titles carry [DCO],
// 2.4.12 and 2.5.11 titles do not; their servers' status reports carry
// "GLOBAL_STATS dco_enabled 0" (the lab's kernel has no DCO module), 2.4
// and 2.5 reports and the client-mode report have no such row.

// dcoStat is the GLOBAL_STATS row multi.c prints as %d of dco_enabled().
const dcoStat = "dco_enabled"

// DCOBuilt reports whether the build supports data channel offload: the
// title's [DCO] tag. It does not say the daemon uses it.
func (v Version) DCOBuilt() bool { return slices.Contains(v.Features, "DCO") }

// DCOEnabled reports whether a server uses data channel offload, from its
// dco_enabled statistics row; reported is false when the report has none
// (releases before 2.6, and client mode, do not print it).
func (s *Status) DCOEnabled() (enabled, reported bool) {
	for _, st := range s.GlobalStats {
		if st.Name == dcoStat {
			switch st.Value {
			case "1":
				return true, true
			case "0":
				return false, true
			}
		}
	}
	return false, false
}
