// Command openvpn-lab starts a throw-away OpenVPN server and clients on
// 127.0.0.1 that keep running after it exits (for the demo), and stops
// them again.
//
//	openvpn-lab up --dir DIR [--clients N] [--password-file F] [--management-port P | --management-unix]
//	openvpn-lab down --dir DIR
//	openvpn-lab send --dir DIR COMMAND...
//
// "up" records what it started in DIR/lab.json; "down" stops exactly
// those processes (checking each pid still is a lab openvpn in DIR) and
// is idempotent.
package main

import (
	"context"
	"encoding/json"
	"errors"
	"flag"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"time"

	"github.com/vpnops/terraform-provider-openvpn/internal/openvpnlab"
)

// state is DIR/lab.json.
type state struct {
	Dir               string   `json:"dir"`
	ManagementAddress string   `json:"management_address"`
	PasswordFile      string   `json:"password_file,omitempty"`
	ServerPID         int      `json:"server_pid"`
	Clients           []client `json:"clients"`
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
	fmt.Fprintln(os.Stderr, "usage: openvpn-lab up --dir DIR [--clients N] [--password-file F] [--management-port P | --management-unix]\n"+
		"       openvpn-lab down --dir DIR\n       openvpn-lab send --dir DIR COMMAND...")
	os.Exit(2)
}

func up(args []string) error {
	fs := flag.NewFlagSet("up", flag.ExitOnError)
	dir := fs.String("dir", "", "working directory (PKI, logs, lab.json); required")
	n := fs.Int("clients", 3, "number of clients to connect")
	pwFile := fs.String("password-file", "", "file whose first line is the management password (none if empty)")
	port := fs.Int("management-port", 0, "TCP management port to try first (0: any free port)")
	unix := fs.Bool("management-unix", false, "management on the unix socket DIR/mgmt.sock instead of TCP")
	_ = fs.Parse(args)
	if *dir == "" {
		return errors.New("up: --dir is required")
	}
	abs, err := filepath.Abs(*dir)
	if err != nil {
		return err
	}
	if st, err := load(abs); err == nil && st.ServerPID != 0 {
		return fmt.Errorf("up: %s already records a running lab (server pid %d); run: openvpn-lab down --dir %s", statePath(abs), st.ServerPID, *dir)
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
	st := state{Dir: abs, ManagementAddress: s.ManagementAddress, PasswordFile: *pwFile, ServerPID: s.PID}
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
	fmt.Printf("stop it with: %s down --dir %s\n", filepath.Base(os.Args[0]), *dir)
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
	if errors.Is(err, os.ErrNotExist) {
		fmt.Println("OpenVPN lab: nothing recorded in", abs)
		return nil
	}
	if err != nil {
		return err
	}
	// Clients first, so none is left retrying against a dead server.
	var failed []string
	for _, c := range st.Clients {
		if err := openvpnlab.StopDetached(c.PID, st.Dir); err != nil {
			failed = append(failed, err.Error())
		}
	}
	if err := openvpnlab.StopDetached(st.ServerPID, st.Dir); err != nil {
		failed = append(failed, err.Error())
	}
	if len(failed) > 0 {
		return errors.New(strings.Join(failed, "\n"))
	}
	if err := os.Remove(statePath(abs)); err != nil && !errors.Is(err, os.ErrNotExist) {
		return err
	}
	fmt.Printf("OpenVPN lab is down: stopped server pid %d and %d client(s)\n", st.ServerPID, len(st.Clients))
	return nil
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
