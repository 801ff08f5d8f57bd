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
	"github.com/hashicorp/terraform-plugin-framework/types"
	"github.com/hashicorp/terraform-plugin-log/tflog"
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
	// ValidateConfig: a named daemon needs its own address.
	_ provider.ProviderWithValidateConfig = (*openvpnProvider)(nil)
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
	// deferred: Configure deferred every object (its configuration is not
	// known yet); the framework defers its own, NewProtocolServer's reads
	// must too.
	deferred atomic.Bool
}

// configured is what Configure handed to the data sources; nil before.
func (p *openvpnProvider) configured() any { return p.dataSourceData.Load() }

// providerModel is the provider block: its own connection (the default
// daemon) and the named daemons.
type providerModel struct {
	connectionModel
	Daemons types.Map `tfsdk:"daemons"`
}

func (p *openvpnProvider) Metadata(_ context.Context, _ provider.MetadataRequest, resp *provider.MetadataResponse) {
	resp.TypeName = "openvpn"
	resp.Version = p.version
}

func (p *openvpnProvider) Schema(_ context.Context, _ provider.SchemaRequest, resp *provider.SchemaResponse) {
	attrs := connectionAttributes(true)
	attrs["daemons"] = daemonsAttribute()
	resp.Schema = schema.Schema{
		MarkdownDescription: "Drives running OpenVPN daemons through their management interface " +
			"(`openvpn --management ADDR PORT [pwfile]` or a unix socket): reads connected clients, " +
			"routes, version and state; holds runtime settings at declared values; disconnects clients.\n\n" +
			"One provider block serves one daemon through its own `address` (the default daemon) and any number " +
			"of named daemons in `daemons`; every data source, resource and action picks one with `daemon`, so " +
			"`for_each` covers a fleet.\n\n" +
			"OpenVPN serves **one management client at a time**. The provider uses one connection per " +
			"daemon, shared by every data source, resource and action of the run and serialised, " +
			"and lets the port go after " + idleClose.String() + " without a command. Daemons are read in parallel.",
		Attributes: attrs,
	}
}

func (p *openvpnProvider) ValidateConfig(ctx context.Context, req provider.ValidateConfigRequest, resp *provider.ValidateConfigResponse) {
	var daemons types.Map
	resp.Diagnostics.Append(req.Config.GetAttribute(ctx, path.Root("daemons"), &daemons)...)
	if resp.Diagnostics.HasError() {
		return
	}
	for name, at := range namedWithoutAddress(daemons) {
		daemonWithoutAddress(&resp.Diagnostics, at, name)
	}
}

func (p *openvpnProvider) Configure(ctx context.Context, req provider.ConfigureRequest, resp *provider.ConfigureResponse) {
	// Which build answers, next to the configuration it is given: the
	// start-up line (main.go) is printed before Terraform names the
	// provider block, this one is in the block's own log context.
	build := Build{Version: p.version, Commit: p.commit}
	tflog.Info(ctx, "terraform-provider-openvpn "+build.String(), map[string]any{"version": build.Version, "commit": build.Commit})
	// The provider connects during plan: a value known only after apply
	// (a daemons map built from other resources) cannot be used yet.
	if unknown := unknownPaths(req.Config.Raw); len(unknown) > 0 {
		if req.ClientCapabilities.DeferralAllowed {
			resp.Deferred = &provider.Deferred{Reason: provider.DeferredReasonProviderConfigUnknown}
			p.deferred.Store(true)
			return
		}
		for _, at := range unknown {
			unknownConfiguration(&resp.Diagnostics, at)
		}
		return
	}
	p.deferred.Store(false)
	var m providerModel
	resp.Diagnostics.Append(req.Config.Get(ctx, &m)...)
	if resp.Diagnostics.HasError() {
		return
	}
	named := map[string]connectionModel{}
	if !m.Daemons.IsNull() {
		resp.Diagnostics.Append(m.Daemons.ElementsAs(ctx, &named, false)...)
		if resp.Diagnostics.HasError() {
			return
		}
	}
	data := newProviderData(ctx, m.connectionModel, named, os.Getenv, &resp.Diagnostics)
	if resp.Diagnostics.HasError() {
		return
	}
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
