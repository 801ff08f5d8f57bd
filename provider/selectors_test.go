package provider

import (
	"context"
	"strings"
	"testing"

	"github.com/hashicorp/terraform-plugin-go/tfprotov6"
	"github.com/hashicorp/terraform-plugin-go/tftypes"
)

// The openvpn_clients filters refuse, at validation, the values no session
// can ever have, as the action's selectors do (see
// TestClientKillActionInProcess): validation runs before the provider is
// configured, so nothing can be sent.
func TestClientsFiltersThatCanNeverMatchAreRefused(t *testing.T) {
	ctx := context.Background()
	ps, sch := inProcessProvider(t)
	ds := sch.DataSourceSchemas["openvpn_clients"]
	for _, tc := range []struct {
		vals map[string]tftypes.Value
		want string // "" when valid
	}{
		{map[string]tftypes.Value{"common_name": str("Doe, John #1")}, ""},
		{map[string]tftypes.Value{"common_name": str("José")}, ""},
		{map[string]tftypes.Value{"username": str("carol@example.com")}, ""},
		{map[string]tftypes.Value{"real_address": str("udp6:[::1]:55761")}, ""},
		{map[string]tftypes.Value{"common_name": str("a\tb")}, `contains a TAB (0x09) at byte 1, and the daemon lists every control character of a name as "_"`},
		{map[string]tftypes.Value{"username": str("UNDEF")}, "what the daemon prints for a session that has no username"},
		{map[string]tftypes.Value{"real_address": str("")}, "is empty; the daemon always prints an address"},
	} {
		resp, err := ps.ValidateDataResourceConfig(ctx, &tfprotov6.ValidateDataResourceConfigRequest{TypeName: "openvpn_clients", Config: dynamicValue(t, ds, tc.vals)})
		if err != nil {
			t.Fatal(err)
		}
		text := diagText(resp.Diagnostics)
		if tc.want == "" && text != "" || tc.want != "" && (!strings.Contains(text, "error: Value can never match a session") || !strings.Contains(text, tc.want)) {
			t.Errorf("%v: %q", tc.vals, text)
		}
	}
}
