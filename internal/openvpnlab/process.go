package openvpnlab

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"os"
	"os/exec"
	"strconv"
	"strings"
	"sync"
	"syscall"
	"time"
)

// stopGrace is how long a daemon gets to exit after SIGTERM before the
// whole process group gets SIGKILL. OpenVPN exits in milliseconds unless it
// is waiting on explicit-exit-notify, which the lab never configures.
const stopGrace = 5 * time.Second

// readyTimeout bounds every wait for a daemon's log line when the caller's
// context has no earlier deadline. A healthy server is ready in well under
// a second; a client within a couple of seconds.
const readyTimeout = 20 * time.Second

// errBind marks a start that failed because a port picked by freePort was
// taken in the meantime; the caller picks new ports and tries again.
var errBind = errors.New("address already in use")

// daemon is one openvpn child process whose stdout and stderr go to a log
// file. The log file, not the management port, is how the lab sees the
// daemon: probing the management port would occupy the daemon's only
// management slot.
type daemon struct {
	cmd     *exec.Cmd
	logPath string
	done    chan struct{} // closed when the process has exited and been reaped
	err     error         // cmd.Wait's result; read only after done
	stop1   sync.Once
}

// startDaemon runs bin with args. Detach leaves the daemon running after
// this process exits (for the demo CLI): it gets its own session and no
// Pdeathsig. Otherwise Pdeathsig kills it if the test binary dies (the
// signal follows the forking OS thread, and Go only retires threads of
// goroutines that exit while locked, which this package never does).
func startDaemon(bin string, args []string, logPath string, detach bool) (*daemon, error) {
	// No --log: early option errors go to stderr before --log would be
	// opened, and one file with both is what a failing test should print.
	f, err := os.OpenFile(logPath, os.O_CREATE|os.O_WRONLY|os.O_TRUNC|os.O_APPEND, 0o600)
	if err != nil {
		return nil, err
	}
	defer f.Close() // the child holds its own copy

	cmd := exec.Command(bin, args...) // not CommandContext: ctx bounds the start, not the life
	cmd.Stdout, cmd.Stderr = f, f
	if detach {
		cmd.SysProcAttr = &syscall.SysProcAttr{Setsid: true} // pgid == pid, no controlling tty
	} else {
		cmd.SysProcAttr = &syscall.SysProcAttr{Setpgid: true, Pdeathsig: syscall.SIGKILL}
	}
	if err := cmd.Start(); err != nil {
		return nil, fmt.Errorf("openvpnlab: start %s: %w", bin, err)
	}
	d := &daemon{cmd: cmd, logPath: logPath, done: make(chan struct{})}
	go func() {
		d.err = cmd.Wait()
		close(d.done)
	}()
	return d, nil
}

func (d *daemon) pid() int { return d.cmd.Process.Pid }

func (d *daemon) exited() bool {
	select {
	case <-d.done:
		return true
	default:
		return false
	}
}

// wait returns when the daemon has exited, or ctx ends.
func (d *daemon) wait(ctx context.Context) error {
	select {
	case <-d.done:
		return nil
	case <-ctx.Done():
		return ctx.Err()
	}
}

// waitLog polls the log until every marker has appeared. It fails early
// when the daemon exits, and reports errBind when it exited because a port
// was taken.
func (d *daemon) waitLog(ctx context.Context, what string, markers ...string) error {
	ctx, cancel := context.WithTimeout(ctx, readyTimeout)
	defer cancel()
	tick := time.NewTicker(20 * time.Millisecond)
	defer tick.Stop()
	for {
		log, _ := os.ReadFile(d.logPath)
		if containsAll(log, markers) {
			return nil
		}
		select {
		case <-d.done:
			log, _ = os.ReadFile(d.logPath)
			if bytes.Contains(log, []byte("Address already in use")) {
				return errBind
			}
			return fmt.Errorf("openvpnlab: %s exited before it was ready (%v); last lines of %s:\n%s", what, d.err, d.logPath, d.tail(20))
		case <-ctx.Done():
			return fmt.Errorf("openvpnlab: %s not ready (waiting for %q): %w; last lines of %s:\n%s", what, markers, ctx.Err(), d.logPath, d.tail(20))
		case <-tick.C:
		}
	}
}

func containsAll(b []byte, markers []string) bool {
	for _, m := range markers {
		if !bytes.Contains(b, []byte(m)) {
			return false
		}
	}
	return true
}

// tail returns the last n lines of the log, for error messages.
func (d *daemon) tail(n int) string {
	b, err := os.ReadFile(d.logPath)
	if err != nil {
		return "(no log: " + err.Error() + ")"
	}
	lines := strings.Split(strings.TrimRight(string(b), "\n"), "\n")
	if len(lines) > n {
		lines = lines[len(lines)-n:]
	}
	return strings.Join(lines, "\n")
}

// stop sends SIGTERM to the daemon's process group, then SIGKILL after
// stopGrace, and returns once the process is reaped (so kill(pid, 0) then
// fails with ESRCH). Safe to call more than once and concurrently.
func (d *daemon) stop() {
	d.stop1.Do(func() {
		if d.exited() {
			return
		}
		pgid := d.pid() // Setpgid/Setsid made the daemon its group's leader
		_ = syscall.Kill(-pgid, syscall.SIGTERM)
		select {
		case <-d.done:
		case <-time.After(stopGrace):
			_ = syscall.Kill(-pgid, syscall.SIGKILL)
			<-d.done
		}
	})
}

// StopDetached stops a daemon that an earlier process started with
// Detach, given its pid. Because the pid may have been reused since, it
// acts only if /proc/PID/cmdline is an openvpn command line that contains
// marker (the lab directory, which appears in the daemon's file
// arguments). It returns nil if the process is already gone, and an
// *OwnerError at once if the daemon belongs to a user this process may
// not signal (a lab started with sudo, stopped without).
func StopDetached(pid int, marker string) error {
	proc := "/proc/" + strconv.Itoa(pid)
	cmdline, err := os.ReadFile(proc + "/cmdline")
	if err != nil || processGone(pid) {
		return nil //nolint:nilerr // no /proc entry means the process is gone: nothing to stop
	}
	if !bytes.Contains(cmdline, []byte("openvpn")) || !bytes.Contains(cmdline, []byte(marker)) {
		return fmt.Errorf("openvpnlab: pid %d is no longer a lab daemon (pid reused?); left alone", pid)
	}
	// Setsid made pgid == pid.
	if err := syscall.Kill(-pid, syscall.SIGTERM); errors.Is(err, syscall.EPERM) {
		owner := -1
		if fi, err := os.Stat(proc); err == nil {
			if st, ok := fi.Sys().(*syscall.Stat_t); ok {
				owner = int(st.Uid) // /proc/PID belongs to the process's effective uid
			}
		}
		return &OwnerError{PID: pid, UID: owner}
	}
	if waitGone(pid, stopGrace) {
		return nil
	}
	_ = syscall.Kill(-pid, syscall.SIGKILL)
	if waitGone(pid, 2*time.Second) {
		return nil
	}
	return fmt.Errorf("openvpnlab: pid %d did not exit after SIGKILL", pid)
}

func waitGone(pid int, d time.Duration) bool {
	for end := time.Now().Add(d); time.Now().Before(end); time.Sleep(50 * time.Millisecond) {
		if processGone(pid) {
			return true
		}
	}
	return processGone(pid)
}

// processGone treats a zombie as gone: a detached daemon's parent has
// exited, and whether anything reaps it (a container's PID 1 may not) is
// out of our hands.
func processGone(pid int) bool {
	stat, err := os.ReadFile("/proc/" + strconv.Itoa(pid) + "/stat")
	if err != nil {
		return true
	}
	// The state is the first field after the parenthesised command name.
	if i := bytes.LastIndexByte(stat, ')'); i >= 0 && i+2 < len(stat) {
		return stat[i+2] == 'Z' || stat[i+2] == 'X'
	}
	return false
}

// OwnerError says that a detached daemon belongs to another user, whom
// this process may not signal: nothing was sent to it.
type OwnerError struct {
	PID int
	UID int // the daemon's effective uid; -1 if unknown
}

func (e *OwnerError) Error() string {
	return fmt.Sprintf("openvpnlab: pid %d belongs to uid %d, and uid %d may not signal it; left running", e.PID, e.UID, os.Geteuid())
}
