package provider

import (
	"fmt"
	"math/big"
	"strings"
	"testing"
	"time"

	"github.com/hashicorp/terraform-plugin-go/tfprotov6"
	"github.com/hashicorp/terraform-plugin-go/tftypes"

	"github.com/vpnops/terraform-provider-openvpn/internal/openvpnlab"
)

func stringSetValue(names ...string) tftypes.Value {
	elems := make([]tftypes.Value, 0, len(names))
	for _, n := range names {
		elems = append(elems, str(n))
	}
	return tftypes.NewValue(tftypes.Set{ElementType: tftypes.String}, elems)
}

func diagText(diags []*tfprotov6.Diagnostic) string {
	var b strings.Builder
	for _, d := range diags {
		sev := "warning"
		if d.Severity == tfprotov6.DiagnosticSeverityError {
			sev = "error"
		}
		fmt.Fprintf(&b, "%s: %s: %s\n", sev, d.Summary, d.Detail)
	}
	return b.String()
}

// violationNames reads the common names and client IDs in violations.
func violationNames(t *testing.T, state tftypes.Value) map[string]int64 {
	t.Helper()
	var attrs map[string]tftypes.Value
	var list []tftypes.Value
	if err := state.As(&attrs); err != nil {
		t.Fatal(err)
	}
	if err := attrs["violations"].As(&list); err != nil {
		t.Fatal(err)
	}
	out := map[string]int64{}
	for _, v := range list {
		var o map[string]tftypes.Value
		var cn string
		var id int64
		if err := v.As(&o); err != nil {
			t.Fatal(err)
		}
		f := new(big.Float)
		if err := o["common_name"].As(&cn); err != nil {
			t.Fatal(err)
		}
		if err := o["client_id"].As(&f); err != nil {
			t.Fatal(err)
		}
		id, _ = f.Int64()
		out[cn] = id
	}
	return out
}

// What the CLI shows but plugin-testing cannot check: a plan that narrows
// the list names exactly the session apply will end; apply reports each
// ended session, and a RESTARTed client that comes back; the next refresh
// finds it again. Nothing is sent when validation fails.
func TestClientAllowlistInProcess(t *testing.T) {
	testAccPreCheck(t)
	srv := openvpnlab.StartServerT(t, openvpnlab.ServerConfig{Password: labPassword})
	for _, cn := range []string{"alice", "bob", "carol"} {
		openvpnlab.StartClientT(t, srv, openvpnlab.ClientConfig{CommonName: cn})
	}
	h := configuredServer(t, srv).resource(t, "openvpn_client_allowlist")
	null := tftypes.NewValue(h.typ, nil)
	var carolID int64
	for _, s := range liveSessions(t, srv) {
		if s.CommonName == "carol" {
			carolID = int64(s.ClientID)
		}
	}

	t.Run("validation sends nothing", func(t *testing.T) {
		// Counted by connections: the direct read above may still be
		// logging its "quit".
		before := countInLog(t, srv, "MANAGEMENT: Client connected")
		for _, tc := range []struct {
			vals map[string]tftypes.Value
			want string
		}{
			{map[string]tftypes.Value{"common_names": stringSetValue("alice", "bob\r")}, "a carriage return (0x0d) at byte 3"},
			{map[string]tftypes.Value{"common_names": stringSetValue("alice"), "usernames": stringSetValue("UNDEF")}, "has no username, so it names no user"},
			{map[string]tftypes.Value{"common_names": stringSetValue("alice"), "max_sessions_per_common_name": num(0)}, "must be at least 1"},
			{map[string]tftypes.Value{"common_names": stringSetValue("alice"), "confirm_timeout": str("5s")}, "5s is too short"},
			{map[string]tftypes.Value{"common_names": stringSetValue("alice"), "kill_mode": str("KILL")}, `value must be one of: ["HALT" "RESTART"]`},
		} {
			s := h.planApply(t, null, h.object(tc.vals), true)
			if !hasError(s.planDiags) || !strings.Contains(diagText(s.planDiags), tc.want) || s.applyDiags != nil {
				t.Errorf("%v: %s", tc.vals, diagText(s.planDiags))
			}
		}
		if n := countInLog(t, srv, "MANAGEMENT: Client connected"); n != before {
			t.Errorf("%d management connections reached the daemon", n-before)
		}
	})

	all := h.planApply(t, null, h.object(map[string]tftypes.Value{"common_names": stringSetValue("alice", "bob", "carol")}), true)
	if len(all.planDiags)+len(all.applyDiags) != 0 || len(violationNames(t, all.state)) != 0 {
		t.Fatalf("create with everyone allowed: %s%s", diagText(all.planDiags), diagText(all.applyDiags))
	}
	refreshed, diags := h.read(t, all.state)
	if len(diags) != 0 {
		t.Fatal(diagText(diags))
	}
	narrow := h.object(map[string]tftypes.Value{"common_names": stringSetValue("alice", "bob"), "kill_mode": str("RESTART")})

	t.Run("the plan names exactly the session a narrower list ends", func(t *testing.T) {
		s := h.planApply(t, refreshed, narrow, false)
		text := diagText(s.planDiags)
		if len(s.planDiags) != 1 || !strings.Contains(text, "warning: Apply will end 1 OpenVPN session(s)") ||
			!strings.Contains(text, fmt.Sprintf(`client %d (carol, `, carolID)) || !strings.Contains(text, `common name "carol" is not in common_names`) ||
			strings.Contains(text, "alice") || strings.Contains(text, "bob") {
			t.Errorf("plan diagnostics:\n%s", text)
		}
		if got := violationNames(t, s.planned); len(got) != 0 {
			t.Errorf("planned violations %v, want none", got)
		}
	})

	t.Run("apply ends it, confirms, and reports the RESTARTed client's return", func(t *testing.T) {
		s := h.planApply(t, refreshed, narrow, true)
		returned := time.Now()
		text := diagText(s.applyDiags)
		t.Logf("apply diagnostics:\n%s", text)
		if hasError(s.applyDiags) || !strings.Contains(text, "warning: openvpn_client_allowlist ended 1 OpenVPN session(s)") ||
			!strings.Contains(text, fmt.Sprintf("client %d (carol, ", carolID)) {
			t.Fatalf("apply diagnostics:\n%s", text)
		}
		if !strings.Contains(text, "warning: OpenVPN client reconnected: carol reconnected as Client ID") ||
			!strings.Contains(text, "RESTART tells the client to reconnect") {
			expectReconnectedLate(t, srv, "carol", map[uint64]bool{uint64(carolID): true}, returned, text)
		}
		if got := violationNames(t, s.state); len(got) != 0 {
			t.Errorf("violations after apply %v, want none as planned", got)
		}
		// The next refresh finds carol's new session (polled: her client
		// may come back after apply returned).
		for deadline := time.Now().Add(15 * time.Second); ; time.Sleep(500 * time.Millisecond) {
			again, diags := h.read(t, s.state)
			got := violationNames(t, again)
			if len(diags) == 0 && len(got) == 1 && got["carol"] != carolID && got["carol"] != 0 {
				break
			}
			if time.Now().After(deadline) {
				t.Errorf("refresh after apply: violations %v (carol was client %d) %s", got, carolID, diagText(diags))
				break
			}
		}
	})
}
