package management

import (
	"fmt"
	"regexp"
	"strconv"
	"strings"
)

// Version is the reply to the version command.
type Version struct {
	// Release is the OpenVPN release as "x.y.z" (e.g. "2.6.14"), parsed out of
	// Title. Pre-release and git builds print no patch level ("2.7_rc1",
	// "2.6_git"): Release is then that word as printed and Patch is 0.
	Release             string
	Major, Minor, Patch int
	// ManagementVersion is the "Management Version: N" line (MANAGEMENT_VERSION).
	ManagementVersion int
	// Title is the full title string after "OpenVPN Version: ".
	Title string
	// Platform is the build's target as the title names it: a GNU triplet
	// ("x86_64-pc-linux-gnu", "x86_64-w64-mingw32") or "Windows-MSVC" for
	// the MSVC builds; "" when the title names none.
	Platform string
	// Features are the title's bracketed build tags in order, without the
	// brackets ("SSL (OpenSSL)", "LZO", "DCO", ...). "DCO" says the build
	// supports data channel offload, not that it is in use.
	Features []string
}

// Windows reports whether the daemon is a Windows build. Its management
// loop differs (manage.c, _WIN32): input that arrives while a reply is
// still being written discards the rest of that reply.
func (v Version) Windows() bool {
	p := strings.ToLower(v.Platform)
	return strings.Contains(p, "mingw") || strings.Contains(p, "windows") || strings.Contains(p, "cygwin")
}

// The title starts with PACKAGE_STRING ("OpenVPN 2.6.14"; options.c,
// title_string). Releases are x.y.z; pre-releases and git builds print
// "2.7_rc1" or "2.6_git", so the patch level is optional here.
var releaseInTitle = regexp.MustCompile(`OpenVPN (\d+)\.(\d+)(?:\.(\d+))?(\S*)`)

// ParseVersion parses the data lines of a version reply (without END):
// "OpenVPN Version: <title>" and "Management Version: N" (manage.c).
// Other lines are ignored, in case a later release adds some.
func ParseVersion(lines []string) (Version, error) {
	var v Version
	var haveTitle, haveManagement bool
	for _, line := range lines {
		line = strings.TrimSuffix(line, "\r")
		if title, ok := strings.CutPrefix(line, "OpenVPN Version: "); ok {
			v.Title, haveTitle = title, true
		} else if n, ok := strings.CutPrefix(line, "Management Version: "); ok {
			mv, err := strconv.ParseUint(n, 10, 16)
			if err != nil {
				return Version{}, fmt.Errorf("%w: version: management version %q is not a number", ErrProtocol, replyExcerpt(n))
			}
			v.ManagementVersion, haveManagement = int(mv), true
		}
	}
	if !haveManagement {
		return Version{}, fmt.Errorf("%w: version: no \"Management Version:\" line in %d line(s)", ErrProtocol, len(lines))
	}
	if !haveTitle {
		return Version{}, fmt.Errorf("%w: version: no \"OpenVPN Version:\" line", ErrProtocol)
	}
	loc := releaseInTitle.FindStringIndex(v.Title)
	m := releaseInTitle.FindStringSubmatch(v.Title)
	if m == nil {
		return Version{}, fmt.Errorf("%w: version: no OpenVPN release in title %q", ErrProtocol, replyExcerpt(v.Title))
	}
	v.Platform, v.Features = titleParts(v.Title[loc[1]:])
	var err error
	if v.Major, err = strconv.Atoi(m[1]); err != nil {
		return Version{}, fmt.Errorf("%w: version: release %q out of range", ErrProtocol, m[0])
	}
	if v.Minor, err = strconv.Atoi(m[2]); err != nil {
		return Version{}, fmt.Errorf("%w: version: release %q out of range", ErrProtocol, m[0])
	}
	if m[3] == "" {
		v.Release = m[1] + "." + m[2] + m[4]
		return v, nil
	}
	if v.Patch, err = strconv.Atoi(m[3]); err != nil {
		return Version{}, fmt.Errorf("%w: version: release %q out of range", ErrProtocol, m[0])
	}
	v.Release = m[1] + "." + m[2] + "." + m[3]
	return v, nil
}

// titleParts reads what follows the release in a title: an optional
// "[git:…]" tag, the platform word, then bracketed feature tags and a
// "built on …" date (options.c title_string; the date only before 2.6).
func titleParts(rest string) (platform string, features []string) {
	for rest = strings.TrimSpace(rest); rest != ""; rest = strings.TrimSpace(rest) {
		if !strings.HasPrefix(rest, "[") {
			word, after, _ := strings.Cut(rest, " ")
			if word == "built" {
				break
			}
			if platform == "" && features == nil {
				platform = word
			}
			rest = after
			continue
		}
		tag, after, ok := cutTag(rest)
		if !ok {
			break
		}
		if !strings.HasPrefix(tag, "git:") {
			features = append(features, tag)
		}
		rest = after
	}
	return platform, features
}

// cutTag cuts a bracketed tag off s, which starts with "[", allowing
// nested parentheses ("[SSL (OpenSSL)]").
func cutTag(s string) (tag, rest string, ok bool) {
	end := strings.IndexByte(s, ']')
	if end < 0 {
		return "", s, false
	}
	return s[1:end], s[end+1:], true
}
