// Package fakemgmt is a scripted fake of the OpenVPN management interface.
//
// It exists only for what a real daemon cannot be made to show on demand: a
// busy port, a wrong password repeated until EOF, EOF in the middle of a reply,
// a stall, garbage, a status line too long for the daemon's 512-byte printf
// buffer, other releases' status layouts, and 10,000 clients. Everything
// else is tested against a real openvpn (internal/openvpnlab).
//
// Start (or StartUnix) serves a Handler on loopback. Daemon is a handler that
// runs the management command loop; Daemon26 answers with bytes captured
// from a live 2.6.14 server (testdata/real-2.6.14), and CapturedDaemon
// with those of 2.4.12, 2.5.11, 2.6.14 or 2.7.6
// (internal/testdata/transcripts), ClientDaemon26 with those of a 2.6.14
// client-mode daemon (no tun device needed). The fault scripts (Busy,
// WrongPasswordThenEOF, Garbage, EOFMidReply, Stall, Interleaved,
// OneAtATime, Daemon.On) bend that behaviour; Status renders `status` in the
// layout of any release from 2.4 (ReleaseLayout). Windows plays the
// management loop of a Windows build, which drops the rest of a reply when
// input arrives mid-reply; Refusing and Swallowing put a proxy that allows
// only some commands in front of a daemon; PassThrough replays
// openvpn-auth-oauth2's pass-through.
//
// The package must not import internal/management: that package's tests
// import this one.
package fakemgmt
