// Package management is a client for the OpenVPN management interface
// (openvpn --management ADDR PORT [pwfile], or a unix socket).
//
// It knows nothing of Terraform. It dials and authenticates, sends one
// command at a time over one connection (the daemon serves a single
// management client and its replies carry no IDs), separates real-time
// ">" notifications from replies, builds every command line through a
// safe encoder, and turns replies into typed values. Before a command is
// sent it is checked against one table of what each release, mode and
// platform offers (capabilities.go): a command the daemon's release or
// mode lacks is refused with a ReleaseError or ModeError, unsent.
//
// The daemon's behaviour, with the traps that shaped this code, is
// recorded in PROTOCOL.md beside this file; comments cite its sections
// as "PROTOCOL.md §N".
package management
