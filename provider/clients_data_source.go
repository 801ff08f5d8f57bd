package provider

import (
	"context"
	"sort"
	"time"

	"github.com/hashicorp/terraform-plugin-framework/datasource"
	"github.com/hashicorp/terraform-plugin-framework/datasource/schema"
	"github.com/hashicorp/terraform-plugin-framework/schema/validator"
	"github.com/hashicorp/terraform-plugin-framework/types"
	"github.com/hashicorp/terraform-plugin-go/tftypes"

	"github.com/vpnops/terraform-provider-openvpn/internal/management"
)

var (
	_ datasource.DataSource              = (*clientsDataSource)(nil)
	_ datasource.DataSourceWithConfigure = (*clientsDataSource)(nil)
)

// NewClientsDataSource is the openvpn_clients data source.
func NewClientsDataSource() datasource.DataSource { return &clientsDataSource{} }

type clientsDataSource struct{ clientAccess }

// clientsConfig is the arguments: the optional filters.
type clientsConfig struct {
	Daemon      types.String `tfsdk:"daemon"`
	CommonName  types.String `tfsdk:"common_name"`
	Username    types.String `tfsdk:"username"`
	RealAddress types.String `tfsdk:"real_address"`
	UpdatedAt   types.String `tfsdk:"updated_at"`
	Clients     types.List   `tfsdk:"clients"`
}

// clientSession is one element of clients (and of parse_status's clients).
var clientSession = newObject(
	optionalIntAttr("client_id", "The daemon's Client ID: the only unique key of a session, and what `openvpn_client_kill` uses. Null on releases before 2.4, which print none.",
		func(s management.Session) (int64, bool) { return int64(s.ClientID), s.HasClientID }),
	optionalIntAttr("peer_id", "The data-channel peer ID (4294967295 when the session has no TLS context); null on releases before 2.4.",
		func(s management.Session) (int64, bool) { return int64(s.PeerID), s.HasPeerID }),
	textAttr("common_name", "The certificate common name; may contain spaces, commas and `#`. Terraform shows it "+
		"in Unicode NFC, like every string, whatever form the certificate holds.",
		func(s management.Session) string { return s.CommonName }),
	optionalTextAttr("username", "The authenticated username; null when the session has none (the daemon's `UNDEF`).",
		func(s management.Session) (string, bool) { return s.Username, s.HasUsername }),
	textAttr("real_address", "The peer's address as the daemon prints it, e.g. `127.0.0.1:40288`.",
		func(s management.Session) string { return s.RealAddress.Raw }),
	textOrNullAttr("virtual_address", "The VPN IPv4 address pushed to the client; null when none is assigned.",
		func(s management.Session) string { return s.VirtualAddress }),
	textOrNullAttr("virtual_ipv6_address", "The VPN IPv6 address; null when none is assigned.",
		func(s management.Session) string { return s.VirtualIPv6Address }),
	intAttr("bytes_received", "Bytes received from the client.",
		func(s management.Session) int64 { return int64(s.BytesReceived) }),
	intAttr("bytes_sent", "Bytes sent to the client.",
		func(s management.Session) int64 { return int64(s.BytesSent) }),
	timeAttr("connected_since", "When the session connected, RFC 3339 (UTC); null on releases before 2.2, which print no `time_t` column.",
		func(s management.Session) time.Time { return s.ConnectedSince }),
	textOrNullAttr("data_channel_cipher", "The negotiated data-channel cipher, e.g. `AES-256-GCM`; null before OpenVPN 2.5.",
		func(s management.Session) string { return s.DataChannelCipher }),
)

func (d *clientsDataSource) Metadata(_ context.Context, req datasource.MetadataRequest, resp *datasource.MetadataResponse) {
	resp.TypeName = req.ProviderTypeName + "_clients"
}

func (d *clientsDataSource) Configure(_ context.Context, req datasource.ConfigureRequest, resp *datasource.ConfigureResponse) {
	d.configure(req.ProviderData, &resp.Diagnostics)
}

func (d *clientsDataSource) Schema(_ context.Context, _ datasource.SchemaRequest, resp *datasource.SchemaResponse) {
	resp.Schema = schema.Schema{
		MarkdownDescription: "The sessions connected to an OpenVPN server, from `status 3`. One entry per session: " +
			"several sessions can share a common name (`duplicate-cn`), so `client_id` is the key. " +
			"Needs a daemon in server mode.",
		Attributes: map[string]schema.Attribute{
			"daemon": daemonDataSourceAttribute(),
			"common_name": schema.StringAttribute{
				Optional: true,
				MarkdownDescription: "Only sessions whose certificate common name is exactly this, compared in " +
					"Unicode NFC (`Zoë` also finds a certificate written `Zoe` + U+0308).",
				Validators: []validator.String{commonNameSelector},
			},
			"username": schema.StringAttribute{
				Optional:            true,
				MarkdownDescription: "Only sessions that authenticated with exactly this username, compared in Unicode NFC.",
				Validators:          []validator.String{usernameSelector},
			},
			"real_address": schema.StringAttribute{
				Optional: true,
				MarkdownDescription: "Only sessions whose real address, as the daemon prints it (`127.0.0.1:40288`; " +
					"IPv6 peers without a port; OpenVPN 2.7 with a protocol prefix such as `udp4:`), is exactly this, " +
					"or whose IP is exactly this.",
				Validators: []validator.String{realAddressSelector},
			},
			"updated_at": schema.StringAttribute{
				Computed:            true,
				MarkdownDescription: "When the daemon produced the status (its `TIME` row), RFC 3339.",
			},
			"clients": clientSession.dataSourceList("The matching sessions, sorted by `client_id`."),
		},
	}
}

func (d *clientsDataSource) Read(ctx context.Context, req datasource.ReadRequest, resp *datasource.ReadResponse) {
	var cfg clientsConfig
	resp.Diagnostics.Append(req.Config.Get(ctx, &cfg)...)
	if resp.Diagnostics.HasError() {
		return
	}
	c := d.clientFor(cfg.Daemon, &resp.Diagnostics)
	if c == nil {
		return
	}
	st, err := c.ServerStatus(ctx)
	if err != nil {
		addClientError(&resp.Diagnostics, "Reading the client list (status 3)", err)
		return
	}
	sessions := clientSessions(st.Clients, sessionFilter{
		commonName:  cfg.CommonName,
		username:    cfg.Username,
		realAddress: cfg.RealAddress,
	})
	setState(ctx, req.Config, &resp.State, map[string]tftypes.Value{
		"updated_at": tfTime(st.UpdatedAt),
		"clients":    clientSession.list(sessions),
	}, &resp.Diagnostics)
}

// sessionFilter holds the optional filters; a null filter matches all.
// Names are compared in NFC (names.go).
type sessionFilter struct {
	commonName, username, realAddress types.String
}

func (f sessionFilter) match(s management.Session) bool {
	if v := f.commonName; !v.IsNull() && !sameName(v.ValueString(), s.CommonName) {
		return false
	}
	if v := f.username; !v.IsNull() && (!s.HasUsername || !sameName(v.ValueString(), s.Username)) {
		return false
	}
	if v := f.realAddress; !v.IsNull() && v.ValueString() != s.RealAddress.Raw && v.ValueString() != s.RealAddress.IP {
		return false
	}
	return true
}

// clientSessions are the daemon's sessions that match, sorted by Client ID.
func clientSessions(sessions []management.Session, f sessionFilter) []management.Session {
	out := make([]management.Session, 0, len(sessions))
	for _, s := range sessions {
		if f.match(s) {
			out = append(out, s)
		}
	}
	// Stable: sessions without a Client ID (status files of old releases,
	// version 1) keep the daemon's order.
	sort.SliceStable(out, func(i, j int) bool { return out[i].ClientID < out[j].ClientID })
	return out
}
