package provider

import (
	"context"
	"fmt"

	"github.com/hashicorp/terraform-plugin-framework/datasource"
	"github.com/hashicorp/terraform-plugin-framework/diag"
	"github.com/hashicorp/terraform-plugin-framework/path"
	"github.com/hashicorp/terraform-plugin-framework/providerserver"
	"github.com/hashicorp/terraform-plugin-framework/tfsdk"
	"github.com/hashicorp/terraform-plugin-go/tfprotov6"
	"github.com/hashicorp/terraform-plugin-go/tftypes"
)

// NewProtocolServer serves the provider over protocol 6: the framework's server,
// except that the data sources in directReads answer ReadDataSource
// without the framework's pass over the new state, and parse_status
// returns its result without framework values.
//
// After a Read the framework walks the whole state three more times
// (semantic equality, through a framework object per element; nulls in
// list blocks made empty, with a schema lookup per null value; deep copies
// and a deep compare). Our schemas have neither custom types nor blocks,
// so the walks change nothing, but at 10,000 sessions they are most of a
// read: about 0.8 s of CPU and 400 MB allocated (BenchmarkClientsRead10000).
// Here the data source's own Read runs as the framework would run it, and
// its state, which it builds as Terraform values (setState), is encoded as
// is. Everything else, validation of the configuration included, stays
// with the framework, which also validates each configuration again where
// its values are known, before anything is sent (protocol_revalidate.go).
// b names the build in the provider's log lines.
func NewProtocolServer(b Build) func() (tfprotov6.ProviderServer, error) {
	return func() (tfprotov6.ProviderServer, error) {
		p := &openvpnProvider{version: b.Version, commit: b.Commit}
		fw, err := providerserver.NewProtocol6WithError(p)()
		if err != nil {
			return nil, err
		}
		full, ok := fw.(frameworkServer)
		if !ok {
			return nil, fmt.Errorf("the framework's server %T lacks a protocol-6 service; this is a bug in the provider", fw)
		}
		return &protocolServer{frameworkServer: full, provider: p}, nil
	}
}

// directReads are the data sources whose lists grow with the server's
// sessions. Their schemas must keep to plain types and nested attributes
// (no blocks, no custom types): the framework's pass would not run.
// TestDirectReadsHavePlainSchemas holds them to it.
var directReads = map[string]func() datasource.DataSource{
	"openvpn_clients":       NewClientsDataSource,
	"openvpn_routing_table": NewRoutingTableDataSource,
}

// frameworkServer is every protocol-6 service the framework implements;
// the optional ones must stay visible through the wrapper.
type frameworkServer interface {
	tfprotov6.ProviderServer
	tfprotov6.ActionServer
	tfprotov6.ListResourceServer
	tfprotov6.StateStoreServer
}

// The services Terraform looks for by type assertion stay visible.
var (
	_ tfprotov6.ActionServer       = (*protocolServer)(nil)
	_ tfprotov6.ListResourceServer = (*protocolServer)(nil)
	_ tfprotov6.StateStoreServer   = (*protocolServer)(nil)
)

type protocolServer struct {
	frameworkServer
	provider *openvpnProvider
}

func (s *protocolServer) ReadDataSource(ctx context.Context, req *tfprotov6.ReadDataSourceRequest) (*tfprotov6.ReadDataSourceResponse, error) {
	if refused, err := s.dataSourceRefused(ctx, req.TypeName, req.Config); err != nil || len(refused) > 0 {
		return &tfprotov6.ReadDataSourceResponse{Diagnostics: refused}, err
	}
	newDataSource, ok := directReads[req.TypeName]
	if !ok {
		return s.frameworkServer.ReadDataSource(ctx, req)
	}
	ds := newDataSource()
	var sch datasource.SchemaResponse
	ds.Schema(ctx, datasource.SchemaRequest{}, &sch)
	typ := sch.Schema.Type().TerraformType(ctx)
	var diags diag.Diagnostics
	if req.Config == nil {
		// Terraform always sends one. The framework would run Read on a
		// null configuration and then, when Read succeeds, dereference it
		// (fwserver's semantic-equality pass): refuse instead.
		diags.AddError("Missing data source configuration",
			"Terraform sent no configuration for "+req.TypeName+". This is a bug in the provider or in Terraform; please report it.")
		return &tfprotov6.ReadDataSourceResponse{Diagnostics: protoDiagnostics(diags)}, nil
	}
	if s.provider.deferred.Load() {
		// As the framework answers for its own data sources: unknown,
		// deferred until the provider's configuration is known.
		state, err := protocolValue(typ, tftypes.NewValue(typ, tftypes.UnknownValue))
		if err != nil {
			return nil, err
		}
		return &tfprotov6.ReadDataSourceResponse{State: &state, Deferred: &tfprotov6.Deferred{Reason: tfprotov6.DeferredReasonProviderConfigUnknown}}, nil
	}
	config, err := req.Config.Unmarshal(typ)
	if err != nil {
		diags.AddError("Reading the data source's configuration", err.Error())
		return &tfprotov6.ReadDataSourceResponse{Diagnostics: protoDiagnostics(diags)}, nil
	}
	if c, ok := ds.(datasource.DataSourceWithConfigure); ok {
		var resp datasource.ConfigureResponse
		c.Configure(ctx, datasource.ConfigureRequest{ProviderData: s.provider.configured()}, &resp)
		diags.Append(resp.Diagnostics...)
	}
	resp := &tfprotov6.ReadDataSourceResponse{}
	if !diags.HasError() {
		// As the framework does, the state goes back even with errors
		// (Terraform ignores it then).
		read := datasource.ReadResponse{State: tfsdk.State{Schema: sch.Schema, Raw: config.Copy()}}
		ds.Read(ctx, datasource.ReadRequest{Config: tfsdk.Config{Schema: sch.Schema, Raw: config}, ClientCapabilities: readCapabilities(req)}, &read)
		diags.Append(read.Diagnostics...)
		if read.Deferred != nil {
			resp.Deferred = &tfprotov6.Deferred{Reason: tfprotov6.DeferredReason(read.Deferred.Reason)}
		}
		state, err := protocolValue(typ, read.State.Raw)
		if err != nil {
			diags.AddError("Encoding the data source's state", err.Error())
		} else {
			resp.State = &state
		}
	}
	resp.Diagnostics = protoDiagnostics(diags)
	return resp, nil
}

// readCapabilities are what Terraform said it accepts, as the data
// source's Read sees them (none when Terraform said nothing).
func readCapabilities(req *tfprotov6.ReadDataSourceRequest) datasource.ReadClientCapabilities {
	if req.ClientCapabilities == nil {
		return datasource.ReadClientCapabilities{}
	}
	return datasource.ReadClientCapabilities{DeferralAllowed: req.ClientCapabilities.DeferralAllowed}
}

// CallFunction answers parse_status itself, for the same reason: its
// result lists every session of the file. A null or unknown argument is
// left to the framework, which words its error.
func (s *protocolServer) CallFunction(ctx context.Context, req *tfprotov6.CallFunctionRequest) (*tfprotov6.CallFunctionResponse, error) {
	if req.Name != "parse_status" {
		return s.frameworkServer.CallFunction(ctx, req)
	}
	text, ok, ferr := statusTextArgument(req)
	if !ok {
		return s.frameworkServer.CallFunction(ctx, req)
	}
	if ferr == nil {
		return callParseStatus(text), nil
	}
	return &tfprotov6.CallFunctionResponse{Error: &tfprotov6.FunctionError{Text: ferr.Text, FunctionArgument: ferr.FunctionArgument}}, nil
}

// callParseStatus is parse_status's answer, its result written straight
// to MessagePack (parseStatusMsgPack); its errors travel in it.
func callParseStatus(text string) *tfprotov6.CallFunctionResponse {
	result, ferr := parseStatusMsgPack(text)
	if ferr != nil {
		return &tfprotov6.CallFunctionResponse{Error: &tfprotov6.FunctionError{Text: ferr.Text, FunctionArgument: ferr.FunctionArgument}}
	}
	return &tfprotov6.CallFunctionResponse{Result: &tfprotov6.DynamicValue{MsgPack: result}}
}

// protoDiagnostics are diagnostics as the protocol carries them.
func protoDiagnostics(diags diag.Diagnostics) []*tfprotov6.Diagnostic {
	out := make([]*tfprotov6.Diagnostic, 0, len(diags))
	for _, d := range diags {
		pd := &tfprotov6.Diagnostic{Severity: tfprotov6.DiagnosticSeverityWarning, Summary: d.Summary(), Detail: d.Detail()}
		if d.Severity() == diag.SeverityError {
			pd.Severity = tfprotov6.DiagnosticSeverityError
		}
		if dp, ok := d.(diag.DiagnosticWithPath); ok {
			pd.Attribute = attributePath(dp.Path())
		}
		out = append(out, pd)
	}
	return out
}

// attributePath is a framework path as the protocol carries it; nil for
// the root.
func attributePath(p path.Path) *tftypes.AttributePath {
	if len(p.Steps()) == 0 {
		return nil
	}
	var steps []tftypes.AttributePathStep
	for _, s := range p.Steps() {
		switch s := s.(type) {
		case path.PathStepAttributeName:
			steps = append(steps, tftypes.AttributeName(string(s)))
		case path.PathStepElementKeyInt:
			steps = append(steps, tftypes.ElementKeyInt(int64(s)))
		case path.PathStepElementKeyString:
			steps = append(steps, tftypes.ElementKeyString(string(s)))
		default:
			// A set element: the path up to the set still says where.
			return tftypes.NewAttributePathWithSteps(steps)
		}
	}
	return tftypes.NewAttributePathWithSteps(steps)
}
