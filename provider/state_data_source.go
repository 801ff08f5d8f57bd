package provider

import (
	"context"
	"strconv"
	"time"

	"github.com/hashicorp/terraform-plugin-framework-validators/int64validator"
	"github.com/hashicorp/terraform-plugin-framework/datasource"
	"github.com/hashicorp/terraform-plugin-framework/datasource/schema"
	"github.com/hashicorp/terraform-plugin-framework/path"
	"github.com/hashicorp/terraform-plugin-framework/schema/validator"
	"github.com/hashicorp/terraform-plugin-framework/types"
	"github.com/hashicorp/terraform-plugin-go/tftypes"

	"github.com/vpnops/terraform-provider-openvpn/internal/management"
)

var (
	_ datasource.DataSource              = (*stateDataSource)(nil)
	_ datasource.DataSourceWithConfigure = (*stateDataSource)(nil)
)

// NewStateDataSource is the openvpn_state data source.
func NewStateDataSource() datasource.DataSource { return &stateDataSource{} }

type stateDataSource struct{ clientAccess }

// stateEntry is a state: the current one, whose attributes sit at the top
// level, and each element of transitions.
var stateEntry = newObject(
	textAttr("state", "The state name: `CONNECTED`, `WAIT`, `AUTH`, `GET_CONFIG`, `ASSIGN_IP`, `ADD_ROUTES`, `RECONNECTING`, `EXITING`, `RESOLVE`, `TCP_CONNECT`, `AUTH_PENDING`, `CONNECTING` or `INITIAL` (`?` when the daemon does not know it).",
		func(s management.State) string { return s.Name }),
	textOrNullAttr("description", "`SUCCESS` or `ERROR` for `CONNECTED`, the signal (e.g. `SIGHUP`, `ping-restart`) for `RECONNECTING`/`EXITING`; null when empty.",
		func(s management.State) string { return s.Description }),
	timeAttr("timestamp", "When the daemon entered the state, RFC 3339 (UTC).",
		func(s management.State) time.Time { return s.Time }),
	textOrNullAttr("local_address", "The tunnel's local IPv4 address (`10.8.0.1` on a server); null when none.",
		func(s management.State) string { return s.LocalIPv4 }),
	textOrNullAttr("remote_address", "The remote peer's address (client mode); null when none.",
		func(s management.State) string { return s.RemoteIP }),
	optionalIntAttr("remote_port", "The remote peer's port; null when none.",
		func(s management.State) (int64, bool) { return int64(s.RemotePort), s.RemotePort != 0 }),
	textOrNullAttr("local_ipv6", "The tunnel's local IPv6 address; null when none.",
		func(s management.State) string { return s.LocalIPv6 }),
)

func (d *stateDataSource) Metadata(_ context.Context, req datasource.MetadataRequest, resp *datasource.MetadataResponse) {
	resp.TypeName = req.ProviderTypeName + "_state"
}

func (d *stateDataSource) Configure(_ context.Context, req datasource.ConfigureRequest, resp *datasource.ConfigureResponse) {
	d.configure(req.ProviderData, &resp.Diagnostics)
}

func (d *stateDataSource) Schema(_ context.Context, _ datasource.SchemaRequest, resp *datasource.SchemaResponse) {
	attrs := stateEntry.dataSourceAttributes()
	attrs["daemon"] = daemonDataSourceAttribute()
	attrs["history"] = schema.Int64Attribute{
		Optional: true,
		MarkdownDescription: "How many past transitions to return in `transitions`, newest last (at most " + strconv.Itoa(management.StateHistorySize) + ", " +
			"the daemon's ring). Unset: none.",
		Validators: []validator.Int64{int64validator.Between(1, management.StateHistorySize)},
	}
	attrs["hold_waiting"] = schema.BoolAttribute{
		Computed: true,
		MarkdownDescription: "True when the daemon is waiting for a hold release (`--management-hold`, or " +
			"`hold on` and a restart); release it with the `openvpn_hold_release` action. Read from the daemon's " +
			"`>HOLD:` announcement, without a command; always false behind openvpn-auth-oauth2's pass-through, " +
			"which releases a held daemon itself.",
	}
	attrs["transitions"] = stateEntry.dataSourceList("The last `history` state transitions, oldest first.")
	resp.Schema = schema.Schema{
		MarkdownDescription: "The daemon's current state (from the `state` command), whether it waits for a hold " +
			"release, and optionally its recent transitions. Works in any mode.",
		Attributes: attrs,
	}
}

func (d *stateDataSource) Read(ctx context.Context, req datasource.ReadRequest, resp *datasource.ReadResponse) {
	var history types.Int64
	resp.Diagnostics.Append(req.Config.GetAttribute(ctx, path.Root("history"), &history)...)
	if resp.Diagnostics.HasError() {
		return
	}
	c := d.clientIn(ctx, req.Config, &resp.Diagnostics)
	if c == nil {
		return
	}
	cur, err := c.State(ctx)
	if err != nil {
		addClientError(&resp.Diagnostics, "Reading the state", err)
		return
	}
	// From the >HOLD: lines the daemon sends, not from the hold command,
	// which a proxy such as openvpn-auth-oauth2 answers itself.
	waiting, err := c.HoldWaiting(ctx)
	if err != nil {
		addClientError(&resp.Diagnostics, "Reading whether the daemon waits in hold", err)
		return
	}
	var transitions []management.State
	if !history.IsNull() {
		transitions, err = c.StateHistory(ctx, int(history.ValueInt64()))
		if err != nil {
			addClientError(&resp.Diagnostics, "Reading the state history", err)
			return
		}
	}
	computed := stateEntry.attributes(cur)
	computed["hold_waiting"] = tftypes.NewValue(tftypes.Bool, waiting)
	computed["transitions"] = stateEntry.list(transitions)
	setState(ctx, req.Config, &resp.State, computed, &resp.Diagnostics)
}
