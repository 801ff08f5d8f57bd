package provider

import (
	"context"

	"github.com/hashicorp/terraform-plugin-framework/datasource"
	"github.com/hashicorp/terraform-plugin-framework/datasource/schema"

	"github.com/vpnops/terraform-provider-openvpn/internal/management"
)

var (
	_ datasource.DataSource              = (*versionDataSource)(nil)
	_ datasource.DataSourceWithConfigure = (*versionDataSource)(nil)
)

// NewVersionDataSource is the openvpn_version data source.
func NewVersionDataSource() datasource.DataSource { return &versionDataSource{} }

type versionDataSource struct{ clientAccess }

// versionFacts are the data source's attributes.
var versionFacts = newObject(
	textOrNullAttr("openvpn_version", "The OpenVPN release as `x.y.z`, e.g. `2.6.14`; a pre-release or development build keeps its label as printed, e.g. `2.7_rc1`.",
		func(v management.Version) string { return v.Release }),
	intAttr("management_version", "The management interface version (5 on OpenVPN 2.6.2 and later).",
		func(v management.Version) int64 { return int64(v.ManagementVersion) }),
	textAttr("title", "The daemon's full title string, with platform and build features.",
		func(v management.Version) string { return v.Title }),
	textOrNullAttr("platform", "The build's target as the title names it, e.g. `x86_64-pc-linux-gnu`; null when the title names none.",
		func(v management.Version) string { return v.Platform }),
	textListAttr("features", "The title's build tags in order, without brackets, e.g. `SSL (OpenSSL)`, `LZ4`, `PKCS11`, `DCO`.",
		func(v management.Version) []string { return v.Features }),
	boolAttr("dco_built", "Whether the build supports data channel offload (the title's `DCO` tag, OpenVPN 2.6 and later). "+
		"Whether a server uses it is `openvpn_server`'s `dco_enabled`.",
		func(v management.Version) bool { return v.DCOBuilt() }),
)

func (d *versionDataSource) Metadata(_ context.Context, req datasource.MetadataRequest, resp *datasource.MetadataResponse) {
	resp.TypeName = req.ProviderTypeName + "_version"
}

func (d *versionDataSource) Configure(_ context.Context, req datasource.ConfigureRequest, resp *datasource.ConfigureResponse) {
	d.configure(req.ProviderData, &resp.Diagnostics)
}

func (d *versionDataSource) Schema(_ context.Context, _ datasource.SchemaRequest, resp *datasource.SchemaResponse) {
	attrs := versionFacts.dataSourceAttributes()
	attrs["daemon"] = daemonDataSourceAttribute()
	resp.Schema = schema.Schema{
		MarkdownDescription: "The daemon's OpenVPN release, management-interface version, platform and build features, from the " +
			"`version` command (read once per connection). Works in any mode.",
		Attributes: attrs,
	}
}

func (d *versionDataSource) Read(ctx context.Context, req datasource.ReadRequest, resp *datasource.ReadResponse) {
	c := d.clientIn(ctx, req.Config, &resp.Diagnostics)
	if c == nil {
		return
	}
	v, err := c.Version(ctx)
	if err != nil {
		addClientError(&resp.Diagnostics, "Reading the version", err)
		return
	}
	setState(ctx, req.Config, &resp.State, versionFacts.attributes(v), &resp.Diagnostics)
}
