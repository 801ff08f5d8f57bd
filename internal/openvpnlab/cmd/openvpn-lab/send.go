package main

import (
	"bufio"
	"errors"
	"flag"
	"fmt"
	"io"
	"net"
	"os"
	"path/filepath"
	"strings"
	"time"
)

// send is what an operator does with nc, for a lab whose management
// interface is a unix socket (which bash's /dev/tcp cannot reach): it
// sends the password from the lab's password file, each command and quit,
// and prints what the daemon answers, without the password prompt and the
// >INFO banner. It does not interpret the replies.
func send(args []string) error {
	fs := flag.NewFlagSet("send", flag.ExitOnError)
	dir := fs.String("dir", "", "the directory given to up; required")
	_ = fs.Parse(args)
	if *dir == "" || fs.NArg() == 0 {
		return errors.New("send: usage: openvpn-lab send --dir DIR COMMAND [COMMAND]")
	}
	abs, err := filepath.Abs(*dir)
	if err != nil {
		return err
	}
	st, err := load(abs)
	if err != nil {
		return fmt.Errorf("send: no lab recorded in %s (%w); run make demo first", abs, err)
	}
	if st.ServerPID == 0 {
		return fmt.Errorf("send: the lab in %s is stopped; run make demo first", abs)
	}
	network, target := "tcp", strings.TrimPrefix(st.ManagementAddress, "tcp://")
	if rest, ok := strings.CutPrefix(st.ManagementAddress, "unix://"); ok {
		network, target = "unix", rest
	}
	c, err := net.DialTimeout(network, target, 5*time.Second)
	if err != nil {
		return err
	}
	defer c.Close()
	// The daemon answers one client at a time; 30 s covers waiting for the
	// provider to let the port go.
	if err := c.SetDeadline(time.Now().Add(30 * time.Second)); err != nil {
		return err
	}
	r := bufio.NewReader(c)
	if st.PasswordFile != "" {
		b, err := os.ReadFile(st.PasswordFile)
		if err != nil {
			return err
		}
		pw, _, _ := strings.Cut(string(b), "\n")
		// The prompt has no newline; what is sent before it is lost.
		if err := waitFor(r, "ENTER PASSWORD:"); err != nil {
			return err
		}
		if _, err := c.Write([]byte(strings.TrimSuffix(pw, "\r") + "\n")); err != nil {
			return err
		}
	}
	// Output still queued when quit arrives is dropped with the
	// connection, so quit goes only once the replies have stopped coming.
	if _, err := c.Write([]byte(strings.Join(fs.Args(), "\n") + "\n")); err != nil {
		return err
	}
	quit := false
	for {
		_ = c.SetReadDeadline(time.Now().Add(500 * time.Millisecond))
		line, err := r.ReadString('\n')
		if line = strings.TrimRight(line, "\r\n"); line != "" && !strings.HasPrefix(line, ">INFO:") {
			fmt.Println(line)
		}
		var ne net.Error
		switch {
		case err == nil:
		case errors.As(err, &ne) && ne.Timeout() && !quit:
			quit = true
			_ = c.SetWriteDeadline(time.Now().Add(5 * time.Second))
			if _, err := c.Write([]byte("quit\n")); err != nil {
				return err
			}
		case errors.Is(err, io.EOF):
			return nil // the daemon closes the connection after quit
		default:
			return err
		}
	}
}

// waitFor reads until marker has arrived.
func waitFor(r *bufio.Reader, marker string) error {
	var got []byte
	for !strings.HasSuffix(string(got), marker) {
		b, err := r.ReadByte()
		if err != nil {
			return fmt.Errorf("waiting for %q: %w (got %q)", marker, err, got)
		}
		got = append(got, b)
	}
	return nil
}
