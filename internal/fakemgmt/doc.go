// Package fakemgmt is a scripted fake of the OpenVPN management interface.
//
// It exists only for what a real daemon cannot be made to show on demand: a
// busy port, a wrong password repeated until EOF, EOF in the middle of a reply,
// a stall, garbage lines, a status line too long for the daemon's 512-byte
// printf buffer, other releases' status layouts, and 10,000 clients. Everything
// else is tested against a real openvpn (see internal/openvpnlab).
//
// The package must not import internal/management: that package's tests import
// this one.
package fakemgmt
