package provider

import (
	"context"
	"fmt"
	"time"

	"github.com/hashicorp/terraform-plugin-framework-validators/stringvalidator"
	"github.com/hashicorp/terraform-plugin-framework/action"
	"github.com/hashicorp/terraform-plugin-framework/action/schema"
	"github.com/hashicorp/terraform-plugin-framework/path"
	"github.com/hashicorp/terraform-plugin-framework/schema/validator"
	"github.com/hashicorp/terraform-plugin-framework/types"

	"github.com/vpnops/terraform-provider-openvpn/internal/management"
)

var (
	_ action.Action               = (*holdReleaseAction)(nil)
	_ action.ActionWithConfigure  = (*holdReleaseAction)(nil)
	_ action.ActionWithModifyPlan = (*holdReleaseAction)(nil)
)

// Defaults of the hold-release wait; action schemas have no Default, so
// they live here and in the description.
const (
	defaultHoldWaitTimeout = 30 * time.Second
)

// NewHoldReleaseAction is the openvpn_hold_release action.
func NewHoldReleaseAction() action.Action { return &holdReleaseAction{} }

type holdReleaseAction struct{ clientAccess }

type holdReleaseModel struct {
	Daemon        types.String `tfsdk:"daemon"`
	WaitConnected types.Bool   `tfsdk:"wait_connected"`
	WaitTimeout   types.String `tfsdk:"wait_timeout"`
}

func (a *holdReleaseAction) Metadata(_ context.Context, req action.MetadataRequest, resp *action.MetadataResponse) {
	resp.TypeName = req.ProviderTypeName + "_hold_release"
}

func (a *holdReleaseAction) Configure(_ context.Context, req action.ConfigureRequest, resp *action.ConfigureResponse) {
	a.configure(req.ProviderData, &resp.Diagnostics)
}

// ModifyPlan refuses, at plan, a daemon the provider block does not define.
func (a *holdReleaseAction) ModifyPlan(ctx context.Context, req action.ModifyPlanRequest, resp *action.ModifyPlanResponse) {
	a.checkDaemonIn(ctx, req.Config, &resp.Diagnostics)
}

func (a *holdReleaseAction) Schema(_ context.Context, _ action.SchemaRequest, resp *action.SchemaResponse) {
	resp.Schema = schema.Schema{
		MarkdownDescription: "Releases a daemon waiting in hold (`hold release`): one started with " +
			"`--management-hold`, or restarted while the hold flag is set. Optionally waits until its state is " +
			"`CONNECTED`. Not available behind a proxy that answers `hold` itself, such as openvpn-auth-oauth2's " +
			"pass-through socket (it releases a held daemon itself): the action then fails at once.\n\n" +
			"Needs Terraform CLI 1.14 or later.",
		Attributes: map[string]schema.Attribute{
			"daemon": daemonActionAttribute(),
			"wait_connected": schema.BoolAttribute{
				Optional:            true,
				MarkdownDescription: "Wait until the daemon's state is `CONNECTED`. Default false.",
			},
			"wait_timeout": schema.StringAttribute{
				Optional:            true,
				MarkdownDescription: "How long to wait for `CONNECTED`, as a Go duration. Default `30s`, at most `1h`.",
				// A timeout without wait_connected would be silently ignored.
				Validators: []validator.String{durationValidator{}, stringvalidator.AlsoRequires(path.MatchRoot("wait_connected"))},
			},
		},
	}
}

func (a *holdReleaseAction) Invoke(ctx context.Context, req action.InvokeRequest, resp *action.InvokeResponse) {
	var m holdReleaseModel
	resp.Diagnostics.Append(req.Config.Get(ctx, &m)...)
	if resp.Diagnostics.HasError() {
		return
	}
	c := a.clientFor(m.Daemon, &resp.Diagnostics)
	if c == nil {
		return
	}
	hold, err := c.Hold(management.Fresh(ctx))
	if err != nil {
		addClientError(&resp.Diagnostics, "Reading the hold state", err)
		return
	}
	if !hold.Waiting {
		resp.SendProgress(action.InvokeProgressEvent{Message: "the daemon is not waiting in hold; releasing anyway"})
	}
	if err := c.HoldRelease(ctx); err != nil {
		addClientError(&resp.Diagnostics, "Releasing the hold", err)
		return
	}
	resp.SendProgress(action.InvokeProgressEvent{Message: "hold released"})
	if !m.WaitConnected.ValueBool() {
		return
	}
	timeout := defaultHoldWaitTimeout
	if !m.WaitTimeout.IsNull() {
		timeout, _ = parseTimeout(m.WaitTimeout.ValueString()) // checked by the validator
	}
	st, outcome, err := c.WaitConnected(ctx, timeout)
	if outcome == management.WaitReachedConnected {
		resp.SendProgress(action.InvokeProgressEvent{Message: "the daemon is " + management.StateConnected})
		return
	}
	resp.Diagnostics.AddError("OpenVPN daemon did not reach "+management.StateConnected, notConnectedDetail(st, outcome, err, timeout))
}

// notConnectedDetail words a wait for CONNECTED that ended otherwise.
func notConnectedDetail(last management.State, outcome management.WaitOutcome, err error, timeout time.Duration) string {
	seen := last.Name
	if seen == "" {
		seen = "none read"
	}
	var why string
	switch outcome {
	case management.WaitDaemonExiting:
		why = fmt.Sprintf("the daemon is exiting (%s)", last.Description)
	case management.WaitTimedOut:
		why = "the wait timed out"
		if err != nil {
			why += fmt.Sprintf(" (the last state read failed: %v)", err)
		}
	case management.WaitFailed:
		why = fmt.Sprint(err)
	}
	return fmt.Sprintf("After the hold release the daemon did not reach %s within %s (last state: %s): %s. "+
		"Check its log (the openvpn_log data source) or raise wait_timeout.", management.StateConnected, timeout, seen, why)
}
