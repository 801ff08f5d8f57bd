package provider

import (
	"fmt"
	"strings"

	"github.com/hashicorp/terraform-plugin-framework/diag"
	"github.com/hashicorp/terraform-plugin-framework/path"
)

// The diagnostics of a fleet: which daemon an object names, and the
// provider block's daemons themselves.

// knownDaemons lists the named daemons for a message.
func knownDaemons(names []string) string {
	if len(names) == 0 {
		return "The provider block names no daemons (its daemons attribute is empty or unset)."
	}
	quoted := make([]string, len(names))
	for i, n := range names {
		quoted[i] = fmt.Sprintf("%q", n)
	}
	return "The provider block's daemons are " + strings.Join(quoted, ", ") + "."
}

// unknownDaemon refuses a daemon name that is not a key of daemons; own
// says whether the block has a daemon of its own to fall back on.
func unknownDaemon(diags *diag.Diagnostics, name string, names []string, own bool) {
	unset := ""
	if own {
		unset = ", or leave daemon unset for the provider block's own address"
	}
	diags.AddAttributeError(path.Root("daemon"), "Unknown OpenVPN daemon",
		fmt.Sprintf("daemon = %q is not a key of the provider block's daemons, so nothing was sent to any daemon. %s "+
			"Use one of them or add %q to daemons%s. "+
			"If the daemon was removed from daemons while Terraform still holds a resource on it, put it back "+
			"until the resource is destroyed, or forget the resource with terraform state rm.",
			name, knownDaemons(names), name, unset))
}

// noDefaultDaemon refuses an object without daemon when the provider
// block has no address of its own.
func noDefaultDaemon(diags *diag.Diagnostics, names []string) {
	if len(names) == 0 {
		diags.AddAttributeError(path.Root("daemon"), "No default OpenVPN daemon",
			"The provider block has no address (nor "+EnvAddress+") and names no daemons, so nothing was sent to "+
				"any daemon. Set the provider's address (tcp://127.0.0.1:7505 or unix:///run/openvpn/server.sock) "+
				"or "+EnvAddress+". (Only provider functions such as parse_status work without one.)")
		return
	}
	diags.AddAttributeError(path.Root("daemon"), "No default OpenVPN daemon",
		"This object sets no daemon, and the provider block has no address of its own (nor "+EnvAddress+"), "+
			"so nothing was sent to any daemon. "+knownDaemons(names)+" Set daemon to one of them, or give the "+
			"provider block an address.")
}

// unknownDaemonValue refuses a daemon still unknown when it must be used
// (Terraform resolves it before apply; this is a bug if it happens).
func unknownDaemonValue(diags *diag.Diagnostics) {
	diags.AddAttributeError(path.Root("daemon"), "Unknown OpenVPN daemon",
		"The daemon this object names is not known yet, so nothing was sent to any daemon. Set daemon from a "+
			"value known at plan (a key of for_each, a variable).")
}

// daemonWithoutAddress refuses a named daemon that has no address: the
// environment variables serve only the provider block's own daemon.
func daemonWithoutAddress(diags *diag.Diagnostics, at path.Path, name string) {
	diags.AddAttributeError(at, "Invalid OpenVPN provider configuration",
		fmt.Sprintf("daemons[%q] has no address. Each named daemon needs its own (tcp://127.0.0.1:7505, "+
			"unix:///run/openvpn/server.sock, ...): %s and the other OPENVPN_MANAGEMENT_* variables serve only "+
			"the provider block's own daemon.", name, EnvAddress))
}

// unknownConfiguration refuses a provider setting known only after apply,
// when Terraform cannot defer the objects that need it.
func unknownConfiguration(diags *diag.Diagnostics, at path.Path) {
	diags.AddAttributeError(at, "Unknown OpenVPN provider configuration",
		"The provider's "+at.String()+" depends on a value not known until apply. The provider connects "+
			"during plan, so set it from a variable, a file or the environment; or create what it depends on "+
			"first (terraform apply -target=...), then plan the rest.")
}

// settingHeldTwice refuses a second resource holding one setting of one
// daemon: the two would set it in turn at every apply.
func settingHeldTwice(diags *diag.Diagnostics, typeName, daemon string) {
	which := fmt.Sprintf("daemon %q", daemon)
	if daemon == defaultDaemon {
		which = "the provider block's own daemon"
	}
	diags.AddAttributeError(path.Root("daemon"), "OpenVPN setting held by two resources",
		fmt.Sprintf("Another %s in this configuration already holds this setting of %s. A daemon's setting can "+
			"be held by one resource only: two would set it in turn at every apply, and each destroy would "+
			"restore a value the other one set. Keep one %s per daemon (with for_each, daemon = each.key).",
			typeName, which, typeName))
}

// sameDaemonTwice refuses a second name for a management interface that
// another daemon of the block reaches already: the two would queue for the
// daemon's one management slot and could hold one setting twice.
// ownFromEnv: the block's own address is OPENVPN_MANAGEMENT_ADDRESS's.
func sameDaemonTwice(diags *diag.Diagnostics, at path.Path, name, first, where string, ownFromEnv bool) {
	other := fmt.Sprintf("daemons[%q]", first)
	switch {
	case first == defaultDaemon && ownFromEnv:
		other = "the provider block's own address, which comes from " + EnvAddress + " (unset it to use daemons alone)"
	case first == defaultDaemon:
		other = "the provider block's own address"
	}
	diags.AddAttributeError(at, "Invalid OpenVPN provider configuration",
		fmt.Sprintf("daemons[%q] reaches the same management interface (%s) as %s. One daemon under two names "+
			"would wait for itself (OpenVPN serves one management client at a time) and could have one setting "+
			"held by two resources, each undoing the other at every apply. Keep one name for it: remove %q from "+
			"daemons, or give it the address of the daemon it was meant for.", name, where, other, name))
}
