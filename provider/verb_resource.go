package provider

import (
	"context"
	"fmt"

	"github.com/hashicorp/terraform-plugin-framework-validators/int64validator"
	"github.com/hashicorp/terraform-plugin-framework/resource"
	"github.com/hashicorp/terraform-plugin-framework/resource/schema"
	"github.com/hashicorp/terraform-plugin-framework/schema/validator"
	"github.com/hashicorp/terraform-plugin-framework/types"

	"github.com/vpnops/terraform-provider-openvpn/internal/management"
)

// NewVerbResource is the openvpn_verb resource: the daemon's log verbosity.
func NewVerbResource() resource.Resource {
	return &settingResource[int, types.Int64]{spec: levelSpec(
		"verb", "log verbosity", management.MaxVerb,
		"The daemon's log verbosity (`verb`, 0 to 15): 0 is silent but fatal errors, 3 is OpenVPN's usual level, "+
			"5 and above log every packet.",
		(*management.Client).Verb, (*management.Client).SetVerb)}
}

// NewMuteResource is the openvpn_mute resource: the daemon's repeated-message limit.
func NewMuteResource() resource.Resource {
	return &settingResource[int, types.Int64]{spec: levelSpec(
		"mute", "mute level", management.MaxMute,
		"The daemon's `mute` level: after this many consecutive messages of the same category it logs no more "+
			"of them (0 turns muting off).",
		(*management.Client).Mute, (*management.Client).SetMute)}
}

// levelSpec is the spec shared by the two numeric settings.
func levelSpec(name, what string, maxLevel int, description string,
	get func(*management.Client, context.Context) (int, error),
	set func(*management.Client, context.Context, int) error,
) settingSpec[int, types.Int64] {
	return settingSpec[int, types.Int64]{
		name:        name,
		command:     name,
		attr:        "level",
		description: description,
		valueSchema: schema.Int64Attribute{
			Required:            true,
			MarkdownDescription: fmt.Sprintf("The %s to hold the daemon at, from 0 to %d.", what, maxLevel),
			Validators:          []validator.Int64{int64validator.Between(0, int64(maxLevel))},
		},
		prevSchema: schema.Int64Attribute{
			Computed:            true,
			MarkdownDescription: fmt.Sprintf("The %s in effect when the resource was created (or imported); `terraform destroy` restores it.", what),
			PlanModifiers:       useStateForUnknownInt64(),
		},
		get:    func(ctx context.Context, c *management.Client) (int, error) { return get(c, ctx) },
		set:    func(ctx context.Context, c *management.Client, v int) error { return set(c, ctx, v) },
		toTF:   func(v int) types.Int64 { return types.Int64Value(int64(v)) },
		fromTF: func(v types.Int64) int { return int(v.ValueInt64()) },
	}
}
