package provider

import (
	"errors"

	"github.com/vpnops/terraform-provider-openvpn/internal/management"
)

// explainProxy words the failures that mean the provider talks to a proxy
// in front of the daemon, such as openvpn-auth-oauth2's pass-through
// management socket, and says what works there. ok is false when err is
// none of them.
func explainProxy(err error) (summary, hint string, ok bool) {
	switch {
	case errors.Is(err, management.ErrHoldIntercepted):
		summary = "OpenVPN hold is intercepted by a proxy"
		hint = "This address is not the daemon's own management interface but a proxy that answers the hold " +
			"command itself, such as openvpn-auth-oauth2's pass-through socket. It swallows the daemon's replies " +
			"to hold on, hold off and hold release, so the provider can neither read nor set the hold flag nor " +
			"release a hold there, and sent none of them. openvpn-auth-oauth2 releases a held daemon by itself.\n" +
			"Remove openvpn_hold and the openvpn_hold_release action from configurations that use this address " +
			"(if openvpn_hold is in state: terraform state rm <address>). To change the hold flag, use the " +
			"daemon's own management interface while openvpn-auth-oauth2 is stopped, or the daemon's " +
			"--management-hold option. Everything else (data sources, verb, mute, auth_retry, client kill, " +
			"signal) works through the pass-through."
	case errors.Is(err, management.ErrBadPasswordLine):
		summary = "OpenVPN management password rejected"
		hint = "This address answered like openvpn-auth-oauth2's pass-through socket, which closes the connection " +
			"after one wrong password. Set the provider's password (or " + EnvPassword + ") to the pass-through " +
			"password (openvpn-auth-oauth2's --openvpn.pass-through.password), not the daemon's management password."
	default:
		return "", "", false
	}
	return summary, hint, true
}
