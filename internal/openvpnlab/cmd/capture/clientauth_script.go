package main

import (
	"context"
	"fmt"
	"strings"
	"time"

	"github.com/vpnops/terraform-provider-openvpn/internal/openvpnlab"
)

const authDaemon = "A"

// clientAuthScript records the >CLIENT:CONNECT block and the answers to it
// on a server that waits for the management client to admit each client.
func clientAuthScript(ctx context.Context, r *recorder, dir string) (*openvpnlab.Server, error) {
	a, err := openvpnlab.StartServer(ctx, openvpnlab.ServerConfig{Dir: dir, ClientAuth: true, UsernameAuth: true})
	if err != nil {
		return nil, err
	}
	s, err := dial(a.ManagementAddress)
	if err != nil {
		return a, err
	}
	defer s.close()
	s.collect(idle, maxWait) // banner

	// connect starts a client and returns its CONNECT block and CID, KID.
	connect := func(cn, user string) ([]byte, string, string, error) {
		if _, err := a.StartClient(ctx, openvpnlab.ClientConfig{CommonName: cn, Username: user, Password: "hunter2", NoWait: true}); err != nil {
			return nil, "", "", err
		}
		head, err := s.until(">CLIENT:CONNECT,", eofWait)
		if err != nil {
			return head, "", "", err
		}
		block, err := s.until(">CLIENT:ENV,END\r\n", eofWait)
		if err != nil {
			return block, "", "", err
		}
		first, _, _ := strings.Cut(string(block), "\r\n")
		cid, kid, _ := strings.Cut(first, ",")
		return append(head, block...), cid, kid, nil
	}

	block, cid, kid, err := connect("eve", "eve")
	if err != nil {
		return a, err
	}
	if err := r.save("clientauth-connect", authDaemon, "(nothing; client \"eve\" with username \"eve\", password \"hunter2\" connects)", block, false,
		"Up to and including >CLIENT:ENV,END."); err != nil {
		return a, err
	}
	eveCID := cid
	// ESTABLISHED follows the reply once the client has asked for its
	// push options, which can take more than a second.
	established := []string{">CLIENT:ESTABLISHED,", ">CLIENT:ENV,END\r\n"}
	if err := r.exchangeUntil(s, authDaemon, "clientauth-client-auth-nt", fmt.Sprintf("client-auth-nt %s %s", cid, kid),
		"Read until the ESTABLISHED block had ended, then 400 ms of silence.", established...); err != nil {
		return a, err
	}

	if _, cid, kid, err = connect("mallory", "mallory"); err != nil {
		return a, err
	}
	// Wait long enough to see whether (and when) a DISCONNECT follows.
	if _, err := r.exchangeWait(s, authDaemon, "clientauth-client-deny", fmt.Sprintf(`client-deny %s %s "denied by lab" "go away"`, cid, kid), 7*time.Second,
		"Collected until 7 s of silence."); err != nil {
		return a, err
	}

	if _, cid, kid, err = connect("frank", "frank"); err != nil {
		return a, err
	}
	// client-auth takes a block of config lines ended by END; the reply
	// comes after END.
	multi := fmt.Sprintf("client-auth %s %s\npush \"echo hello from lab\"\nEND", cid, kid)
	if err := r.exchangeUntil(s, authDaemon, "clientauth-client-auth-block", multi,
		"Three lines sent in one write; read until the ESTABLISHED block had ended.", established...); err != nil {
		return a, err
	}

	_, err = r.exchangeWait(s, authDaemon, "clientauth-client-kill", "client-kill "+eveCID, 7*time.Second,
		"Collected until 7 s of silence: the instance exits after a delay.")
	return a, err
}
