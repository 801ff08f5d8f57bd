// Package openvpnlab starts real OpenVPN daemons on the loopback interface:
// a server with a throw-away PKI and a management interface, and clients
// that connect to it. The management client's tests, the provider's
// acceptance tests, the transcript capture and the demo all use it, so
// every claim about the wire is checked against the daemon itself.
//
// It deliberately does not import internal/management: that package's
// tests import this one, and the lab must stay an independent witness (it
// never speaks the management protocol; readiness comes from the daemon's
// log).
//
// Requirements: the openvpn and openssl binaries, root (or CAP_NET_ADMIN)
// and /dev/net/tun, because an OpenVPN server cannot run without a tun
// device. Nothing touches host addresses or routes: the server runs with
// --ifconfig-noexec and --route-noexec, and clients use --dev null.
//
// Every daemon runs in its own process group and, unless Detach is set,
// with Pdeathsig SIGKILL, so none outlives the test binary.
package openvpnlab
