package provider

import (
	"fmt"

	"github.com/hashicorp/terraform-plugin-framework/diag"
)

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

// configure is the body of every Configure method.
func (a *clientAccess) configure(providerData any, diags *diag.Diagnostics) {
	if err := a.takeProviderData(providerData); err != nil {
		diags.AddError("Unexpected provider data", err.Error())
	}
}
