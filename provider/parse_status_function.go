package provider

import (
	"context"
	"time"

	"github.com/hashicorp/terraform-plugin-framework/function"
	"github.com/hashicorp/terraform-plugin-go/tftypes"

	"github.com/vpnops/terraform-provider-openvpn/internal/management"
)

var _ function.Function = (*parseStatusFunction)(nil)

// NewParseStatusFunction is provider::openvpn::parse_status(text).
func NewParseStatusFunction() function.Function { return &parseStatusFunction{} }

// parseStatusFunction reads a status file or a captured status reply. It
// needs no provider configuration and no daemon: an audit of collected
// files runs anywhere.
type parseStatusFunction struct{}

// parsedStatus is what a status text says, and in which layout version.
type parsedStatus struct {
	*management.Status
	version int
}

// parseStatusResult is the returned object. clients and routes are the
// objects of openvpn_clients and openvpn_routing_table, so an audit written
// against a file reads the same as one against a live port. Lists and maps
// are empty, never null, where the mode has none (global_stats in client
// mode, like openvpn_server), so for-expressions and length() work on
// every file. (Function results carry no per-attribute descriptions: the
// function's description tells them.)
var parseStatusResult = newObject(
	textAttr("mode", "`server` or `client`.",
		func(p parsedStatus) string { return string(p.Mode) }),
	optionalIntAttr("status_version", "The layout version, 1 to 3; null in client mode.",
		func(p parsedStatus) (int64, bool) { return int64(p.version), p.Mode == management.ModeServer }),
	textOrNullAttr("title", "The daemon's title, when the layout carries it.",
		func(p parsedStatus) string { return p.Title }),
	timeAttr("updated_at", "When the daemon wrote the status.",
		func(p parsedStatus) time.Time { return p.UpdatedAt }),
	objectListAttr("clients", "The sessions, sorted by `client_id`.", clientSession,
		func(p parsedStatus) []management.Session { return p.Clients }), // sorted by readStatusText
	objectListAttr("routes", "The routes, in the daemon's order.", route,
		func(p parsedStatus) []management.Route { return p.Routes }),
	stringMapAttr("global_stats", "Server mode: the `GLOBAL_STATS` rows by name.",
		func(p parsedStatus) []management.Stat { return p.GlobalStats }),
	stringMapAttr("statistics", "Client mode: the `OpenVPN STATISTICS` rows by name.",
		func(p parsedStatus) []management.Stat { return p.Statistics }),
)

// parseStatusTypes are the returned object's attribute types.
var parseStatusTypes = parseStatusResult.attrTypes()

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
			"Limits: the text is held to the limits of a live status reply: at most 128 MiB, 4,000,000 lines and " +
			"256 KiB a line (a status of 100,000 sessions is about 20 MB). The result must fit in the one message " +
			"that carries it back to Terraform, 256 MiB: a daemon's version 2 or 3 file of 128 MiB (about 640,000 " +
			"sessions) gives about 220 MiB; version 1 gives about 2.7 times its size, so its limit is near 93 MiB " +
			"(about 800,000 sessions). The work and memory grow in proportion to the text, whatever it holds.\n\n" +
			"Errors, on the `text` argument: empty text; a first line no status report starts with; a report that ends " +
			"before its last section without `END` (a file copied while the daemon rewrote it; the error says what was " +
			"read); a version 2 row whose common name and username both contain commas in a way the format cannot " +
			"split (version 3 never has this problem); a text over the limits, or whose result would be (the error " +
			"gives the size and the limit; nothing is read or built past it).",
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
	result, ferr := parseStatus(text)
	if ferr != nil {
		resp.Error = ferr
		return
	}
	obj, err := parseStatusResult.frameworkType().ValueFromTerraform(ctx, result)
	if err != nil {
		resp.Error = function.NewFuncError("Building the result: " + err.Error())
		return
	}
	resp.Error = resp.Result.Set(ctx, obj)
}

// parseStatus is the function's result as Terraform values, or the error
// on its argument, for the framework's Run.
func parseStatus(text string) (tftypes.Value, *function.FuncError) {
	p, _, ferr := readStatusText(text)
	if ferr != nil {
		return tftypes.Value{}, ferr
	}
	return parseStatusResult.value(p), nil
}
