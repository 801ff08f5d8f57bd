package management

import "testing"

// SetReplyLimits lowers the reply limits for one test, so that reaching
// them costs kilobytes instead of the real limits' megabytes.
func SetReplyLimits(t *testing.T, lineBytes int, replyBytes int64, replyLines int) {
	saved := limits
	limits.lineBytes, limits.replyBytes, limits.replyLines = lineBytes, replyBytes, replyLines
	t.Cleanup(func() { limits = saved })
}
