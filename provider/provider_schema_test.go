package provider

import "testing"

// The framework validates every schema when Terraform asks for them; this
// runs that check in-process, without the CLI, and pins the object lists.
func TestProviderSchemaIsValid(t *testing.T) {
	_, resp := inProcessProvider(t)
	for _, d := range resp.Diagnostics {
		t.Errorf("%s: %s", d.Summary, d.Detail)
	}
	for _, name := range []string{"openvpn_clients", "openvpn_routing_table", "openvpn_version", "openvpn_state", "openvpn_server", "openvpn_log"} {
		if _, ok := resp.DataSourceSchemas[name]; !ok {
			t.Errorf("data source %s missing", name)
		}
	}
	for _, name := range []string{"openvpn_verb", "openvpn_mute", "openvpn_auth_retry", "openvpn_hold", "openvpn_client_allowlist"} {
		if _, ok := resp.ResourceSchemas[name]; !ok {
			t.Errorf("resource %s missing", name)
		}
	}
	for _, name := range []string{"openvpn_client_kill", "openvpn_hold_release", "openvpn_signal"} {
		if _, ok := resp.ActionSchemas[name]; !ok {
			t.Errorf("action %s missing", name)
		}
	}
	if pw := resp.Provider.Block.Attributes; pw == nil {
		t.Fatal("no provider attributes")
	}
	for _, a := range resp.Provider.Block.Attributes {
		if a.Name == "password" && !a.Sensitive {
			t.Error("password must be Sensitive")
		}
	}
}
