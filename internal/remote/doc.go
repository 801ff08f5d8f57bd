// Package remote opens management connections to a daemon that runs on
// another machine: through an SSH host (optionally behind a bastion), and
// through a TLS terminator such as stunnel in front of a management port.
//
// A Dialer is what management.Config.Dial wants. It keeps one SSH
// connection for its lifetime, opened on first use and reopened once when
// it is found dead, and forwards one channel per management session: TCP
// targets with direct-tcpip, unix sockets with OpenSSH's
// direct-streamlocal@openssh.com. Dialers made through one Hosts share
// their SSH connection when they reach the same SSH host the same way
// (host, port, user, key, host key, bastion): several daemons on one VPN
// host then cost one SSH login, with one channel per management session.
//
// The host key is always verified, against a pinned key or a known_hosts
// file, before any byte reaches the daemon; there is no switch to skip it.
// The file is read as OpenSSH's ssh reads it (knownhosts.go): host
// certificates signed by a @cert-authority, @revoked keys and CAs,
// wildcard patterns on any port, hashed names, unreadable lines skipped;
// hostkey.go decides as ssh decides with StrictHostKeyChecking=yes.
// Errors are typed and carry facts (host, the presented key's SHA256
// fingerprint, the methods tried, the sshd option at fault, which hop
// failed); what to do about them is the provider's business.
//
// Secrets (private keys, passphrases) never appear in an error: errors
// name keys by type and fingerprint only.
package remote
