package provider

import (
	"context"
	"strings"
	"testing"
	"time"

	"github.com/hashicorp/terraform-plugin-framework/diag"

	"github.com/vpnops/terraform-provider-openvpn/internal/fakemgmt"
	"github.com/vpnops/terraform-provider-openvpn/internal/management"
	"github.com/vpnops/terraform-provider-openvpn/internal/remote"
)

// The hints speak of "the provider's password" and name
// OPENVPN_MANAGEMENT_PASSWORD, which serve only the provider block's own
// daemon: under a named daemon's error they say where its settings are
// (daemons["vpn2"]), and that the variables do not serve it. The block's
// own daemon gets the hint as before.
func TestNamedDaemonErrorSaysWhereItsSettingsAre(t *testing.T) {
	d := fakemgmt.Daemon26()
	d.Password = labPassword
	srv := fakemgmt.Start(t, d.Handle)
	for _, name := range []string{"vpn2", defaultDaemon} {
		c, err := management.New(management.Config{Address: srv.Addr(), Name: name, Password: "not it", Timeout: 2 * time.Second})
		if err != nil {
			t.Fatal(err)
		}
		_, err = c.Version(context.Background())
		var diags diag.Diagnostics
		addClientError(&diags, "Reading the version", err)
		if len(diags) != 1 || diags[0].Summary() != "OpenVPN management password rejected" {
			t.Fatalf("daemon %q: %v; want one \"password rejected\"", name, diags)
		}
		detail := diags[0].Detail()
		where := `daemons["vpn2"] in the provider block; the OPENVPN_MANAGEMENT_* variables serve only the block's own daemon`
		if got := strings.Contains(detail, where); got != (name != defaultDaemon) {
			t.Errorf("daemon %q: the detail says where a named daemon's settings are: %v, want %v:\n%s", name, got, name != defaultDaemon, detail)
		}
	}
}

// A hint that asks for no setting (the daemon's mode) gets no such note.
func TestNamedDaemonNoteOnlyWhereAHintNamesASetting(t *testing.T) {
	d, err := fakemgmt.ClientDaemon26()
	if err != nil {
		t.Fatal(err)
	}
	srv := fakemgmt.Start(t, d.Handle)
	c, err := management.New(management.Config{Address: srv.Addr(), Name: "vpn2", Timeout: 2 * time.Second})
	if err != nil {
		t.Fatal(err)
	}
	_, err = c.ServerStatus(context.Background())
	var diags diag.Diagnostics
	addClientError(&diags, "Reading the client list", err)
	if len(diags) != 1 || diags[0].Summary() != summaryWrongMode {
		t.Fatalf("%v; want one %q", diags, summaryWrongMode)
	}
	if detail := diags[0].Detail(); !strings.Contains(detail, `daemon "vpn2": `) || strings.Contains(detail, `daemons["vpn2"]`) {
		t.Errorf("the mode refusal names the daemon and no settings:\n%s", detail)
	}
}

// An unknown daemon name offers the provider block's own daemon only
// where the block has one: without, leaving daemon unset fails too.
func TestUnknownDaemonOffersTheOwnDaemonOnlyWhereThereIsOne(t *testing.T) {
	for _, own := range []bool{true, false} {
		d := &providerData{clients: map[string]*management.Client{"vpn2": nil}, names: []string{"vpn2"}}
		if own {
			d.clients[defaultDaemon] = nil
		}
		var diags diag.Diagnostics
		d.refuse("vpn9", &diags)
		if len(diags) != 1 || diags[0].Summary() != "Unknown OpenVPN daemon" {
			t.Fatalf("own daemon %v: %v; want one \"Unknown OpenVPN daemon\"", own, diags)
		}
		detail := diags[0].Detail()
		if got := strings.Contains(detail, "leave daemon unset"); got != own {
			t.Errorf("own daemon %v: the detail offers leaving daemon unset: %v:\n%s", own, got, detail)
		}
		if !strings.Contains(detail, `add "vpn9" to daemons`) {
			t.Errorf("own daemon %v: the detail does not offer adding the name:\n%s", own, detail)
		}
	}
}

// A refused SSH login asks for the ssh block's user or private_key, which
// for a named daemon are in daemons["NAME"].ssh: the hint gets the note.
func TestSSHAuthenticationHintNamesASetting(t *testing.T) {
	_, hint := explain(&remote.AuthError{Hop: remote.HopHost, Host: "vpn1:22", User: "ops"})
	if !speaksOfSettings(hint) {
		t.Errorf("the SSH authentication hint is not taken to name a setting:\n%s", hint)
	}
}
