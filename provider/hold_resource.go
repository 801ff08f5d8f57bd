package provider

import (
	"context"

	"github.com/hashicorp/terraform-plugin-framework/resource"
	"github.com/hashicorp/terraform-plugin-framework/resource/schema"
	"github.com/hashicorp/terraform-plugin-framework/resource/schema/boolplanmodifier"
	"github.com/hashicorp/terraform-plugin-framework/resource/schema/planmodifier"
	"github.com/hashicorp/terraform-plugin-framework/types"

	"github.com/vpnops/terraform-provider-openvpn/internal/management"
)

// NewHoldResource is the openvpn_hold resource: the hold flag.
func NewHoldResource() resource.Resource {
	return &settingResource[bool, types.Bool]{spec: settingSpec[bool, types.Bool]{
		name:    "hold",
		command: "hold",
		attr:    "enabled",
		description: "The daemon's hold flag (`hold on` / `hold off`): when set, the daemon stops and waits for a " +
			"`hold release` (the `openvpn_hold_release` action) at its next start or restart, e.g. after a `SIGHUP`.\n\n" +
			"Not available behind a proxy that answers `hold` itself, such as openvpn-auth-oauth2's pass-through " +
			"socket: the provider then fails at once, without sending `hold on` or `hold off`.",
		valueSchema: schema.BoolAttribute{
			Required:            true,
			MarkdownDescription: "Whether the hold flag is set.",
		},
		prevSchema: schema.BoolAttribute{
			Computed:            true,
			MarkdownDescription: "The flag in effect when the resource was created (or imported); `terraform destroy` restores it.",
			PlanModifiers:       []planmodifier.Bool{boolplanmodifier.UseStateForUnknown()},
		},
		get: func(ctx context.Context, c *management.Client) (bool, error) {
			h, err := c.Hold(ctx)
			return h.Flag, err
		},
		set:    func(ctx context.Context, c *management.Client, v bool) error { return c.SetHold(ctx, v) },
		toTF:   types.BoolValue,
		fromTF: func(v types.Bool) bool { return v.ValueBool() },
	}}
}
