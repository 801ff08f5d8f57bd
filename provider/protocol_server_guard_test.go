package provider

import (
	"context"
	"fmt"
	"sort"
	"strings"
	"testing"

	"github.com/hashicorp/terraform-plugin-framework/attr"
	"github.com/hashicorp/terraform-plugin-framework/datasource"
	dsschema "github.com/hashicorp/terraform-plugin-framework/datasource/schema"
	"github.com/hashicorp/terraform-plugin-framework/types/basetypes"
	"github.com/hashicorp/terraform-plugin-go/tfprotov6"
	"github.com/hashicorp/terraform-plugin-go/tftypes"

	"github.com/vpnops/terraform-provider-openvpn/internal/fakemgmt"
)

// The reads NewProtocolServer answers itself skip the framework's pass over
// the new state, which only matters for blocks and custom types: their
// schemas must have neither.
func TestDirectReadsHavePlainSchemas(t *testing.T) {
	if len(directReads) == 0 {
		t.Fatal("no direct reads to check")
	}
	for name, newDataSource := range directReads {
		var sch datasource.SchemaResponse
		newDataSource().Schema(context.Background(), datasource.SchemaRequest{}, &sch)
		if len(sch.Schema.Attributes) == 0 {
			t.Errorf("%s: no attributes", name)
		}
		if problem := plainSchemaProblem(sch.Schema); problem != "" {
			t.Errorf("%s is answered without the framework's pass but %s", name, problem)
		}
	}
}

// The check itself finds a block and a custom type, however deep.
func TestPlainSchemaProblemFindsBlocksAndCustomTypes(t *testing.T) {
	withBlock := dsschema.Schema{Blocks: map[string]dsschema.Block{"b": dsschema.ListNestedBlock{}}}
	custom := dsschema.Schema{Attributes: map[string]dsschema.Attribute{
		"rows": dsschema.ListNestedAttribute{Computed: true, NestedObject: dsschema.NestedAttributeObject{
			Attributes: map[string]dsschema.Attribute{"s": dsschema.StringAttribute{Computed: true, CustomType: customString{}}},
		}},
	}}
	plain := dsschema.Schema{Attributes: map[string]dsschema.Attribute{
		"rows": dsschema.ListNestedAttribute{Computed: true, NestedObject: dsschema.NestedAttributeObject{
			Attributes: map[string]dsschema.Attribute{"m": dsschema.MapAttribute{Computed: true, ElementType: basetypes.StringType{}}},
		}},
	}}
	if plainSchemaProblem(withBlock) == "" || plainSchemaProblem(custom) == "" || plainSchemaProblem(plain) != "" {
		t.Errorf("block %q, custom type %q, plain %q", plainSchemaProblem(withBlock), plainSchemaProblem(custom), plainSchemaProblem(plain))
	}
}

type customString struct{ basetypes.StringType }

// plainSchemaProblem names a block or a custom type in s, or is "".
func plainSchemaProblem(s dsschema.Schema) string {
	if len(s.Blocks) > 0 {
		return "has blocks"
	}
	names := make([]string, 0, len(s.Attributes))
	for name := range s.Attributes {
		names = append(names, name)
	}
	sort.Strings(names)
	for _, name := range names {
		if problem := plainTypeProblem(s.Attributes[name].GetType()); problem != "" {
			return name + " " + problem
		}
	}
	return ""
}

func plainTypeProblem(t attr.Type) string {
	switch t := t.(type) {
	case basetypes.StringType, basetypes.BoolType, basetypes.Int64Type, basetypes.Int32Type,
		basetypes.Float64Type, basetypes.Float32Type, basetypes.NumberType:
		return ""
	case basetypes.ListType:
		return plainTypeProblem(t.ElemType)
	case basetypes.SetType:
		return plainTypeProblem(t.ElemType)
	case basetypes.MapType:
		return plainTypeProblem(t.ElemType)
	case basetypes.ObjectType:
		for name, at := range t.AttrTypes {
			if problem := plainTypeProblem(at); problem != "" {
				return "." + name + " " + problem
			}
		}
		return ""
	default:
		return fmt.Sprintf("has the custom type %T", t)
	}
}

// Without a configuration (a broken client) the wrapper reports an error
// and asks nothing of the daemon. (The framework answers openvpn_clients
// with the Read's conversion error and panics on openvpn_routing_table,
// whose Read succeeds: its semantic-equality pass dereferences the
// missing configuration.)
func TestDirectReadWithoutConfigIsAnError(t *testing.T) {
	srv := fakemgmt.Start(t, fakemgmt.Daemon26().Handle)
	for name := range directReads {
		direct, _ := twoServers(t)
		readThrough(t, direct, srv.Addr(), name, nil) // configures the provider and connects
		before := commandsReceived(srv)
		resp, err := direct.ReadDataSource(context.Background(), &tfprotov6.ReadDataSourceRequest{TypeName: name})
		if err != nil {
			t.Fatal(err)
		}
		if len(resp.Diagnostics) != 1 || resp.Diagnostics[0].Severity != tfprotov6.DiagnosticSeverityError ||
			!strings.Contains(resp.Diagnostics[0].Detail, "bug") || resp.State != nil {
			t.Errorf("%s without configuration: %+v, want one error diagnostic saying it is a bug, and no state", name, resp)
		}
		if after := commandsReceived(srv); after != before {
			t.Errorf("%s without configuration: the daemon received %d commands, want none", name, after-before)
		}
	}
}

// commandsReceived counts the lines srv's daemon has read, all
// connections together.
func commandsReceived(srv *fakemgmt.Server) int {
	n := 0
	for _, c := range srv.Conns() {
		n += len(c.Received())
	}
	return n
}

// Terraform's capabilities reach the data source's Read, and a deferral
// it asks for reaches Terraform, as through the framework.
func TestDirectReadForwardsCapabilitiesAndDeferral(t *testing.T) {
	stub := &deferringDataSource{}
	directReads["openvpn_test_deferring"] = func() datasource.DataSource { return stub }
	t.Cleanup(func() { delete(directReads, "openvpn_test_deferring") })
	direct, _ := twoServers(t)
	// The framework does not know the stub: its configuration, validated
	// again before the read (protocol_revalidate.go), passes as it would.
	ps, ok := direct.(*protocolServer)
	if !ok {
		t.Fatalf("NewProtocolServer serves %T", direct)
	}
	ps.frameworkServer = stubValidates{ps.frameworkServer}
	typ := tftypes.Object{AttributeTypes: map[string]tftypes.Type{"id": tftypes.String}}
	config, err := tfprotov6.NewDynamicValue(typ, tftypes.NewValue(typ, map[string]tftypes.Value{"id": tftypes.NewValue(tftypes.String, nil)}))
	if err != nil {
		t.Fatal(err)
	}
	for _, allowed := range []bool{true, false} {
		resp, err := direct.ReadDataSource(context.Background(), &tfprotov6.ReadDataSourceRequest{
			TypeName: "openvpn_test_deferring", Config: &config,
			ClientCapabilities: &tfprotov6.ReadDataSourceClientCapabilities{DeferralAllowed: allowed},
		})
		if err != nil || len(resp.Diagnostics) != 0 {
			t.Fatalf("read: %v %v", err, resp.Diagnostics)
		}
		if stub.sawDeferralAllowed != allowed {
			t.Errorf("DeferralAllowed %v sent, the Read saw %v", allowed, stub.sawDeferralAllowed)
		}
		if allowed && (resp.Deferred == nil || resp.Deferred.Reason != tfprotov6.DeferredReasonProviderConfigUnknown) {
			t.Errorf("deferral allowed: response Deferred %+v, want provider config unknown", resp.Deferred)
		}
		if !allowed && resp.Deferred != nil {
			t.Errorf("deferral not allowed: response Deferred %+v, want none", resp.Deferred)
		}
	}
}

// stubValidates passes every data source configuration.
type stubValidates struct{ frameworkServer }

func (stubValidates) ValidateDataResourceConfig(context.Context, *tfprotov6.ValidateDataResourceConfigRequest) (*tfprotov6.ValidateDataResourceConfigResponse, error) {
	return &tfprotov6.ValidateDataResourceConfigResponse{}, nil
}

// deferringDataSource defers its read whenever Terraform allows it.
type deferringDataSource struct{ sawDeferralAllowed bool }

func (*deferringDataSource) Metadata(_ context.Context, _ datasource.MetadataRequest, resp *datasource.MetadataResponse) {
	resp.TypeName = "openvpn_test_deferring"
}

func (*deferringDataSource) Schema(_ context.Context, _ datasource.SchemaRequest, resp *datasource.SchemaResponse) {
	resp.Schema = dsschema.Schema{Attributes: map[string]dsschema.Attribute{"id": dsschema.StringAttribute{Computed: true}}}
}

func (d *deferringDataSource) Read(_ context.Context, req datasource.ReadRequest, resp *datasource.ReadResponse) {
	d.sawDeferralAllowed = req.ClientCapabilities.DeferralAllowed
	if req.ClientCapabilities.DeferralAllowed {
		resp.Deferred = &datasource.Deferred{Reason: datasource.DeferredReasonProviderConfigUnknown}
	}
}
