package provider

import (
	"context"

	"github.com/hashicorp/terraform-plugin-framework/datasource"
	"github.com/hashicorp/terraform-plugin-framework/datasource/schema"
	"github.com/hashicorp/terraform-plugin-framework/types"
)

var (
	_ datasource.DataSource              = (*versionDataSource)(nil)
	_ datasource.DataSourceWithConfigure = (*versionDataSource)(nil)
)

// NewVersionDataSource is the openvpn_version data source.
func NewVersionDataSource() datasource.DataSource { return &versionDataSource{} }

type versionDataSource struct{ clientAccess }

type versionModel struct {
	OpenVPNVersion    types.String `tfsdk:"openvpn_version"`
	ManagementVersion types.Int64  `tfsdk:"management_version"`
	Title             types.String `tfsdk:"title"`
}

func (d *versionDataSource) Metadata(_ context.Context, req datasource.MetadataRequest, resp *datasource.MetadataResponse) {
	resp.TypeName = req.ProviderTypeName + "_version"
}

func (d *versionDataSource) Configure(_ context.Context, req datasource.ConfigureRequest, resp *datasource.ConfigureResponse) {
	d.configure(req.ProviderData, &resp.Diagnostics)
}

func (d *versionDataSource) Schema(_ context.Context, _ datasource.SchemaRequest, resp *datasource.SchemaResponse) {
	resp.Schema = schema.Schema{
		MarkdownDescription: "The daemon's OpenVPN release and management-interface version, from the `version` command. Works in any mode.",
		Attributes: map[string]schema.Attribute{
			"openvpn_version":    schema.StringAttribute{Computed: true, MarkdownDescription: "The OpenVPN release as `x.y.z`, e.g. `2.6.14`; a pre-release or development build keeps its label as printed, e.g. `2.7_rc1`."},
			"management_version": schema.Int64Attribute{Computed: true, MarkdownDescription: "The management interface version (5 on OpenVPN 2.6.2 and later)."},
			"title":              schema.StringAttribute{Computed: true, MarkdownDescription: "The daemon's full title string, with platform and build features."},
		},
	}
}

func (d *versionDataSource) Read(ctx context.Context, _ datasource.ReadRequest, resp *datasource.ReadResponse) {
	c := d.client(&resp.Diagnostics)
	if c == nil {
		return
	}
	v, err := c.Version(ctx)
	if err != nil {
		addClientError(&resp.Diagnostics, "Reading the version", err)
		return
	}
	m := versionModel{
		OpenVPNVersion:    stringOrNull(v.Release),
		ManagementVersion: types.Int64Value(int64(v.ManagementVersion)),
		Title:             types.StringValue(v.Title),
	}
	resp.Diagnostics.Append(resp.State.Set(ctx, &m)...)
}
