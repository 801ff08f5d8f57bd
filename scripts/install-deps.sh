#!/usr/bin/env bash
# Installs what the demo (no argument) or the tests (--tests) need on a
# fresh Debian machine: Debian's openvpn and openssl, and a Terraform CLI
# when none is on PATH; for the tests also OpenSSH, stunnel4 and gnupg.
set -euo pipefail
need_apt=()
command -v openvpn >/dev/null 2>&1 || need_apt+=(openvpn)
command -v openssl >/dev/null 2>&1 || need_apt+=(openssl)
if [ "${1:-}" = "--tests" ]; then
  # The remote tests run a real sshd (as the VPN host and a bastion),
  # ssh-agent and stunnel in front of a management port. The demo needs
  # none of them: installing openssh-server would start an sshd on the
  # host's port 22 for nothing.
  [ -x /usr/sbin/sshd ] || need_apt+=(openssh-server)
  command -v ssh-agent >/dev/null 2>&1 || need_apt+=(openssh-client)
  command -v stunnel4 >/dev/null 2>&1 || need_apt+=(stunnel4)
  # TestMirrorInstall signs its release with a throw-away GPG key.
  command -v gpg >/dev/null 2>&1 || need_apt+=(gnupg)
fi
if [ ${#need_apt[@]} -gt 0 ]; then
  if [ "$(id -u)" -ne 0 ]; then
    echo "install-deps: need ${need_apt[*]}; run as root or: sudo apt-get install -y ${need_apt[*]}" >&2
    exit 1
  fi
  echo "install-deps: apt-get install ${need_apt[*]}" >&2
  apt-get update -qq
  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "${need_apt[@]}" >/dev/null
fi
# Terraform goes to $TERRAFORM_INSTALL_DIR (make demo: .demo/bin), else
# $(go env GOPATH)/bin; neither is on a fresh PATH, so say where it went.
tf_dir="${TERRAFORM_INSTALL_DIR:-$(go env GOPATH)/bin}"
if ! command -v terraform >/dev/null 2>&1 && [ ! -x "$tf_dir/terraform" ]; then
  # shellcheck source=scripts/lib.sh
  . "$(dirname "$0")/lib.sh"
  # 1.8 is the first CLI with provider functions, which make test
  # validates (examples/functions) and runs (parse_status): on 1.5-1.7 it
  # fails. Releases after 1.8 have replace directives in their go.mod, so
  # `go install` cannot build them.
  tf_module=github.com/hashicorp/terraform@v1.8.5
  echo "install-deps: no terraform on PATH: building terraform ${tf_module#*@} into $tf_dir" >&2
  n="$(compiles install "$tf_module")"
  if [ "$n" -ge 50 ]; then
    echo "install-deps: terraform: $n packages to compile, up to 5 minutes on 2 cores" >&2
  fi
  GOBIN="$tf_dir" go install -v "$tf_module" 2>&1 | progress terraform >&2
  echo "install-deps: installed $tf_dir/terraform (not on your PATH: add $tf_dir, or use the full path)" >&2
fi
