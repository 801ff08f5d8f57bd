package remote

import (
	"github.com/vpnops/terraform-provider-openvpn/internal/deadline"
)

// A step (dial, TLS or SSH handshake, forward) is bounded by a deadline
// on the connection, not by a context derived with the timeout, so that a
// stalled peer reads as a timeout the management client remembers and a
// caller that gave up does not (package deadline).
var (
	callerGaveUp = deadline.CallerGaveUp
	isTimeout    = deadline.IsTimeout
)
