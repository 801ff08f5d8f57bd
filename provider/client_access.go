package provider

import (
	"context"
	"fmt"

	"github.com/hashicorp/terraform-plugin-framework/diag"
	"github.com/hashicorp/terraform-plugin-framework/path"
	"github.com/hashicorp/terraform-plugin-framework/types"

	"github.com/vpnops/terraform-provider-openvpn/internal/management"
)

// providerData is what the provider's Configure hands to every data
// source, resource and action of one provider block: one client (one
// connection at a time) per daemon.
type providerData struct {
	// clients by daemon name; the provider block's own daemon, when it
	// has one, under defaultDaemon.
	clients map[string]*management.Client
	// names are the named daemons, sorted, for messages.
	names []string
	// holdings records which resource holds which setting of which
	// daemon during this run's plan.
	holdings *holdings
}

// clientAccess is embedded by every data source, resource and action: it
// takes the provider's clients in Configure and finds the one an object
// names.
type clientAccess struct {
	data *providerData
}

// takeProviderData stores what the provider's Configure handed over. A nil
// value means the provider is not configured yet (validate runs before
// configure), which is not an error.
func (a *clientAccess) takeProviderData(v any) error {
	if v == nil {
		return nil
	}
	d, ok := v.(*providerData)
	if !ok {
		return fmt.Errorf("expected *providerData, got %T; this is a bug in the provider, please report it", v)
	}
	a.data = d
	return nil
}

// configured reports whether the provider's Configure has run. Plan-time
// code (ModifyPlan) may run before it, when there is nothing to ask yet.
func (a *clientAccess) configured() bool { return a.data != nil }

// clientFor returns the client of the daemon an object names in its
// daemon attribute (null: the provider block's own daemon). A name that
// is not a key of daemons, or no daemon of the block's own, adds an error
// diagnostic on daemon and returns nil, before anything is sent anywhere;
// so does use before Configure (a bug in the provider or in Terraform).
func (a *clientAccess) clientFor(daemon types.String, diags *diag.Diagnostics) *management.Client {
	if a.data == nil {
		notConfigured(diags)
		return nil
	}
	if daemon.IsUnknown() {
		unknownDaemonValue(diags)
		return nil
	}
	c, ok := a.data.clients[daemon.ValueString()]
	if !ok {
		a.data.refuse(daemon.ValueString(), diags)
		return nil
	}
	return c
}

// clientIn is clientFor with the daemon attribute read from src (the
// configuration, plan or state of the request).
func (a *clientAccess) clientIn(ctx context.Context, src attributeSource, diags *diag.Diagnostics) *management.Client {
	daemon, ok := daemonIn(ctx, src, diags)
	if !ok {
		return nil
	}
	return a.clientFor(daemon, diags)
}

// checkDaemon refuses, at plan, a daemon name the provider block does not
// define (nothing is sent anywhere). A name not known yet, or a provider
// not configured yet, is checked later.
func (a *clientAccess) checkDaemon(daemon types.String, diags *diag.Diagnostics) {
	if a.data == nil || daemon.IsUnknown() {
		return
	}
	if _, ok := a.data.clients[daemon.ValueString()]; !ok {
		a.data.refuse(daemon.ValueString(), diags)
	}
}

// checkDaemonIn is checkDaemon with the daemon attribute read from src.
func (a *clientAccess) checkDaemonIn(ctx context.Context, src attributeSource, diags *diag.Diagnostics) {
	if daemon, ok := daemonIn(ctx, src, diags); ok {
		a.checkDaemon(daemon, diags)
	}
}

// refuse says why name has no client: it is not a key of daemons, or the
// block has no daemon of its own (or its configuration failed).
func (d *providerData) refuse(name string, diags *diag.Diagnostics) {
	if name == defaultDaemon {
		noDefaultDaemon(diags, d.names)
		return
	}
	_, own := d.clients[defaultDaemon]
	unknownDaemon(diags, name, d.names, own)
}

// attributeSource is a request's configuration, plan or state.
type attributeSource interface {
	GetAttribute(ctx context.Context, p path.Path, target any) diag.Diagnostics
}

// daemonIn reads the daemon attribute from src; ok is false after an
// error diagnostic.
func daemonIn(ctx context.Context, src attributeSource, diags *diag.Diagnostics) (types.String, bool) {
	var daemon types.String
	diags.Append(src.GetAttribute(ctx, path.Root("daemon"), &daemon)...)
	return daemon, !diags.HasError()
}

// configure is the body of every Configure method.
func (a *clientAccess) configure(providerData any, diags *diag.Diagnostics) {
	if err := a.takeProviderData(providerData); err != nil {
		diags.AddError("Unexpected provider data", err.Error())
	}
}
