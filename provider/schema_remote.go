package provider

import (
	"github.com/hashicorp/terraform-plugin-framework-validators/int64validator"
	"github.com/hashicorp/terraform-plugin-framework-validators/stringvalidator"
	"github.com/hashicorp/terraform-plugin-framework/provider/schema"
	"github.com/hashicorp/terraform-plugin-framework/schema/validator"
	"github.com/hashicorp/terraform-plugin-framework/types"
)

// Environment variables a user of ssh expects to be honoured.
const (
	EnvSSHAuthSock = "SSH_AUTH_SOCK"
	EnvHome        = "HOME"
	EnvUser        = "USER"
)

// hopModel is what the SSH host and the bastion share; the names follow
// Terraform's own provisioner connection block where the two overlap.
type hopModel struct {
	Host                 types.String `tfsdk:"host"`
	Port                 types.Int64  `tfsdk:"port"`
	User                 types.String `tfsdk:"user"`
	PrivateKey           types.String `tfsdk:"private_key"`
	PrivateKeyPassphrase types.String `tfsdk:"private_key_passphrase"`
	HostKey              types.String `tfsdk:"host_key"`
}

// sshModel is the provider's ssh block.
type sshModel struct {
	hopModel
	KnownHostsFile types.String `tfsdk:"known_hosts_file"`
	Bastion        *hopModel    `tfsdk:"bastion"`
}

type tlsModel struct {
	CACertificate     types.String `tfsdk:"ca_certificate"`
	ServerName        types.String `tfsdk:"server_name"`
	ClientCertificate types.String `tfsdk:"client_certificate"`
	ClientKey         types.String `tfsdk:"client_key"`
}

// hopAttributes are what the SSH host and the bastion share.
func hopAttributes(who string) map[string]schema.Attribute {
	return map[string]schema.Attribute{
		"host": schema.StringAttribute{
			Required:            true,
			MarkdownDescription: "The " + who + "'s name or address.",
			Validators:          []validator.String{stringvalidator.LengthAtLeast(1)},
		},
		"port": schema.Int64Attribute{
			Optional:            true,
			MarkdownDescription: "The port sshd listens on at the " + who + ". Defaults to `22`.",
			Validators:          []validator.Int64{int64validator.Between(1, 65535)},
		},
		"private_key": privateKeyAttribute("The private key to log in with (OpenSSH or PEM form), typically " +
			"`file(\"~/.ssh/id_ed25519\")`. Without it the provider uses the SSH agent at `" + EnvSSHAuthSock + "`. " +
			"Never logged or stored in state."),
		"private_key_passphrase": schema.StringAttribute{
			Optional:            true,
			Sensitive:           true,
			MarkdownDescription: "The passphrase of an encrypted `private_key`. Never logged or stored in state.",
		},
		"host_key": schema.StringAttribute{
			Optional: true,
			MarkdownDescription: "The " + who + "'s public host key, as in its `/etc/ssh/ssh_host_ed25519_key.pub` " +
				"(`ssh-ed25519 AAAA…`), or a CA that signs its host certificate (`@cert-authority * ssh-ed25519 AAAA…`). " +
				"Without it the host must be in `known_hosts_file`. The host key is always verified.",
			Validators: []validator.String{hostKeyValidator{}},
		},
	}
}

func sshSchema() schema.SingleNestedAttribute {
	attrs := hopAttributes("SSH host")
	attrs["user"] = schema.StringAttribute{
		Optional:            true,
		MarkdownDescription: "Who logs in. Defaults to the local user (`" + EnvUser + "`), as `ssh` does.",
	}
	attrs["known_hosts_file"] = schema.StringAttribute{
		Optional: true,
		MarkdownDescription: "The known_hosts file that holds the host keys of the SSH host and bastion when `host_key` " +
			"is not set. Defaults to `~/.ssh/known_hosts`. Add a host with `ssh-keyscan -p PORT HOST >> ~/.ssh/known_hosts` " +
			"after checking its fingerprint. Read as OpenSSH reads it: `@cert-authority` lines trust the host certificates " +
			"a CA signs, `@revoked` lines refuse a key or CA, patterns such as `*` and `[10.0.0.1]:*` match on any port, " +
			"hashed names work, and a line that cannot be read is skipped.",
	}
	bastion := hopAttributes("bastion")
	bastion["user"] = schema.StringAttribute{
		Optional:            true,
		MarkdownDescription: "Who logs in to the bastion. Defaults to the SSH host's `user`.",
	}
	bastion["private_key"] = privateKeyAttribute("The private key for the bastion. Defaults to the SSH host's `private_key` " +
		"(else the agent at `" + EnvSSHAuthSock + "`). Never logged or stored in state.")
	attrs["bastion"] = schema.SingleNestedAttribute{
		Optional: true,
		MarkdownDescription: "A jump host in front of the SSH host (like `ssh -J`): the provider logs in to the bastion, " +
			"forwards to the SSH host's port, and logs in there. Its host key is verified like the SSH host's.",
		Attributes: bastion,
	}
	return schema.SingleNestedAttribute{
		Optional: true,
		MarkdownDescription: "Reach the daemon through an SSH host: `address` is then the management address as seen " +
			"from that host. TCP addresses are forwarded with `direct-tcpip` (sshd `AllowTcpForwarding`), unix sockets " +
			"with `direct-streamlocal@openssh.com` (sshd `AllowStreamLocalForwarding`, and the SSH user must be allowed " +
			"to open the socket). Both are equally fast: while a multi-line reply arrives the provider sends a lone " +
			"carriage return back, which the daemon drops unseen and whose packet carries the ACK the daemon waits " +
			"for (sshd delays its own by up to 40 ms). One SSH connection " +
			"per SSH host serves the whole run, shared by every daemon of the provider block reached through it the " +
			"same way (host, port, user, key, host key, bastion); each management session over it is still released after " +
			idleClose.String() + " without a command.",
		Attributes: attrs,
	}
}

func tlsSchema() schema.SingleNestedAttribute {
	return schema.SingleNestedAttribute{
		Optional: true,
		MarkdownDescription: "How to verify a `tls://HOST:PORT` address: a management port behind a TLS terminator " +
			"such as stunnel. Only for `tls://` addresses.",
		Attributes: map[string]schema.Attribute{
			"ca_certificate": schema.StringAttribute{
				Optional:            true,
				MarkdownDescription: "The CA certificate(s), PEM, that signed the terminator's certificate. Defaults to the system's roots.",
				Validators:          []validator.String{pemValidator{block: "CERTIFICATE"}},
			},
			"server_name": schema.StringAttribute{
				Optional:            true,
				MarkdownDescription: "The name the terminator's certificate must carry. Defaults to the address's host.",
			},
			"client_certificate": schema.StringAttribute{
				Optional:            true,
				MarkdownDescription: "A client certificate, PEM, for mutual TLS. Needs `client_key`.",
				Validators:          []validator.String{pemValidator{block: "CERTIFICATE"}},
			},
			"client_key": schema.StringAttribute{
				Optional:            true,
				Sensitive:           true,
				MarkdownDescription: "The client certificate's private key, PEM. Never logged or stored in state.",
			},
		},
	}
}

func privateKeyAttribute(description string) schema.StringAttribute {
	return schema.StringAttribute{
		Optional:            true,
		Sensitive:           true,
		MarkdownDescription: description,
		Validators:          []validator.String{privateKeyValidator{}},
	}
}
