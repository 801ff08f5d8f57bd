# Shell helpers for the scripts in this directory; source it, do not run it.

# The Go release the module needs (go.mod's go line).
go_min_minor=25

# find_go puts a Go toolchain on PATH and checks that it is 1.25 or later.
# Besides PATH it looks where Go is usually installed, because sudo's
# secure_path drops /usr/local/go/bin: the official tarball's /usr/local/go,
# ~/go and ~/.local/go of the user (also of the user who ran sudo).
find_go() {
  if ! command -v go >/dev/null 2>&1; then
    local homes=("$HOME") d
    if [ -n "${SUDO_USER:-}" ]; then
      homes+=("$(getent passwd "$SUDO_USER" | cut -d: -f6)")
    fi
    for d in /usr/local/go/bin "${homes[@]/%//go/bin}" "${homes[@]/%//.local/go/bin}" /usr/lib/go/bin; do
      if [ -x "$d/go" ]; then
        PATH="$d:$PATH"
        export PATH
        break
      fi
    done
  fi
  if ! command -v go >/dev/null 2>&1; then
    cat >&2 <<EOF
Go 1.$go_min_minor or later is needed to build the provider, and no Go toolchain was found (on PATH, in
/usr/local/go/bin, ~/go/bin or ~/.local/go/bin). Debian 12's golang package is 1.19, too old. Install Go from
https://go.dev/dl/ (for example into /usr/local/go) and run this again.
EOF
    return 1
  fi
  local v minor
  v="$(go env GOVERSION)" # go1.25.4, go1.26rc1
  minor="$(printf '%s' "$v" | sed -n 's/^go1\.\([0-9]*\).*/\1/p')"
  if [ -z "$minor" ] || [ "$minor" -lt "$go_min_minor" ]; then
    cat >&2 <<EOF
Go 1.$go_min_minor or later is needed; $(command -v go) is $v. Install a newer Go from https://go.dev/dl/
(for example into /usr/local/go) and put it first on PATH.
EOF
    return 1
  fi
}

# progress WHAT reads `go build -v` / `go install -v` output (one package
# per line) and prints a count every 20 packages and at the end, so a cold
# build does not look hung (a build with nothing to compile prints nothing). Error lines (anything with a colon and a space) are passed on.
progress() {
  awk -v what="$1" '
    / |:/ { print; next }
    { n++; if (n % 20 == 0) { printf "  %s: %d packages compiled\n", what, n; fflush() } }
    END { if (n > 0) printf "  %s: %d packages compiled\n", what, n }'
}

# compiles build|install|test ARGS... prints how many packages that go
# command would compile: 0 when the Go build cache holds them all,
# hundreds on a fresh machine. It downloads missing modules first, and
# shows those lines. The scripts say how long a cold step takes only when
# this says it is cold.
compiles() {
  local cmd="$1"
  shift
  go "$cmd" -n "$@" 2>&1 | awk '
    /^go: downloading / { print > "/dev/stderr"; next }
    /\/compile / { n++ }
    END { print n + 0 }'
}
