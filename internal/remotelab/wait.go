package remotelab

import (
	"strings"
	"time"
)

// waitEither waits up to 20 s for one of two log lines and returns the one
// seen ("" if neither, or the process exited).
func waitEither(p *process, ok, bad string) string {
	deadline := time.Now().Add(20 * time.Second)
	for time.Now().Before(deadline) {
		l := p.log()
		switch {
		case strings.Contains(l, ok):
			return ok
		case strings.Contains(l, bad):
			return bad
		}
		select {
		case <-p.done:
			return ""
		case <-time.After(20 * time.Millisecond):
		}
	}
	return ""
}
