package provider

import (
	"context"

	"github.com/hashicorp/terraform-plugin-framework/schema/validator"

	"github.com/vpnops/terraform-provider-openvpn/internal/management"
)

// addressValidator checks the management address form at plan time.
type addressValidator struct{}

func (addressValidator) Description(context.Context) string {
	return "must be tcp://HOST:PORT, HOST:PORT, unix:///PATH, an absolute path or tls://HOST:PORT"
}

func (v addressValidator) MarkdownDescription(ctx context.Context) string { return v.Description(ctx) }

func (addressValidator) ValidateString(_ context.Context, req validator.StringRequest, resp *validator.StringResponse) {
	if req.ConfigValue.IsNull() || req.ConfigValue.IsUnknown() {
		return
	}
	if err := management.ValidateAddress(req.ConfigValue.ValueString()); err != nil {
		resp.Diagnostics.AddAttributeError(req.Path, "Invalid management address", err.Error())
	}
}

// durationValidator checks a timeout at plan time.
type durationValidator struct{}

func (durationValidator) Description(context.Context) string {
	return "must be a Go duration such as 10s or 1m, more than 0 and at most 1h"
}

func (v durationValidator) MarkdownDescription(ctx context.Context) string { return v.Description(ctx) }

func (durationValidator) ValidateString(_ context.Context, req validator.StringRequest, resp *validator.StringResponse) {
	if req.ConfigValue.IsNull() || req.ConfigValue.IsUnknown() {
		return
	}
	if _, err := parseTimeout(req.ConfigValue.ValueString()); err != nil {
		resp.Diagnostics.AddAttributeError(req.Path, "Invalid timeout", err.Error())
	}
}
