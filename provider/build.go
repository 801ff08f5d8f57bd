package provider

import (
	"fmt"
	"runtime"
)

// Build identifies the binary Terraform runs: the release build stamps
// main.version and main.commit (.goreleaser.yml's ldflags), and main.go
// hands them here. The provider names it in its start-up log line and again
// in Configure, so a TF_LOG=INFO log says which release answered.
type Build struct {
	// Version is the release without its "v" ("0.1.0"); "dev" from a plain
	// go build.
	Version string
	// Commit is the git commit the release was built from; empty from a
	// plain go build.
	Commit string
}

// String is the build as a log line names it: "0.1.0 (commit 0123abc…,
// go1.26.8 linux/amd64)".
func (b Build) String() string {
	commit := b.Commit
	if commit == "" {
		commit = "unknown: not a release build"
	}
	return fmt.Sprintf("%s (commit %s, %s %s/%s)", b.Version, commit, runtime.Version(), runtime.GOOS, runtime.GOARCH)
}
