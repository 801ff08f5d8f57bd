package provider

import (
	"context"
	"time"

	"github.com/hashicorp/terraform-plugin-framework/datasource"
	"github.com/hashicorp/terraform-plugin-framework/datasource/schema"
	"github.com/hashicorp/terraform-plugin-framework/path"
	"github.com/hashicorp/terraform-plugin-framework/schema/validator"
	"github.com/hashicorp/terraform-plugin-framework/types"
	"github.com/hashicorp/terraform-plugin-go/tftypes"

	"github.com/vpnops/terraform-provider-openvpn/internal/management"
)

var (
	_ datasource.DataSource              = (*logDataSource)(nil)
	_ datasource.DataSourceWithConfigure = (*logDataSource)(nil)
)

// NewLogDataSource is the openvpn_log data source.
func NewLogDataSource() datasource.DataSource { return &logDataSource{} }

type logDataSource struct{ clientAccess }

// logLine is one element of lines.
var logLine = newObject(
	timeAttr("timestamp", "When the line was logged, RFC 3339 (UTC).",
		func(l management.LogLine) time.Time { return l.Time }),
	textAttr("flags", "The daemon's flags: `I` info, `F` fatal, `N` non-fatal error, `W` warning, `D` debug; often empty.",
		func(l management.LogLine) string { return l.Flags }),
	textAttr("message", "The message text.",
		func(l management.LogLine) string { return l.Message }),
)

// maxLogCount bounds last; the daemon's cache (--management-log-cache) is
// usually far smaller and returns what it has.
const maxLogCount = 100000

func (d *logDataSource) Metadata(_ context.Context, req datasource.MetadataRequest, resp *datasource.MetadataResponse) {
	resp.TypeName = req.ProviderTypeName + "_log"
}

func (d *logDataSource) Configure(_ context.Context, req datasource.ConfigureRequest, resp *datasource.ConfigureResponse) {
	d.configure(req.ProviderData, &resp.Diagnostics)
}

func (d *logDataSource) Schema(_ context.Context, _ datasource.SchemaRequest, resp *datasource.SchemaResponse) {
	resp.Schema = schema.Schema{
		MarkdownDescription: "The last lines of the daemon's log cache (`log N`; the cache holds " +
			"`--management-log-cache` lines, 100 by default). Works in any mode. Log lines can name users and addresses: " +
			"treat the output as you treat the daemon's log file.",
		Attributes: map[string]schema.Attribute{
			"daemon": daemonDataSourceAttribute(),
			"last": schema.NumberAttribute{
				Optional:            true,
				MarkdownDescription: "How many of the most recent lines to return, a whole number. Unset: all the daemon has cached.",
				Validators:          []validator.Number{countValidator{min: 1, max: maxLogCount}},
			},
			"lines": logLine.dataSourceList("The log lines, oldest first."),
		},
	}
}

func (d *logDataSource) Read(ctx context.Context, req datasource.ReadRequest, resp *datasource.ReadResponse) {
	var last types.Number
	resp.Diagnostics.Append(req.Config.GetAttribute(ctx, path.Root("last"), &last)...)
	if resp.Diagnostics.HasError() {
		return
	}
	c := d.clientIn(ctx, req.Config, &resp.Diagnostics)
	if c == nil {
		return
	}
	lines, err := c.Log(ctx, int(countValue(last)))
	if err != nil {
		addClientError(&resp.Diagnostics, "Reading the log", err)
		return
	}
	setState(ctx, req.Config, &resp.State, map[string]tftypes.Value{"lines": logLine.list(lines)}, &resp.Diagnostics)
}
