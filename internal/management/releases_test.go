package management_test

import (
	"context"
	"errors"
	"strings"
	"testing"
	"time"

	"github.com/vpnops/terraform-provider-openvpn/internal/fakemgmt"
	"github.com/vpnops/terraform-provider-openvpn/internal/management"
)

// capturedRelease is what the transcripts of one release show; the tests
// below expect these values from the client reading that release's bytes.
type capturedRelease struct {
	mgmtVersion int
	cipher      string // "" before 2.5: no Data Channel Cipher column
	proto       bool   // 2.7: "udp4:", "tcp4-server:", "udp6:" before real addresses
	v6Port      bool   // 2.7: IPv6 peers printed as [addr]:port, before that without port
	subnet      bool   // 2.7's default topology: virtual addresses 10.8.0.2, .3, .4
}

var capturedReleases = map[string]capturedRelease{
	"2.4.12": {mgmtVersion: 1},
	"2.5.11": {mgmtVersion: 3, cipher: "AES-256-GCM"},
	"2.6.14": {mgmtVersion: 5, cipher: "AES-256-GCM"},
	"2.7.6":  {mgmtVersion: 6, cipher: "AES-256-GCM", proto: true, v6Port: true, subnet: true},
}

// TestClientOnEveryCapturedRelease runs the client's read commands against
// the replayed daemon of every captured release and lab.
func TestClientOnEveryCapturedRelease(t *testing.T) {
	if len(capturedReleases) != len(fakemgmt.CapturedReleases) {
		t.Fatalf("expectations for %d releases, %d captured", len(capturedReleases), len(fakemgmt.CapturedReleases))
	}
	for _, rel := range fakemgmt.CapturedReleases {
		want, ok := capturedReleases[rel]
		if !ok {
			t.Fatalf("no expectations for captured release %s", rel)
		}
		for _, lab := range fakemgmt.Labs {
			name := rel + "/" + string(lab)
			if lab == fakemgmt.LabUDP4 {
				name = rel + "/udp4"
			}
			t.Run(name, func(t *testing.T) { checkCapturedRelease(t, rel, lab, want) })
		}
	}
}

func checkCapturedRelease(t *testing.T, rel string, lab fakemgmt.Lab, want capturedRelease) {
	d, err := fakemgmt.CapturedDaemon(rel, lab)
	if err != nil {
		t.Fatal(err)
	}
	srv := fakemgmt.Start(t, d.Handle)
	c := fakeClient(t, srv.Addr(), management.Config{Password: fakemgmt.CapturedPassword})
	ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
	defer cancel()

	v, err := c.Version(ctx)
	if err != nil {
		t.Fatal(err)
	}
	if v.Release != rel || v.ManagementVersion != want.mgmtVersion || !strings.HasPrefix(v.Title, "OpenVPN "+rel+" ") {
		t.Errorf("version = %+v, want release %s, management version %d", v, rel, want.mgmtVersion)
	}

	st, err := c.Status(ctx)
	if err != nil {
		t.Fatal(err)
	}
	clients := 1
	if lab == fakemgmt.LabUDP4 {
		clients = 3
	}
	if st.Mode != management.ModeServer || st.Title != v.Title || st.UpdatedAt.IsZero() || len(st.Clients) != clients {
		t.Fatalf("status: mode %q, title %q, updated %v, %d clients; want server, the version's title, a time, %d clients",
			st.Mode, st.Title, st.UpdatedAt, len(st.Clients), clients)
	}
	routes := clients
	if lab == fakemgmt.LabUDP6 {
		routes = 2 // the IPv4 and the IPv6 pool address of the one client
	}
	if len(st.Routes) != routes {
		t.Errorf("%d routes, want %d", len(st.Routes), routes)
	}
	ids := map[uint64]bool{}
	for _, s := range st.Clients {
		ids[s.ClientID] = true
		checkCapturedSession(t, lab, want, s)
	}
	if len(ids) != clients {
		t.Errorf("client IDs %v are not unique", ids)
	}
	for _, r := range st.Routes {
		if r.Cached || r.CommonName == "" || r.LastRef.IsZero() || r.RealAddress != st.Clients[0].RealAddress && lab != fakemgmt.LabUDP4 {
			t.Errorf("route %+v", r)
		}
	}

	state, err := c.State(ctx)
	if err != nil {
		t.Fatal(err)
	}
	wantLocal, wantV6 := "127.0.0.1", ""
	if lab == fakemgmt.LabUDP6 {
		wantLocal, wantV6 = "::1", "fd00:8::1"
	}
	if state.Name != "CONNECTED" || state.Description != "SUCCESS" || state.LocalIPv4 != "10.8.0.1" ||
		state.LocalIP != wantLocal || state.LocalPort == 0 || state.LocalIPv6 != wantV6 || state.RemoteIP != "" {
		t.Errorf("state = %+v", state)
	}
	hist, err := c.StateHistory(ctx, 0)
	if err != nil || len(hist) != 2 || hist[0].Name != "CONNECTING" || hist[1].Name != "CONNECTED" {
		t.Errorf("state history = %+v, %v; want CONNECTING, CONNECTED", hist, err)
	}
	logs, err := c.Log(ctx, 5)
	if err != nil || len(logs) != 5 || logs[4].Message != "MANAGEMENT: CMD 'log 5'" || logs[4].Flags != "D" {
		t.Errorf("log 5 = %+v, %v", logs, err)
	}
	if echo, err := c.Echo(ctx, 0); err != nil || len(echo) != 0 {
		t.Errorf("echo all = %+v, %v; want none", echo, err)
	}
	if n, err := c.Verb(ctx); err != nil || n != 3 {
		t.Errorf("verb = %d, %v; want 3", n, err)
	}
	if h, err := c.Hold(ctx); err != nil || h.Flag || h.Waiting {
		t.Errorf("hold = %+v, %v; want off", h, err)
	}
	if ar, err := c.AuthRetry(ctx); err != nil || ar != "none" {
		t.Errorf("auth-retry = %q, %v", ar, err)
	}
	if pid, err := c.PID(ctx); err != nil || pid <= 1 {
		t.Errorf("pid = %d, %v", pid, err)
	}
	if ls, err := c.LoadStats(ctx); err != nil || ls.Clients != clients || ls.BytesIn == 0 || ls.BytesOut == 0 {
		t.Errorf("load-stats = %+v, %v; want %d clients and bytes", ls, err, clients)
	}
	if _, err := c.KillCommonName(ctx, "nosuchcn"); !errors.Is(err, management.ErrNotFound) {
		t.Errorf("kill nosuchcn: %v, want ErrNotFound", err)
	}
	if err := c.ClientKill(ctx, 999, ""); !errors.Is(err, management.ErrNotFound) {
		t.Errorf("client-kill 999: %v, want ErrNotFound", err)
	}
}

func checkCapturedSession(t *testing.T, lab fakemgmt.Lab, want capturedRelease, s management.Session) {
	t.Helper()
	if !strings.HasPrefix(s.CommonName, "client00") || s.HasUsername || !s.HasClientID || !s.HasPeerID ||
		s.BytesReceived == 0 || s.BytesSent == 0 || s.ConnectedSince.IsZero() || s.DataChannelCipher != want.cipher {
		t.Errorf("session %+v", s)
	}
	first := "10.8.0.6" // net30: .6, .10, .14
	if want.subnet {
		first = "10.8.0.2"
	}
	if lab != fakemgmt.LabUDP4 && s.VirtualAddress != first {
		t.Errorf("virtual address %q, want %q", s.VirtualAddress, first)
	}
	a := s.RealAddress
	switch lab {
	case fakemgmt.LabUDP6:
		wantPort := a.Port != 0
		if s.VirtualIPv6Address != "fd00:8::1000" || a.IP != "::1" || wantPort != want.v6Port {
			t.Errorf("IPv6 session: virtual %q, real %+v (port expected: %v)", s.VirtualIPv6Address, a, want.v6Port)
		}
	default:
		if a.IP != "127.0.0.1" || a.Port == 0 || s.VirtualIPv6Address != "" {
			t.Errorf("real address %+v, virtual IPv6 %q", a, s.VirtualIPv6Address)
		}
	}
	wantProto := ""
	if want.proto {
		wantProto = map[fakemgmt.Lab]string{fakemgmt.LabUDP4: "udp4", fakemgmt.LabTCP4: "tcp4-server", fakemgmt.LabUDP6: "udp6"}[lab]
	}
	if a.Protocol != wantProto {
		t.Errorf("real address %q: protocol %q, want %q", a.Raw, a.Protocol, wantProto)
	}
}
