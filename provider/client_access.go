package provider

import (
	"fmt"

	"github.com/hashicorp/terraform-plugin-framework/diag"

	"github.com/vpnops/terraform-provider-openvpn/internal/management"
)

// providerData is what the provider's Configure hands to every data
// source, resource and action of one provider block: one client, one
// connection.
type providerData struct {
	client *management.Client
}

// clientAccess is embedded by every data source, resource and action: it
// takes the provider's shared client in Configure.
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

// client returns the provider's shared client for a Read, an apply or an
// action. Before Configure that is a bug in the provider or in Terraform:
// it adds the "Provider not configured" diagnostic and returns nil.
func (a *clientAccess) client(diags *diag.Diagnostics) *management.Client {
	if a.data == nil {
		notConfigured(diags)
		return nil
	}
	return a.data.client
}

// configure is the body of every Configure method.
func (a *clientAccess) configure(providerData any, diags *diag.Diagnostics) {
	if err := a.takeProviderData(providerData); err != nil {
		diags.AddError("Unexpected provider data", err.Error())
	}
}
