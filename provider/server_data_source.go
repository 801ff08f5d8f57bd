package provider

import (
	"context"

	"github.com/hashicorp/terraform-plugin-framework/datasource"
	"github.com/hashicorp/terraform-plugin-framework/datasource/schema"

	"github.com/vpnops/terraform-provider-openvpn/internal/management"
)

var (
	_ datasource.DataSource              = (*serverDataSource)(nil)
	_ datasource.DataSourceWithConfigure = (*serverDataSource)(nil)
)

// NewServerDataSource is the openvpn_server data source.
func NewServerDataSource() datasource.DataSource { return &serverDataSource{} }

type serverDataSource struct{ clientAccess }

// serverReading is what the data source reads: the status, the process
// ID and the load.
type serverReading struct {
	status *management.Status
	pid    int
	load   management.LoadStats
}

// serverFacts are the data source's attributes.
var serverFacts = newObject(
	textAttr("mode", "`server` (a `--server`/`--mode server` daemon) or `client` (a client or point-to-point daemon).",
		func(r serverReading) string { return string(r.status.Mode) }),
	intAttr("pid", "The daemon's process ID.",
		func(r serverReading) int64 { return int64(r.pid) }),
	intAttr("clients", "How many clients are connected (`load-stats` nclients; 0 in client mode).",
		func(r serverReading) int64 { return int64(r.load.Clients) }),
	intAttr("bytes_in", "Bytes the daemon received on its link, all clients together.",
		func(r serverReading) int64 { return int64(r.load.BytesIn) }),
	intAttr("bytes_out", "Bytes the daemon sent on its link, all clients together.",
		func(r serverReading) int64 { return int64(r.load.BytesOut) }),
	optionalBoolAttr("dco_enabled", "Server mode, OpenVPN 2.6 and later: whether the server uses data channel offload "+
		"(its `dco_enabled` statistics row). Null where the daemon does not say (earlier releases, client mode).",
		func(r serverReading) (bool, bool) { return r.status.DCOEnabled() }),
	stringMapAttr("global_stats", "Server mode: the `GLOBAL_STATS` rows by name, e.g. `Max bcast/mcast queue length`, `dco_enabled`. Empty in client mode.",
		func(r serverReading) []management.Stat { return r.status.GlobalStats }),
	stringMapAttr("statistics", "Client mode: the `OpenVPN STATISTICS` rows by name, e.g. `TCP/UDP read bytes`. Empty in server mode.",
		func(r serverReading) []management.Stat { return r.status.Statistics }),
)

func (d *serverDataSource) Metadata(_ context.Context, req datasource.MetadataRequest, resp *datasource.MetadataResponse) {
	resp.TypeName = req.ProviderTypeName + "_server"
}

func (d *serverDataSource) Configure(_ context.Context, req datasource.ConfigureRequest, resp *datasource.ConfigureResponse) {
	d.configure(req.ProviderData, &resp.Diagnostics)
}

func (d *serverDataSource) Schema(_ context.Context, _ datasource.SchemaRequest, resp *datasource.SchemaResponse) {
	attrs := serverFacts.dataSourceAttributes()
	attrs["daemon"] = daemonDataSourceAttribute()
	resp.Schema = schema.Schema{
		MarkdownDescription: "The daemon as a whole: its mode, process ID, load (`load-stats`) and the statistics " +
			"rows of `status 3`. Works in any mode.",
		Attributes: attrs,
	}
}

func (d *serverDataSource) Read(ctx context.Context, req datasource.ReadRequest, resp *datasource.ReadResponse) {
	c := d.clientIn(ctx, req.Config, &resp.Diagnostics)
	if c == nil {
		return
	}
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
	setState(ctx, req.Config, &resp.State, serverFacts.attributes(serverReading{st, pid, load}), &resp.Diagnostics)
}
