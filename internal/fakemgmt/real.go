package fakemgmt

import (
	"embed"
	"strings"
)

// realFS holds the bytes captured from a live openvpn 2.6.14 (see
// testdata/real-2.6.14/README.md). Daemon26 answers from them so that the
// fake cannot drift from the daemon.
//
//go:embed testdata/real-2.6.14
var realFS embed.FS

// realFile returns one captured file, e.g. realFile("server/version.txt").
func realFile(name string) string {
	b, err := realFS.ReadFile("testdata/real-2.6.14/" + name)
	if err != nil {
		panic("fakemgmt: missing transcript: " + err.Error()) // a build without its testdata
	}
	return string(b)
}

// withoutNotifications drops the ">"-lines a capture caught in front of a
// reply, such as the >LOG: echo of the command itself after `log on`.
func withoutNotifications(reply string) string {
	var b strings.Builder
	for _, l := range strings.SplitAfter(reply, "\r\n") {
		if !strings.HasPrefix(l, ">") {
			b.WriteString(l)
		}
	}
	return b.String()
}
