package provider

import (
	"context"

	"github.com/hashicorp/terraform-plugin-framework-validators/stringvalidator"
	"github.com/hashicorp/terraform-plugin-framework/resource"
	"github.com/hashicorp/terraform-plugin-framework/resource/schema"
	"github.com/hashicorp/terraform-plugin-framework/resource/schema/planmodifier"
	"github.com/hashicorp/terraform-plugin-framework/resource/schema/stringplanmodifier"
	"github.com/hashicorp/terraform-plugin-framework/schema/validator"
	"github.com/hashicorp/terraform-plugin-framework/types"

	"github.com/vpnops/terraform-provider-openvpn/internal/management"
)

// NewAuthRetryResource is the openvpn_auth_retry resource.
func NewAuthRetryResource() resource.Resource {
	return &settingResource[string, types.String]{spec: settingSpec[string, types.String]{
		name:    "auth_retry",
		command: "auth-retry",
		attr:    "mode",
		description: "What the daemon does when the server rejects its credentials (`auth-retry`): `none` exits, " +
			"`nointeract` retries with the same credentials, `interact` asks again through the management interface. " +
			"Meaningful on a client-mode daemon.",
		valueSchema: schema.StringAttribute{
			Required:            true,
			MarkdownDescription: "One of `none`, `interact`, `nointeract`.",
			Validators:          []validator.String{stringvalidator.OneOf(management.AuthRetryModes()...)},
		},
		prevSchema: schema.StringAttribute{
			Computed:            true,
			MarkdownDescription: "The mode in effect when the resource was created (or imported); `terraform destroy` restores it.",
			PlanModifiers:       []planmodifier.String{stringplanmodifier.UseStateForUnknown()},
		},
		get:    func(ctx context.Context, c *management.Client) (string, error) { return c.AuthRetry(ctx) },
		set:    func(ctx context.Context, c *management.Client, v string) error { return c.SetAuthRetry(ctx, v) },
		toTF:   types.StringValue,
		fromTF: func(v types.String) string { return v.ValueString() },
	}}
}
