package provider

import (
	"context"
	"math/big"
	"os"
	"path/filepath"
	"testing"

	"github.com/hashicorp/terraform-plugin-framework/path"
	"github.com/hashicorp/terraform-plugin-framework/providerserver"
	"github.com/hashicorp/terraform-plugin-go/tfprotov6"
	"github.com/hashicorp/terraform-plugin-go/tftypes"

	"github.com/vpnops/terraform-provider-openvpn/internal/fakemgmt"
	"github.com/vpnops/terraform-provider-openvpn/internal/management"
)

// twoServers are the provider served by NewProtocolServer and by the framework
// alone.
func twoServers(t *testing.T) (direct, framework tfprotov6.ProviderServer) {
	t.Helper()
	direct, err := NewProtocolServer(Build{Version: "test"})()
	if err != nil {
		t.Fatal(err)
	}
	framework, err = providerserver.NewProtocol6WithError(New("test")())()
	if err != nil {
		t.Fatal(err)
	}
	return direct, framework
}

// readThrough reads a data source through a protocol server, configured
// for addr unless addr is empty, and returns its state and diagnostics.
func readThrough(t *testing.T, ps tfprotov6.ProviderServer, addr, typeName string, config map[string]tftypes.Value) (tftypes.Value, []*tfprotov6.Diagnostic) {
	t.Helper()
	ctx := context.Background()
	sch := providerSchema(t, ps)
	if addr != "" {
		pcfg := dynamicValue(t, sch.Provider, map[string]tftypes.Value{"address": tftypes.NewValue(tftypes.String, addr)})
		if r, err := ps.ConfigureProvider(ctx, &tfprotov6.ConfigureProviderRequest{Config: pcfg}); err != nil || len(r.Diagnostics) > 0 {
			t.Fatalf("configure: %v %v", err, r.Diagnostics)
		}
	}
	ds := sch.DataSourceSchemas[typeName]
	resp, err := ps.ReadDataSource(management.Fresh(ctx), &tfprotov6.ReadDataSourceRequest{TypeName: typeName, Config: dynamicValue(t, ds, config)})
	if err != nil {
		t.Fatal(err)
	}
	if resp.State == nil {
		return tftypes.Value{}, resp.Diagnostics
	}
	state, err := resp.State.Unmarshal(ds.ValueType())
	if err != nil {
		t.Fatal(err)
	}
	return state, resp.Diagnostics
}

// The reads NewProtocolServer answers itself return what the framework returns:
// the same state, the same diagnostics.
func TestDirectReadsMatchTheFramework(t *testing.T) {
	ok := fakemgmt.Daemon26() // five sessions, "Doe, John #1" and nulls among them
	srv := fakemgmt.Start(t, ok.Handle)
	refused := fakemgmt.Daemon26()
	refused.Replies["status 3"] = "ERROR: status command failed\r\n"
	failing := fakemgmt.Start(t, refused.Handle)

	cases := []struct {
		name, addr, typeName string
		config               map[string]tftypes.Value
	}{
		{"all sessions", srv.Addr(), "openvpn_clients", nil},
		{"filtered", srv.Addr(), "openvpn_clients", map[string]tftypes.Value{"common_name": tfString("alice")}},
		{"none match", srv.Addr(), "openvpn_clients", map[string]tftypes.Value{"username": tfString("nobody")}},
		{"routes", srv.Addr(), "openvpn_routing_table", nil},
		{"daemon error", failing.Addr(), "openvpn_clients", nil},
		{"not configured", "", "openvpn_routing_table", nil},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			direct, framework := twoServers(t)
			got, gotDiags := readThrough(t, direct, tc.addr, tc.typeName, tc.config)
			want, wantDiags := readThrough(t, framework, tc.addr, tc.typeName, tc.config)
			if !got.Equal(want) {
				t.Errorf("state differs:\ndirect    %v\nframework %v", got, want)
			}
			if len(gotDiags) != len(wantDiags) {
				t.Fatalf("diagnostics: direct %v, framework %v", gotDiags, wantDiags)
			}
			for i := range gotDiags {
				g, w := gotDiags[i], wantDiags[i]
				if g.Severity != w.Severity || g.Summary != w.Summary || g.Detail != w.Detail || !g.Attribute.Equal(w.Attribute) {
					t.Errorf("diagnostic %d: direct %+v, framework %+v", i, g, w)
				}
			}
			if tc.typeName == "openvpn_clients" && tc.config == nil && tc.addr == srv.Addr() {
				var attrs map[string]tftypes.Value
				var clients []tftypes.Value
				if err := got.As(&attrs); err != nil || attrs["clients"].As(&clients) != nil || len(clients) != 5 {
					t.Errorf("want the five sessions of the capture, got %v", got)
				}
			}
		})
	}
}

// protocolValue writes what NewDynamicValue writes.
func TestProtocolValueMatchesNewDynamicValue(t *testing.T) {
	row := tftypes.Object{AttributeTypes: map[string]tftypes.Type{"s": tftypes.String, "n": tftypes.Number, "b": tftypes.Bool}}
	typ := tftypes.Object{AttributeTypes: map[string]tftypes.Type{
		"rows": tftypes.List{ElementType: row},
		"none": tftypes.String,
		"big":  tftypes.Number,
	}}
	rows := []tftypes.Value{
		tftypes.NewValue(row, map[string]tftypes.Value{"s": tfString("Doe, John #1"), "n": tftypes.NewValue(tftypes.Number, 4294967295), "b": tftypes.NewValue(tftypes.Bool, true)}),
		tftypes.NewValue(row, map[string]tftypes.Value{"s": tftypes.NewValue(tftypes.String, nil), "n": tftypes.NewValue(tftypes.Number, -3), "b": tftypes.NewValue(tftypes.Bool, false)}),
	}
	for name, v := range map[string]tftypes.Value{
		"whole numbers": tftypes.NewValue(typ, map[string]tftypes.Value{
			"rows": tftypes.NewValue(tftypes.List{ElementType: row}, rows),
			"none": tftypes.NewValue(tftypes.String, nil),
			"big":  tftypes.NewValue(tftypes.Number, int64(1)<<62),
		}),
		"a fraction, left to NewDynamicValue": tftypes.NewValue(typ, map[string]tftypes.Value{
			"rows": tftypes.NewValue(tftypes.List{ElementType: row}, []tftypes.Value{}),
			"none": tfString(""),
			"big":  tftypes.NewValue(tftypes.Number, big.NewFloat(1.5)),
		}),
	} {
		got, err := protocolValue(typ, v)
		if err != nil {
			t.Fatal(err)
		}
		want, err := tfprotov6.NewDynamicValue(typ, v)
		if err != nil {
			t.Fatal(err)
		}
		if string(got.MsgPack) != string(want.MsgPack) {
			t.Errorf("%s: protocolValue wrote %x, NewDynamicValue %x", name, got.MsgPack, want.MsgPack)
		}
	}

	// Map keys are sorted here, in Go's order there: compare the values.
	mtyp := tftypes.Map{ElementType: tftypes.String}
	m := tftypes.NewValue(mtyp, map[string]tftypes.Value{"dco_enabled": tfString("0"), "Max bcast/mcast queue length": tfString("1")})
	got, err := protocolValue(mtyp, m)
	if err != nil {
		t.Fatal(err)
	}
	back, err := got.Unmarshal(mtyp)
	if err != nil || !back.Equal(m) {
		t.Errorf("map read back as %v (%v), want %v", back, err, m)
	}
}

// A diagnostic's attribute path reaches the protocol unchanged.
func TestAttributePath(t *testing.T) {
	got := attributePath(path.Root("clients").AtListIndex(2).AtName("client_id"))
	want := tftypes.NewAttributePath().WithAttributeName("clients").WithElementKeyInt(2).WithAttributeName("client_id")
	if !got.Equal(want) {
		t.Errorf("got %v, want %v", got, want)
	}
	if attributePath(path.Empty()) != nil {
		t.Error("the root is no attribute")
	}
}

// parse_status answered by NewProtocolServer returns what the framework returns:
// the same result, the same error on the same argument.
func TestDirectParseStatusMatchesTheFramework(t *testing.T) {
	ctx := context.Background()
	texts := map[string]tftypes.Value{"null, left to the framework": tftypes.NewValue(tftypes.String, nil)}
	for _, file := range []string{
		"transcripts/openvpn-2.7.6/udp6-status-3.txt",
		"transcripts/openvpn-2.4.12/status-1.txt",
		"transcripts/openvpn-2.5.11/status-2.txt",
	} {
		b, err := os.ReadFile(filepath.Join("..", "internal", "testdata", file))
		if err != nil {
			t.Fatal(err)
		}
		texts[file] = tfString(string(b))
	}
	texts["client mode"] = tfString("OpenVPN STATISTICS\nUpdated,2026-11-24 20:06:46\nTUN/TAP read bytes,153\nEND\n")
	texts["not a status"] = tfString("hello\n")
	direct, framework := twoServers(t)
	for name, text := range texts {
		arg, err := tfprotov6.NewDynamicValue(tftypes.String, text)
		if err != nil {
			t.Fatal(err)
		}
		req := &tfprotov6.CallFunctionRequest{Name: "parse_status", Arguments: []*tfprotov6.DynamicValue{&arg}}
		got, err1 := direct.CallFunction(ctx, req)
		want, err2 := framework.CallFunction(ctx, req)
		if err1 != nil || err2 != nil {
			t.Fatalf("%s: %v %v", name, err1, err2)
		}
		if (got.Error == nil) != (want.Error == nil) {
			t.Fatalf("%s: error direct %v, framework %v", name, got.Error, want.Error)
		}
		if want.Error != nil {
			if got.Error.Text != want.Error.Text || (got.Error.FunctionArgument == nil) != (want.Error.FunctionArgument == nil) {
				t.Errorf("%s: error direct %+v, framework %+v", name, got.Error, want.Error)
			}
			continue
		}
		typ := tftypes.Object{AttributeTypes: parseStatusResult.typ.AttributeTypes}
		g, err1 := got.Result.Unmarshal(typ)
		w, err2 := want.Result.Unmarshal(typ)
		if err1 != nil || err2 != nil || !g.Equal(w) {
			t.Errorf("%s: direct %v (%v), framework %v (%v)", name, g, err1, w, err2)
		}
	}
}
