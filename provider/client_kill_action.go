package provider

import (
	"context"
	"fmt"
	"strings"

	"github.com/hashicorp/terraform-plugin-framework-validators/actionvalidator"
	"github.com/hashicorp/terraform-plugin-framework-validators/int64validator"
	"github.com/hashicorp/terraform-plugin-framework-validators/stringvalidator"
	"github.com/hashicorp/terraform-plugin-framework/action"
	"github.com/hashicorp/terraform-plugin-framework/action/schema"
	"github.com/hashicorp/terraform-plugin-framework/path"
	"github.com/hashicorp/terraform-plugin-framework/schema/validator"
	"github.com/hashicorp/terraform-plugin-framework/types"

	"github.com/vpnops/terraform-provider-openvpn/internal/management"
)

var (
	_ action.Action                     = (*clientKillAction)(nil)
	_ action.ActionWithConfigure        = (*clientKillAction)(nil)
	_ action.ActionWithConfigValidators = (*clientKillAction)(nil)
	_ action.ActionWithModifyPlan       = (*clientKillAction)(nil)
)

// NewClientKillAction is the openvpn_client_kill action.
func NewClientKillAction() action.Action { return &clientKillAction{} }

type clientKillAction struct{ clientAccess }

type clientKillModel struct {
	Daemon         types.String `tfsdk:"daemon"`
	ClientID       types.Int64  `tfsdk:"client_id"`
	CommonName     types.String `tfsdk:"common_name"`
	RealAddress    types.String `tfsdk:"real_address"`
	Username       types.String `tfsdk:"username"`
	Message        types.String `tfsdk:"message"`
	AllowNoMatch   types.Bool   `tfsdk:"allow_no_match"`
	ConfirmTimeout types.String `tfsdk:"confirm_timeout"`
}

func (a *clientKillAction) Metadata(_ context.Context, req action.MetadataRequest, resp *action.MetadataResponse) {
	resp.TypeName = req.ProviderTypeName + "_client_kill"
}

func (a *clientKillAction) Configure(_ context.Context, req action.ConfigureRequest, resp *action.ConfigureResponse) {
	a.configure(req.ProviderData, &resp.Diagnostics)
}

// ModifyPlan refuses, at plan, a daemon the provider block does not define.
func (a *clientKillAction) ModifyPlan(ctx context.Context, req action.ModifyPlanRequest, resp *action.ModifyPlanResponse) {
	a.checkDaemonIn(ctx, req.Config, &resp.Diagnostics)
}

func (a *clientKillAction) Schema(_ context.Context, _ action.SchemaRequest, resp *action.SchemaResponse) {
	resp.Schema = schema.Schema{
		MarkdownDescription: "Disconnects the sessions that match exactly one selector. The selector is resolved " +
			"through `status 3` to Client IDs, and each session is ended with `client-kill CID MESSAGE`, so common " +
			"names with spaces or `:`, IPv6 peers and OpenVPN 2.7's address form all work. Fails when nothing " +
			"matches, unless `allow_no_match` is true.\n\n" +
			"The kill is confirmed: the action waits (`confirm_timeout`) until every ended session has left the " +
			"server's list (OpenVPN keeps it listed about 5 s after `client-kill`), with progress messages, and " +
			"fails if one is still listed. When a client with the same common name connects again meanwhile (with " +
			"`RESTART`, or a client restarted by a service manager) a warning says so, e.g. \"alice reconnected as " +
			"Client ID 7 after 3 s\": revoke the certificate to keep it out. A selector that can never match (a " +
			"control character in a name, a space in an address) is refused before anything is sent, also when it " +
			"comes from a variable or another object's result.\n\n" +
			"Needs Terraform CLI 1.14 or later and a server-mode daemon.",
		Attributes: map[string]schema.Attribute{
			"daemon": daemonActionAttribute(),
			"client_id": schema.Int64Attribute{
				Optional:            true,
				MarkdownDescription: "The session's Client ID (see `openvpn_clients`).",
				Validators:          []validator.Int64{int64validator.Between(0, management.MaxClientID)},
			},
			"common_name": schema.StringAttribute{
				Optional: true,
				MarkdownDescription: "Every session whose certificate common name is exactly this, compared in " +
					"Unicode NFC (`Zoë` also selects a certificate written `Zoe` + U+0308). `UNDEF` is refused: OpenVPN " +
					"lists every session still negotiating so; end a certificate really named `UNDEF` by `client_id`.",
				Validators: []validator.String{commonNameSelector},
			},
			"real_address": schema.StringAttribute{
				Optional:            true,
				MarkdownDescription: "Every session whose real address as the daemon prints it (`127.0.0.1:40288`), or whose IP, is exactly this.",
				Validators:          []validator.String{realAddressSelector},
			},
			"username": schema.StringAttribute{
				Optional:            true,
				MarkdownDescription: "Every session that authenticated with exactly this username, compared in Unicode NFC.",
				Validators:          []validator.String{usernameSelector},
			},
			"message": schema.StringAttribute{
				Optional: true,
				MarkdownDescription: "What the client is told: `RESTART` (default, as OpenVPN: it reconnects) or `HALT` " +
					"(it exits and does not reconnect).",
				Validators: []validator.String{stringvalidator.OneOf(management.KillRestart, management.KillHalt)},
			},
			"allow_no_match": schema.BoolAttribute{
				Optional:            true,
				MarkdownDescription: "Succeed when no session matches. Default false: no match is an error.",
			},
			"confirm_timeout": schema.StringAttribute{
				Optional: true,
				MarkdownDescription: "How long to wait for the ended sessions to leave the server's list, as a Go duration. " +
					"Default `" + management.DefaultEndWait.String() + "`, at least `" + management.MinEndWait.String() + "` " +
					"(OpenVPN keeps an ended session listed about 5 s), at most `1h`.",
				Validators: []validator.String{endWaitValidator{}},
			},
		},
	}
}

func (a *clientKillAction) ConfigValidators(context.Context) []action.ConfigValidator {
	return []action.ConfigValidator{actionvalidator.ExactlyOneOf(
		path.MatchRoot("client_id"), path.MatchRoot("common_name"), path.MatchRoot("real_address"), path.MatchRoot("username"),
	)}
}

func (a *clientKillAction) Invoke(ctx context.Context, req action.InvokeRequest, resp *action.InvokeResponse) {
	var m clientKillModel
	resp.Diagnostics.Append(req.Config.Get(ctx, &m)...)
	if resp.Diagnostics.HasError() {
		return
	}
	c := a.clientFor(m.Daemon, &resp.Diagnostics)
	if c == nil {
		return
	}
	message := management.KillRestart
	if !m.Message.IsNull() {
		message = m.Message.ValueString()
	}
	// Always a fresh status: the sessions to end must be the ones that
	// exist now, not ones read earlier in the run.
	st, err := c.ServerStatus(management.Fresh(ctx))
	if err != nil {
		addClientError(&resp.Diagnostics, "Listing sessions (status 3) to resolve the selector", err)
		return
	}
	targets := m.matching(st.Clients)
	selector := m.describe()
	if len(targets) == 0 {
		if m.AllowNoMatch.ValueBool() {
			resp.SendProgress(action.InvokeProgressEvent{Message: "no session matches " + selector + "; nothing to do"})
			return
		}
		resp.Diagnostics.AddError("No OpenVPN session matches",
			fmt.Sprintf("No connected session matches %s (%d sessions connected). Check the selector against "+
				"the openvpn_clients data source, or set allow_no_match = true.", selector, len(st.Clients)))
		return
	}
	resp.SendProgress(action.InvokeProgressEvent{Message: fmt.Sprintf("%d session(s) match %s; sending %s", len(targets), selector, message)})
	wait := management.DefaultEndWait
	if !m.ConfirmTimeout.IsNull() {
		wait, _ = parseTimeout(m.ConfirmTimeout.ValueString()) // checked by the validator
	}
	progress := endProgress{message: message, send: func(msg string) { resp.SendProgress(action.InvokeProgressEvent{Message: msg}) }}
	r, err := c.EndSessions(ctx, st.Clients, targets, management.EndOptions{Message: message, Wait: wait, Progress: progress.event})
	if err != nil {
		addClientError(&resp.Diagnostics, fmt.Sprintf("Ending %d session(s) (%d ended before the error)", len(targets), len(r.Killed)), err)
		return
	}
	addEndDiagnostics(&resp.Diagnostics, r, message, wait)
	if resp.Diagnostics.HasError() {
		return
	}
	resp.SendProgress(action.InvokeProgressEvent{Message: fmt.Sprintf("ended %d session(s) with %s; confirmed gone after %s",
		len(r.Left)+len(r.AlreadyGone), message, seconds(r.Waited))})
}

// matching resolves the selector to the sessions it names.
func (m clientKillModel) matching(sessions []management.Session) []management.Session {
	f := sessionFilter{commonName: m.CommonName, username: m.Username, realAddress: m.RealAddress}
	var out []management.Session
	for _, s := range sessions {
		if !m.ClientID.IsNull() && (!s.HasClientID || int64(s.ClientID) != m.ClientID.ValueInt64()) {
			continue
		}
		if f.match(s) {
			out = append(out, s)
		}
	}
	return out
}

func (m clientKillModel) describe() string {
	var parts []string
	if !m.ClientID.IsNull() {
		parts = append(parts, fmt.Sprintf("client_id = %d", m.ClientID.ValueInt64()))
	}
	for name, v := range map[string]types.String{"common_name": m.CommonName, "real_address": m.RealAddress, "username": m.Username} {
		if !v.IsNull() {
			parts = append(parts, fmt.Sprintf("%s = %q", name, v.ValueString()))
		}
	}
	return strings.Join(parts, ", ")
}
