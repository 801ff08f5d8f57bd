package management_test

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"syscall"
	"testing"
	"time"

	"github.com/vpnops/terraform-provider-openvpn/internal/management"
)

// A client run as another user is a child process: this test binary,
// started again with nobody's uid and gid, in a mount namespace of its own
// where the checkout is hidden (see dialAsNobody). Changing the credentials of one
// thread of the test process instead (setfsuid on a locked thread) cannot
// be undone, so that thread has to exit with its goroutine, and a thread
// that exits sends the parent-death signal (SIGKILL, see openvpnlab) to
// every daemon it happened to fork: the lab daemon died under the test
// whenever the goroutine had been scheduled on the thread that started it.

const (
	nobody         = 65534
	dialAsUserAddr = management.DialAsUserAddressEnv
	dialAsUserPass = "OPENVPN_TEST_DIAL_AS_USER_PASSWORD"
	// dialAsUserHide names the directory the child's first stage hides
	// (the module) before it becomes nobody.
	dialAsUserHide = "OPENVPN_TEST_DIAL_AS_USER_HIDE"
)

// userDial is what the child reports: who it ran as and what pid got.
type userDial struct {
	UID        int
	Error      string
	Permission bool // errors.Is(err, management.ErrPermission)
}

func TestMain(m *testing.M) {
	if dir := os.Getenv(dialAsUserHide); dir != "" {
		hideThenBecomeNobody(dir)
	}
	if addr := os.Getenv(dialAsUserAddr); addr != "" {
		os.Exit(dialAsUserChild(addr, os.Getenv(dialAsUserPass)))
	}
	os.Exit(m.Run())
}

// dialAsUserChild runs in the child: one pid command, its outcome as JSON
// on stdout.
func dialAsUserChild(addr, password string) int {
	got := userDial{UID: os.Getuid()}
	c, err := management.New(management.Config{Address: addr, Password: password, Timeout: time.Second})
	if err == nil {
		ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
		_, err = c.PID(ctx)
		cancel()
		_ = c.Close()
	}
	if err != nil {
		got.Error, got.Permission = err.Error(), errors.Is(err, management.ErrPermission)
	}
	if err := json.NewEncoder(os.Stdout).Encode(got); err != nil {
		fmt.Fprintln(os.Stderr, err)
		return 1
	}
	return 0
}

// hideThenBecomeNobody is the child's first stage, still root, in a
// mount namespace of its own: it mounts an empty mode-0700 tmpfs over dir
// (the module), as if the checkout were in a directory nobody may not
// enter (a clone under /root, or in a Debian home directory), becomes
// nobody, and runs this binary again as the child that dials. It returns
// only on failure, having said why.
func hideThenBecomeNobody(dir string) {
	err := syscall.Mount("tmpfs", dir, "tmpfs", syscall.MS_NOSUID|syscall.MS_NODEV|syscall.MS_NOEXEC, "mode=0700,size=16k")
	if err == nil {
		err = syscall.Setgroups(nil)
	}
	if err == nil {
		err = syscall.Setgid(nobody)
	}
	if err == nil {
		err = syscall.Setuid(nobody)
	}
	if err == nil {
		var env []string
		for _, kv := range os.Environ() {
			if !strings.HasPrefix(kv, dialAsUserHide+"=") {
				env = append(env, kv)
			}
		}
		err = syscall.Exec("/proc/self/exe", os.Args, env)
	}
	fmt.Fprintf(os.Stderr, "hiding %s from the child run as nobody: %v\n", dir, err)
	os.Exit(1)
}

// dialAsNobody runs one pid command against addr from a child process
// whose uid and gid are nobody's and which cannot see the module's
// directory: the child must need nothing from the checkout, which is
// often out of nobody's reach. The child is started through
// /proc/self/exe: the kernel opens that link without searching the
// directories of the test binary, which nobody may not enter either.
func dialAsNobody(t *testing.T, addr, password string) userDial {
	t.Helper()
	ctx, cancel := context.WithTimeout(context.Background(), 30*time.Second)
	defer cancel()
	cmd := exec.CommandContext(ctx, "/proc/self/exe", "-test.run=^$")
	cmd.Dir = "/"
	cmd.Env = append(os.Environ(), dialAsUserAddr+"="+addr, dialAsUserPass+"="+password, dialAsUserHide+"="+moduleDir(t))
	// A mount namespace of its own, its mounts private (Go remounts /
	// with MS_REC|MS_PRIVATE for CLONE_NEWNS): the tmpfs over the module
	// is seen by the child alone.
	cmd.SysProcAttr = &syscall.SysProcAttr{Unshareflags: syscall.CLONE_NEWNS}
	cmd.Stderr = os.Stderr
	out, err := cmd.Output()
	if err != nil {
		t.Fatalf("the client run as nobody: %v (output %q)", err, out)
	}
	var got userDial
	if err := json.Unmarshal(out, &got); err != nil {
		t.Fatalf("the client run as nobody printed %q: %v", out, err)
	}
	return got
}

// moduleDir is the directory of go.mod above the test's working
// directory (its package's directory).
func moduleDir(t *testing.T) string {
	t.Helper()
	wd, err := os.Getwd()
	if err != nil {
		t.Fatal(err)
	}
	for d := wd; ; d = filepath.Dir(d) {
		if _, err := os.Stat(filepath.Join(d, "go.mod")); err == nil {
			return d
		}
		if filepath.Dir(d) == d {
			t.Fatalf("no go.mod above %s", wd)
		}
	}
}
