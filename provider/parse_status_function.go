package provider

import (
	"context"
	"time"

	"github.com/hashicorp/terraform-plugin-framework/attr"
	"github.com/hashicorp/terraform-plugin-framework/diag"
	"github.com/hashicorp/terraform-plugin-framework/function"
	"github.com/hashicorp/terraform-plugin-framework/types"

	"github.com/vpnops/terraform-provider-openvpn/internal/management"
)

var _ function.Function = (*parseStatusFunction)(nil)

// NewParseStatusFunction is provider::openvpn::parse_status(text).
func NewParseStatusFunction() function.Function { return &parseStatusFunction{} }

// parseStatusFunction reads a status file or a captured status reply. It
// needs no provider configuration and no daemon: an audit of collected
// files runs anywhere.
type parseStatusFunction struct{}

// parseStatusTypes is the returned object. clients and routes reuse the
// element types of openvpn_clients and openvpn_routing_table, so an audit
// written against a file reads the same as one against a live port.
var parseStatusTypes = map[string]attr.Type{
	"mode":           types.StringType,
	"status_version": types.Int64Type,
	"title":          types.StringType,
	"updated_at":     types.StringType,
	"clients":        types.ListType{ElemType: types.ObjectType{AttrTypes: clientSessionTypes}},
	"routes":         types.ListType{ElemType: types.ObjectType{AttrTypes: routeTypes}},
	"global_stats":   types.MapType{ElemType: types.StringType},
	"statistics":     types.MapType{ElemType: types.StringType},
}

func (f *parseStatusFunction) Metadata(_ context.Context, _ function.MetadataRequest, resp *function.MetadataResponse) {
	resp.Name = "parse_status"
}

func (f *parseStatusFunction) Definition(_ context.Context, _ function.DefinitionRequest, resp *function.DefinitionResponse) {
	resp.Definition = function.Definition{
		Summary: "Parse an OpenVPN status file or a captured status reply",
		MarkdownDescription: "Reads the text of an OpenVPN status file (`--status FILE`, any `--status-version`) or of a " +
			"captured `status 1|2|3` reply, from any release 2.1 to 2.7, server or client mode, and returns what it says. " +
			"It needs no provider configuration and no daemon, so an audit of collected files runs anywhere " +
			"(Terraform 1.8+, OpenTofu 1.7+).\n\n" +
			"The layout is detected from the first line: `OpenVPN CLIENT LIST` (version 1, the default), `TITLE,` " +
			"(version 2), `TITLE` and a TAB (version 3), `OpenVPN STATISTICS` (client or p2p mode). LF or CRLF line ends, " +
			"with or without the closing `END`; anything after `END` is ignored, as are real-time notifications " +
			"(`>CLIENT:…`) a capture interleaved.\n\n" +
			"`clients` and `routes` have the attributes, and the meanings, of the `openvpn_clients` and " +
			"`openvpn_routing_table` data sources, with `clients` sorted by `client_id` in the same way. An attribute the " +
			"format does not carry is null: version 1 has no `virtual_address`, `virtual_ipv6_address`, `username`, " +
			"`client_id`, `peer_id` or `data_channel_cipher` in its client list (its routing table still has the " +
			"virtual addresses).\n\n" +
			"Times: versions 2 and 3 carry `time_t` columns, which are exact. Version 1 and the client-mode `Updated` " +
			"row only print the daemon's local time with no zone (ctime form up to 2.4, `YYYY-MM-DD HH:MM:SS` since " +
			"2.5); they are read as UTC, so they are off by the daemon's UTC offset unless it runs in UTC.\n\n" +
			"Errors, on the `text` argument: empty text; a first line no status report starts with; a report that ends " +
			"before its last section without `END` (a file copied while the daemon rewrote it; the error says what was " +
			"read); a version 2 row whose common name and username both contain commas in a way the format cannot " +
			"split (version 3 never has this problem).",
		Parameters: []function.Parameter{
			function.StringParameter{
				Name:                "text",
				MarkdownDescription: "The status text, typically `file(\"openvpn-status.log\")`.",
			},
		},
		Return: function.ObjectReturn{AttributeTypes: parseStatusTypes},
	}
}

func (f *parseStatusFunction) Run(ctx context.Context, req function.RunRequest, resp *function.RunResponse) {
	var text string
	resp.Error = req.Arguments.Get(ctx, &text)
	if resp.Error != nil {
		return
	}
	// No zone is known for the daemon's text times; UTC keeps the result
	// the same on every machine that runs the audit.
	st, version, err := management.ParseStatusText(text, time.UTC)
	if err != nil {
		resp.Error = function.NewArgumentFuncError(0, statusTextErrorMessage(err))
		return
	}
	var diags diag.Diagnostics
	obj := parsedStatusObject(ctx, st, version, &diags)
	if diags.HasError() {
		resp.Error = function.FuncErrorFromDiags(ctx, diags)
		return
	}
	resp.Error = resp.Result.Set(ctx, obj)
}

// parsedStatusObject builds the returned object. Lists and maps are empty,
// never null, where the mode has none (global_stats in client mode, like
// openvpn_server), so for-expressions and length() work on every file.
func parsedStatusObject(ctx context.Context, st *management.Status, version int, diags *diag.Diagnostics) types.Object {
	statusVersion := types.Int64Null()
	if st.Mode == management.ModeServer {
		statusVersion = types.Int64Value(int64(version))
	}
	sessions := clientSessions(st.Clients, sessionFilter{})
	obj, d := types.ObjectValue(parseStatusTypes, map[string]attr.Value{
		"mode":           types.StringValue(string(st.Mode)),
		"status_version": statusVersion,
		"title":          stringOrNull(st.Title),
		"updated_at":     rfc3339(st.UpdatedAt),
		"clients":        objectList(clientSessionTypes, sessions, clientSession.attrs, diags),
		"routes":         objectList(routeTypes, routeModels(st.Routes), routeModel.attrs, diags),
		"global_stats":   statMap(ctx, st.GlobalStats, diags),
		"statistics":     statMap(ctx, st.Statistics, diags),
	})
	diags.Append(d...)
	return obj
}
