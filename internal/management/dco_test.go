package management

import "testing"

// dco_enabled is printed with %d of a bool (multi.c): 0 or 1. The
// captures show 0 only (no DCO module in the lab's kernel); 1 follows the
// source. Releases before 2.6 and client mode print no such row.
func TestDCOFacts(t *testing.T) {
	for _, tc := range []struct {
		stats             []Stat
		enabled, reported bool
	}{
		{[]Stat{{"Max bcast/mcast queue length", "0"}, {"dco_enabled", "0"}}, false, true},
		{[]Stat{{"dco_enabled", "1"}}, true, true},
		{[]Stat{{"Max bcast/mcast queue length", "0"}}, false, false},
		{nil, false, false},
	} {
		st := &Status{GlobalStats: tc.stats}
		if e, r := st.DCOEnabled(); e != tc.enabled || r != tc.reported {
			t.Errorf("%v: %v, %v; want %v, %v", tc.stats, e, r, tc.enabled, tc.reported)
		}
	}
	for title, built := range map[string]bool{
		"OpenVPN 2.6.14 x86_64-pc-linux-gnu [SSL (OpenSSL)] [LZO] [LZ4] [EPOLL] [PKCS11] [MH/PKTINFO] [AEAD] [DCO]":       true,
		"OpenVPN 2.5.11 x86_64-pc-linux-gnu [SSL (OpenSSL)] [LZO] [LZ4] [EPOLL] [MH/PKTINFO] [AEAD] built on Nov 28 2026": false,
	} {
		v, err := ParseVersion([]string{"OpenVPN Version: " + title, "Management Version: 5"})
		if err != nil || v.DCOBuilt() != built {
			t.Errorf("%s: DCOBuilt %v, %v; want %v", title, v.DCOBuilt(), err, built)
		}
	}
}
