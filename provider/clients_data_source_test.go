package provider

import (
	"testing"
	"time"

	"github.com/hashicorp/terraform-plugin-framework/types"
	"github.com/hashicorp/terraform-plugin-go/tftypes"

	"github.com/vpnops/terraform-provider-openvpn/internal/management"
)

// sessions as a 2.6 server reports them: a duplicate common name, a common
// name with a comma, a space and '#', and usernames absent (UNDEF).
func testSessions() []management.Session {
	since := time.Unix(1795550806, 0)
	return []management.Session{
		{ClientID: 7, HasClientID: true, PeerID: 7, HasPeerID: true, CommonName: "alice", RealAddress: management.Address{Raw: "127.0.0.1:40001", IP: "127.0.0.1", Port: 40001}, VirtualAddress: "10.8.0.3", BytesReceived: 10, BytesSent: 20, ConnectedSince: since, DataChannelCipher: "AES-256-GCM"},
		{ClientID: 2, HasClientID: true, PeerID: 2, HasPeerID: true, CommonName: "Doe, John #1", Username: "john", HasUsername: true, RealAddress: management.Address{Raw: "127.0.0.1:40002", IP: "127.0.0.1", Port: 40002}, VirtualAddress: "10.8.0.2", VirtualIPv6Address: "fd00::2", ConnectedSince: since, DataChannelCipher: "AES-256-GCM"},
		{ClientID: 11, HasClientID: true, PeerID: 11, HasPeerID: true, CommonName: "alice", RealAddress: management.Address{Raw: "udp6:2001:db8::1", Protocol: "udp6", IP: "2001:db8::1"}, ConnectedSince: since},
	}
}

// sessionAttrs are the Terraform attributes of the sessions clients lists.
func sessionAttrs(t *testing.T, sessions []management.Session) []map[string]tftypes.Value {
	t.Helper()
	var out []map[string]tftypes.Value
	for _, s := range sessions {
		var attrs map[string]tftypes.Value
		if err := clientSession.value(s).As(&attrs); err != nil {
			t.Fatal(err)
		}
		out = append(out, attrs)
	}
	return out
}

func TestClientSessionsSortedByClientIDWithNulls(t *testing.T) {
	got := sessionAttrs(t, clientSessions(testSessions(), sessionFilter{commonName: types.StringNull(), username: types.StringNull(), realAddress: types.StringNull()}))
	if len(got) != 3 {
		t.Fatalf("got %d sessions, want 3", len(got))
	}
	for i, want := range []int64{2, 7, 11} {
		if !got[i]["client_id"].Equal(tftypes.NewValue(tftypes.Number, want)) {
			t.Errorf("session %d: client_id %v, want %d", i, got[i]["client_id"], want)
		}
	}
	john := got[0]
	if !john["common_name"].Equal(tfString("Doe, John #1")) || !john["username"].Equal(tfString("john")) {
		t.Errorf("john = %v", john)
	}
	if !john["connected_since"].Equal(tfString("2026-11-24T20:06:46Z")) {
		t.Errorf("connected_since = %v", john["connected_since"])
	}
	if !got[1]["username"].IsNull() {
		t.Errorf("UNDEF username should be null, got %v", got[1]["username"])
	}
	if !got[1]["virtual_ipv6_address"].IsNull() || !got[2]["virtual_address"].IsNull() || !got[2]["data_channel_cipher"].IsNull() {
		t.Errorf("empty daemon fields should be null: %v %v", got[1], got[2])
	}
	if !got[2]["real_address"].Equal(tfString("udp6:2001:db8::1")) {
		t.Errorf("real_address must be as printed, got %v", got[2]["real_address"])
	}
	if !got[0]["bytes_received"].Equal(tftypes.NewValue(tftypes.Number, 0)) || !got[1]["bytes_sent"].Equal(tftypes.NewValue(tftypes.Number, 20)) {
		t.Errorf("byte counts: %v %v", got[0]["bytes_received"], got[1]["bytes_sent"])
	}
}

func TestClientSessionsFilters(t *testing.T) {
	null := types.StringNull()
	cases := []struct {
		name string
		f    sessionFilter
		want []uint64
	}{
		{"duplicate common name keeps both", sessionFilter{types.StringValue("alice"), null, null}, []uint64{7, 11}},
		{"common name with comma space and hash", sessionFilter{types.StringValue("Doe, John #1"), null, null}, []uint64{2}},
		{"username", sessionFilter{null, types.StringValue("john"), null}, []uint64{2}},
		{"UNDEF username never matches", sessionFilter{null, types.StringValue("UNDEF"), null}, nil},
		{"real address as printed", sessionFilter{null, null, types.StringValue("127.0.0.1:40001")}, []uint64{7}},
		{"real address by IP", sessionFilter{null, null, types.StringValue("2001:db8::1")}, []uint64{11}},
		{"filters combine", sessionFilter{types.StringValue("alice"), null, types.StringValue("127.0.0.1:40002")}, nil},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			got := clientSessions(testSessions(), tc.f)
			if len(got) != len(tc.want) {
				t.Fatalf("got %d sessions, want %v", len(got), tc.want)
			}
			for i, id := range tc.want {
				if got[i].ClientID != id {
					t.Errorf("session %d: client_id %v, want %d", i, got[i].ClientID, id)
				}
			}
		})
	}
}

func TestClientSessionsEmptyServerIsEmptyListNotNull(t *testing.T) {
	got := clientSession.list(clientSessions(nil, sessionFilter{types.StringNull(), types.StringNull(), types.StringNull()}))
	var elems []tftypes.Value
	if err := got.As(&elems); got.IsNull() || err != nil || len(elems) != 0 {
		t.Fatalf("want an empty, non-null list, got %v (%v)", got, err)
	}
}

func TestClientSessionsBeforeClientIDColumn(t *testing.T) {
	got := sessionAttrs(t, []management.Session{{CommonName: "old"}})
	if !got[0]["client_id"].IsNull() || !got[0]["peer_id"].IsNull() {
		t.Fatalf("2.3-era sessions have no client/peer ID: %v", got[0])
	}
}
