package main

import (
	"encoding/json"
	"fmt"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"

	"github.com/vpnops/terraform-provider-openvpn/internal/openvpnlab"
	"github.com/vpnops/terraform-provider-openvpn/internal/remotelab"
)

// TestBinaryOneSlotThroughSSH: three provider blocks, three plugin
// processes, one SSH host. Blocks a and b reach the same daemon through it,
// c reaches a second daemon on the same host (one OpenVPN process per
// profile). As with local addresses, a and b take the daemon's single
// management slot in turn: the one that comes second waits for the first
// to let the port go after its idle window, and both succeed.
func TestBinaryOneSlotThroughSSH(t *testing.T) {
	openvpnlab.Require(t)
	one := openvpnlab.StartServerT(t, openvpnlab.ServerConfig{Password: "pass one", ManagementUnix: true})
	two := openvpnlab.StartServerT(t, openvpnlab.ServerConfig{ManagementUnix: true})
	key := remotelab.NewKey(t, t.TempDir(), "id_ed25519", "")
	sshd := remotelab.StartSSHD(t, remotelab.SSHDConfig{AuthorizedKeys: []string{key.Public}})
	block := func(alias, addr, password string) string {
		return fmt.Sprintf(`
provider "openvpn" {
  alias    = %q
  address  = %q
  password = %q
  timeout  = "20s"
  ssh = {
    host        = %q
    port        = %d
    user        = "root"
    private_key = file(%q)
    host_key    = %q
  }
}
data "openvpn_server" %q { provider = openvpn.%s }
`, alias, addr, password, sshd.Host, sshd.Port, key.Path, sshd.HostKey, alias, alias)
	}
	w := newCLIWorkspace(t)
	write(t, filepath.Join(w.dir, "main.tf"), `terraform {
  required_providers {
    openvpn = { source = "vpnops/openvpn" }
  }
}
`+block("a", one.ManagementAddress, one.Password)+block("b", one.ManagementAddress, one.Password)+
		block("c", two.ManagementAddress, "")+`
output "pids" { value = [data.openvpn_server.a.pid, data.openvpn_server.b.pid, data.openvpn_server.c.pid] }
`)
	w.must(t, "apply", "-auto-approve", "-no-color")
	var outputs struct{ Pids struct{ Value []int } }
	if err := json.Unmarshal([]byte(w.must(t, "output", "-json")), &outputs); err != nil {
		t.Fatal(err)
	}
	if want := []int{one.PID, one.PID, two.PID}; fmt.Sprint(outputs.Pids.Value) != fmt.Sprint(want) {
		t.Errorf("pids = %v, want %v", outputs.Pids.Value, want)
	}
	// The daemon's log shows the two sessions one after the other, never
	// overlapping: each connect is followed by its disconnect.
	b, err := os.ReadFile(one.LogPath)
	if err != nil {
		t.Fatal(err)
	}
	events := regexp.MustCompile(`MANAGEMENT: Client (connected|disconnected)`).FindAllStringSubmatch(string(b), -1)
	var seq []string
	for _, e := range events {
		seq = append(seq, e[1])
	}
	if got := strings.Join(seq, ","); got != "connected,disconnected,connected,disconnected" {
		t.Errorf("management sessions on the shared daemon: %s; want two, one after the other", got)
	}
	if n := strings.Count(sshd.Log(), "Accepted publickey"); n != 3 {
		t.Errorf("sshd accepted %d logins; want 3, one per provider block", n)
	}
}
