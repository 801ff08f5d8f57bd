package main

import (
	"bytes"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"time"

	"github.com/vpnops/terraform-provider-openvpn/internal/openvpnlab"
)

// keepHeading starts the hand-written part of the README, which a new run
// keeps.
const keepHeading = "## Surprises relative to PROTOCOL.md"

func writeReadme(r *recorder, tmp string, servers []*openvpnlab.Server, carol *openvpnlab.Client) error {
	path := filepath.Join(r.out, "README.md")
	kept := keepHeading + "\n\n(none recorded yet)\n"
	if old, err := os.ReadFile(path); err == nil {
		// Only the heading at the start of a line: the introduction
		// mentions it too.
		if i := bytes.Index(old, []byte("\n"+keepHeading+"\n")); i >= 0 {
			kept = string(old[i+1:])
		}
	}
	bin, err := openvpnlab.Binary()
	if err != nil {
		return err
	}
	version, _ := exec.Command(bin, "--version").Output()
	first, _, _ := strings.Cut(string(version), "\n")

	var b strings.Builder
	fmt.Fprintf(&b, "# Management transcripts from a real OpenVPN daemon\n\n")
	fmt.Fprintf(&b, "Each `.txt` file holds the exact bytes the daemon sent (CRLF kept, no trailing newline added)\n")
	fmt.Fprintf(&b, "in one exchange, read raw with deadlines: from sending the command until %s of silence\n", idle)
	fmt.Fprintf(&b, "unless the table says otherwise. Regenerate with `go run ./internal/openvpnlab/cmd/capture`\n")
	fmt.Fprintf(&b, "(root, /dev/net/tun, openvpn and openssl needed); everything above the Surprises section is rewritten.\n\n")
	fmt.Fprintf(&b, "* Captured: %s\n", time.Now().UTC().Format("2006-01-02 15:04 MST"))
	fmt.Fprintf(&b, "* `openvpn --version`: `%s`\n", first)
	fmt.Fprintf(&b, "* Management password of server S: `%q` (spaces kept; pwfile first line)\n\n", password)

	fmt.Fprintf(&b, "## Daemons\n\n`$DIR` is a temporary directory; ports were free loopback ports.\n\n")
	names := []string{
		"S: server, management password, username auth (clients: `Doe, John #1`; `alice` with username `alice@example.com`; `alice` without; `bob`; `carol` with a management port; later `dave`)",
		"H: server with --management-hold, no password",
		"A: server with --management-client-auth and username auth, no password (clients `eve` admitted, `mallory` denied, `frank` admitted with a config block)",
	}
	for i, s := range servers {
		fmt.Fprintf(&b, "%s:\n```\nopenvpn %s\n```\n", names[i], strings.ReplaceAll(strings.Join(s.Args, " "), tmp, "$DIR"))
	}
	fmt.Fprintf(&b, "C: client `carol` of S, management port without password:\n```\nopenvpn %s\n```\n\n", strings.ReplaceAll(strings.Join(carol.Args, " "), tmp, "$DIR"))

	fmt.Fprintf(&b, "## Files, in capture order\n\n| file | daemon | sent | bytes | EOF | note |\n|---|---|---|---|---|---|\n")
	for _, e := range r.entries {
		eof := ""
		if e.eof {
			eof = "yes"
		}
		fmt.Fprintf(&b, "| `%s` | %s | %s | %d | %s | %s |\n", e.file, e.daemon, strings.ReplaceAll(e.sent, "|", `\|`), e.size, eof, e.note)
	}
	b.WriteString("\n" + kept)
	return os.WriteFile(path, []byte(b.String()), 0o644)
}
