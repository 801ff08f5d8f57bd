package provider

import (
	"context"
	"fmt"
	"net"
	"regexp"
	"sort"
	"strconv"

	"github.com/hashicorp/terraform-plugin-framework-validators/mapvalidator"
	"github.com/hashicorp/terraform-plugin-framework-validators/stringvalidator"
	"github.com/hashicorp/terraform-plugin-framework/diag"
	"github.com/hashicorp/terraform-plugin-framework/path"
	"github.com/hashicorp/terraform-plugin-framework/provider/schema"
	"github.com/hashicorp/terraform-plugin-framework/schema/validator"
	"github.com/hashicorp/terraform-plugin-framework/types"
	"github.com/hashicorp/terraform-plugin-go/tftypes"
	"github.com/hashicorp/terraform-plugin-log/tflog"

	"github.com/vpnops/terraform-provider-openvpn/internal/management"
	"github.com/vpnops/terraform-provider-openvpn/internal/remote"
)

// defaultDaemon is the key of the provider block's own daemon among the
// clients: no name a user can give (daemonName refuses the empty name).
const defaultDaemon = ""

// daemonName is the form of a daemon's name, in daemons and in every
// object's daemon: it starts an import ID ("vpn2/verb"), so no slash, and
// it is written in plans and state, so no spaces or control characters.
var daemonName = regexp.MustCompile(`^[A-Za-z0-9][A-Za-z0-9_.:@-]*$`)

func daemonNameValidator() validator.String {
	return stringvalidator.RegexMatches(daemonName,
		"must be a daemon name: letters, digits and _ . : @ -, starting with a letter or digit")
}

func daemonsAttribute() schema.MapNestedAttribute {
	return schema.MapNestedAttribute{
		Optional: true,
		MarkdownDescription: "Named daemons, each reached with exactly the connection attributes of the provider " +
			"block itself (`address`, required here, and `password`, `timeout`, `ssh`, `tls`). A data source, " +
			"resource or action picks one with `daemon = \"NAME\"`; without `daemon` it uses the provider block's " +
			"own `address`. The map may come from a variable (`daemons = var.daemons`); the `OPENVPN_MANAGEMENT_*` " +
			"environment variables serve only the provider block's own daemon. Each daemon has its own management " +
			"connection (its single slot is respected, and a daemon that fails is not tried again in the run, " +
			"without holding up the others); daemons reached through the same SSH host the same way (host, port, " +
			"user, key, host key, bastion) share one SSH connection. One name per daemon: two that reach the same " +
			"management interface (the same address from the same SSH host, or directly) are refused.",
		Validators: []validator.Map{mapvalidator.KeysAre(daemonNameValidator())},
		NestedObject: schema.NestedAttributeObject{
			Attributes: connectionAttributes(false),
		},
	}
}

// newProviderData makes one client per daemon (none connects yet):
// the provider block's own daemon when it has one, and each named one.
// Daemons reached through the same SSH host share its connection.
func newProviderData(ctx context.Context, own connectionModel, named map[string]connectionModel, getenv func(string) string, diags *diag.Diagnostics) *providerData {
	hosts := &remote.Hosts{}
	data := &providerData{clients: map[string]*management.Client{}, holdings: &holdings{}}
	// Which daemon already reaches each management interface.
	reached := map[string]string{}
	ownFromEnv := false
	// A block that sets none of its own (and no OPENVPN_MANAGEMENT_ADDRESS)
	// has no default daemon: an object that needs one says so when it is
	// planned (noDefaultDaemon). Configure itself must not fail there:
	// OpenTofu configures the provider for its functions too, and
	// parse_status needs no daemon.
	if !own.empty() || getenv(EnvAddress) != "" {
		if c := newDaemonClient(ctx, defaultDaemon, path.Empty(), own, getenv, hosts, diags); c != nil {
			data.clients[defaultDaemon] = c
			reached[managementInterface(c, own)] = defaultDaemon
			ownFromEnv = own.Address.IsNull()
		}
	}
	for name := range named {
		data.names = append(data.names, name)
	}
	sort.Strings(data.names)
	for _, name := range data.names {
		at := path.Root("daemons").AtMapKey(name)
		c := newDaemonClient(ctx, name, at, named[name], withoutManagementEnv(getenv), hosts, diags)
		if c == nil {
			continue
		}
		where := managementInterface(c, named[name])
		if first, ok := reached[where]; ok {
			sameDaemonTwice(diags, at.AtName("address"), name, first, where, ownFromEnv)
			continue
		}
		reached[where] = name
		data.clients[name] = c
	}
	return data
}

// managementInterface names the management interface a daemon's client
// reaches: its address in canonical form, and the SSH host (and port) it
// is seen from, if any. Two daemons with the same one are one daemon.
func managementInterface(c *management.Client, m connectionModel) string {
	if m.SSH == nil {
		return c.Address()
	}
	port := m.SSH.Port.ValueInt64()
	if port == 0 {
		port = 22
	}
	return fmt.Sprintf("%s on SSH host %s", c.Address(), net.JoinHostPort(m.SSH.Host.ValueString(), strconv.FormatInt(port, 10)))
}

// newDaemonClient is the client of one daemon, whose connection attributes
// sit at at; nil after an error diagnostic on the attribute at fault.
func newDaemonClient(ctx context.Context, name string, at path.Path, m connectionModel, getenv func(string) string, hosts *remote.Hosts, diags *diag.Diagnostics) *management.Client {
	if name != defaultDaemon && m.Address.IsNull() {
		daemonWithoutAddress(diags, at.AtName("address"), name)
		return nil
	}
	cfg, attr, err := clientConfig(m, getenv)
	if err != nil {
		diags.AddAttributeError(at.AtName(attr), "Invalid OpenVPN provider configuration", err.Error())
		return nil
	}
	cfg.Name = name
	if p, err := withRemote(&cfg, m, getenv, hosts); err != nil {
		diags.AddAttributeError(under(at, p), "Invalid OpenVPN provider configuration", err.Error())
		return nil
	}
	cfg.Debug = func(ctx context.Context, msg string, fields map[string]any) {
		if name != defaultDaemon {
			fields = withField(fields, "daemon", name)
		}
		tflog.Debug(ctx, msg, fields)
	}
	client, err := management.New(cfg)
	if err != nil {
		// The address was checked above: what New refuses is the password.
		diags.AddAttributeError(at.AtName(newClientErrorAttr(err)), "Invalid OpenVPN provider configuration", err.Error())
		return nil
	}
	tflog.Debug(ctx, "openvpn daemon configured", map[string]any{"daemon": name, "address": client.Address(), "timeout": cfg.Timeout.String(), "via": remoteVia(m)})
	return client
}

func withField(fields map[string]any, k string, v any) map[string]any {
	out := make(map[string]any, len(fields)+1)
	for fk, fv := range fields {
		out[fk] = fv
	}
	out[k] = v
	return out
}

// withoutManagementEnv is getenv for a named daemon: the management
// variables belong to the provider block's own daemon (a password meant
// for it must not reach another), the rest (HOME, USER, SSH_AUTH_SOCK)
// are the user's as ever.
func withoutManagementEnv(getenv func(string) string) func(string) string {
	return func(k string) string {
		switch k {
		case EnvAddress, EnvPassword, EnvTimeout:
			return ""
		}
		return getenv(k)
	}
}

// namedWithoutAddress are the named daemons, known so far, that have no
// address, with where it belongs.
func namedWithoutAddress(daemons types.Map) map[string]path.Path {
	out := map[string]path.Path{}
	if daemons.IsNull() || daemons.IsUnknown() {
		return out
	}
	for name, v := range daemons.Elements() {
		o, ok := v.(types.Object)
		if !ok || o.IsNull() || o.IsUnknown() {
			continue
		}
		if a, ok := o.Attributes()["address"]; ok && a.IsNull() {
			out[name] = path.Root("daemons").AtMapKey(name).AtName("address")
		}
	}
	return out
}

// unknownPaths are the attributes of the provider block whose values are
// not known yet (at plan, when they come from resources still to create).
func unknownPaths(raw tftypes.Value) []path.Path {
	var out []path.Path
	_ = tftypes.Walk(raw, func(ap *tftypes.AttributePath, v tftypes.Value) (bool, error) {
		if !v.IsKnown() {
			out = append(out, frameworkPath(ap))
			return false, nil
		}
		return true, nil
	})
	return out
}

// frameworkPath is a protocol attribute path as the framework's.
func frameworkPath(ap *tftypes.AttributePath) path.Path {
	p := path.Empty()
	for _, s := range ap.Steps() {
		switch s := s.(type) {
		case tftypes.AttributeName:
			p = p.AtName(string(s))
		case tftypes.ElementKeyString:
			p = p.AtMapKey(string(s))
		case tftypes.ElementKeyInt:
			p = p.AtListIndex(int(s))
		}
	}
	return p
}

// under is p (a path from a connection's root) below at, where that
// connection sits in the provider block.
func under(at, p path.Path) path.Path {
	out := at
	for _, s := range p.Steps() {
		if name, ok := s.(path.PathStepAttributeName); ok {
			out = out.AtName(string(name))
		}
	}
	return out
}
