package management_test

import (
	"context"
	"testing"
	"time"

	"github.com/vpnops/terraform-provider-openvpn/internal/management"
	"github.com/vpnops/terraform-provider-openvpn/internal/openvpnlab"
)

// On a real daemon: HALT ends a session for good, RESTART makes the client
// come back as a new Client ID while the old one is still listed, and a
// name with a control byte is listed with "_" (what CheckListed* rely on).
func TestRealEndSessions(t *testing.T) {
	srv := openvpnlab.StartServerT(t, openvpnlab.ServerConfig{Password: labPassword})
	alice := openvpnlab.StartClientT(t, srv, openvpnlab.ClientConfig{CommonName: "alice"})
	openvpnlab.StartClientT(t, srv, openvpnlab.ClientConfig{CommonName: "bob"})
	openvpnlab.StartClientT(t, srv, openvpnlab.ClientConfig{CommonName: "tab\there"})
	c := dial(t, srv.ManagementAddress, srv.Password)
	ctx := ctxT(t)
	byName := func() map[string]management.Session {
		st, err := c.Status(management.Fresh(ctx))
		if err != nil {
			t.Fatal(err)
		}
		m := map[string]management.Session{}
		for _, s := range st.Clients {
			m[s.CommonName] = s
		}
		return m
	}
	listed := byName()
	if _, ok := listed["tab_here"]; !ok || management.CheckListedCommonName("tab\there") == nil || management.CheckListedCommonName("tab_here") != nil {
		t.Errorf("the daemon lists %v; want \"tab_here\" for the CN \"tab\\there\", which CheckListedCommonName refuses", listed)
	}
	all := func() []management.Session {
		var out []management.Session
		for _, s := range listed {
			out = append(out, s)
		}
		return out
	}

	t.Run("HALT", func(t *testing.T) {
		r, err := c.EndSessions(ctx, all(), []management.Session{listed["alice"]}, management.EndOptions{Message: management.KillHalt})
		if err != nil {
			t.Fatal(err)
		}
		if len(r.Left) != 1 || len(r.StillListed) != 0 || len(r.Reconnected) != 0 || len(r.AlreadyGone) != 0 {
			t.Fatalf("report %+v", r)
		}
		// The daemon keeps the session listed for its delayed exit: more
		// than one read was needed.
		if r.Polls < 2 {
			t.Errorf("the session left after %d status reads; the daemon keeps it about 5 s", r.Polls)
		}
		// Bounded: one read per 500 ms at most, however long it takes.
		if limit := int(management.DefaultEndWait/(500*time.Millisecond)) + 1; r.Polls > limit {
			t.Errorf("%d status reads, more than the %d a %s wait allows", r.Polls, limit, management.DefaultEndWait)
		}
		wctx, cancel := context.WithTimeout(ctx, 10*time.Second)
		defer cancel()
		_ = alice.Wait(wctx)
		if !alice.Exited() {
			t.Error("alice's client did not exit after HALT")
		}
		if _, ok := byName()["alice"]; ok {
			t.Error("alice is listed again")
		}
	})

	t.Run("RESTART reconnects", func(t *testing.T) {
		bob := listed["bob"]
		r, err := c.EndSessions(ctx, all(), []management.Session{bob}, management.EndOptions{Message: management.KillRestart})
		if err != nil {
			t.Fatal(err)
		}
		if len(r.Left) != 1 || r.Left[0].ClientID != bob.ClientID || len(r.StillListed) != 0 {
			t.Fatalf("report %+v", r)
		}
		returned := time.Now()
		if len(r.Reconnected) == 0 {
			// Right only if bob came back after the wait ended (a loaded
			// machine can delay the client's restart, normally 1.3 s, past
			// the daemon's 5 s); Connected Since has 1 s resolution.
			if now, ok := byName()["bob"]; ok && now.ClientID != bob.ClientID && now.ConnectedSince.Before(returned.Add(-time.Second)) {
				t.Fatalf("bob reconnected as client %d at %s, before the wait ended, and is not reported", now.ClientID, now.ConnectedSince)
			}
			t.Log("bob reconnected only after the wait ended")
			return
		}
		if len(r.Reconnected) != 1 || r.Reconnected[0].Session.CommonName != "bob" || r.Reconnected[0].Session.ClientID == bob.ClientID || r.Reconnected[0].Ended.ClientID != bob.ClientID {
			t.Fatalf("reconnected = %+v, want bob with a new client ID", r.Reconnected)
		}
		if now := byName()["bob"]; now.ClientID != r.Reconnected[0].Session.ClientID {
			t.Errorf("bob is listed as client %d, the report says %d", now.ClientID, r.Reconnected[0].Session.ClientID)
		}
	})
}
