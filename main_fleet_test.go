package main

import (
	"encoding/json"
	"fmt"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"syscall"
	"testing"

	"github.com/vpnops/terraform-provider-openvpn/internal/openvpnlab"
	"github.com/vpnops/terraform-provider-openvpn/internal/remotelab"
)

// TestBinaryFleetOnePlan runs the built provider the way an operator does
// (dev_overrides, the real Terraform CLI) with one provider block for
// three real daemons, its daemons map given as a variable: vpn2 on a TCP
// port, vpn1-udp and vpn1-tcp (two profiles of one VPN host) on unix
// sockets behind one real sshd, read with one for_each. Counted, not
// timed:
//
//   - one terraform plan: sshd logs one login for the two daemons behind
//     it (one SSH connection, a channel per management session), and each
//     daemon logs one management session;
//   - vpn2 frozen with SIGSTOP: the plan fails naming vpn2, one read of
//     vpn2 meets the timeout and the other is not tried again, and each of
//     the other daemons served its reads (its log shows them).
func TestBinaryFleetOnePlan(t *testing.T) {
	openvpnlab.Require(t)
	key := remotelab.NewKey(t, t.TempDir(), "id_ed25519", "")
	sshd := remotelab.StartSSHD(t, remotelab.SSHDConfig{AuthorizedKeys: []string{key.Public}})
	servers := map[string]*openvpnlab.Server{
		"vpn1-udp": openvpnlab.StartServerT(t, openvpnlab.ServerConfig{Password: "pass udp", ManagementUnix: true}),
		"vpn1-tcp": openvpnlab.StartServerT(t, openvpnlab.ServerConfig{Password: "pass tcp", ManagementUnix: true}),
		"vpn2":     openvpnlab.StartServerT(t, openvpnlab.ServerConfig{Password: "pass 2"}),
	}
	type sshVar struct {
		Host       string `json:"host"`
		Port       int    `json:"port"`
		User       string `json:"user"`
		PrivateKey string `json:"private_key"`
		HostKey    string `json:"host_key"`
	}
	type daemonVar struct {
		Address  string  `json:"address"`
		Password string  `json:"password"`
		Timeout  string  `json:"timeout"`
		SSH      *sshVar `json:"ssh,omitempty"`
	}
	daemons := map[string]daemonVar{}
	for name, srv := range servers {
		d := daemonVar{Address: srv.ManagementAddress, Password: srv.Password, Timeout: "10s"}
		if name == "vpn2" {
			d.Timeout = "3s" // the daemon frozen below
		} else {
			d.SSH = &sshVar{Host: sshd.Host, Port: sshd.Port, User: sshd.User, PrivateKey: key.Private, HostKey: sshd.HostKey}
		}
		daemons[name] = d
	}
	vars, err := json.Marshal(map[string]any{"daemons": daemons})
	if err != nil {
		t.Fatal(err)
	}

	w := newCLIWorkspace(t)
	write(t, filepath.Join(w.dir, "terraform.tfvars.json"), string(vars))
	write(t, filepath.Join(w.dir, "main.tf"), `terraform {
  required_providers {
    openvpn = { source = "vpnops/openvpn" }
  }
}
variable "daemons" {
  sensitive = true
  type = map(object({
    address  = string
    password = optional(string)
    timeout  = optional(string)
    ssh = optional(object({
      host        = string
      port        = optional(number)
      user        = optional(string)
      private_key = optional(string)
      host_key    = optional(string)
    }))
  }))
}
provider "openvpn" {
  daemons = var.daemons
}
data "openvpn_server" "each" {
  for_each = toset(["vpn1-udp", "vpn1-tcp", "vpn2"])
  daemon   = each.key
}
data "openvpn_clients" "each" {
  for_each = toset(["vpn1-udp", "vpn1-tcp", "vpn2"])
  daemon   = each.key
}
output "pids" {
  value = { for k, s in data.openvpn_server.each : k => s.pid }
}
`)
	count := func() map[string]int {
		out := map[string]int{"sshd logins": strings.Count(sshd.Log(), "Accepted publickey")}
		for name, srv := range servers {
			b, err := os.ReadFile(srv.LogPath)
			if err != nil {
				t.Fatal(err)
			}
			out[name] = strings.Count(string(b), "MANAGEMENT: Client connected")
			out[name+" status"] = strings.Count(string(b), "MANAGEMENT: CMD 'status 3'")
		}
		return out
	}

	before := count()
	out := w.must(t, "plan", "-no-color")
	after := count()
	for name, srv := range servers {
		if !regexp.MustCompile(fmt.Sprintf(`\+ %s\s+= %d\n`, regexp.QuoteMeta(name), srv.PID)).MatchString(out) {
			t.Errorf("the plan's pids do not show %s = %d:\n%s", name, srv.PID, out)
		}
		if n := after[name] - before[name]; n != 1 {
			t.Errorf("%s logged %d management sessions for one plan; want 1", name, n)
		}
	}
	if n := after["sshd logins"] - before["sshd logins"]; n != 1 {
		t.Errorf("sshd logged %d logins for the two daemons behind it; want 1 (one shared SSH connection)", n)
	}

	frozen := servers["vpn2"]
	if err := syscall.Kill(frozen.PID, syscall.SIGSTOP); err != nil {
		t.Fatal(err)
	}
	thaw := func() { _ = syscall.Kill(frozen.PID, syscall.SIGCONT) }
	t.Cleanup(thaw)
	before = count()
	stdout, stderr, code := w.run(t, "plan", "-no-color")
	after = count()
	thaw()
	if code == 0 {
		t.Fatalf("the plan passed with vpn2 frozen:\n%s", stdout)
	}
	// Two reads of vpn2: one meets the timeout, the other is told so
	// without trying; both name the daemon.
	vpn2 := regexp.MustCompile(`daemon "vpn2": [^\n]*(\n[^\n]+)*`).FindAllString(stderr, -1)
	repeated := 0
	for _, e := range vpn2 {
		if strings.Contains(strings.Join(strings.Fields(e), " "), "not tried again") {
			repeated++
		}
	}
	if len(vpn2) != 2 || repeated != 1 {
		t.Errorf("%d errors name vpn2, %d of them repeats; want 2, one repeat (one timeout in the run):\n%s", len(vpn2), repeated, stderr)
	}
	if !strings.Contains(stderr, "OpenVPN management interface is busy") {
		t.Errorf("the frozen daemon is not reported as such:\n%s", stderr)
	}
	for _, name := range []string{"vpn1-udp", "vpn1-tcp"} {
		if strings.Contains(stderr, fmt.Sprintf("daemon %q", name)) {
			t.Errorf("%s is named in the errors; only vpn2 froze:\n%s", name, stderr)
		}
		if n := after[name+" status"] - before[name+" status"]; n != 1 {
			t.Errorf("%s served status 3 %d times during the failed plan; want its reads done (once, shared)", name, n)
		}
	}
}
