package provider

import (
	"context"

	"github.com/hashicorp/terraform-plugin-framework/attr"
	"github.com/hashicorp/terraform-plugin-framework/datasource"
	"github.com/hashicorp/terraform-plugin-framework/datasource/schema"
	"github.com/hashicorp/terraform-plugin-framework/types"

	"github.com/vpnops/terraform-provider-openvpn/internal/management"
)

var (
	_ datasource.DataSource              = (*routingTableDataSource)(nil)
	_ datasource.DataSourceWithConfigure = (*routingTableDataSource)(nil)
)

// NewRoutingTableDataSource is the openvpn_routing_table data source.
func NewRoutingTableDataSource() datasource.DataSource { return &routingTableDataSource{} }

type routingTableDataSource struct{ clientAccess }

type routingTableModel struct {
	UpdatedAt types.String `tfsdk:"updated_at"`
	Routes    types.List   `tfsdk:"routes"`
}

type routeModel struct {
	VirtualAddress types.String `tfsdk:"virtual_address"`
	CommonName     types.String `tfsdk:"common_name"`
	RealAddress    types.String `tfsdk:"real_address"`
	LastRef        types.String `tfsdk:"last_ref"`
	Cached         types.Bool   `tfsdk:"cached"`
}

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
			"updated_at": schema.StringAttribute{Computed: true, MarkdownDescription: "When the daemon produced the status (its `TIME` row), RFC 3339."},
			"routes": schema.ListNestedAttribute{
				Computed:            true,
				MarkdownDescription: "The routes, in the daemon's order.",
				NestedObject: schema.NestedAttributeObject{
					Attributes: map[string]schema.Attribute{
						"virtual_address": schema.StringAttribute{Computed: true, MarkdownDescription: "The routed address or subnet (`10.8.0.6`, `192.168.10.0/24`, a MAC in TAP mode), without the cache flag."},
						"common_name":     schema.StringAttribute{Computed: true, MarkdownDescription: "The common name of the session the route leads to."},
						"real_address":    schema.StringAttribute{Computed: true, MarkdownDescription: "That session's real address as the daemon prints it."},
						"last_ref":        schema.StringAttribute{Computed: true, MarkdownDescription: "When the route was last used, RFC 3339 (UTC)."},
						"cached":          schema.BoolAttribute{Computed: true, MarkdownDescription: "True when the daemon marks the route as learned and cached (a trailing `C`)."},
					},
				},
			},
		},
	}
}

func (d *routingTableDataSource) Read(ctx context.Context, _ datasource.ReadRequest, resp *datasource.ReadResponse) {
	c := d.client(&resp.Diagnostics)
	if c == nil {
		return
	}
	st, err := c.Status(ctx)
	if err != nil {
		addClientError(&resp.Diagnostics, "Reading the routing table (status 3)", err)
		return
	}
	if st.Mode != management.ModeServer {
		wrongModeError(&resp.Diagnostics, "openvpn_routing_table", st.Mode)
		return
	}
	m := routingTableModel{UpdatedAt: rfc3339(st.UpdatedAt)}
	m.Routes = objectList(routeTypes, routeModels(st.Routes), routeModel.attrs, &resp.Diagnostics)
	resp.Diagnostics.Append(resp.State.Set(ctx, &m)...)
}

var routeTypes = map[string]attr.Type{
	"virtual_address": types.StringType, "common_name": types.StringType, "real_address": types.StringType,
	"last_ref": types.StringType, "cached": types.BoolType,
}

func (r routeModel) attrs() map[string]attr.Value {
	return map[string]attr.Value{
		"virtual_address": r.VirtualAddress, "common_name": r.CommonName, "real_address": r.RealAddress,
		"last_ref": r.LastRef, "cached": r.Cached,
	}
}

func routeModels(routes []management.Route) []routeModel {
	out := make([]routeModel, 0, len(routes))
	for _, r := range routes {
		out = append(out, routeModel{
			VirtualAddress: types.StringValue(r.VirtualAddress),
			CommonName:     types.StringValue(r.CommonName),
			RealAddress:    types.StringValue(r.RealAddress.Raw),
			LastRef:        rfc3339(r.LastRef),
			Cached:         types.BoolValue(r.Cached),
		})
	}
	return out
}
