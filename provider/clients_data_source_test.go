package provider

import (
	"testing"
	"time"

	"github.com/hashicorp/terraform-plugin-framework/types"

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

func TestClientSessionsSortedByClientIDWithNulls(t *testing.T) {
	got := clientSessions(testSessions(), sessionFilter{commonName: types.StringNull(), username: types.StringNull(), realAddress: types.StringNull()})
	if len(got) != 3 {
		t.Fatalf("got %d sessions, want 3", len(got))
	}
	for i, want := range []int64{2, 7, 11} {
		if got[i].ClientID.ValueInt64() != want {
			t.Errorf("session %d: client_id %v, want %d", i, got[i].ClientID, want)
		}
	}
	john := got[0]
	if john.CommonName.ValueString() != "Doe, John #1" || john.Username.ValueString() != "john" {
		t.Errorf("john = %+v", john)
	}
	if john.ConnectedSince.ValueString() != "2026-11-24T20:06:46Z" {
		t.Errorf("connected_since = %v", john.ConnectedSince)
	}
	if !got[1].Username.IsNull() {
		t.Errorf("UNDEF username should be null, got %v", got[1].Username)
	}
	if !got[1].VirtualIPv6Address.IsNull() || !got[2].VirtualAddress.IsNull() || !got[2].DataChannelCipher.IsNull() {
		t.Errorf("empty daemon fields should be null: %+v %+v", got[1], got[2])
	}
	if got[2].RealAddress.ValueString() != "udp6:2001:db8::1" {
		t.Errorf("real_address must be as printed, got %v", got[2].RealAddress)
	}
}

func TestClientSessionsFilters(t *testing.T) {
	null := types.StringNull()
	cases := []struct {
		name string
		f    sessionFilter
		want []int64
	}{
		{"duplicate common name keeps both", sessionFilter{types.StringValue("alice"), null, null}, []int64{7, 11}},
		{"common name with comma space and hash", sessionFilter{types.StringValue("Doe, John #1"), null, null}, []int64{2}},
		{"username", sessionFilter{null, types.StringValue("john"), null}, []int64{2}},
		{"UNDEF username never matches", sessionFilter{null, types.StringValue("UNDEF"), null}, nil},
		{"real address as printed", sessionFilter{null, null, types.StringValue("127.0.0.1:40001")}, []int64{7}},
		{"real address by IP", sessionFilter{null, null, types.StringValue("2001:db8::1")}, []int64{11}},
		{"filters combine", sessionFilter{types.StringValue("alice"), null, types.StringValue("127.0.0.1:40002")}, nil},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			got := clientSessions(testSessions(), tc.f)
			if len(got) != len(tc.want) {
				t.Fatalf("got %d sessions, want %v", len(got), tc.want)
			}
			for i, id := range tc.want {
				if got[i].ClientID.ValueInt64() != id {
					t.Errorf("session %d: client_id %v, want %d", i, got[i].ClientID, id)
				}
			}
		})
	}
}

func TestClientSessionsEmptyServerIsEmptyListNotNull(t *testing.T) {
	got := clientSessions(nil, sessionFilter{types.StringNull(), types.StringNull(), types.StringNull()})
	if got == nil || len(got) != 0 {
		t.Fatalf("want an empty, non-nil list, got %#v", got)
	}
}

func TestClientSessionsBeforeClientIDColumn(t *testing.T) {
	got := clientSessions([]management.Session{{CommonName: "old"}}, sessionFilter{types.StringNull(), types.StringNull(), types.StringNull()})
	if !got[0].ClientID.IsNull() || !got[0].PeerID.IsNull() {
		t.Fatalf("2.3-era sessions have no client/peer ID: %+v", got[0])
	}
}
