package management_test

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"os"
	"os/exec"
	"syscall"
	"testing"
	"time"

	"github.com/vpnops/terraform-provider-openvpn/internal/management"
)

// A client run as another user is a child process: this test binary,
// started again with nobody's uid and gid. Changing the credentials of one
// thread of the test process instead (setfsuid on a locked thread) cannot
// be undone, so that thread has to exit with its goroutine, and a thread
// that exits sends the parent-death signal (SIGKILL, see openvpnlab) to
// every daemon it happened to fork: the lab daemon died under the test
// whenever the goroutine had been scheduled on the thread that started it.

const (
	nobody         = 65534
	dialAsUserAddr = "OPENVPN_TEST_DIAL_AS_USER_ADDRESS"
	dialAsUserPass = "OPENVPN_TEST_DIAL_AS_USER_PASSWORD"
)

// userDial is what the child reports: who it ran as and what pid got.
type userDial struct {
	UID        int
	Error      string
	Permission bool // errors.Is(err, management.ErrPermission)
}

func TestMain(m *testing.M) {
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

// dialAsNobody runs one pid command against addr from a child process
// whose uid and gid are nobody's. The child is started through
// /proc/self/exe: the kernel opens that link without searching the
// directories of the test binary, which nobody may not enter.
func dialAsNobody(t *testing.T, addr, password string) userDial {
	t.Helper()
	ctx, cancel := context.WithTimeout(context.Background(), 30*time.Second)
	defer cancel()
	cmd := exec.CommandContext(ctx, "/proc/self/exe", "-test.run=^$")
	cmd.Env = append(os.Environ(), dialAsUserAddr+"="+addr, dialAsUserPass+"="+password)
	cmd.SysProcAttr = &syscall.SysProcAttr{Credential: &syscall.Credential{Uid: nobody, Gid: nobody}}
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
