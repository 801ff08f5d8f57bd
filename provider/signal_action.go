package provider

import (
	"context"

	"github.com/hashicorp/terraform-plugin-framework-validators/stringvalidator"
	"github.com/hashicorp/terraform-plugin-framework/action"
	"github.com/hashicorp/terraform-plugin-framework/action/schema"
	"github.com/hashicorp/terraform-plugin-framework/schema/validator"
	"github.com/hashicorp/terraform-plugin-framework/types"

	"github.com/vpnops/terraform-provider-openvpn/internal/management"
)

var (
	_ action.Action               = (*signalAction)(nil)
	_ action.ActionWithConfigure  = (*signalAction)(nil)
	_ action.ActionWithModifyPlan = (*signalAction)(nil)
)

// signalActionSignals are the signals the action sends. SIGINT is left
// out: it does what SIGTERM does, and one way to stop is enough.
var signalActionSignals = []string{management.SignalHUP, management.SignalUSR1, management.SignalUSR2, management.SignalTERM}

// NewSignalAction is the openvpn_signal action.
func NewSignalAction() action.Action { return &signalAction{} }

type signalAction struct{ clientAccess }

type signalModel struct {
	Daemon types.String `tfsdk:"daemon"`
	Signal types.String `tfsdk:"signal"`
}

func (a *signalAction) Metadata(_ context.Context, req action.MetadataRequest, resp *action.MetadataResponse) {
	resp.TypeName = req.ProviderTypeName + "_signal"
}

func (a *signalAction) Configure(_ context.Context, req action.ConfigureRequest, resp *action.ConfigureResponse) {
	a.configure(req.ProviderData, &resp.Diagnostics)
}

// ModifyPlan refuses, at plan, a daemon the provider block does not define.
func (a *signalAction) ModifyPlan(ctx context.Context, req action.ModifyPlanRequest, resp *action.ModifyPlanResponse) {
	a.checkDaemonIn(ctx, req.Config, &resp.Diagnostics)
}

func (a *signalAction) Schema(_ context.Context, _ action.SchemaRequest, resp *action.SchemaResponse) {
	resp.Schema = schema.Schema{
		MarkdownDescription: "Sends a signal to the daemon through the management interface (`signal`). " +
			"`SIGHUP` restarts it and rereads its config file (settings such as verb and mute go back to the " +
			"file's values), `SIGUSR1` restarts without rereading, `SIGUSR2` writes statistics to its log, " +
			"`SIGTERM` stops it. A daemon waiting in hold ignores `SIGHUP` and `SIGUSR1`.\n\n" +
			"Needs Terraform CLI 1.14 or later.",
		Attributes: map[string]schema.Attribute{
			"daemon": daemonActionAttribute(),
			"signal": schema.StringAttribute{
				Required:            true,
				MarkdownDescription: "One of `SIGHUP`, `SIGUSR1`, `SIGUSR2`, `SIGTERM`.",
				Validators:          []validator.String{stringvalidator.OneOf(signalActionSignals...)},
			},
		},
	}
}

func (a *signalAction) Invoke(ctx context.Context, req action.InvokeRequest, resp *action.InvokeResponse) {
	var m signalModel
	resp.Diagnostics.Append(req.Config.Get(ctx, &m)...)
	if resp.Diagnostics.HasError() {
		return
	}
	c := a.clientFor(m.Daemon, &resp.Diagnostics)
	if c == nil {
		return
	}
	sig := m.Signal.ValueString()
	if err := c.Signal(ctx, sig); err != nil {
		addClientError(&resp.Diagnostics, "Sending "+sig, err)
		return
	}
	resp.SendProgress(action.InvokeProgressEvent{Message: "sent " + sig + " to the daemon"})
}
