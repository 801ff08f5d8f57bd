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
	m := releaseInTitle.FindStringSubmatch(v.Title)
	if m == nil {
		return Version{}, fmt.Errorf("%w: version: no OpenVPN release in title %q", ErrProtocol, replyExcerpt(v.Title))
	}
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
