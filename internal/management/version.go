package management

// Version is the reply to the version command.
type Version struct {
	// Release is the OpenVPN release as "x.y.z" (e.g. "2.6.14"), parsed out of Title.
	Release             string
	Major, Minor, Patch int
	// ManagementVersion is the "Management Version: N" line (MANAGEMENT_VERSION).
	ManagementVersion int
	// Title is the full title string after "OpenVPN Version: ".
	Title string
}

// ParseVersion parses the data lines of a version reply (without END).
func ParseVersion(lines []string) (Version, error) {
	panic("TODO")
}
