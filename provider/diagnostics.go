package provider

import (
	"errors"

	"github.com/hashicorp/terraform-plugin-framework/diag"

	"github.com/vpnops/terraform-provider-openvpn/internal/management"
)

// addClientError turns a management client error into a diagnostic whose
// summary says what kind of failure it was and whose detail says what to
// do. The client's errors never contain the password.
func addClientError(diags *diag.Diagnostics, what string, err error) {
	if summary, hint, ok := remoteDiagnostic(err); ok {
		diags.AddError(summary, what+": "+err.Error()+"\n\n"+hint)
		return
	}
	summary := "OpenVPN management command failed"
	hint := ""
	switch {
	case errors.Is(err, management.ErrRefused):
		summary = "OpenVPN management interface refused the connection"
		hint = "Check that the daemon runs with --management on this address, and the provider's address."
	case errors.Is(err, management.ErrBusy):
		summary = "OpenVPN management interface is busy"
		hint = "OpenVPN serves one management client at a time and another one (openvpn-monitor, a shell with nc, " +
			"another Terraform run) holds the port. Close it, or raise the provider's timeout to wait for it."
	case errors.Is(err, management.ErrBadPassword):
		summary = "OpenVPN management password rejected"
		hint = "Set the provider's password (or OPENVPN_MANAGEMENT_PASSWORD) to the first line of the daemon's management password file."
	case errors.Is(err, management.ErrPasswordRequired):
		summary = "OpenVPN management password required"
		hint = "The daemon asks for a password: set the provider's password or OPENVPN_MANAGEMENT_PASSWORD."
	case errors.Is(err, management.ErrTimeout):
		summary = "OpenVPN management interface timed out"
		hint = "The daemon did not answer in time. Check that it is alive, or raise the provider's timeout."
	case errors.Is(err, management.ErrClosed):
		summary = "OpenVPN daemon closed the management connection"
		hint = "The daemon hung up mid-command: it may be restarting (SIGHUP, SIGTERM, a crash) or reset its " +
			"management interface after a >FATAL:. Check its log, then run Terraform again."
	case errors.Is(err, management.ErrProtocol):
		summary = "Unexpected reply from the OpenVPN management interface"
		hint = "Check that the address is an OpenVPN management interface (not another service), and which " +
			"OpenVPN release runs there (the openvpn_version data source)."
	case errors.Is(err, management.ErrNotFound):
		summary = "Not found by the OpenVPN daemon"
	case errors.Is(err, management.ErrWrongMode):
		summary = "Not supported by the OpenVPN daemon's mode"
	case errors.Is(err, management.ErrInvalidArgument):
		summary = "Invalid argument for OpenVPN"
	}
	detail := what + ": " + err.Error()
	if hint != "" {
		detail += "\n\n" + hint
	}
	diags.AddError(summary, detail)
}

// notConfigured reports use of a data source, resource or action before
// the provider was configured.
func notConfigured(diags *diag.Diagnostics) {
	diags.AddError("Provider not configured",
		"The OpenVPN provider was not configured before use. This is a bug in the provider or in Terraform; please report it.")
}

// wrongModeError reports a server-only data source read on a client-mode daemon.
func wrongModeError(diags *diag.Diagnostics, typeName string, mode management.Mode) {
	diags.AddError("Not supported by the OpenVPN daemon's mode",
		typeName+" needs a daemon in server mode (--server or --mode server), but the daemon at this address runs in "+
			string(mode)+" mode. Point the provider at the server's management interface.")
}
