package provider

import (
	"context"
	"fmt"
	"strings"
	"time"

	"github.com/hashicorp/terraform-plugin-framework-validators/int64validator"
	"github.com/hashicorp/terraform-plugin-framework-validators/setvalidator"
	"github.com/hashicorp/terraform-plugin-framework-validators/stringvalidator"
	"github.com/hashicorp/terraform-plugin-framework/diag"
	"github.com/hashicorp/terraform-plugin-framework/path"
	"github.com/hashicorp/terraform-plugin-framework/resource"
	"github.com/hashicorp/terraform-plugin-framework/resource/schema"
	"github.com/hashicorp/terraform-plugin-framework/resource/schema/stringdefault"
	"github.com/hashicorp/terraform-plugin-framework/schema/validator"
	"github.com/hashicorp/terraform-plugin-framework/tfsdk"
	"github.com/hashicorp/terraform-plugin-framework/types"
	"github.com/hashicorp/terraform-plugin-log/tflog"

	"github.com/vpnops/terraform-provider-openvpn/internal/management"
)

// allowlistID is the resource's fixed ID: the allow-list is about the
// whole daemon, like the settings.
const allowlistID = "client_allowlist"

var (
	_ resource.Resource                = (*allowlistResource)(nil)
	_ resource.ResourceWithConfigure   = (*allowlistResource)(nil)
	_ resource.ResourceWithModifyPlan  = (*allowlistResource)(nil)
	_ resource.ResourceWithImportState = (*allowlistResource)(nil)
)

// NewClientAllowlistResource is the openvpn_client_allowlist resource.
func NewClientAllowlistResource() resource.Resource { return &allowlistResource{} }

// allowlistResource reconciles who is connected with a declaration.
// Read lists the sessions that violate the declaration in state;
// ModifyPlan always plans none, so a violation is a change in the plan
// (and a declaration that changes is previewed against the live list);
// Create and Update end the sessions that violate the planned declaration
// when they run, by Client ID, and confirm that they left.
type allowlistResource struct{ clientAccess }

type allowlistModel struct {
	ID             types.String `tfsdk:"id"`
	Daemon         types.String `tfsdk:"daemon"`
	CommonNames    types.Set    `tfsdk:"common_names"`
	Usernames      types.Set    `tfsdk:"usernames"`
	MaxSessions    types.Int64  `tfsdk:"max_sessions_per_common_name"`
	KillMode       types.String `tfsdk:"kill_mode"`
	ConfirmTimeout types.String `tfsdk:"confirm_timeout"`
	Violations     types.List   `tfsdk:"violations"`
}

// violationObject is one element of violations.
var violationObject = newObject(
	intAttr("client_id", "The session's Client ID.",
		func(v violation) int64 { return int64(v.session.ClientID) }),
	textAttr("common_name", "Its certificate common name.",
		func(v violation) string { return v.session.CommonName }),
	optionalTextAttr("username", "Its username; null when it has none.",
		func(v violation) (string, bool) { return v.session.Username, v.session.HasUsername }),
	textAttr("real_address", "Its real address as the daemon prints it.",
		func(v violation) string { return v.session.RealAddress.Raw }),
	timeAttr("connected_since", "When it connected, RFC 3339 (UTC).",
		func(v violation) time.Time { return v.session.ConnectedSince }),
	textAttr("reason", "Why it violates the declaration.",
		func(v violation) string { return v.reason }),
)

func (r *allowlistResource) Metadata(_ context.Context, req resource.MetadataRequest, resp *resource.MetadataResponse) {
	resp.TypeName = req.ProviderTypeName + "_client_allowlist"
}

func (r *allowlistResource) Configure(_ context.Context, req resource.ConfigureRequest, resp *resource.ConfigureResponse) {
	r.configure(req.ProviderData, &resp.Diagnostics)
}

func (r *allowlistResource) Schema(_ context.Context, _ resource.SchemaRequest, resp *resource.SchemaResponse) {
	resp.Schema = schema.Schema{
		MarkdownDescription: "Who may be connected to an OpenVPN server, as an exclusive declaration: every " +
			"refresh lists the connected sessions that violate it in `violations`, the plan shows them going away " +
			"(so `terraform plan -detailed-exitcode` is an audit that exits 2 while one is connected), and apply " +
			"ends exactly those sessions by Client ID (`client-kill CID HALT|RESTART`), waits until the server no " +
			"longer lists them, and reports each one. Other sessions are never touched.\n\n" +
			"A session violates the declaration when its common name is not in `common_names`, when `usernames` " +
			"is set and its username is not in it (or it has none), or when its common name already has " +
			"`max_sessions_per_common_name` sessions: the **oldest** ones (by connection time, then Client ID) are " +
			"kept and the newer ones are ended. Names are compared in Unicode NFC, the form Terraform holds every " +
			"string in, so `Zoë` also allows a certificate whose name is written `Zoe` + U+0308 (NFD). A session " +
			"listed as `UNDEF` is judged once it has finished negotiating (a virtual address, or 60 s, OpenVPN's " +
			"default `--hand-window`): a certificate really named `UNDEF` is a violation.\n\n" +
			"Needs a daemon in server mode. Declare at most one per daemon. `terraform destroy` ends nothing: it " +
			"only stops enforcing.",
		Attributes: map[string]schema.Attribute{
			"id": schema.StringAttribute{
				Computed: true,
				MarkdownDescription: "`" + allowlistID + "` on the provider block's own daemon, `DAEMON/" + allowlistID +
					"` on a named one. Also the import ID.",
			},
			"daemon": daemonResourceAttribute(),
			"common_names": schema.SetAttribute{
				Required:    true,
				ElementType: types.StringType,
				MarkdownDescription: "The certificate common names that may be connected, exactly as the " +
					"`openvpn_clients` data source shows them, compared in Unicode NFC. An empty set allows nobody.",
				Validators: []validator.Set{setvalidator.ValueStringsAre(commonNameSelector)},
			},
			"usernames": schema.SetAttribute{
				Optional:    true,
				ElementType: types.StringType,
				MarkdownDescription: "For daemons with username authentication: the usernames that may be " +
					"connected, compared in Unicode NFC. When set, a session whose username is not in it, or that has " +
					"none, is a violation. " +
					"Unset: usernames are not checked.",
				Validators: []validator.Set{setvalidator.ValueStringsAre(usernameSelector)},
			},
			"max_sessions_per_common_name": schema.Int64Attribute{
				Optional: true,
				MarkdownDescription: "At most this many sessions per common name (servers with `duplicate-cn`). " +
					"The oldest are kept. Unset: no limit.",
				Validators: []validator.Int64{int64validator.AtLeast(1)},
			},
			"kill_mode": schema.StringAttribute{
				Optional: true,
				Computed: true,
				Default:  stringdefault.StaticString(management.KillHalt),
				MarkdownDescription: "What an ended client is told: `HALT` (default: it exits and does not " +
					"reconnect) or `RESTART` (it reconnects, and is ended again at the next apply).",
				Validators: []validator.String{stringvalidator.OneOf(management.KillHalt, management.KillRestart)},
			},
			"confirm_timeout": schema.StringAttribute{
				Optional: true,
				MarkdownDescription: "How long apply waits for the ended sessions to leave the server's list, " +
					"as a Go duration. Default `" + management.DefaultEndWait.String() + "`, at least `" +
					management.MinEndWait.String() + "` (OpenVPN keeps an ended session listed about 5 s), at most `1h`.",
				Validators: []validator.String{endWaitValidator{}},
			},
			"violations": violationObject.resourceList("The connected sessions that violate the declaration, by Client ID, as found " +
				"by the last refresh. Always planned empty: apply ends them."),
		},
	}
}

// declaration reads the allow-list from a model; ok is false while a
// part of it is unknown (only at plan time).
func (m allowlistModel) declaration(ctx context.Context, diags *diag.Diagnostics) (allowlist, bool) {
	var a allowlist
	if m.CommonNames.IsUnknown() || m.Usernames.IsUnknown() || m.MaxSessions.IsUnknown() {
		return a, false
	}
	a.commonNames = stringSet(ctx, m.CommonNames, diags)
	if !m.Usernames.IsNull() {
		a.usernames = stringSet(ctx, m.Usernames, diags)
	}
	a.maxPerName = int(m.MaxSessions.ValueInt64())
	return a, !diags.HasError()
}

func stringSet(ctx context.Context, s types.Set, diags *diag.Diagnostics) map[string]bool {
	var names []string
	diags.Append(s.ElementsAs(ctx, &names, false)...)
	out := make(map[string]bool, len(names))
	for _, n := range names {
		out[nameKey(n)] = true
	}
	return out
}

func violationList(ctx context.Context, vs []violation, diags *diag.Diagnostics) types.List {
	return violationObject.frameworkList(ctx, vs, diags)
}

// liveSessions reads the status of daemon's server and returns it with
// its client; nil after an error diagnostic.
func (r *allowlistResource) liveSessions(ctx context.Context, daemon types.String, what string, diags *diag.Diagnostics) (*management.Client, *management.Status) {
	c := r.clientFor(daemon, diags)
	if c == nil {
		return nil, nil
	}
	st, err := c.ServerStatus(ctx)
	if err != nil {
		addClientError(diags, what+" (status 3)", err)
		return nil, nil
	}
	return c, st
}

func (r *allowlistResource) Read(ctx context.Context, req resource.ReadRequest, resp *resource.ReadResponse) {
	var m allowlistModel
	resp.Diagnostics.Append(req.State.Get(ctx, &m)...)
	if resp.Diagnostics.HasError() {
		return
	}
	_, st := r.liveSessions(ctx, m.Daemon, "Listing the connected sessions", &resp.Diagnostics)
	if resp.Diagnostics.HasError() {
		return
	}
	var vs []violation
	// Just imported: nothing is declared yet, so nothing can violate it.
	if !m.CommonNames.IsNull() {
		a, _ := m.declaration(ctx, &resp.Diagnostics)
		vs = a.violations(st.Clients, st.UpdatedAt)
	}
	m.ID = types.StringValue(resourceID(m.Daemon, allowlistID))
	m.Violations = violationList(ctx, vs, &resp.Diagnostics)
	resp.Diagnostics.Append(resp.State.Set(ctx, &m)...)
}

// ModifyPlan plans no violations, so that found ones show as a change
// that apply carries out. When the declaration itself changes (or is
// created), the refreshed violations were judged by the old one, so the
// sessions the new one would end are listed in a warning.
func (r *allowlistResource) ModifyPlan(ctx context.Context, req resource.ModifyPlanRequest, resp *resource.ModifyPlanResponse) {
	if req.Plan.Raw.IsNull() {
		return // destroy: nothing is ended
	}
	if r.planDaemon(ctx, "openvpn_client_allowlist", allowlistID, req, resp); resp.Diagnostics.HasError() {
		return
	}
	var plan, state allowlistModel
	resp.Diagnostics.Append(req.Plan.Get(ctx, &plan)...)
	if resp.Diagnostics.HasError() {
		return
	}
	id := types.StringUnknown()
	if !plan.Daemon.IsUnknown() {
		id = types.StringValue(resourceID(plan.Daemon, allowlistID))
	}
	resp.Diagnostics.Append(resp.Plan.SetAttribute(ctx, path.Root("id"), id)...)
	resp.Diagnostics.Append(resp.Plan.SetAttribute(ctx, path.Root("violations"), violationList(ctx, nil, &resp.Diagnostics))...)
	if !req.State.Raw.IsNull() {
		resp.Diagnostics.Append(req.State.Get(ctx, &state)...)
	}
	if resp.Diagnostics.HasError() || !r.configured() {
		return
	}
	unchanged := !req.State.Raw.IsNull() && plan.CommonNames.Equal(state.CommonNames) &&
		plan.Usernames.Equal(state.Usernames) && plan.MaxSessions.Equal(state.MaxSessions)
	a, known := plan.declaration(ctx, &resp.Diagnostics)
	if unchanged || !known || plan.Daemon.IsUnknown() {
		return
	}
	_, st := r.liveSessions(ctx, plan.Daemon, "Listing the connected sessions to preview the allow-list", &resp.Diagnostics)
	if resp.Diagnostics.HasError() {
		return
	}
	if vs := a.violations(st.Clients, st.UpdatedAt); len(vs) > 0 {
		resp.Diagnostics.AddWarning(fmt.Sprintf("Apply will end %d OpenVPN session(s)", len(vs)),
			fmt.Sprintf("These connected sessions violate the declared allow-list, and apply ends them with %s:\n%s",
				plan.KillMode.ValueString(), violationLines(vs, nil)))
	}
}

// violationLines lists violations one per line; note adds a suffix per session.
func violationLines(vs []violation, note func(management.Session) string) string {
	lines := make([]string, 0, len(vs))
	for _, v := range vs {
		line := "- " + sessionLabel(v.session) + ": " + v.reason
		if note != nil {
			line += note(v.session)
		}
		lines = append(lines, line)
	}
	return strings.Join(lines, "\n")
}

func (r *allowlistResource) Create(ctx context.Context, req resource.CreateRequest, resp *resource.CreateResponse) {
	r.enforce(ctx, req.Plan, &resp.State, &resp.Diagnostics)
}

func (r *allowlistResource) Update(ctx context.Context, req resource.UpdateRequest, resp *resource.UpdateResponse) {
	r.enforce(ctx, req.Plan, &resp.State, &resp.Diagnostics)
}

// enforce ends the sessions that violate the planned declaration now (a
// fresh read: the list may have changed since the plan) and records the
// ones that could not be confirmed gone.
func (r *allowlistResource) enforce(ctx context.Context, plan tfsdk.Plan, st *tfsdk.State, diags *diag.Diagnostics) {
	var m allowlistModel
	diags.Append(plan.Get(ctx, &m)...)
	if diags.HasError() {
		return
	}
	a, _ := m.declaration(ctx, diags)
	c, live := r.liveSessions(management.Fresh(ctx), m.Daemon, "Listing the connected sessions", diags)
	if diags.HasError() {
		return
	}
	listed := live.Clients
	m.ID = types.StringValue(resourceID(m.Daemon, allowlistID))
	vs := a.violations(listed, live.UpdatedAt)
	if len(vs) == 0 {
		tflog.Info(ctx, "openvpn_client_allowlist: no connected session violates the allow-list")
		m.Violations = violationList(ctx, nil, diags)
		diags.Append(st.Set(ctx, &m)...)
		return
	}
	mode := m.KillMode.ValueString()
	wait := management.DefaultEndWait
	if !m.ConfirmTimeout.IsNull() {
		wait, _ = parseTimeout(m.ConfirmTimeout.ValueString()) // checked by the validator
	}
	progress := endProgress{message: mode, send: func(msg string) { tflog.Info(ctx, "openvpn_client_allowlist: "+msg) }}
	rep, err := c.EndSessions(ctx, listed, sessionsOf(vs), management.EndOptions{Message: mode, Wait: wait, Progress: progress.event})
	reportEnded(diags, vs, rep, mode)
	if err != nil {
		addClientError(diags, fmt.Sprintf("Ending %d session(s) that violate the allow-list", len(vs)), err)
	} else {
		addEndDiagnostics(diags, rep, mode, wait)
	}
	// After an error Terraform keeps what is returned here, so it says
	// which violations remain; otherwise they are all gone, as planned.
	m.Violations = violationList(ctx, remaining(vs, rep), diags)
	diags.Append(st.Set(ctx, &m)...)
}

// reportEnded lists, in one warning, every session apply ended.
func reportEnded(diags *diag.Diagnostics, vs []violation, rep *management.EndReport, mode string) {
	left := map[uint64]bool{}
	for _, s := range rep.Left {
		left[s.ClientID] = true
	}
	gone := map[uint64]bool{}
	for _, s := range rep.AlreadyGone {
		gone[s.ClientID] = true
	}
	var done []violation
	for _, v := range vs {
		if left[v.session.ClientID] || gone[v.session.ClientID] {
			done = append(done, v)
		}
	}
	if len(done) == 0 {
		return
	}
	diags.AddWarning(fmt.Sprintf("openvpn_client_allowlist ended %d OpenVPN session(s)", len(done)),
		fmt.Sprintf("Sent %s to each session that violated the allow-list and confirmed it left the server's list:\n%s",
			mode, violationLines(done, func(s management.Session) string {
				if gone[s.ClientID] {
					return " (it had already disconnected)"
				}
				return ""
			})))
}

// remaining are the violations not confirmed gone.
func remaining(vs []violation, rep *management.EndReport) []violation {
	done := map[uint64]bool{}
	for _, s := range append(append([]management.Session(nil), rep.Left...), rep.AlreadyGone...) {
		done[s.ClientID] = true
	}
	var out []violation
	for _, v := range vs {
		if !done[v.session.ClientID] {
			out = append(out, v)
		}
	}
	return out
}

// Delete ends nothing: removing the declaration only stops enforcing it.
func (r *allowlistResource) Delete(ctx context.Context, _ resource.DeleteRequest, _ *resource.DeleteResponse) {
	tflog.Info(ctx, "openvpn_client_allowlist destroyed: no session is ended, the allow-list is no longer enforced")
}

// ImportState accepts the fixed ID (the provider block's own daemon) or
// DAEMON/client_allowlist (a named one); the declaration comes from the
// configuration at the next plan.
func (r *allowlistResource) ImportState(ctx context.Context, req resource.ImportStateRequest, resp *resource.ImportStateResponse) {
	daemon, ok := importDaemon(req.ID, allowlistID)
	if !ok {
		resp.Diagnostics.AddError("Invalid import ID",
			fmt.Sprintf("openvpn_client_allowlist is one per daemon; import it with the ID %q, got %q: %q for the provider "+
				"block's own daemon, \"DAEMON/%s\" for a key of daemons.", allowlistID, req.ID, allowlistID, allowlistID))
		return
	}
	resp.Diagnostics.Append(resp.State.SetAttribute(ctx, path.Root("id"), types.StringValue(resourceID(daemon, allowlistID)))...)
	resp.Diagnostics.Append(resp.State.SetAttribute(ctx, path.Root("daemon"), daemon)...)
}
