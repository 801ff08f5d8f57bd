package provider

import (
	"context"

	"github.com/hashicorp/terraform-plugin-framework/datasource"
	"github.com/hashicorp/terraform-plugin-framework/datasource/schema"
	"github.com/hashicorp/terraform-plugin-framework/types"
	"github.com/hashicorp/terraform-plugin-go/tftypes"
)

var (
	_ datasource.DataSource              = (*serverDataSource)(nil)
	_ datasource.DataSourceWithConfigure = (*serverDataSource)(nil)
)

// NewServerDataSource is the openvpn_server data source.
func NewServerDataSource() datasource.DataSource { return &serverDataSource{} }

type serverDataSource struct{ clientAccess }

func (d *serverDataSource) Metadata(_ context.Context, req datasource.MetadataRequest, resp *datasource.MetadataResponse) {
	resp.TypeName = req.ProviderTypeName + "_server"
}

func (d *serverDataSource) Configure(_ context.Context, req datasource.ConfigureRequest, resp *datasource.ConfigureResponse) {
	d.configure(req.ProviderData, &resp.Diagnostics)
}

func (d *serverDataSource) Schema(_ context.Context, _ datasource.SchemaRequest, resp *datasource.SchemaResponse) {
	resp.Schema = schema.Schema{
		MarkdownDescription: "The daemon as a whole: its mode, process ID, load (`load-stats`) and the statistics " +
			"rows of `status 3`. Works in any mode.",
		Attributes: map[string]schema.Attribute{
			"mode":         schema.StringAttribute{Computed: true, MarkdownDescription: "`server` (a `--server`/`--mode server` daemon) or `client` (a client or point-to-point daemon)."},
			"pid":          schema.Int64Attribute{Computed: true, MarkdownDescription: "The daemon's process ID."},
			"clients":      schema.Int64Attribute{Computed: true, MarkdownDescription: "How many clients are connected (`load-stats` nclients; 0 in client mode)."},
			"bytes_in":     schema.Int64Attribute{Computed: true, MarkdownDescription: "Bytes the daemon received on its link, all clients together."},
			"bytes_out":    schema.Int64Attribute{Computed: true, MarkdownDescription: "Bytes the daemon sent on its link, all clients together."},
			"global_stats": schema.MapAttribute{Computed: true, ElementType: types.StringType, MarkdownDescription: "Server mode: the `GLOBAL_STATS` rows by name, e.g. `Max bcast/mcast queue length`, `dco_enabled`. Empty in client mode."},
			"statistics":   schema.MapAttribute{Computed: true, ElementType: types.StringType, MarkdownDescription: "Client mode: the `OpenVPN STATISTICS` rows by name, e.g. `TCP/UDP read bytes`. Empty in server mode."},
		},
	}
}

func (d *serverDataSource) Read(ctx context.Context, req datasource.ReadRequest, resp *datasource.ReadResponse) {
	if d.data == nil {
		notConfigured(&resp.Diagnostics)
		return
	}
	c := d.data.client
	st, err := c.Status(ctx)
	if err != nil {
		addClientError(&resp.Diagnostics, "Reading the status (status 3)", err)
		return
	}
	pid, err := c.PID(ctx)
	if err != nil {
		addClientError(&resp.Diagnostics, "Reading the process ID", err)
		return
	}
	load, err := c.LoadStats(ctx)
	if err != nil {
		addClientError(&resp.Diagnostics, "Reading the load statistics", err)
		return
	}
	setState(ctx, req.Config, &resp.State, map[string]tftypes.Value{
		"mode":         tfString(string(st.Mode)),
		"pid":          tftypes.NewValue(tftypes.Number, int64(pid)),
		"clients":      tftypes.NewValue(tftypes.Number, int64(load.Clients)),
		"bytes_in":     tftypes.NewValue(tftypes.Number, int64(load.BytesIn)),
		"bytes_out":    tftypes.NewValue(tftypes.Number, int64(load.BytesOut)),
		"global_stats": statMap(st.GlobalStats),
		"statistics":   statMap(st.Statistics),
	}, &resp.Diagnostics)
}
