package provider

import (
	"errors"
	"fmt"
	"strings"

	"github.com/hashicorp/terraform-plugin-framework/diag"

	"github.com/vpnops/terraform-provider-openvpn/internal/management"
)

// addClientError turns a management client error into a diagnostic whose
// summary says what kind of failure it was and whose detail says what to
// do. The client's errors never contain the password.
func addClientError(diags *diag.Diagnostics, what string, err error) {
	summary, hint := explain(err)
	detail := what + ": " + err.Error()
	var repeated *management.RepeatedError
	if errors.As(err, &repeated) {
		// Terraform lists errors in the configuration's order, not the
		// run's (its diagnostics are sorted by source position), so the
		// error that was tried may come after its repeats: they say so
		// first thing, and leave what to do to it.
		summary += " (not tried again)"
		hint = "What to do is under the error without \"not tried again\" (Terraform lists errors in the " +
			"configuration's order, not the run's)."
	}
	if name, ok := management.DaemonName(err); ok && repeated == nil && speaksOfSettings(hint) {
		hint += " " + namedDaemonSettings(name)
	}
	if hint != "" {
		detail += "\n\n" + hint
	}
	diags.AddError(summary, detail)
}

// speaksOfSettings reports whether a hint tells the user to change one of
// the connection's settings, which hints word as the provider block's own
// ("the provider's timeout", tls.ca_certificate, host_key, private_key).
func speaksOfSettings(hint string) bool {
	for _, w := range []string{"provider's ", "OPENVPN_MANAGEMENT_", "tls.", "host_key", "known_hosts_file", "private_key"} {
		if strings.Contains(hint, w) {
			return true
		}
	}
	return false
}

// namedDaemonSettings says, under the error of a named daemon, where the
// settings a hint speaks of are: the hints say "the provider's password"
// and name the environment variables, which serve only the provider
// block's own daemon.
func namedDaemonSettings(name string) string {
	return fmt.Sprintf("The settings of daemon %q (address, password, timeout, ssh, tls) are those of daemons[%q] in "+
		"the provider block; the %s variables serve only the block's own daemon, not this one.",
		name, name, "OPENVPN_MANAGEMENT_*")
}

// explain is the one place that words the client's failures for an
// operator: a summary naming the true cause, and what to do about it. The
// most specific cause comes first (a remembered failure, a restart found
// behind "not supported", a timeout inside an open session).
func explain(err error) (summary, hint string) {
	if summary, hint, ok := explainProxy(err); ok {
		return summary, hint
	}
	if summary, hint, ok := remoteDiagnostic(err); ok {
		return summary, hint
	}
	if summary, hint, ok := explainRefusal(err); ok {
		return summary, hint
	}
	var ce *management.CommandError
	switch {
	case errors.Is(err, management.ErrRefused):
		return "OpenVPN management interface refused the connection",
			"Nothing listens at the provider's address: check that the daemon runs with --management on this " +
				"address and port (or socket path)."
	case errors.Is(err, management.ErrPermission):
		return "Permission denied on the OpenVPN management socket",
			"Run Terraform as a user that may write to the socket and search its directory (the daemon creates it with its " +
				"own user and umask), or make the socket's group one of yours."
	case errors.Is(err, management.ErrClosedOnConnect):
		return "OpenVPN daemon closed the management connection on connect",
			"The daemon accepted the connection and closed it before its greeting. It does this to a user that " +
				"--management-client-user or --management-client-group does not allow: run Terraform as that user " +
				"or group. A daemon shutting down can do the same: check that it runs."
	case errors.Is(err, management.ErrBusy):
		return "OpenVPN management interface is busy",
			"OpenVPN serves one management client at a time, so another one (openvpn-monitor, a shell with nc, another " +
				"Terraform run) probably holds the port: close it, or raise the provider's timeout to wait for it. " +
				"A stopped daemon (kill -STOP, a debugger) looks the same: check that it runs."
	case errors.Is(err, management.ErrUnendedBehindProxy):
		return "OpenVPN reply did not end behind a proxy",
			"Something between the provider and the daemon (openvpn-auth-oauth2's pass-through, for example) " +
				"drops the pid command that tells a reply cut short from a stopped daemon, so the two look alike. " +
				"OpenVPN drops a status reply from its first line of 512 bytes or more (a very long username or " +
				"common name): look for that client in the daemon's log, and check that the daemon runs."
	case errors.Is(err, management.ErrTimeout) && errors.As(err, &ce):
		return "OpenVPN daemon stopped answering",
			"The daemon took the command but sent no complete reply within the provider's timeout: it is stopped " +
				"(kill -STOP, a debugger) or blocked (a slow --auth-user-pass-verify or --client-connect script). " +
				"Check that it runs and what its log says. Raise the provider's timeout only for replies that are " +
				"slow by nature (the status of many thousand clients)."
	case errors.Is(err, management.ErrTimeout):
		return "OpenVPN management interface timed out",
			"The connection was not completed within the provider's timeout. On a local daemon this means its " +
				"listen queue (one connection) is full of connections it does not serve: it is stopped or held by " +
				"another management client. Otherwise a firewall may drop the packets. Check that the daemon runs " +
				"and the provider's address, or raise the provider's timeout."
	case errors.Is(err, management.ErrBadPassword):
		return "OpenVPN management password rejected",
			"Set the provider's password (or OPENVPN_MANAGEMENT_PASSWORD) to the first line of the daemon's " +
				"management password file."
	case errors.Is(err, management.ErrPasswordRequired):
		return "OpenVPN management password required",
			"The daemon asks for a password: set the provider's password or OPENVPN_MANAGEMENT_PASSWORD."
	case errors.Is(err, management.ErrRestarting):
		return "OpenVPN daemon is restarting",
			"The daemon is between two instances (after SIGHUP or SIGUSR1, or still starting) and offers this " +
				"command again once it is up. Run Terraform again in a moment; if this persists, check the daemon's log."
	case errors.Is(err, management.ErrHoldWaiting):
		return "OpenVPN daemon is waiting in hold",
			"The daemon waits for a management client to release it (--management-hold, or the hold flag and a " +
				"restart) and serves nothing until then. Release it with the openvpn_hold_release action or the " +
				"management command \"hold release\"; set openvpn_hold to false so the next restart does not hold again."
	case errors.Is(err, management.ErrTruncated):
		return "OpenVPN daemon cut its reply short",
			"Nothing was waited for. A status line that long comes from a very long username or common name: " +
				"find that client in the daemon's log. OpenVPN 2.7 with DCO answers status with nothing when it " +
				"cannot read the peers' statistics; the log says so too."
	case errors.Is(err, management.ErrTooLarge):
		return "Reply from the OpenVPN management interface too large",
			"The peer sent more than the provider reads (the error names the limit), so the connection was " +
				"dropped. A daemon's lines stay far below these limits: check that the provider's address is an " +
				"OpenVPN management interface and not another service."
	case errors.Is(err, management.ErrClosed):
		return "OpenVPN daemon closed the management connection",
			"The daemon hung up mid-command: it may be restarting (SIGHUP, SIGTERM, a crash) or reset its " +
				"management interface after a >FATAL:. Check its log, then run Terraform again."
	case errors.Is(err, management.ErrProtocol):
		return "Unexpected reply from the OpenVPN management interface",
			"Check that the address is an OpenVPN management interface (not another service), and which " +
				"OpenVPN release runs there (the openvpn_version data source)."
	case errors.Is(err, management.ErrNotFound):
		return "Not found by the OpenVPN daemon", "Check the selector against the daemon's current status."
	case errors.Is(err, management.ErrWrongMode):
		return summaryWrongMode,
			"The daemon runs in a mode (server or client) that does not offer this command."
	case errors.Is(err, management.ErrInvalidArgument):
		return "Invalid argument for OpenVPN", ""
	}
	return "OpenVPN management command failed", ""
}

// notConfigured reports use of a data source, resource or action before
// the provider was configured.
func notConfigured(diags *diag.Diagnostics) {
	diags.AddError("Provider not configured",
		"The OpenVPN provider was not configured before use. This is a bug in the provider or in Terraform; please report it.")
}

// summaryWrongMode names a command the daemon's mode does not answer,
// whether the daemon said so or the provider knew it before sending.
const summaryWrongMode = "Not supported by the OpenVPN daemon's mode"

// explainRefusal words the capability table's refusals (the command is
// not in the daemon's release; the daemon's mode does not answer it),
// with the daemon's release and what to do. ok is false for other errors.
func explainRefusal(err error) (summary, hint string, ok bool) {
	var re *management.ReleaseError
	var me *management.ModeError
	switch {
	case errors.As(err, &re):
		hint = "Leave this object out of the configurations that reach daemons of that release"
		if re.Since != (management.Release{}) {
			hint = fmt.Sprintf("Upgrade the daemon to OpenVPN %s or later to use this, or leave this object out of "+
				"the configurations that reach older daemons", re.Since)
		}
		return "Not offered by the daemon's OpenVPN release",
			hint + " (the openvpn_version data source reports each daemon's release).", true
	case errors.As(err, &me):
		where := "a server's management interface (a daemon started with --server or --mode server)"
		if len(me.Needs) == 1 && me.Needs[0] == management.ModeClient {
			where = "a client's management interface (a daemon started with --client, or a point-to-point one)"
		}
		return summaryWrongMode, fmt.Sprintf("Point this object at %s: set its daemon to one (without daemon: the "+
			"provider block's own address), or leave the object out of the configurations that reach this daemon (the "+
			"openvpn_server data source reports each daemon's mode).", where), true
	}
	return "", "", false
}
