package provider

import (
	"context"
	"strconv"

	"github.com/hashicorp/terraform-plugin-framework-validators/int64validator"
	"github.com/hashicorp/terraform-plugin-framework/datasource"
	"github.com/hashicorp/terraform-plugin-framework/datasource/schema"
	"github.com/hashicorp/terraform-plugin-framework/schema/validator"
	"github.com/hashicorp/terraform-plugin-framework/types"

	"github.com/vpnops/terraform-provider-openvpn/internal/management"
)

var (
	_ datasource.DataSource              = (*stateDataSource)(nil)
	_ datasource.DataSourceWithConfigure = (*stateDataSource)(nil)
)

// NewStateDataSource is the openvpn_state data source.
func NewStateDataSource() datasource.DataSource { return &stateDataSource{} }

type stateDataSource struct{ clientAccess }

// stateModel is the current state (the embedded entry, whose attributes
// sit at the top level) plus what only the data source has.
type stateModel struct {
	stateEntry
	History     types.Int64  `tfsdk:"history"`
	HoldWaiting types.Bool   `tfsdk:"hold_waiting"`
	Transitions []stateEntry `tfsdk:"transitions"`
}

type stateEntry struct {
	State         types.String `tfsdk:"state"`
	Description   types.String `tfsdk:"description"`
	Timestamp     types.String `tfsdk:"timestamp"`
	LocalAddress  types.String `tfsdk:"local_address"`
	RemoteAddress types.String `tfsdk:"remote_address"`
	RemotePort    types.Int64  `tfsdk:"remote_port"`
	LocalIPv6     types.String `tfsdk:"local_ipv6"`
}

func (d *stateDataSource) Metadata(_ context.Context, req datasource.MetadataRequest, resp *datasource.MetadataResponse) {
	resp.TypeName = req.ProviderTypeName + "_state"
}

func (d *stateDataSource) Configure(_ context.Context, req datasource.ConfigureRequest, resp *datasource.ConfigureResponse) {
	d.configure(req.ProviderData, &resp.Diagnostics)
}

func stateAttributes() map[string]schema.Attribute {
	return map[string]schema.Attribute{
		"state":          schema.StringAttribute{Computed: true, MarkdownDescription: "The state name: `CONNECTED`, `WAIT`, `AUTH`, `GET_CONFIG`, `ASSIGN_IP`, `ADD_ROUTES`, `RECONNECTING`, `EXITING`, `RESOLVE`, `TCP_CONNECT`, `AUTH_PENDING`, `CONNECTING` or `INITIAL` (`?` when the daemon does not know it)."},
		"description":    schema.StringAttribute{Computed: true, MarkdownDescription: "`SUCCESS` or `ERROR` for `CONNECTED`, the signal (e.g. `SIGHUP`, `ping-restart`) for `RECONNECTING`/`EXITING`; null when empty."},
		"timestamp":      schema.StringAttribute{Computed: true, MarkdownDescription: "When the daemon entered the state, RFC 3339 (UTC)."},
		"local_address":  schema.StringAttribute{Computed: true, MarkdownDescription: "The tunnel's local IPv4 address (`10.8.0.1` on a server); null when none."},
		"remote_address": schema.StringAttribute{Computed: true, MarkdownDescription: "The remote peer's address (client mode); null when none."},
		"remote_port":    schema.Int64Attribute{Computed: true, MarkdownDescription: "The remote peer's port; null when none."},
		"local_ipv6":     schema.StringAttribute{Computed: true, MarkdownDescription: "The tunnel's local IPv6 address; null when none."},
	}
}

func (d *stateDataSource) Schema(_ context.Context, _ datasource.SchemaRequest, resp *datasource.SchemaResponse) {
	attrs := stateAttributes()
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
	attrs["transitions"] = schema.ListNestedAttribute{
		Computed:            true,
		MarkdownDescription: "The last `history` state transitions, oldest first.",
		NestedObject:        schema.NestedAttributeObject{Attributes: stateAttributes()},
	}
	resp.Schema = schema.Schema{
		MarkdownDescription: "The daemon's current state (from the `state` command), whether it waits for a hold " +
			"release, and optionally its recent transitions. Works in any mode.",
		Attributes: attrs,
	}
}

func (d *stateDataSource) Read(ctx context.Context, req datasource.ReadRequest, resp *datasource.ReadResponse) {
	var m stateModel
	resp.Diagnostics.Append(req.Config.Get(ctx, &m)...)
	if resp.Diagnostics.HasError() {
		return
	}
	c := d.client(&resp.Diagnostics)
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
	m.stateEntry = stateEntryFrom(cur)
	m.HoldWaiting = types.BoolValue(waiting)
	m.Transitions = []stateEntry{}
	if !m.History.IsNull() {
		hist, err := c.StateHistory(ctx, int(m.History.ValueInt64()))
		if err != nil {
			addClientError(&resp.Diagnostics, "Reading the state history", err)
			return
		}
		for _, s := range hist {
			m.Transitions = append(m.Transitions, stateEntryFrom(s))
		}
	}
	resp.Diagnostics.Append(resp.State.Set(ctx, &m)...)
}

func stateEntryFrom(s management.State) stateEntry {
	e := stateEntry{
		State:         types.StringValue(s.Name),
		Description:   stringOrNull(s.Description),
		Timestamp:     rfc3339(s.Time),
		LocalAddress:  stringOrNull(s.LocalIPv4),
		RemoteAddress: stringOrNull(s.RemoteIP),
		RemotePort:    types.Int64Null(),
		LocalIPv6:     stringOrNull(s.LocalIPv6),
	}
	if s.RemotePort != 0 {
		e.RemotePort = types.Int64Value(int64(s.RemotePort))
	}
	return e
}
