package management

import (
	"fmt"
	"strings"
	"time"
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
// 2.6.14 lab, longer under load) before its real common name appears. A
// certificate whose common name is literally "UNDEF" is listed the same
// way for as long as it stays connected (seen on 2.6.14:
// "CLIENT_LIST	UNDEF	127.0.0.1:52113	10.8.0.6	…").
const commonNameNone = "UNDEF"

// handshakeWindow is the daemon's default --hand-window: a TLS handshake
// that has not completed this long after the session was created ends it
// ("TLS key negotiation failed to occur within 60 seconds", ssl.c), so a
// session listed for longer has finished negotiating.
const handshakeWindow = 60 * time.Second

// Negotiating reports whether s may still be negotiating, as listed by a
// status read at `at` (Status.UpdatedAt: the daemon's own clock, so a
// remote daemon's clock skew does not count). The daemon lists a session
// from the moment it creates it (multi_create_instance sets the Connected
// Since time), with the common name UNDEF until its TLS handshake has
// verified a certificate; the next status read may show the real name.
//
// The placeholder alone proves nothing, since a certificate may be named
// UNDEF. A session has finished negotiating when it has a virtual address
// (assigned only once the handshake and client-connect are done,
// multi_select_virtual_addr) or when it was created longer than
// handshakeWindow ago. A server with a longer --hand-window and no address
// pool can therefore have a session judged as named UNDEF while it still
// negotiates; a session listed with no status time (zero `at` or Connected
// Since) is taken as negotiating.
func (s Session) Negotiating(at time.Time) bool {
	if s.CommonName != commonNameNone || s.VirtualAddress != "" || s.VirtualIPv6Address != "" {
		return false
	}
	if at.IsZero() || s.ConnectedSince.IsZero() {
		return true
	}
	return at.Sub(s.ConnectedSince) <= handshakeWindow
}

// NotListedError says why a value can never appear in a status column.
type NotListedError struct {
	Column string // "Common Name", "Username", "Real Address"
	Value  string
	Reason string // e.g. `contains a TAB (0x09) at byte 3, which the daemon lists as "_"`
	// Placeholder is true when Value is the daemon's word for "none"
	// (UNDEF): it cannot tell a session by it.
	Placeholder bool
}

func (e *NotListedError) Error() string {
	return fmt.Sprintf("%q can never appear in the status column %q: it %s", e.Value, e.Column, e.Reason)
}

func (e *NotListedError) Unwrap() error { return ErrInvalidArgument }

// CheckListedCommonName returns a *NotListedError when no session can be
// told by this common name. "UNDEF" is what the daemon prints for a
// session still negotiating, and also for a certificate really named so:
// a selector "UNDEF" would pick both.
func CheckListedCommonName(name string) error {
	if name == commonNameNone {
		return &NotListedError{Column: "Common Name", Value: name, Placeholder: true,
			Reason: "is what the daemon prints for every session whose certificate is not verified yet, " +
				"so it cannot tell a certificate named UNDEF from a session still negotiating"}
	}
	return checkListedName("Common Name", name)
}

// CheckListedUsername returns a *NotListedError when no session can be
// listed with this username. "UNDEF" is what the daemon prints for a
// session without a username, so it names none.
func CheckListedUsername(name string) error {
	if name == usernameNone {
		return &NotListedError{Column: "Username", Value: name, Placeholder: true,
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
