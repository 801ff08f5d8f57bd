package provider

import (
	"context"
	"time"

	"github.com/hashicorp/terraform-plugin-framework/datasource"
	"github.com/hashicorp/terraform-plugin-framework/datasource/schema"
	"github.com/hashicorp/terraform-plugin-go/tftypes"

	"github.com/vpnops/terraform-provider-openvpn/internal/management"
)

var (
	_ datasource.DataSource              = (*routingTableDataSource)(nil)
	_ datasource.DataSourceWithConfigure = (*routingTableDataSource)(nil)
)

// NewRoutingTableDataSource is the openvpn_routing_table data source.
func NewRoutingTableDataSource() datasource.DataSource { return &routingTableDataSource{} }

type routingTableDataSource struct{ clientAccess }

// route is one element of routes (and of parse_status's routes).
var route = newObject(
	textAttr("virtual_address", "The routed address or subnet (`10.8.0.6`, `192.168.10.0/24`, a MAC in TAP mode), without the cache flag.",
		func(r management.Route) string { return r.VirtualAddress }),
	textAttr("common_name", "The common name of the session the route leads to.",
		func(r management.Route) string { return r.CommonName }),
	textAttr("real_address", "That session's real address as the daemon prints it.",
		func(r management.Route) string { return r.RealAddress.Raw }),
	timeAttr("last_ref", "When the route was last used, RFC 3339 (UTC).",
		func(r management.Route) time.Time { return r.LastRef }),
	boolAttr("cached", "True when the daemon marks the route as learned and cached (a trailing `C`).",
		func(r management.Route) bool { return r.Cached }),
)

func (d *routingTableDataSource) Metadata(_ context.Context, req datasource.MetadataRequest, resp *datasource.MetadataResponse) {
	resp.TypeName = req.ProviderTypeName + "_routing_table"
}

func (d *routingTableDataSource) Configure(_ context.Context, req datasource.ConfigureRequest, resp *datasource.ConfigureResponse) {
	d.configure(req.ProviderData, &resp.Diagnostics)
}

func (d *routingTableDataSource) Schema(_ context.Context, _ datasource.SchemaRequest, resp *datasource.SchemaResponse) {
	resp.Schema = schema.Schema{
		MarkdownDescription: "The OpenVPN server's routing table from `status 3`: one entry per route, so a session " +
			"with an IPv4 and an IPv6 address, or with `iroute` subnets, has several. Needs a daemon in server mode.",
		Attributes: map[string]schema.Attribute{
			"daemon":     daemonDataSourceAttribute(),
			"updated_at": schema.StringAttribute{Computed: true, MarkdownDescription: "When the daemon produced the status (its `TIME` row), RFC 3339."},
			"routes":     route.dataSourceList("The routes, in the daemon's order."),
		},
	}
}

func (d *routingTableDataSource) Read(ctx context.Context, req datasource.ReadRequest, resp *datasource.ReadResponse) {
	c := d.clientIn(ctx, req.Config, &resp.Diagnostics)
	if c == nil {
		return
	}
	st, err := c.ServerStatus(ctx)
	if err != nil {
		addClientError(&resp.Diagnostics, "Reading the routing table (status 3)", err)
		return
	}
	setState(ctx, req.Config, &resp.State, map[string]tftypes.Value{
		"updated_at": tfTime(st.UpdatedAt),
		"routes":     route.list(st.Routes),
	}, &resp.Diagnostics)
}
