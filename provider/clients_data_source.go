package provider

import (
	"context"
	"sort"

	"github.com/hashicorp/terraform-plugin-framework/attr"
	"github.com/hashicorp/terraform-plugin-framework/datasource"
	"github.com/hashicorp/terraform-plugin-framework/datasource/schema"
	"github.com/hashicorp/terraform-plugin-framework/schema/validator"
	"github.com/hashicorp/terraform-plugin-framework/types"

	"github.com/vpnops/terraform-provider-openvpn/internal/management"
)

var (
	_ datasource.DataSource              = (*clientsDataSource)(nil)
	_ datasource.DataSourceWithConfigure = (*clientsDataSource)(nil)
)

// NewClientsDataSource is the openvpn_clients data source.
func NewClientsDataSource() datasource.DataSource { return &clientsDataSource{} }

type clientsDataSource struct{ clientAccess }

type clientsModel struct {
	CommonName  types.String `tfsdk:"common_name"`
	Username    types.String `tfsdk:"username"`
	RealAddress types.String `tfsdk:"real_address"`
	UpdatedAt   types.String `tfsdk:"updated_at"`
	Clients     types.List   `tfsdk:"clients"`
}

type clientSession struct {
	ClientID           types.Int64  `tfsdk:"client_id"`
	PeerID             types.Int64  `tfsdk:"peer_id"`
	CommonName         types.String `tfsdk:"common_name"`
	Username           types.String `tfsdk:"username"`
	RealAddress        types.String `tfsdk:"real_address"`
	VirtualAddress     types.String `tfsdk:"virtual_address"`
	VirtualIPv6Address types.String `tfsdk:"virtual_ipv6_address"`
	BytesReceived      types.Int64  `tfsdk:"bytes_received"`
	BytesSent          types.Int64  `tfsdk:"bytes_sent"`
	ConnectedSince     types.String `tfsdk:"connected_since"`
	DataChannelCipher  types.String `tfsdk:"data_channel_cipher"`
}

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
			"common_name": schema.StringAttribute{
				Optional:            true,
				MarkdownDescription: "Only sessions whose certificate common name is exactly this.",
				Validators:          []validator.String{commonNameSelector},
			},
			"username": schema.StringAttribute{
				Optional:            true,
				MarkdownDescription: "Only sessions that authenticated with exactly this username.",
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
			"clients": schema.ListNestedAttribute{
				Computed:            true,
				MarkdownDescription: "The matching sessions, sorted by `client_id`.",
				NestedObject: schema.NestedAttributeObject{
					Attributes: map[string]schema.Attribute{
						"client_id":            schema.Int64Attribute{Computed: true, MarkdownDescription: "The daemon's Client ID: the only unique key of a session, and what `openvpn_client_kill` uses. Null on releases before 2.4, which print none."},
						"peer_id":              schema.Int64Attribute{Computed: true, MarkdownDescription: "The data-channel peer ID (4294967295 when the session has no TLS context); null on releases before 2.4."},
						"common_name":          schema.StringAttribute{Computed: true, MarkdownDescription: "The certificate common name; may contain spaces, commas and `#`."},
						"username":             schema.StringAttribute{Computed: true, MarkdownDescription: "The authenticated username; null when the session has none (the daemon's `UNDEF`)."},
						"real_address":         schema.StringAttribute{Computed: true, MarkdownDescription: "The peer's address as the daemon prints it, e.g. `127.0.0.1:40288`."},
						"virtual_address":      schema.StringAttribute{Computed: true, MarkdownDescription: "The VPN IPv4 address pushed to the client; null when none is assigned."},
						"virtual_ipv6_address": schema.StringAttribute{Computed: true, MarkdownDescription: "The VPN IPv6 address; null when none is assigned."},
						"bytes_received":       schema.Int64Attribute{Computed: true, MarkdownDescription: "Bytes received from the client."},
						"bytes_sent":           schema.Int64Attribute{Computed: true, MarkdownDescription: "Bytes sent to the client."},
						"connected_since":      schema.StringAttribute{Computed: true, MarkdownDescription: "When the session connected, RFC 3339 (UTC); null on releases before 2.2, which print no `time_t` column."},
						"data_channel_cipher":  schema.StringAttribute{Computed: true, MarkdownDescription: "The negotiated data-channel cipher, e.g. `AES-256-GCM`; null before OpenVPN 2.5."},
					},
				},
			},
		},
	}
}

func (d *clientsDataSource) Read(ctx context.Context, req datasource.ReadRequest, resp *datasource.ReadResponse) {
	var m clientsModel
	resp.Diagnostics.Append(req.Config.Get(ctx, &m)...)
	if resp.Diagnostics.HasError() {
		return
	}
	c := d.client(&resp.Diagnostics)
	if c == nil {
		return
	}
	st, err := c.Status(ctx)
	if err != nil {
		addClientError(&resp.Diagnostics, "Reading the client list (status 3)", err)
		return
	}
	if st.Mode != management.ModeServer {
		wrongModeError(&resp.Diagnostics, "openvpn_clients", st.Mode)
		return
	}
	m.UpdatedAt = rfc3339(st.UpdatedAt)
	sessions := clientSessions(st.Clients, sessionFilter{
		commonName:  m.CommonName,
		username:    m.Username,
		realAddress: m.RealAddress,
	})
	m.Clients = objectList(clientSessionTypes, sessions, clientSession.attrs, &resp.Diagnostics)
	resp.Diagnostics.Append(resp.State.Set(ctx, &m)...)
}

// sessionFilter holds the optional filters; a null filter matches all.
type sessionFilter struct {
	commonName, username, realAddress types.String
}

func (f sessionFilter) match(s management.Session) bool {
	if v := f.commonName; !v.IsNull() && v.ValueString() != s.CommonName {
		return false
	}
	if v := f.username; !v.IsNull() && (!s.HasUsername || v.ValueString() != s.Username) {
		return false
	}
	if v := f.realAddress; !v.IsNull() && v.ValueString() != s.RealAddress.Raw && v.ValueString() != s.RealAddress.IP {
		return false
	}
	return true
}

// clientSessions converts the daemon's sessions, filtered, sorted by Client ID.
func clientSessions(sessions []management.Session, f sessionFilter) []clientSession {
	out := make([]clientSession, 0, len(sessions))
	for _, s := range sessions {
		if !f.match(s) {
			continue
		}
		out = append(out, clientSessionFrom(s))
	}
	// Stable: sessions without a Client ID (status files of old releases,
	// version 1) keep the daemon's order.
	sort.SliceStable(out, func(i, j int) bool { return out[i].ClientID.ValueInt64() < out[j].ClientID.ValueInt64() })
	return out
}

// clientSessionTypes are the attribute types of one element of clients.
var clientSessionTypes = map[string]attr.Type{
	"client_id": types.Int64Type, "peer_id": types.Int64Type, "common_name": types.StringType,
	"username": types.StringType, "real_address": types.StringType, "virtual_address": types.StringType,
	"virtual_ipv6_address": types.StringType, "bytes_received": types.Int64Type, "bytes_sent": types.Int64Type,
	"connected_since": types.StringType, "data_channel_cipher": types.StringType,
}

func (cs clientSession) attrs() map[string]attr.Value {
	return map[string]attr.Value{
		"client_id": cs.ClientID, "peer_id": cs.PeerID, "common_name": cs.CommonName,
		"username": cs.Username, "real_address": cs.RealAddress, "virtual_address": cs.VirtualAddress,
		"virtual_ipv6_address": cs.VirtualIPv6Address, "bytes_received": cs.BytesReceived, "bytes_sent": cs.BytesSent,
		"connected_since": cs.ConnectedSince, "data_channel_cipher": cs.DataChannelCipher,
	}
}

func clientSessionFrom(s management.Session) clientSession {
	cs := clientSession{
		ClientID:           types.Int64Null(),
		PeerID:             types.Int64Null(),
		CommonName:         types.StringValue(s.CommonName),
		Username:           types.StringNull(),
		RealAddress:        types.StringValue(s.RealAddress.Raw),
		VirtualAddress:     stringOrNull(s.VirtualAddress),
		VirtualIPv6Address: stringOrNull(s.VirtualIPv6Address),
		BytesReceived:      types.Int64Value(int64(s.BytesReceived)),
		BytesSent:          types.Int64Value(int64(s.BytesSent)),
		ConnectedSince:     rfc3339(s.ConnectedSince),
		DataChannelCipher:  stringOrNull(s.DataChannelCipher),
	}
	if s.HasClientID {
		cs.ClientID = types.Int64Value(int64(s.ClientID))
	}
	if s.HasPeerID {
		cs.PeerID = types.Int64Value(int64(s.PeerID))
	}
	if s.HasUsername {
		cs.Username = types.StringValue(s.Username)
	}
	return cs
}
