// Package provider is the Terraform layer of the OpenVPN provider: schemas,
// models, conversions and diagnostics. Everything that speaks the
// management protocol lives in internal/management.
package provider

import (
	"context"
	"os"
	"sync/atomic"
	"time"

	"github.com/hashicorp/terraform-plugin-framework/action"
	"github.com/hashicorp/terraform-plugin-framework/datasource"
	"github.com/hashicorp/terraform-plugin-framework/function"
	"github.com/hashicorp/terraform-plugin-framework/path"
	"github.com/hashicorp/terraform-plugin-framework/provider"
	"github.com/hashicorp/terraform-plugin-framework/provider/schema"
	"github.com/hashicorp/terraform-plugin-framework/resource"
	"github.com/hashicorp/terraform-plugin-framework/schema/validator"
	"github.com/hashicorp/terraform-plugin-framework/types"
	"github.com/hashicorp/terraform-plugin-log/tflog"

	"github.com/vpnops/terraform-provider-openvpn/internal/management"
)

// Address is the provider's source address in the registry.
const Address = "registry.terraform.io/vpnops/openvpn"

// Environment variables read when the configuration leaves a value out.
const (
	EnvAddress  = "OPENVPN_MANAGEMENT_ADDRESS"
	EnvPassword = "OPENVPN_MANAGEMENT_PASSWORD"
	EnvTimeout  = "OPENVPN_MANAGEMENT_TIMEOUT"
)

// idleClose is how long the provider keeps the management connection open
// without a command. OpenVPN serves one management client at a time, so a
// connection held for the whole Terraform run would lock out every other
// tool; a short idle window still lets a burst of reads share one.
const idleClose = 2 * time.Second

var (
	_ provider.Provider            = (*openvpnProvider)(nil)
	_ provider.ProviderWithActions = (*openvpnProvider)(nil)
	// Functions need no configuration: they parse text, never a daemon.
	_ provider.ProviderWithFunctions = (*openvpnProvider)(nil)
)

// New returns a constructor for the provider, as providerserver wants.
func New(version string) func() provider.Provider {
	return func() provider.Provider { return &openvpnProvider{version: version} }
}

type openvpnProvider struct {
	version string
	commit  string // empty unless a release build stamped it (Build)
	// dataSourceData is what Configure handed to the data sources, for
	// the reads NewProtocolServer answers itself.
	dataSourceData atomic.Value
}

// configured is what Configure handed to the data sources; nil before.
func (p *openvpnProvider) configured() any { return p.dataSourceData.Load() }

type providerModel struct {
	Address  types.String `tfsdk:"address"`
	Password types.String `tfsdk:"password"`
	Timeout  types.String `tfsdk:"timeout"`
	SSH      *sshModel    `tfsdk:"ssh"`
	TLS      *tlsModel    `tfsdk:"tls"`
}

func (p *openvpnProvider) Metadata(_ context.Context, _ provider.MetadataRequest, resp *provider.MetadataResponse) {
	resp.TypeName = "openvpn"
	resp.Version = p.version
}

func (p *openvpnProvider) Schema(_ context.Context, _ provider.SchemaRequest, resp *provider.SchemaResponse) {
	resp.Schema = schema.Schema{
		MarkdownDescription: "Drives a running OpenVPN daemon through its management interface " +
			"(`openvpn --management ADDR PORT [pwfile]` or a unix socket): reads connected clients, " +
			"routes, version and state; holds runtime settings at declared values; disconnects clients.\n\n" +
			"OpenVPN serves **one management client at a time**. The provider uses one connection per " +
			"provider block, shared by every data source, resource and action of the run and serialised, " +
			"and lets the port go after " + idleClose.String() + " without a command.",
		Attributes: map[string]schema.Attribute{
			"address": schema.StringAttribute{
				Optional: true,
				MarkdownDescription: "Where the management interface listens: `tcp://HOST:PORT`, `HOST:PORT`, " +
					"`unix:///PATH`, an absolute socket path, or `tls://HOST:PORT` for a port behind a TLS terminator " +
					"(see `tls`). With `ssh`, the address as seen from the SSH host. Defaults to the `" + EnvAddress + "` environment variable.",
				Validators: []validator.String{addressValidator{}},
			},
			"password": schema.StringAttribute{
				Optional:  true,
				Sensitive: true,
				MarkdownDescription: "The management password (the first line of the daemon's pwfile). " +
					"Defaults to the `" + EnvPassword + "` environment variable. Never logged or stored in state.",
			},
			"timeout": schema.StringAttribute{
				Optional: true,
				MarkdownDescription: "How long each step may take: dialing, waiting for a busy port (another " +
					"management client connected) to be served, and each command's reply. A Go duration such as " +
					"`10s` or `1m`. Defaults to `" + EnvTimeout + "`, else `10s`.",
				Validators: []validator.String{durationValidator{}},
			},
			"ssh": sshSchema(),
			"tls": tlsSchema(),
		},
	}
}

func (p *openvpnProvider) Configure(ctx context.Context, req provider.ConfigureRequest, resp *provider.ConfigureResponse) {
	// Which build answers, next to the configuration it is given: the
	// start-up line (main.go) is printed before Terraform names the
	// provider block, this one is in the block's own log context.
	build := Build{Version: p.version, Commit: p.commit}
	tflog.Info(ctx, "terraform-provider-openvpn "+build.String(), map[string]any{"version": build.Version, "commit": build.Commit})
	var m providerModel
	resp.Diagnostics.Append(req.Config.Get(ctx, &m)...)
	if resp.Diagnostics.HasError() {
		return
	}
	for attr, v := range map[string]types.String{"address": m.Address, "password": m.Password, "timeout": m.Timeout} {
		if v.IsUnknown() {
			resp.Diagnostics.AddAttributeError(path.Root(attr), "Unknown "+attr,
				"The provider's "+attr+" depends on a value not known until apply. Set it from a variable or "+
					"the environment so the provider can connect during plan.")
		}
	}
	if at, ok := unknownRemote(m); ok {
		resp.Diagnostics.AddAttributeError(at, "Unknown "+at.String(),
			"The provider's "+at.String()+" depends on a value not known until apply. The provider connects during "+
				"plan, so set it from a variable, a file or the environment.")
	}
	if resp.Diagnostics.HasError() {
		return
	}
	cfg, diagAttr, err := clientConfig(m, os.Getenv)
	if err != nil {
		resp.Diagnostics.AddAttributeError(path.Root(diagAttr), "Invalid OpenVPN provider configuration", err.Error())
		return
	}
	if attr, err := withRemote(&cfg, m, os.Getenv); err != nil {
		resp.Diagnostics.AddAttributeError(attr, "Invalid OpenVPN provider configuration", err.Error())
		return
	}
	cfg.Debug = func(ctx context.Context, msg string, fields map[string]any) { tflog.Debug(ctx, msg, fields) }
	client, err := management.New(cfg)
	if err != nil {
		// The address was checked above: what New refuses is the password.
		resp.Diagnostics.AddAttributeError(path.Root(newClientErrorAttr(err)), "Invalid OpenVPN provider configuration", err.Error())
		return
	}
	tflog.Debug(ctx, "openvpn provider configured", map[string]any{"address": client.Address(), "timeout": cfg.Timeout.String(), "via": remoteVia(m)})
	data := &providerData{client: client}
	resp.DataSourceData = data
	p.dataSourceData.Store(resp.DataSourceData)
	resp.ResourceData = data
	resp.ActionData = data
}

func (p *openvpnProvider) Resources(context.Context) []func() resource.Resource {
	return []func() resource.Resource{
		NewVerbResource,
		NewMuteResource,
		NewAuthRetryResource,
		NewHoldResource,
		NewClientAllowlistResource,
	}
}

func (p *openvpnProvider) DataSources(context.Context) []func() datasource.DataSource {
	return []func() datasource.DataSource{
		NewClientsDataSource,
		NewRoutingTableDataSource,
		NewVersionDataSource,
		NewStateDataSource,
		NewServerDataSource,
		NewLogDataSource,
		NewRemotesDataSource,
	}
}

func (p *openvpnProvider) Actions(context.Context) []func() action.Action {
	return []func() action.Action{
		NewClientKillAction,
		NewHoldReleaseAction,
		NewSignalAction,
	}
}

func (p *openvpnProvider) Functions(context.Context) []func() function.Function {
	return []func() function.Function{
		NewParseStatusFunction,
	}
}
