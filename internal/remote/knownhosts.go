package remote

import (
	"crypto/hmac"
	"crypto/sha1" //nolint:gosec // OpenSSH hashes known_hosts names with HMAC-SHA1; it is a lookup, not a signature.
	"encoding/base64"
	"fmt"
	"os"
	"strconv"
	"strings"

	"golang.org/x/crypto/ssh"
)

// A known_hosts file read the way OpenSSH's ssh reads it (sshd(8) "SSH_KNOWN_HOSTS FILE FORMAT",
// hostfile.c): a line that cannot be read is skipped, not fatal; host
// patterns are matched against "host" on port 22 and "[host]:port"
// otherwise, with "*" and "?" wildcards and "!" negations; a hashed name
// (|1|salt|hash) is HMAC-SHA1 of that same string. x/crypto's knownhosts
// package differs on each of these (it refuses the whole file for one bad
// line, and matches "*" only on port 22), so the file is read here.

// marker is what a known_hosts line says about its key.
type marker int

const (
	hostKeyLine   marker = iota // a host key of the named hosts
	certAuthority               // @cert-authority: a CA whose host certificates are trusted for the named hosts
	revokedKey                  // @revoked: a key (host key or CA) never to accept for the named hosts
)

// knownLine is one readable line of a known_hosts file.
type knownLine struct {
	marker marker
	hosts  string // the host patterns, as written
	key    ssh.PublicKey
	where  string // FILE:LINE
}

// knownHosts is a known_hosts file: its readable lines, and the numbers of
// those it skipped.
type knownHosts struct {
	path    string
	lines   []knownLine
	skipped []int
}

// readKnownHosts reads path. A missing file is an error the caller tests
// with errors.Is(err, os.ErrNotExist).
func readKnownHosts(path string) (*knownHosts, error) {
	b, err := os.ReadFile(path)
	if err != nil {
		return nil, err
	}
	kh := &knownHosts{path: path}
	for i, text := range strings.Split(string(b), "\n") {
		l, ok, blank := parseKnownLine(text)
		switch {
		case blank:
		case ok:
			l.where = path + ":" + strconv.Itoa(i+1)
			kh.lines = append(kh.lines, l)
		default:
			kh.skipped = append(kh.skipped, i+1)
		}
	}
	return kh, nil
}

// parseKnownLine reads one line: [marker] patterns keytype base64 [comment].
// blank is true for an empty or comment line; ok is false for a line
// OpenSSH would skip (an unknown marker, a key that does not parse or
// whose type is not the one named).
func parseKnownLine(text string) (l knownLine, ok, blank bool) {
	text = strings.TrimSpace(strings.TrimSuffix(text, "\r"))
	if text == "" || text[0] == '#' {
		return knownLine{}, false, true
	}
	f := strings.Fields(text)
	if strings.HasPrefix(f[0], "@") {
		switch f[0] {
		case "@cert-authority":
			l.marker = certAuthority
		case "@revoked":
			l.marker = revokedKey
		default:
			return knownLine{}, false, false
		}
		f = f[1:]
	}
	if len(f) < 3 {
		return knownLine{}, false, false
	}
	blob, err := base64.StdEncoding.DecodeString(f[2])
	if err != nil {
		return knownLine{}, false, false
	}
	key, err := ssh.ParsePublicKey(blob)
	if err != nil || key.Type() != f[1] {
		return knownLine{}, false, false
	}
	l.hosts, l.key = f[0], key
	return l, true, false
}

// knownName is the name OpenSSH looks a host up by: the host on port 22,
// "[host]:port" on any other (sshconnect.c get_hostfile_hostname_ipaddr).
func knownName(host string, port int) string {
	host = strings.ToLower(host)
	if port == 22 {
		return host
	}
	return "[" + host + "]:" + strconv.Itoa(port)
}

// matches says whether a line's host patterns name name: a hashed entry
// by its hash, otherwise a comma-separated list of patterns where one
// positive match is needed and any negated ("!") match excludes
// (match.c match_hostname).
func (l knownLine) matches(name string) bool {
	if strings.HasPrefix(l.hosts, "|") {
		return hashedNameMatches(l.hosts, name)
	}
	positive := false
	for _, p := range strings.Split(strings.ToLower(l.hosts), ",") {
		negated := strings.HasPrefix(p, "!")
		if negated {
			p = p[1:]
		}
		if wildcardMatch(p, name) {
			if negated {
				return false
			}
			positive = true
		}
	}
	return positive
}

// hashedNameMatches checks a |1|salt|hash entry (ssh-keygen -H) against
// name.
func hashedNameMatches(entry, name string) bool {
	parts := strings.Split(entry, "|")
	if len(parts) != 4 || parts[1] != "1" {
		return false
	}
	salt, err1 := base64.StdEncoding.DecodeString(parts[2])
	want, err2 := base64.StdEncoding.DecodeString(parts[3])
	if err1 != nil || err2 != nil {
		return false
	}
	mac := hmac.New(sha1.New, salt)
	mac.Write([]byte(name))
	return hmac.Equal(mac.Sum(nil), want)
}

// wildcardMatch matches s against a pattern where "*" is any run of
// characters and "?" any one; everything else, "[" and "]" included, is
// literal (match.c match_pattern).
func wildcardMatch(pattern, s string) bool {
	// Iterative, with one backtrack point: the last "*" seen.
	p, i, star, mark := 0, 0, -1, 0
	for i < len(s) {
		switch {
		case p < len(pattern) && (pattern[p] == '?' || pattern[p] == s[i]):
			p++
			i++
		case p < len(pattern) && pattern[p] == '*':
			star, mark = p, i
			p++
		case star >= 0:
			p = star + 1
			mark++
			i = mark
		default:
			return false
		}
	}
	for p < len(pattern) && pattern[p] == '*' {
		p++
	}
	return p == len(pattern)
}

// hostLines is what a known_hosts file says about one name: its host
// keys, the CAs trusted to certify it, and the keys revoked for it.
type hostLines struct {
	keys, cas, revoked []knownLine
}

func (kh *knownHosts) linesFor(name string) hostLines {
	var h hostLines
	for _, l := range kh.lines {
		if !l.matches(name) {
			continue
		}
		switch l.marker {
		case hostKeyLine:
			h.keys = append(h.keys, l)
		case certAuthority:
			h.cas = append(h.cas, l)
		case revokedKey:
			h.revoked = append(h.revoked, l)
		}
	}
	return h
}

// find returns the line among lines whose key is k's, or nil.
func find(lines []knownLine, k ssh.PublicKey) *knownLine {
	want := k.Marshal()
	for i := range lines {
		if string(lines[i].key.Marshal()) == string(want) {
			return &lines[i]
		}
	}
	return nil
}

// describe names a line's key for an error: type, fingerprint and where.
func (l knownLine) describe() string {
	if l.where == "" {
		return fmt.Sprintf("%s %s", l.key.Type(), ssh.FingerprintSHA256(l.key))
	}
	return fmt.Sprintf("%s %s (%s)", l.key.Type(), ssh.FingerprintSHA256(l.key), l.where)
}
