// Package remotelab starts the real programs that stand between Terraform
// and a remote daemon, on 127.0.0.1, for tests: OpenSSH's sshd (as the VPN
// host and as a bastion), ssh-agent with keys loaded by ssh-add, and
// stunnel in front of a management port. A test can also ask OpenSSH's
// own ssh client what it makes of a host (SSHD.OpenSSH), to compare the
// provider's verdict with it. Keys and certificates are
// throw-away, made per test; every process is stopped by t.Cleanup, even
// when the test fails.
//
// Requirements: /usr/sbin/sshd, ssh-keygen, ssh-agent, ssh-add (Debian's
// openssh-server and openssh-client) and stunnel4, and root, because sshd
// runs its privilege separation as root and logs in the test as root.
//
// This package imports "testing" from non-test files: it is test support
// and only test binaries link it.
package remotelab
