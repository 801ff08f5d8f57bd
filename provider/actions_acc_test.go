package provider

import (
	"context"
	"fmt"
	"testing"
	"time"

	"github.com/hashicorp/terraform-plugin-testing/helper/resource"
	"github.com/hashicorp/terraform-plugin-testing/terraform"
	"github.com/hashicorp/terraform-plugin-testing/tfversion"

	"github.com/vpnops/terraform-provider-openvpn/internal/management"
	"github.com/vpnops/terraform-provider-openvpn/internal/openvpnlab"
)

// The acceptance tests below trigger each action the way a user would
// (an action_trigger on a terraform_data). They need Terraform 1.14, which
// these machines cannot install, so they skip below it; scripts/test.sh
// allows exactly these skips (the _Terraform1_14 suffix). Each has an
// in-process twin (*InProcess) that always runs.

var requireTerraform114 = []tfversion.TerraformVersionCheck{tfversion.SkipBelow(tfversion.Version1_14_0)}

func triggered(action, name, config string) string {
	return fmt.Sprintf(`
action %q %q {
  config {
%s
  }
}

resource "terraform_data" "trigger" {
  input = "go"
  lifecycle {
    action_trigger {
      events  = [after_create]
      actions = [action.%s.%s]
    }
  }
}
`, action, name, config, action, name)
}

func TestAccClientKillAction_Terraform1_14(t *testing.T) {
	testAccPreCheck(t)
	srv := openvpnlab.StartServerT(t, openvpnlab.ServerConfig{Password: labPassword})
	bob := openvpnlab.StartClientT(t, srv, openvpnlab.ClientConfig{CommonName: "bob"})
	resource.Test(t, resource.TestCase{
		TerraformVersionChecks:   requireTerraform114,
		ProtoV6ProviderFactories: testProviders,
		Steps: []resource.TestStep{{
			Config: providerBlock(srv) + triggered("openvpn_client_kill", "bob", `    common_name = "bob"
    message     = "HALT"`),
			Check: func(*terraform.State) error {
				// The kill is confirmed: the action returned after the
				// daemon dropped the session, so it is not listed now.
				for _, s := range liveSessions(t, srv) {
					if s.CommonName == "bob" {
						return fmt.Errorf("bob (client %d) is still listed after the action", s.ClientID)
					}
				}
				ctx, cancel := context.WithTimeout(context.Background(), 15*time.Second)
				defer cancel()
				_ = bob.Wait(ctx)
				if !bob.Exited() {
					return fmt.Errorf("bob's client did not exit after HALT")
				}
				return nil
			},
		}},
	})
}

func TestAccHoldReleaseAction_Terraform1_14(t *testing.T) {
	testAccPreCheck(t)
	srv := openvpnlab.StartServerT(t, openvpnlab.ServerConfig{Password: labPassword, ManagementHold: true})
	resource.Test(t, resource.TestCase{
		TerraformVersionChecks:   requireTerraform114,
		ProtoV6ProviderFactories: testProviders,
		Steps: []resource.TestStep{{
			Config: providerBlock(srv) + triggered("openvpn_hold_release", "go", `    wait_connected = true`),
			Check: func(*terraform.State) error {
				return direct(t, srv, func(ctx context.Context, c *management.Client) error {
					s, err := c.State(ctx)
					if err == nil && s.Name != "CONNECTED" {
						err = fmt.Errorf("state %s after hold release", s.Name)
					}
					return err
				})
			},
		}},
	})
}

func TestAccSignalAction_Terraform1_14(t *testing.T) {
	testAccPreCheck(t)
	srv := openvpnlab.StartServerT(t, openvpnlab.ServerConfig{Password: labPassword})
	resource.Test(t, resource.TestCase{
		TerraformVersionChecks:   requireTerraform114,
		ProtoV6ProviderFactories: testProviders,
		Steps: []resource.TestStep{{
			Config: providerBlock(srv) + triggered("openvpn_signal", "usr2", `    signal = "SIGUSR2"`),
			Check: func(*terraform.State) error {
				if countInLog(t, srv, "CMD 'signal SIGUSR2'") != 1 {
					return fmt.Errorf("the daemon did not receive SIGUSR2")
				}
				return nil
			},
		}},
	})
}
