package provider

import (
	"context"
	"fmt"
	"os"
	"strings"
	"testing"
	"unicode"

	"github.com/hashicorp/terraform-plugin-framework/path"
	"github.com/hashicorp/terraform-plugin-framework/schema/validator"
	"github.com/hashicorp/terraform-plugin-framework/types"

	"github.com/vpnops/terraform-provider-openvpn/internal/management"
	"github.com/vpnops/terraform-provider-openvpn/internal/remote"
)

// Each failure of the client gets the summary that names its true cause,
// and every summary is explained in the README's troubleshooting table.
func TestExplainNamesTheTrueCause(t *testing.T) {
	wrap := func(err error) error { return fmt.Errorf("openvpn management at tcp://127.0.0.1:7505: %w", err) }
	stalled := &management.CommandError{Command: "status 3", Reply: "no complete reply within 1s", Cause: management.ErrTimeout}
	cases := []struct {
		err  error
		want string
	}{
		{wrap(management.ErrRefused), "OpenVPN management interface refused the connection"},
		{wrap(management.ErrPermission), "Permission denied on the OpenVPN management socket"},
		{wrap(management.ErrClosedOnConnect), "OpenVPN daemon closed the management connection on connect"},
		{wrap(management.ErrBusy), "OpenVPN management interface is busy"},
		{stalled, "OpenVPN daemon stopped answering"},
		{&management.RepeatedError{Err: stalled}, "OpenVPN daemon stopped answering"},
		{wrap(management.ErrTimeout), "OpenVPN management interface timed out"},
		{wrap(management.ErrBadPassword), "OpenVPN management password rejected"},
		{wrap(management.ErrPasswordRequired), "OpenVPN management password required"},
		{&management.CommandError{Command: "status 3", Reply: "The 'status' command is not supported by the current daemon mode", Cause: fmt.Errorf("%w (state RECONNECTING SIGHUP)", management.ErrRestarting)}, "OpenVPN daemon is restarting"},
		{&management.CommandError{Command: "status 3", Reply: "The 'status' command is not supported by the current daemon mode", Cause: management.ErrHoldWaiting}, "OpenVPN daemon is waiting in hold"},
		{&management.TruncatedError{Command: "status 3", Lines: 4}, "OpenVPN daemon cut its reply short"},
		{&management.CommandError{Command: "status 3", Reply: "no complete reply within 1s (4 lines came)", Cause: fmt.Errorf("%w: %w", management.ErrTimeout, management.ErrUnendedBehindProxy)}, "OpenVPN reply did not end behind a proxy"},
		{&management.LimitError{Command: "status 3", Limit: "line length", Max: management.MaxReplyLineBytes, Unit: "bytes"}, "Reply from the OpenVPN management interface too large"},
		{wrap(management.ErrClosed), "OpenVPN daemon closed the management connection"},
		{wrap(management.ErrProtocol), "Unexpected reply from the OpenVPN management interface"},
		{&management.CommandError{Command: "kill x", Reply: "common name 'x' not found", Cause: management.ErrNotFound}, "Not found by the OpenVPN daemon"},
		{&management.CommandError{Command: "kill x", Reply: "not supported by the current daemon mode", Cause: management.ErrWrongMode}, "Not supported by the OpenVPN daemon's mode"},
		{&management.ArgumentError{Command: "kill", Argument: "common name", Reason: "is empty"}, "Invalid argument for OpenVPN"},
		{&management.ReleaseError{Command: "remote-entry-get all", What: "remote-entry-get", Since: management.Release{Major: 2, Minor: 6}, Release: "2.5.11", ManagementVersion: 3}, "Not offered by the daemon's OpenVPN release"},
		{&management.ModeError{Command: "status 3", What: "status (" + management.FormSessions + ")", Needs: []management.Mode{management.ModeServer}, Mode: management.ModeClient, Release: "2.6.14"}, "Not supported by the OpenVPN daemon's mode"},
		{&management.ModeError{Command: "remote-entry-get all", What: "remote-entry-get", Needs: []management.Mode{management.ModeClient}, Mode: management.ModeServer, Release: "2.6.14", Sent: true, Reply: "The 'remote-entry-get' command is not supported by the current daemon mode"}, "Not supported by the OpenVPN daemon's mode"},
	}
	readme, err := os.ReadFile("../README.md")
	if err != nil {
		t.Fatal(err)
	}
	hints := map[string]string{}
	for _, c := range cases {
		summary, hint := explain(c.err)
		if summary != c.want {
			t.Errorf("%v: summary %q, want %q", c.err, summary, c.want)
		}
		if !strings.Contains(string(readme), "\n| "+summary+" |") {
			t.Errorf("README's troubleshooting table has no row for %q", summary)
		}
		if phrase := repeatedPhrase(c.err.Error(), hint); phrase != "" {
			t.Errorf("%q: the hint repeats the error's own words %q", summary, phrase)
		}
		// No hint written twice: each cause has its own words.
		if other, ok := hints[hint]; ok && hint != "" && other != summary {
			t.Errorf("%q and %q share a hint", summary, other)
		}
		hints[hint] = summary
	}
}

// The failures on the way to a remote daemon and behind a proxy are worded
// in the same one place, and the README's table explains each of them.
func TestExplainRemoteAndProxyCauses(t *testing.T) {
	host := remote.HopHost
	cases := []struct {
		err  error
		want string
	}{
		{&remote.HostKeyError{Hop: host, Host: "vpn1:22", Fingerprint: "SHA256:x"}, "SSH host unknown"},
		{&remote.HostKeyError{Hop: host, Host: "vpn1:22", Fingerprint: "SHA256:x", Changed: true}, "SSH host key changed"},
		{&remote.AuthError{Hop: host, Host: "vpn1:22", User: "ops"}, "SSH host authentication failed"},
		{&remote.ForwardError{Hop: host, Host: "vpn1:22", Network: "tcp", Target: "127.0.0.1:7505", Prohibited: true, Option: "AllowTcpForwarding"}, "SSH host refused to forward to the management port"},
		{&remote.ForwardError{Hop: host, Host: "vpn1:22", Network: "tcp", Target: "127.0.0.1:7505"}, "OpenVPN management interface not reachable from the SSH host"},
		{&remote.ForwardError{Hop: host, Host: "vpn1:22", Network: "unix", Target: "/run/openvpn/server.sock", Option: "AllowStreamLocalForwarding"}, "SSH host could not open the OpenVPN management socket"},
		{&remote.UnreachableError{Hop: host, Host: "vpn1:22", Step: "dial", Err: management.ErrRefused}, "SSH host unreachable"},
		{&remote.TimeoutError{Hop: host, Host: "vpn1:22", Step: "dial", Timeout: "1s"}, "SSH host timed out"},
		{&remote.TLSError{Target: "vpn1:7505", Reason: "certificate signed by an unknown authority"}, "TLS to the OpenVPN management port failed"},
		{&management.RepeatedError{Err: &remote.UnreachableError{Hop: host, Host: "vpn1:22", Step: "dial", Err: management.ErrRefused}}, "SSH host unreachable"},
		{management.ErrHoldIntercepted, "OpenVPN hold is intercepted by a proxy"},
	}
	readme, err := os.ReadFile("../README.md")
	if err != nil {
		t.Fatal(err)
	}
	for _, c := range cases {
		summary, hint := explain(c.err)
		if summary != c.want || hint == "" {
			t.Errorf("%v: summary %q (hint %q), want %q with a hint", c.err, summary, hint, c.want)
		}
		if phrase := repeatedPhrase(c.err.Error(), hint); phrase != "" {
			t.Errorf("%q: the hint repeats the error's own words %q", summary, phrase)
		}
		if !strings.Contains(string(readme), "\n| "+summary+" |") {
			t.Errorf("README's troubleshooting table has no row for %q", summary)
		}
	}
}

// repeatedPhraseWords is how many words in a row make a repeat: the
// error says what was seen, the hint what to do, and neither says the
// other's part again.
const repeatedPhraseWords = 5

// repeatedPhrase is the first run of repeatedPhraseWords words of hint
// that errText also contains (case and punctuation aside), or "".
func repeatedPhrase(errText, hint string) string {
	words := func(s string) []string {
		return strings.FieldsFunc(strings.ToLower(s), func(r rune) bool {
			return !unicode.IsLetter(r) && !unicode.IsDigit(r) && r != '-' && r != '\''
		})
	}
	inErr := " " + strings.Join(words(errText), " ") + " "
	h := words(hint)
	for i := 0; i+repeatedPhraseWords <= len(h); i++ {
		phrase := strings.Join(h[i:i+repeatedPhraseWords], " ")
		if strings.Contains(inErr, " "+phrase+" ") {
			return phrase
		}
	}
	return ""
}

// The repeat check finds a repeat across punctuation and case, and not
// four words in a row.
func TestRepeatedPhrase(t *testing.T) {
	if got := repeatedPhrase("busy: another management client is probably connected", "Another management client is, probably, there."); got != "another management client is probably" {
		t.Errorf("repeat across punctuation: got %q", got)
	}
	if got := repeatedPhrase("nothing was sent to it", "Nothing was sent to the daemon."); got != "" {
		t.Errorf("four words in a row: got %q, want no repeat", got)
	}
}

// A refused address is reported as the client saw it, followed by the
// accepted forms, which the client's error does not repeat.
func TestInvalidAddressNamesTheAcceptedForms(t *testing.T) {
	for _, addr := range []string{"", "http://127.0.0.1:80", "unix://relative.sock", "127.0.0.1", "tcp://[::1:7505"} {
		err := management.ValidateAddress(addr)
		if err == nil {
			t.Fatalf("ValidateAddress(%q) accepted it", addr)
		}
		if strings.Contains(err.Error(), "HOST:PORT") || strings.Contains(strings.ToLower(err.Error()), "use ") {
			t.Errorf("ValidateAddress(%q) = %q: advice in the client's error", addr, err)
		}
		var resp validator.StringResponse
		addressValidator{}.ValidateString(context.Background(), validator.StringRequest{Path: path.Root("address"), ConfigValue: types.StringValue(addr)}, &resp)
		if addr == "" {
			continue // an empty address is the environment's to fill
		}
		if !resp.Diagnostics.HasError() {
			t.Fatalf("addressValidator accepted %q", addr)
		}
		detail := resp.Diagnostics[0].Detail()
		if !strings.HasPrefix(detail, err.Error()) || !strings.Contains(detail, addressForms) {
			t.Errorf("addressValidator(%q) detail %q; want the client's error then the accepted forms", addr, detail)
		}
	}
	_, attr, err := clientConfig(connectionModel{Address: types.StringValue("127.0.0.1")}, func(string) string { return "" })
	if attr != "address" || err == nil || !strings.Contains(err.Error(), addressForms) {
		t.Errorf("clientConfig(127.0.0.1) = %q, %v; want the address named with the accepted forms", attr, err)
	}
}
