package provider

import (
	"context"

	"github.com/hashicorp/terraform-plugin-framework/datasource"
	"github.com/hashicorp/terraform-plugin-framework/datasource/schema"
	"github.com/hashicorp/terraform-plugin-framework/schema/validator"
	"github.com/hashicorp/terraform-plugin-framework/types"

	"github.com/vpnops/terraform-provider-openvpn/internal/management"
)

var (
	_ datasource.DataSource              = (*logDataSource)(nil)
	_ datasource.DataSourceWithConfigure = (*logDataSource)(nil)
)

// NewLogDataSource is the openvpn_log data source.
func NewLogDataSource() datasource.DataSource { return &logDataSource{} }

type logDataSource struct{ clientAccess }

type logModel struct {
	Last  types.Number   `tfsdk:"last"`
	Lines []logLineModel `tfsdk:"lines"`
}

type logLineModel struct {
	Timestamp types.String `tfsdk:"timestamp"`
	Flags     types.String `tfsdk:"flags"`
	Message   types.String `tfsdk:"message"`
}

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
			"last": schema.NumberAttribute{
				Optional:            true,
				MarkdownDescription: "How many of the most recent lines to return, a whole number. Unset: all the daemon has cached.",
				Validators:          []validator.Number{countValidator{min: 1, max: maxLogCount}},
			},
			"lines": schema.ListNestedAttribute{
				Computed:            true,
				MarkdownDescription: "The log lines, oldest first.",
				NestedObject: schema.NestedAttributeObject{
					Attributes: map[string]schema.Attribute{
						"timestamp": schema.StringAttribute{Computed: true, MarkdownDescription: "When the line was logged, RFC 3339 (UTC)."},
						"flags":     schema.StringAttribute{Computed: true, MarkdownDescription: "The daemon's flags: `I` info, `F` fatal, `N` non-fatal error, `W` warning, `D` debug; often empty."},
						"message":   schema.StringAttribute{Computed: true, MarkdownDescription: "The message text."},
					},
				},
			},
		},
	}
}

func (d *logDataSource) Read(ctx context.Context, req datasource.ReadRequest, resp *datasource.ReadResponse) {
	var m logModel
	resp.Diagnostics.Append(req.Config.Get(ctx, &m)...)
	if resp.Diagnostics.HasError() {
		return
	}
	c := d.client(&resp.Diagnostics)
	if c == nil {
		return
	}
	lines, err := c.Log(ctx, int(countValue(m.Last)))
	if err != nil {
		addClientError(&resp.Diagnostics, "Reading the log", err)
		return
	}
	m.Lines = logLineModels(lines)
	resp.Diagnostics.Append(resp.State.Set(ctx, &m)...)
}

func logLineModels(lines []management.LogLine) []logLineModel {
	out := make([]logLineModel, 0, len(lines))
	for _, l := range lines {
		out = append(out, logLineModel{
			Timestamp: rfc3339(l.Time),
			Flags:     types.StringValue(l.Flags),
			Message:   types.StringValue(l.Message),
		})
	}
	return out
}
