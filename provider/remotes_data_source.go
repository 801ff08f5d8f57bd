package provider

import (
	"context"

	"github.com/hashicorp/terraform-plugin-framework/datasource"
	"github.com/hashicorp/terraform-plugin-framework/datasource/schema"
	"github.com/hashicorp/terraform-plugin-go/tftypes"

	"github.com/vpnops/terraform-provider-openvpn/internal/management"
)

var (
	_ datasource.DataSource              = (*remotesDataSource)(nil)
	_ datasource.DataSourceWithConfigure = (*remotesDataSource)(nil)
)

// NewRemotesDataSource is the openvpn_remotes data source.
func NewRemotesDataSource() datasource.DataSource { return &remotesDataSource{} }

type remotesDataSource struct{ clientAccess }

// remoteEntry is one element of remotes.
var remoteEntry = newObject(
	intAttr("index", "The entry's place in the list, from 0: the order the client tries them in.",
		func(r management.Remote) int64 { return int64(r.Index) }),
	textAttr("host", "The server's host name or address, as configured.",
		func(r management.Remote) string { return r.Host }),
	textAttr("port", "The port as configured: a number, or a service name.",
		func(r management.Remote) string { return r.Port }),
	textAttr("protocol", "The protocol as configured, e.g. `udp`, `tcp-client`, `udp6`.",
		func(r management.Remote) string { return r.Protocol }),
	boolAttr("enabled", "False for an entry the client skips.",
		func(r management.Remote) bool { return r.Enabled }),
)

func (d *remotesDataSource) Metadata(_ context.Context, req datasource.MetadataRequest, resp *datasource.MetadataResponse) {
	resp.TypeName = req.ProviderTypeName + "_remotes"
}

func (d *remotesDataSource) Configure(_ context.Context, req datasource.ConfigureRequest, resp *datasource.ConfigureResponse) {
	d.configure(req.ProviderData, &resp.Diagnostics)
}

func (d *remotesDataSource) Schema(_ context.Context, _ datasource.SchemaRequest, resp *datasource.SchemaResponse) {
	resp.Schema = schema.Schema{
		MarkdownDescription: "A client's connection entries (`--remote`, `<connection>` blocks), in the order it tries " +
			"them (`remote-entry-get all`). Needs a client-mode daemon of OpenVPN 2.6 or later; elsewhere it fails " +
			"before anything is sent once the provider knows the daemon's release and mode.",
		Attributes: map[string]schema.Attribute{
			"daemon":  daemonDataSourceAttribute(),
			"remotes": remoteEntry.dataSourceList("The entries, in the client's order."),
		},
	}
}

func (d *remotesDataSource) Read(ctx context.Context, req datasource.ReadRequest, resp *datasource.ReadResponse) {
	c := d.clientIn(ctx, req.Config, &resp.Diagnostics)
	if c == nil {
		return
	}
	remotes, err := c.Remotes(ctx)
	if err != nil {
		addClientError(&resp.Diagnostics, "Reading the client's remotes (remote-entry-get all)", err)
		return
	}
	setState(ctx, req.Config, &resp.State, map[string]tftypes.Value{"remotes": remoteEntry.list(remotes)}, &resp.Diagnostics)
}
