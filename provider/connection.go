package provider

import (
	"github.com/hashicorp/terraform-plugin-framework/provider/schema"
	"github.com/hashicorp/terraform-plugin-framework/schema/validator"
	"github.com/hashicorp/terraform-plugin-framework/types"
)

// connectionModel is how the provider reaches one daemon: the provider
// block's own attributes (the default daemon) and each element of its
// daemons map have exactly these.
type connectionModel struct {
	Address  types.String `tfsdk:"address"`
	Password types.String `tfsdk:"password"`
	Timeout  types.String `tfsdk:"timeout"`
	SSH      *sshModel    `tfsdk:"ssh"`
	TLS      *tlsModel    `tfsdk:"tls"`
}

// empty reports whether none of the connection's own attributes is set
// (the environment aside).
func (m connectionModel) empty() bool {
	return m.Address.IsNull() && m.Password.IsNull() && m.Timeout.IsNull() && m.SSH == nil && m.TLS == nil
}

// connectionAttributes is the one definition of a daemon's connection
// attributes, for the provider block (topLevel, where the environment
// variables fill what is left out) and for each element of daemons.
func connectionAttributes(topLevel bool) map[string]schema.Attribute {
	env := func(variable string) string {
		if !topLevel {
			return ""
		}
		return " Defaults to the `" + variable + "` environment variable."
	}
	timeoutDefault := " Defaults to `10s`."
	if topLevel {
		timeoutDefault = " Defaults to `" + EnvTimeout + "`, else `10s`."
	}
	address := "Where the management interface listens: `tcp://HOST:PORT`, `HOST:PORT`, " +
		"`unix:///PATH`, an absolute socket path, or `tls://HOST:PORT` for a port behind a TLS terminator " +
		"(see `tls`). With `ssh`, the address as seen from the SSH host."
	if !topLevel {
		address += " Required: the environment variables serve only the provider block's own daemon."
	}
	return map[string]schema.Attribute{
		"address": schema.StringAttribute{
			Optional:            true,
			MarkdownDescription: address + env(EnvAddress),
			Validators:          []validator.String{addressValidator{}},
		},
		"password": schema.StringAttribute{
			Optional:  true,
			Sensitive: true,
			MarkdownDescription: "The management password (the first line of the daemon's pwfile)." + env(EnvPassword) +
				" Never logged or stored in state.",
		},
		"timeout": schema.StringAttribute{
			Optional: true,
			MarkdownDescription: "How long each step may take: dialing, waiting for a busy port (another " +
				"management client connected) to be served, and each command's reply. A Go duration such as " +
				"`10s` or `1m`." + timeoutDefault,
			Validators: []validator.String{durationValidator{}},
		},
		"ssh": sshSchema(),
		"tls": tlsSchema(),
	}
}
