// Command openvpn-lab starts a throw-away OpenVPN server and clients on
// 127.0.0.1 that keep running after it exits (for the demo), and stops
// them again.
//
//	openvpn-lab up --dir DIR [--clients N] [--password-file F] [--management-port P | --management-unix] [--stop-command C]
//	openvpn-lab down --dir DIR
//	openvpn-lab send --dir DIR COMMAND...
//
// "up" records what it started in DIR/lab.json; "down" stops exactly
// those processes (checking each pid still is a lab openvpn in DIR) and
// is idempotent. lab.json outlives "down", with the pids cleared, so the
// next "up" listens on the same TCP port when it is free: a shell that
// holds the old address stays valid.
package main

import (
	"context"
	"encoding/json"
	"errors"
	"flag"
	"fmt"
	"os"
	"os/user"
	"path/filepath"
	"strconv"
	"strings"
	"time"

	"github.com/vpnops/terraform-provider-openvpn/internal/openvpnlab"
)

// state is DIR/lab.json.
type state struct {
	Dir               string `json:"dir"`
	ManagementAddress string `json:"management_address"`
	PasswordFile      string `json:"password_file,omitempty"`
	// StopCommand is what stops this lab, as up's caller runs it (the
	// demo: make demo-down, or sudo make demo-down).
	StopCommand string   `json:"stop_command,omitempty"`
	ServerPID   int      `json:"server_pid"` // 0: stopped
	Clients     []client `json:"clients"`
}

type client struct {
	CommonName string `json:"common_name"`
	PID        int    `json:"pid"`
}

// names are the demo's client CNs; the last shows a CN that only status v3
// can carry unambiguously.
var names = []string{"alice", "bob", "Doe, John #1"}

func main() {
	if len(os.Args) < 2 {
		usage()
	}
	var err error
	switch os.Args[1] {
	case "up":
		err = up(os.Args[2:])
	case "down":
		err = down(os.Args[2:])
	case "send":
		err = send(os.Args[2:])
	default:
		usage()
	}
	if err != nil {
		fmt.Fprintln(os.Stderr, "openvpn-lab:", err)
		os.Exit(1)
	}
}

func usage() {
	fmt.Fprintln(os.Stderr, "usage: openvpn-lab up --dir DIR [--clients N] [--password-file F] [--management-port P | --management-unix] [--stop-command C]\n"+
		"       openvpn-lab down --dir DIR\n       openvpn-lab send --dir DIR COMMAND...")
	os.Exit(2)
}

func up(args []string) error {
	fs := flag.NewFlagSet("up", flag.ExitOnError)
	dir := fs.String("dir", "", "working directory (PKI, logs, lab.json); required")
	n := fs.Int("clients", 3, "number of clients to connect")
	pwFile := fs.String("password-file", "", "file whose first line is the management password (none if empty)")
	port := fs.Int("management-port", 0, "TCP management port to try first (0: the last lab's port in DIR, else any free port)")
	unix := fs.Bool("management-unix", false, "management on the unix socket DIR/mgmt.sock instead of TCP")
	stop := fs.String("stop-command", "", "the command that stops this lab, printed and given as advice (default: openvpn-lab down --dir DIR)")
	_ = fs.Parse(args)
	if *dir == "" {
		return errors.New("up: --dir is required")
	}
	abs, err := filepath.Abs(*dir)
	if err != nil {
		return err
	}
	if *stop == "" {
		*stop = os.Args[0] + " down --dir " + *dir
	}
	last, err := load(abs)
	if err == nil && last.ServerPID != 0 {
		return fmt.Errorf("up: %s already records a running lab (server pid %d); run: %s", statePath(abs), last.ServerPID, stopCommand(last))
	}
	if rest, ok := strings.CutPrefix(last.ManagementAddress, "tcp://127.0.0.1:"); ok && *port == 0 && !*unix {
		*port, _ = strconv.Atoi(rest) // 0 if unreadable: any free port
	}
	password := ""
	if *pwFile != "" {
		b, err := os.ReadFile(*pwFile)
		if err != nil {
			return err
		}
		password, _, _ = strings.Cut(string(b), "\n")
		password = strings.TrimSuffix(password, "\r")
	}
	if err := os.MkdirAll(abs, 0o700); err != nil {
		return err
	}

	ctx, cancel := context.WithTimeout(context.Background(), time.Minute)
	defer cancel()
	s, err := openvpnlab.StartServer(ctx, openvpnlab.ServerConfig{Dir: abs, Password: password, Detach: true, ManagementPort: *port, ManagementUnix: *unix})
	if err != nil {
		return err
	}
	st := state{Dir: abs, ManagementAddress: s.ManagementAddress, PasswordFile: *pwFile, StopCommand: *stop, ServerPID: s.PID}
	for i := 0; i < *n; i++ {
		cn := fmt.Sprintf("client-%d", i+1)
		if i < len(names) {
			cn = names[i]
		}
		c, err := s.StartClient(ctx, openvpnlab.ClientConfig{CommonName: cn})
		if err != nil {
			s.Stop() // detached children would otherwise be left running
			return err
		}
		st.Clients = append(st.Clients, client{CommonName: cn, PID: c.PID})
	}
	if err := save(st); err != nil {
		s.Stop()
		return err
	}
	fmt.Printf("OpenVPN lab is up: server pid %d, %d client(s), logs in %s\n", s.PID, len(st.Clients), abs)
	fmt.Printf("management address: %s\n", s.ManagementAddress)
	if *pwFile != "" {
		fmt.Printf("management password: first line of %s\n", *pwFile)
	}
	if last.ManagementAddress != "" && last.ManagementAddress != s.ManagementAddress {
		fmt.Printf("management address changed: the last lab in %s listened on %s\n", abs, last.ManagementAddress)
	}
	fmt.Printf("stop it with: %s\n", *stop)
	return nil
}

func down(args []string) error {
	fs := flag.NewFlagSet("down", flag.ExitOnError)
	dir := fs.String("dir", "", "the directory given to up; required")
	_ = fs.Parse(args)
	if *dir == "" {
		return errors.New("down: --dir is required")
	}
	abs, err := filepath.Abs(*dir)
	if err != nil {
		return err
	}
	st, err := load(abs)
	if errors.Is(err, os.ErrNotExist) || err == nil && st.ServerPID == 0 {
		fmt.Println("OpenVPN lab: nothing running in", abs)
		return nil
	}
	if err != nil {
		return err
	}
	// Clients first, so none is left retrying against a dead server.
	var failed []string
	for _, pid := range append(clientPIDs(st), st.ServerPID) {
		err := openvpnlab.StopDetached(pid, st.Dir)
		var owner *openvpnlab.OwnerError
		if errors.As(err, &owner) {
			// Every daemon of one up has one owner: stop at the first.
			return notOwner(st, owner)
		}
		if err != nil {
			failed = append(failed, err.Error())
		}
	}
	if len(failed) > 0 {
		return errors.New(strings.Join(failed, "\n"))
	}
	stopped := st
	stopped.ServerPID, stopped.Clients = 0, nil
	if err := save(stopped); err != nil {
		return err
	}
	fmt.Printf("OpenVPN lab is down: stopped server pid %d and %d client(s)\n", st.ServerPID, len(st.Clients))
	return nil
}

func clientPIDs(st state) []int {
	pids := make([]int, 0, len(st.Clients)+1)
	for _, c := range st.Clients {
		pids = append(pids, c.PID)
	}
	return pids
}

// notOwner says whose the lab's daemons are and what stops them, when
// they belong to a user this process may not signal (a lab started with
// sudo): at once, instead of waiting for daemons that never got a signal.
func notOwner(st state, e *openvpnlab.OwnerError) error {
	who := fmt.Sprintf("uid %d", e.UID)
	if u, err := user.LookupId(strconv.Itoa(e.UID)); err == nil {
		who = u.Username
	}
	run := stopCommand(st) + " as " + who
	if e.UID == 0 {
		run = "sudo " + strings.TrimPrefix(stopCommand(st), "sudo ")
	}
	return fmt.Errorf("these daemons (server pid %d and %d client(s)) belong to %s, and you are uid %d: nothing was stopped; run  %s",
		st.ServerPID, len(st.Clients), who, os.Geteuid(), run)
}

// stopCommand is what stops the lab st records.
func stopCommand(st state) string {
	if st.StopCommand != "" {
		return st.StopCommand
	}
	return "openvpn-lab down --dir " + st.Dir
}

func statePath(dir string) string { return filepath.Join(dir, "lab.json") }

func load(dir string) (state, error) {
	var st state
	b, err := os.ReadFile(statePath(dir))
	if err != nil {
		return st, err
	}
	return st, json.Unmarshal(b, &st)
}

func save(st state) error {
	b, err := json.MarshalIndent(st, "", "  ")
	if err != nil {
		return err
	}
	return os.WriteFile(statePath(st.Dir), append(b, '\n'), 0o600)
}
