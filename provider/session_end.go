package provider

import (
	"fmt"
	"strings"
	"time"

	"github.com/hashicorp/terraform-plugin-framework/diag"

	"github.com/vpnops/terraform-provider-openvpn/internal/management"
)

// What openvpn_client_kill and openvpn_client_allowlist tell the operator
// while sessions are ended (management.EndSessions) and afterwards.

// waitingEvery spaces the "still waiting" messages: the daemon keeps an
// ended session listed about 5 s and is read every 500 ms.
const waitingEvery = 2 * time.Second

// sessionLabel names a session the way the operator finds it in
// openvpn_clients: "client 3 (alice, 127.0.0.1:40288)".
func sessionLabel(s management.Session) string {
	return fmt.Sprintf("client %d (%s, %s)", s.ClientID, shownName(s.CommonName), s.RealAddress.Raw)
}

// seconds renders an elapsed time for a message: "3 s".
func seconds(d time.Duration) string {
	return fmt.Sprintf("%d s", int(d.Round(time.Second)/time.Second))
}

// endProgress turns EndSessions events into progress lines.
type endProgress struct {
	message     string // RESTART or HALT
	send        func(string)
	lastWaiting time.Duration
}

func (p *endProgress) event(ev management.EndEvent) {
	switch ev.Kind {
	case management.EndKilled:
		p.send(fmt.Sprintf("sent %s to %s", p.message, sessionLabel(ev.Session)))
	case management.EndAlreadyGone:
		p.send(fmt.Sprintf("%s had already disconnected", sessionLabel(ev.Session)))
	case management.EndWaiting:
		if p.lastWaiting == 0 || ev.Elapsed-p.lastWaiting >= waitingEvery {
			p.lastWaiting = ev.Elapsed
			p.send(fmt.Sprintf("waiting for %d session(s) to leave the server's list (%s so far; OpenVPN keeps an ended session listed about %s)",
				ev.Remaining, seconds(ev.Elapsed), seconds(management.KillDelayedExit)))
		}
	case management.EndLeft:
		p.send(fmt.Sprintf("%s is gone after %s", sessionLabel(ev.Session), seconds(ev.Elapsed)))
	case management.EndReconnected:
		p.send(reconnectText(management.Reconnection{Ended: *ev.Ended, Session: ev.Session, After: ev.Elapsed}, p.message))
	}
}

// reconnectText says that a common name came back, and what keeps it out.
func reconnectText(r management.Reconnection, message string) string {
	text := fmt.Sprintf("%s reconnected as Client ID %d after %s — revoke that certificate (CRL) to keep %s out",
		shownName(r.Session.CommonName), r.Session.ClientID, seconds(r.After), shownName(r.Session.CommonName))
	if message == management.KillRestart {
		text += "; RESTART tells the client to reconnect, HALT tells it to exit"
	}
	return text
}

// addEndDiagnostics reports what the operator must know after the kills:
// a warning per reconnection, an error for sessions still listed.
func addEndDiagnostics(diags *diag.Diagnostics, r *management.EndReport, message string, wait time.Duration) {
	for _, rc := range r.Reconnected {
		diags.AddWarning("OpenVPN client reconnected", reconnectText(rc, message)+".")
	}
	if len(r.StillListed) > 0 {
		labels := make([]string, 0, len(r.StillListed))
		for _, s := range r.StillListed {
			labels = append(labels, sessionLabel(s))
		}
		diags.AddError("OpenVPN sessions still connected",
			fmt.Sprintf("client-kill was accepted, but after %s the daemon still lists %s. OpenVPN normally drops an "+
				"ended session within about %s: check the daemon's log (the openvpn_log data source), or raise "+
				"confirm_timeout if the server is very loaded.", wait, strings.Join(labels, ", "), seconds(management.KillDelayedExit)))
	}
}
