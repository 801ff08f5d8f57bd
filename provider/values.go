package provider

import (
	"context"
	"fmt"
	"maps"
	"time"

	"github.com/hashicorp/terraform-plugin-framework/diag"
	"github.com/hashicorp/terraform-plugin-framework/resource/schema/int64planmodifier"
	"github.com/hashicorp/terraform-plugin-framework/resource/schema/planmodifier"
	"github.com/hashicorp/terraform-plugin-framework/tfsdk"
	"github.com/hashicorp/terraform-plugin-go/tftypes"

	"github.com/vpnops/terraform-provider-openvpn/internal/management"
)

func tfString(s string) tftypes.Value { return tftypes.NewValue(tftypes.String, s) }

// tfStringOrNull maps the daemon's empty fields to null.
func tfStringOrNull(s string) tftypes.Value {
	if s == "" {
		return tftypes.NewValue(tftypes.String, nil)
	}
	return tfString(s)
}

// tfTime renders a daemon timestamp as RFC 3339 (UTC), or null when the
// daemon gave none.
func tfTime(t time.Time) tftypes.Value {
	if t.IsZero() {
		return tftypes.NewValue(tftypes.String, nil)
	}
	return tfString(t.UTC().Format(time.RFC3339))
}

// statMap turns name/value rows into a map of strings; a repeated name
// keeps the last.
func statMap(rows []management.Stat) tftypes.Value {
	m := make(map[string]tftypes.Value, len(rows))
	for _, r := range rows {
		m[r.Name] = tfString(r.Value)
	}
	return tftypes.NewValue(tftypes.Map{ElementType: tftypes.String}, m)
}

// setState writes a data source's state as Terraform values: its
// configuration (the arguments as given) with the computed attributes
// filled in. Built directly, without a model struct: see object.
func setState(ctx context.Context, config tfsdk.Config, state *tfsdk.State, computed map[string]tftypes.Value, diags *diag.Diagnostics) {
	var arguments map[string]tftypes.Value
	if !config.Raw.IsNull() {
		if err := config.Raw.As(&arguments); err != nil {
			diags.AddError("Reading the data source's configuration", err.Error())
			return
		}
	}
	// A new map: As hands out the configuration's own, which the
	// framework compares the state with afterwards.
	attrs := make(map[string]tftypes.Value, len(arguments))
	maps.Copy(attrs, arguments)
	maps.Copy(attrs, computed)
	typ := state.Schema.Type().TerraformType(ctx)
	if err := tftypes.ValidateValue(typ, attrs); err != nil {
		diags.AddError("Building the data source's state", fmt.Sprintf("The values do not match the schema: %v. This is a bug in the provider.", err))
		return
	}
	state.Raw = tftypes.NewValue(typ, attrs)
}

func useStateForUnknownInt64() []planmodifier.Int64 {
	return []planmodifier.Int64{int64planmodifier.UseStateForUnknown()}
}
