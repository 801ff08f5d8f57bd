package main

import (
	"bytes"
	"context"
	"errors"
	"os"
	"os/exec"
	"path/filepath"
	"strconv"
	"strings"
	"syscall"
	"testing"
	"time"

	"github.com/vpnops/terraform-provider-openvpn/internal/openvpnlab"
)

// These tests drive the demo's scripts (scripts/demo.sh down,
// scripts/demo-mgmt.sh) and this command against real daemons, as root
// after sudo make demo and as the user who ran sudo (nobody here), in a
// copy of the demo's layout: the scripts, and this test binary as
// .demo/bin/openvpn-lab (it acts as the command when asCommand is set).

const (
	asCommand = "OPENVPN_LAB_TEST_AS_COMMAND"
	nobody    = 65534
)

func TestMain(m *testing.M) {
	if os.Getenv(asCommand) != "" {
		main()
		os.Exit(0)
	}
	os.Exit(m.Run())
}

// demoTree is a throw-away checkout with the demo's scripts and this
// binary as .demo/bin/openvpn-lab, in a directory nobody may enter once
// the tree is given to nobody (as the demo gives .demo/ back under sudo).
type demoTree struct {
	root string
	lab  string // .demo/lab
}

func newDemoTree(t *testing.T) *demoTree {
	t.Helper()
	openvpnlab.Require(t)
	if os.Geteuid() != 0 {
		t.Skip("runs the demo as root and as nobody: needs root")
	}
	root, err := os.MkdirTemp("", "openvpn-lab-demo-") //nolint:usetesting // nobody must reach it, and t.TempDir()'s parent is mode 0700
	if err != nil {
		t.Fatal(err)
	}
	d := &demoTree{root: root, lab: filepath.Join(root, ".demo", "lab")}
	t.Cleanup(func() {
		_, _, _ = d.run(t, 0, ".demo/bin/openvpn-lab", "down", "--dir", d.lab)
		_ = os.RemoveAll(root)
	})
	for _, f := range []string{"demo.sh", "lib.sh", "demo-mgmt.sh"} {
		copyFile(t, filepath.Join("..", "..", "..", "..", "scripts", f), filepath.Join(root, "scripts", f), 0o755)
	}
	self, err := os.Executable()
	if err != nil {
		t.Fatal(err)
	}
	copyFile(t, self, filepath.Join(root, ".demo", "bin", "openvpn-lab"), 0o755)
	if err := os.WriteFile(filepath.Join(root, ".demo", "management-password"), []byte("demo-secret\n"), 0o600); err != nil {
		t.Fatal(err)
	}
	return d
}

func copyFile(t *testing.T, from, to string, mode os.FileMode) {
	t.Helper()
	b, err := os.ReadFile(from)
	if err == nil {
		err = os.MkdirAll(filepath.Dir(to), 0o755)
	}
	if err == nil {
		err = os.WriteFile(to, b, mode)
	}
	if err != nil {
		t.Fatal(err)
	}
}

// run runs name (relative to the tree) in the tree as uid (0: root, as
// under sudo by nobody, so the demo gives .demo/ back to nobody).
func (d *demoTree) run(t *testing.T, uid int, name string, args ...string) (stdout, stderr string, code int) {
	t.Helper()
	ctx, cancel := context.WithTimeout(context.Background(), time.Minute)
	defer cancel()
	cmd := exec.CommandContext(ctx, filepath.Join(d.root, name), args...)
	cmd.Dir = d.root
	cmd.Env = append(os.Environ(), asCommand+"=1", "OPENVPN_MANAGEMENT_ADDRESS=")
	if uid == 0 {
		cmd.Env = append(cmd.Env, "SUDO_UID=65534", "SUDO_GID=65534", "SUDO_USER=nobody")
	} else {
		cmd.SysProcAttr = &syscall.SysProcAttr{Credential: &syscall.Credential{Uid: uint32(uid), Gid: uint32(uid)}}
	}
	var out, errOut bytes.Buffer
	cmd.Stdout, cmd.Stderr = &out, &errOut
	err := cmd.Run()
	var exit *exec.ExitError
	switch {
	case errors.As(err, &exit):
		code = exit.ExitCode()
	case err != nil:
		t.Fatalf("%s %v: %v", name, args, err)
	}
	return out.String(), errOut.String(), code
}

// up starts the lab as root through sudo would, with one client, and
// gives the tree to nobody; it returns what lab.json records.
func (d *demoTree) up(t *testing.T) state {
	t.Helper()
	out, errOut, code := d.run(t, 0, ".demo/bin/openvpn-lab", "up", "--dir", d.lab, "--clients", "1",
		"--password-file", filepath.Join(d.root, ".demo", "management-password"), "--stop-command", "sudo make demo-down")
	if code != 0 {
		t.Fatalf("openvpn-lab up: exit %d\n%s%s", code, out, errOut)
	}
	if !strings.Contains(out, "stop it with: sudo make demo-down\n") {
		t.Errorf("openvpn-lab up printed\n%s\nwant the stop line the demo gave it", out)
	}
	if err := filepath.Walk(d.root, func(p string, _ os.FileInfo, err error) error {
		if err != nil {
			return err
		}
		return os.Lchown(p, nobody, nobody)
	}); err != nil {
		t.Fatal(err)
	}
	st, err := load(d.lab)
	if err != nil || st.ServerPID == 0 {
		t.Fatalf("lab.json after up: %+v, %v", st, err)
	}
	return st
}

// running is false for a zombie too: nothing may reap a detached daemon
// (a container's PID 1 may not).
func running(pid int) bool {
	stat, err := os.ReadFile("/proc/" + strconv.Itoa(pid) + "/stat")
	if err != nil {
		return false
	}
	i := bytes.LastIndexByte(stat, ')')
	return i < 0 || i+2 >= len(stat) || stat[i+2] != 'Z' && stat[i+2] != 'X'
}

// After sudo make demo, the user's make demo-down says at once whose the
// daemons are and what stops them (before: a leftover .demo/lab-mode
// decided, and the lab itself waited 28 s for daemons it could not
// signal); after sudo make demo-down, the user's make demo-down and a new
// make demo work (before: .demo/lab-mode still said sudo).
func TestDemoDownAfterSudo(t *testing.T) {
	d := newDemoTree(t)
	st := d.up(t)
	// An earlier version's sudo make demo left this behind.
	if err := os.WriteFile(filepath.Join(d.root, ".demo", "lab-mode"), []byte("sudo\n"), 0o644); err != nil {
		t.Fatal(err)
	}

	want := "these daemons (server pid " + strconv.Itoa(st.ServerPID) + " and 1 client(s)) belong to root"
	for _, argv := range [][]string{{"scripts/demo.sh", "down"}, {".demo/bin/openvpn-lab", "down", "--dir", d.lab}} {
		out, errOut, code := d.run(t, nobody, argv[0], argv[1:]...)
		if code == 0 || !strings.Contains(errOut, want) || !strings.Contains(errOut, "nothing was stopped; run  sudo make demo-down") {
			t.Errorf("%v as nobody while root's daemons run: exit %d\n%s%s\nwant a failure saying %q and to run sudo make demo-down", argv, code, out, errOut, want)
		}
	}
	if !running(st.ServerPID) || !running(st.Clients[0].PID) {
		t.Fatal("the lab's daemons were stopped by a user they do not belong to")
	}

	out, errOut, code := d.run(t, 0, "scripts/demo.sh", "down")
	if code != 0 || !strings.Contains(out, "OpenVPN lab is down") {
		t.Fatalf("sudo make demo-down: exit %d\n%s%s", code, out, errOut)
	}
	if running(st.ServerPID) {
		t.Fatalf("server pid %d still runs after sudo make demo-down", st.ServerPID)
	}
	for i := 0; i < 2; i++ { // idempotent
		out, errOut, code = d.run(t, nobody, "scripts/demo.sh", "down")
		if code != 0 || !strings.Contains(out, "OpenVPN lab: nothing running in") {
			t.Fatalf("make demo-down as nobody after sudo make demo-down: exit %d\n%s%s", code, out, errOut)
		}
	}
	if _, err := os.Stat(filepath.Join(d.root, ".demo", "lab-mode")); !errors.Is(err, os.ErrNotExist) {
		t.Errorf(".demo/lab-mode after make demo-down: %v, want it removed", err)
	}
}

// A new make demo after make demo-down listens where the last one did, so
// a shell that sourced .demo/env stays valid (before: down removed
// lab.json, and the next lab took any free port); demo-mgmt.sh names a
// shell's stale address and says to source .demo/env again.
func TestDemoKeepsAddressAcrossDown(t *testing.T) {
	d := newDemoTree(t)
	first := d.up(t)
	if out, errOut, code := d.run(t, 0, "scripts/demo.sh", "down"); code != 0 {
		t.Fatalf("make demo-down: exit %d\n%s%s", code, out, errOut)
	}
	if out, errOut, code := d.run(t, nobody, "scripts/demo-mgmt.sh", "pid"); code == 0 || !strings.Contains(errOut, "is stopped; run make demo") {
		t.Errorf("demo-mgmt.sh after make demo-down: exit %d\n%s%s\nwant it to say the lab is stopped", code, out, errOut)
	}
	second := d.up(t)
	if second.ManagementAddress != first.ManagementAddress {
		t.Errorf("management address %s after down and up, want the last one, %s", second.ManagementAddress, first.ManagementAddress)
	}

	ctx, cancel := context.WithTimeout(context.Background(), time.Minute)
	defer cancel()
	cmd := exec.CommandContext(ctx, filepath.Join(d.root, "scripts", "demo-mgmt.sh"), "pid")
	cmd.Dir = d.root
	stale := "tcp://127.0.0.1:1"
	cmd.Env = append(os.Environ(), asCommand+"=1", "OPENVPN_MANAGEMENT_ADDRESS="+stale)
	var errOut bytes.Buffer
	cmd.Stderr = &errOut
	out, err := cmd.Output()
	if err != nil || !strings.Contains(string(out), "SUCCESS: pid="+strconv.Itoa(second.ServerPID)) {
		t.Fatalf("demo-mgmt.sh pid: %v\n%s%s", err, out, errOut.String())
	}
	for _, w := range []string{"OPENVPN_MANAGEMENT_ADDRESS (" + stale + ") is stale", "listens on " + second.ManagementAddress, "source .demo/env"} {
		if !strings.Contains(errOut.String(), w) {
			t.Errorf("demo-mgmt.sh from a shell holding %s said\n%s\nwant %q", stale, errOut.String(), w)
		}
	}
}
