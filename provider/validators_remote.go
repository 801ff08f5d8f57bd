package provider

import (
	"context"
	"encoding/pem"
	"strings"

	"github.com/hashicorp/terraform-plugin-framework/schema/validator"

	"github.com/vpnops/terraform-provider-openvpn/internal/remote"
)

// hostKeyValidator checks a pinned host key's form at plan time.
type hostKeyValidator struct{}

func (hostKeyValidator) Description(context.Context) string {
	return `must be a public key line such as "ssh-ed25519 AAAA…", or a CA's line marked @cert-authority`
}

func (v hostKeyValidator) MarkdownDescription(ctx context.Context) string { return v.Description(ctx) }

func (hostKeyValidator) ValidateString(_ context.Context, req validator.StringRequest, resp *validator.StringResponse) {
	if req.ConfigValue.IsNull() || req.ConfigValue.IsUnknown() {
		return
	}
	if _, err := remote.ParseHostKey(req.ConfigValue.ValueString()); err != nil {
		resp.Diagnostics.AddAttributeError(req.Path, "Invalid SSH host key", err.Error()+". "+hostKeyFormHint)
	}
}

// privateKeyValidator catches a value that is plainly not a private key
// (a path instead of file(path), a public key) at plan time. Whether it
// decrypts is checked at configuration, with the passphrase.
type privateKeyValidator struct{}

func (privateKeyValidator) Description(context.Context) string {
	return "must be a private key in OpenSSH or PEM form, not a file name"
}

func (v privateKeyValidator) MarkdownDescription(ctx context.Context) string {
	return v.Description(ctx)
}

func (privateKeyValidator) ValidateString(_ context.Context, req validator.StringRequest, resp *validator.StringResponse) {
	if req.ConfigValue.IsNull() || req.ConfigValue.IsUnknown() {
		return
	}
	s := req.ConfigValue.ValueString()
	if b, _ := pem.Decode([]byte(strings.TrimSpace(s))); b == nil || !strings.Contains(b.Type, "PRIVATE KEY") {
		hint := "The value is not a PEM block (-----BEGIN … PRIVATE KEY-----)."
		if !strings.Contains(s, "\n") && !strings.HasPrefix(s, "-----") {
			hint += ` It looks like a file name: use private_key = file("` + "…" + `").`
		}
		// The value is never quoted: it may be a secret.
		resp.Diagnostics.AddAttributeError(req.Path, "Invalid SSH private key", hint)
	}
}

// pemValidator checks that a value holds a PEM block of the given type.
type pemValidator struct{ block string }

func (v pemValidator) Description(context.Context) string {
	return "must hold a PEM " + strings.ToLower(v.block) + " (-----BEGIN " + v.block + "-----)"
}

func (v pemValidator) MarkdownDescription(ctx context.Context) string { return v.Description(ctx) }

func (v pemValidator) ValidateString(_ context.Context, req validator.StringRequest, resp *validator.StringResponse) {
	if req.ConfigValue.IsNull() || req.ConfigValue.IsUnknown() {
		return
	}
	rest := []byte(req.ConfigValue.ValueString())
	for {
		var b *pem.Block
		if b, rest = pem.Decode(rest); b == nil {
			break
		}
		if b.Type == v.block {
			return
		}
	}
	resp.Diagnostics.AddAttributeError(req.Path, "Invalid PEM", "The value "+v.Description(context.Background())+
		`; to read a file use file("…").`)
}
