package management

import (
	"fmt"
	"strings"
)

// What a session's names and address can look like in a "status 3" row.
// Selecting sessions compares a value with these columns, so a value they
// can never hold can never select anything: CheckListed* say so before a
// command is sent.
//
// The daemon prints every control byte of a common name or username
// (below 0x20, and 0x7f: TAB, CR, LF, NUL, DEL, ...) as "_"
// (string_mod_remap_name, ssl_verify.c; seen on 2.6.14: a certificate
// with CN "tab<TAB>here<DEL>del" is listed as "tab_here_del"). Bytes of
// 0x80 and above are printed as they are, so UTF-8 names match.

// usernameNone is what the daemon prints in the Username column of a
// session without one (tls_username); Session.HasUsername is false then.
const usernameNone = "UNDEF"

// commonNameNone is what the daemon prints as the common name of a session
// whose TLS handshake has not verified a certificate yet (tls_common_name).
// A connecting client is listed so for a moment (about 10 ms on an idle
// 2.6.14 lab, longer under load) before its real common name appears.
const commonNameNone = "UNDEF"

// Negotiating reports whether the daemon listed s before its certificate
// was verified: its common name is not known yet, and the next status
// read may show it.
func (s Session) Negotiating() bool { return s.CommonName == commonNameNone }

// NotListedError says why a value can never appear in a status column.
type NotListedError struct {
	Column string // "Common Name", "Username", "Real Address"
	Value  string
	Reason string // e.g. `contains a TAB (0x09) at byte 3, which the daemon lists as "_"`
}

func (e *NotListedError) Error() string {
	return fmt.Sprintf("%q can never appear in the status column %q: it %s", e.Value, e.Column, e.Reason)
}

func (e *NotListedError) Unwrap() error { return ErrInvalidArgument }

// CheckListedCommonName returns a *NotListedError when no session can be
// listed with this common name. "UNDEF" is what the daemon prints for a
// session still negotiating, so it names no certificate.
func CheckListedCommonName(name string) error {
	if name == commonNameNone {
		return &NotListedError{Column: "Common Name", Value: name,
			Reason: "is what the daemon prints for a session whose certificate is not verified yet, so it names no certificate"}
	}
	return checkListedName("Common Name", name)
}

// CheckListedUsername returns a *NotListedError when no session can be
// listed with this username. "UNDEF" is what the daemon prints for a
// session without a username, so it names none.
func CheckListedUsername(name string) error {
	if name == usernameNone {
		return &NotListedError{Column: "Username", Value: name,
			Reason: "is what the daemon prints for a session that has no username, so it names no user"}
	}
	return checkListedName("Username", name)
}

func checkListedName(column, name string) error {
	if i, c, ok := firstControl(name); ok {
		return &NotListedError{Column: column, Value: name,
			Reason: controlReason(i, c) + `, and the daemon lists every control character of a name as "_"`}
	}
	return nil
}

// CheckListedAddress returns a *NotListedError when no session can be
// listed with this real address (or IP): the daemon prints an address as
// one word ("127.0.0.1:40288", "udp6:[::1]:55761", "UNKNOWN") with no
// blank or control byte, and never an empty one.
func CheckListedAddress(addr string) error {
	switch {
	case addr == "":
		return &NotListedError{Column: "Real Address", Value: addr, Reason: "is empty; the daemon always prints an address"}
	case strings.ContainsAny(addr, " "):
		return &NotListedError{Column: "Real Address", Value: addr, Reason: "contains a space; the daemon prints an address as one word"}
	}
	if i, c, ok := firstControl(addr); ok {
		return &NotListedError{Column: "Real Address", Value: addr, Reason: controlReason(i, c) + "; the daemon prints none in an address"}
	}
	return nil
}
