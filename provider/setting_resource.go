package provider

import (
	"context"
	"errors"
	"fmt"

	"github.com/hashicorp/terraform-plugin-framework/attr"
	"github.com/hashicorp/terraform-plugin-framework/diag"
	"github.com/hashicorp/terraform-plugin-framework/path"
	"github.com/hashicorp/terraform-plugin-framework/resource"
	"github.com/hashicorp/terraform-plugin-framework/resource/schema"
	"github.com/hashicorp/terraform-plugin-framework/resource/schema/planmodifier"
	"github.com/hashicorp/terraform-plugin-framework/resource/schema/stringplanmodifier"
	"github.com/hashicorp/terraform-plugin-framework/tfsdk"
	"github.com/hashicorp/terraform-plugin-framework/types"

	"github.com/vpnops/terraform-provider-openvpn/internal/management"
)

// settingSpec describes one runtime setting of the daemon (verb, mute,
// auth-retry, hold). The four resources share one implementation: they
// differ only in the attribute, its type and the client calls.
//
// Semantics, the same for all four (the "restore on destroy" pattern of
// aws_ebs_encryption_by_default): Create records the value in effect and
// sets the declared one; Read asks the daemon every time, so a SIGHUP that
// resets verb or mute to the config file's value shows as drift; Update
// sets; Delete puts the recorded value back.
type settingSpec[V comparable, T attr.Value] struct {
	name        string // type name suffix and import ID, e.g. "verb"
	command     string // the management command, for messages
	attr        string // the declared attribute, e.g. "level"
	description string // the resource's Markdown description
	valueSchema schema.Attribute
	prevSchema  schema.Attribute
	get         func(context.Context, *management.Client) (V, error)
	set         func(context.Context, *management.Client, V) error
	toTF        func(V) T
	fromTF      func(T) V
}

func (s settingSpec[V, T]) prevAttr() string { return "previous_" + s.attr }

type settingResource[V comparable, T attr.Value] struct {
	clientAccess
	spec settingSpec[V, T]
}

var (
	_ resource.Resource                = (*settingResource[int, types.Int64])(nil)
	_ resource.ResourceWithConfigure   = (*settingResource[int, types.Int64])(nil)
	_ resource.ResourceWithImportState = (*settingResource[int, types.Int64])(nil)
	_ resource.ResourceWithModifyPlan  = (*settingResource[int, types.Int64])(nil)
)

func (r *settingResource[V, T]) Metadata(_ context.Context, req resource.MetadataRequest, resp *resource.MetadataResponse) {
	resp.TypeName = req.ProviderTypeName + "_" + r.spec.name
}

func (r *settingResource[V, T]) Configure(_ context.Context, req resource.ConfigureRequest, resp *resource.ConfigureResponse) {
	r.configure(req.ProviderData, &resp.Diagnostics)
}

func (r *settingResource[V, T]) Schema(_ context.Context, _ resource.SchemaRequest, resp *resource.SchemaResponse) {
	resp.Schema = schema.Schema{
		MarkdownDescription: r.spec.description + "\n\n" +
			"Terraform holds the setting at the declared value: every refresh asks the daemon, so a change made " +
			"behind Terraform's back (another management client; for some settings a `SIGHUP`, see below) shows in `plan` " +
			"and `apply` sets it again. `terraform destroy` puts back the value found when the resource was " +
			"created (`" + r.spec.prevAttr() + "`).\n\n" +
			"The setting exists once per daemon: declare **at most one** `openvpn_" + r.spec.name + "` per daemon. " +
			"Two in one provider block holding the same daemon's setting are refused at plan; the provider cannot " +
			"see two provider blocks pointing at the same daemon (each is its own process).",
		Attributes: map[string]schema.Attribute{
			"id": schema.StringAttribute{
				Computed: true,
				MarkdownDescription: "`" + r.spec.name + "` on the provider block's own daemon, `DAEMON/" + r.spec.name + "` on a " +
					"named one: the setting is a singleton of the daemon. Also the import ID.",
				PlanModifiers: []planmodifier.String{stringplanmodifier.UseStateForUnknown()},
			},
			"daemon":          daemonResourceAttribute(),
			r.spec.attr:       r.spec.valueSchema,
			r.spec.prevAttr(): r.spec.prevSchema,
		},
	}
}

// ModifyPlan refuses an unknown daemon, and a second resource holding
// this setting of the same daemon, at plan.
func (r *settingResource[V, T]) ModifyPlan(ctx context.Context, req resource.ModifyPlanRequest, resp *resource.ModifyPlanResponse) {
	r.planDaemon(ctx, "openvpn_"+r.spec.name, r.spec.name, req, resp)
}

func (r *settingResource[V, T]) Create(ctx context.Context, req resource.CreateRequest, resp *resource.CreateResponse) {
	c, daemon, want, ok := r.declared(ctx, req.Plan, &resp.Diagnostics)
	if !ok {
		return
	}
	prev, err := r.spec.get(ctx, c)
	if err != nil {
		addClientError(&resp.Diagnostics, "Reading "+r.spec.command+" before setting it", err)
		return
	}
	// The state is written before the set: a set whose reply is lost may
	// have taken effect, and Terraform keeps a failed create's state (as
	// tainted), so the value found here survives for destroy to restore,
	// instead of the next create finding Terraform's own value.
	r.saveState(ctx, &resp.State, daemon, want, prev, &resp.Diagnostics)
	if resp.Diagnostics.HasError() {
		return
	}
	if err := r.spec.set(ctx, c, want); err != nil {
		addClientError(&resp.Diagnostics, fmt.Sprintf("Setting %s", r.spec.command), err)
	}
}

func (r *settingResource[V, T]) Read(ctx context.Context, req resource.ReadRequest, resp *resource.ReadResponse) {
	daemon, ok := daemonIn(ctx, req.State, &resp.Diagnostics)
	if !ok {
		return
	}
	c := r.clientFor(daemon, &resp.Diagnostics)
	if c == nil {
		return
	}
	cur, err := r.spec.get(ctx, c)
	if err != nil {
		addClientError(&resp.Diagnostics, "Reading "+r.spec.command, err)
		return
	}
	var prev T
	resp.Diagnostics.Append(req.State.GetAttribute(ctx, path.Root(r.spec.prevAttr()), &prev)...)
	if resp.Diagnostics.HasError() {
		return
	}
	// An import has no previous value yet: adopt the current one, so a
	// later destroy leaves the daemon as it was found.
	p := cur
	if !prev.IsNull() && !prev.IsUnknown() {
		p = r.spec.fromTF(prev)
	}
	r.saveState(ctx, &resp.State, daemon, cur, p, &resp.Diagnostics)
}

func (r *settingResource[V, T]) Update(ctx context.Context, req resource.UpdateRequest, resp *resource.UpdateResponse) {
	c, daemon, want, ok := r.declared(ctx, req.Plan, &resp.Diagnostics)
	if !ok {
		return
	}
	var prev T
	resp.Diagnostics.Append(req.State.GetAttribute(ctx, path.Root(r.spec.prevAttr()), &prev)...)
	if resp.Diagnostics.HasError() {
		return
	}
	if err := r.spec.set(ctx, c, want); err != nil {
		addClientError(&resp.Diagnostics, fmt.Sprintf("Setting %s", r.spec.command), err)
		return
	}
	r.saveState(ctx, &resp.State, daemon, want, r.spec.fromTF(prev), &resp.Diagnostics)
}

func (r *settingResource[V, T]) Delete(ctx context.Context, req resource.DeleteRequest, resp *resource.DeleteResponse) {
	c := r.clientIn(ctx, req.State, &resp.Diagnostics)
	if c == nil {
		return
	}
	var prev T
	resp.Diagnostics.Append(req.State.GetAttribute(ctx, path.Root(r.spec.prevAttr()), &prev)...)
	if resp.Diagnostics.HasError() || prev.IsNull() {
		return
	}
	err := r.spec.set(ctx, c, r.spec.fromTF(prev))
	switch {
	case errors.Is(err, management.ErrRefused):
		// A daemon that is not running has no runtime setting to restore:
		// its next start reads the config file.
		resp.Diagnostics.AddWarning("OpenVPN daemon not running: nothing to restore",
			fmt.Sprintf("The daemon does not answer at its management address, so %s was not restored. It will start with its config file's value. (%v)", r.spec.command, err))
	case err != nil:
		addClientError(&resp.Diagnostics, fmt.Sprintf("Restoring %s to the value found at create", r.spec.command), err)
		resp.Diagnostics.AddError("The resource stays in state",
			fmt.Sprintf("openvpn_%s could not be restored, so it was kept in state. Fix the cause and destroy again, or stop managing it with: terraform state rm <address>", r.spec.name))
	}
}

// ImportState accepts the setting's name as ID (the provider block's own
// daemon) or DAEMON/name (a named one); Read then adopts the daemon's
// current value.
func (r *settingResource[V, T]) ImportState(ctx context.Context, req resource.ImportStateRequest, resp *resource.ImportStateResponse) {
	daemon, ok := importDaemon(req.ID, r.spec.name)
	if !ok {
		resp.Diagnostics.AddError("Invalid import ID",
			fmt.Sprintf("openvpn_%s is a singleton of a daemon; import it with the ID %q, got %q: %q for the provider "+
				"block's own daemon, \"DAEMON/%s\" for a key of daemons.", r.spec.name, r.spec.name, req.ID, r.spec.name, r.spec.name))
		return
	}
	resp.Diagnostics.Append(resp.State.SetAttribute(ctx, path.Root("id"), types.StringValue(resourceID(daemon, r.spec.name)))...)
	resp.Diagnostics.Append(resp.State.SetAttribute(ctx, path.Root("daemon"), daemon)...)
}

// declared returns the planned daemon, its client and the planned value;
// ok is false when diagnostics were added.
func (r *settingResource[V, T]) declared(ctx context.Context, plan tfsdk.Plan, diags *diag.Diagnostics) (*management.Client, types.String, V, bool) {
	var zero V
	daemon, ok := daemonIn(ctx, plan, diags)
	if !ok {
		return nil, daemon, zero, false
	}
	c := r.clientFor(daemon, diags)
	if c == nil {
		return nil, daemon, zero, false
	}
	var v T
	diags.Append(plan.GetAttribute(ctx, path.Root(r.spec.attr), &v)...)
	if diags.HasError() {
		return nil, daemon, zero, false
	}
	return c, daemon, r.spec.fromTF(v), true
}

// saveState records the setting in Terraform's state (the daemon is not
// touched): the value in effect and the one destroy restores.
func (r *settingResource[V, T]) saveState(ctx context.Context, st *tfsdk.State, daemon types.String, cur, prev V, diags *diag.Diagnostics) {
	diags.Append(st.SetAttribute(ctx, path.Root("id"), types.StringValue(resourceID(daemon, r.spec.name)))...)
	diags.Append(st.SetAttribute(ctx, path.Root("daemon"), daemon)...)
	diags.Append(st.SetAttribute(ctx, path.Root(r.spec.attr), r.spec.toTF(cur))...)
	diags.Append(st.SetAttribute(ctx, path.Root(r.spec.prevAttr()), r.spec.toTF(prev))...)
}
