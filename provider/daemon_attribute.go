package provider

import (
	"strings"

	aschema "github.com/hashicorp/terraform-plugin-framework/action/schema"
	dschema "github.com/hashicorp/terraform-plugin-framework/datasource/schema"
	rschema "github.com/hashicorp/terraform-plugin-framework/resource/schema"
	"github.com/hashicorp/terraform-plugin-framework/resource/schema/planmodifier"
	"github.com/hashicorp/terraform-plugin-framework/resource/schema/stringplanmodifier"
	"github.com/hashicorp/terraform-plugin-framework/schema/validator"
	"github.com/hashicorp/terraform-plugin-framework/types"
)

// The daemon attribute every data source, resource and action has.

const daemonDescription = "Which daemon: a key of the provider block's `daemons`. Unset: the daemon of the " +
	"provider block's own `address` (or `" + EnvAddress + "`). A name the provider block does not define is " +
	"refused at plan, before anything is sent."

func daemonDataSourceAttribute() dschema.StringAttribute {
	return dschema.StringAttribute{
		Optional:            true,
		MarkdownDescription: daemonDescription,
		Validators:          []validator.String{daemonNameValidator()},
	}
}

func daemonResourceAttribute() rschema.StringAttribute {
	return rschema.StringAttribute{
		Optional: true,
		MarkdownDescription: daemonDescription + " Part of the resource's identity: changing it replaces the " +
			"resource (the old daemon gets its value back, the new one is taken over).",
		Validators:    []validator.String{daemonNameValidator()},
		PlanModifiers: []planmodifier.String{stringplanmodifier.RequiresReplace()},
	}
}

func daemonActionAttribute() aschema.StringAttribute {
	return aschema.StringAttribute{
		Optional:            true,
		MarkdownDescription: daemonDescription,
		Validators:          []validator.String{daemonNameValidator()},
	}
}

// resourceID is the ID (and import ID) of a resource that is one per
// daemon: its kind ("verb", "client_allowlist") on the provider block's
// own daemon, "DAEMON/kind" on a named one.
func resourceID(daemon types.String, kind string) string {
	if daemon.ValueString() == defaultDaemon {
		return kind
	}
	return daemon.ValueString() + "/" + kind
}

// importDaemon reads an import ID made by resourceID: the daemon it
// names (null for the provider block's own), ok false when id is not
// of that form.
func importDaemon(id, kind string) (types.String, bool) {
	if id == kind {
		return types.StringNull(), true
	}
	name, rest, found := strings.Cut(id, "/")
	if !found || rest != kind || !daemonName.MatchString(name) {
		return types.StringNull(), false
	}
	return types.StringValue(name), true
}
