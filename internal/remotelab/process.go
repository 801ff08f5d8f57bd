package remotelab

import (
	"net"
	"os"
	"os/exec"
	"path/filepath"
	"strconv"
	"strings"
	"syscall"
	"testing"
	"time"
)

// process is one started program whose output goes to a log file.
type process struct {
	cmd     *exec.Cmd
	LogPath string
	done    chan struct{}
}

// start runs bin in its own process group, killed if the test binary dies.
func start(t testing.TB, logPath, bin string, args ...string) *process {
	t.Helper()
	f, err := os.OpenFile(logPath, os.O_CREATE|os.O_WRONLY|os.O_TRUNC|os.O_APPEND, 0o600)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	cmd := exec.Command(bin, args...)
	cmd.Stdout, cmd.Stderr = f, f
	cmd.SysProcAttr = &syscall.SysProcAttr{Setpgid: true, Pdeathsig: syscall.SIGKILL}
	if err := cmd.Start(); err != nil {
		t.Fatalf("remotelab: start %s: %v", bin, err)
	}
	p := &process{cmd: cmd, LogPath: logPath, done: make(chan struct{})}
	go func() {
		_ = cmd.Wait()
		close(p.done)
	}()
	t.Cleanup(func() {
		if t.Failed() {
			t.Logf("remotelab: log of %s:\n%s", filepath.Base(bin), p.log())
		}
		p.stop()
	})
	return p
}

func (p *process) log() string {
	b, _ := os.ReadFile(p.LogPath)
	return string(b)
}

// waitLog waits for s in the log, failing the test if the process exits
// or 20 s pass first.
func (p *process) waitLog(t testing.TB, s string) {
	t.Helper()
	deadline := time.Now().Add(20 * time.Second)
	for !strings.Contains(p.log(), s) {
		select {
		case <-p.done:
			t.Fatalf("remotelab: %s exited before logging %q:\n%s", p.cmd.Path, s, p.log())
		default:
		}
		if time.Now().After(deadline) {
			t.Fatalf("remotelab: %s did not log %q within 20s:\n%s", p.cmd.Path, s, p.log())
		}
		time.Sleep(20 * time.Millisecond)
	}
}

// stop kills the process and every descendant (sshd forks one child per
// connection, in a session of its own, so the process group is not
// enough), then waits for the process to be reaped.
func (p *process) stop() {
	pids := append([]int{p.cmd.Process.Pid}, descendants(p.cmd.Process.Pid)...)
	for _, pid := range pids {
		_ = syscall.Kill(pid, syscall.SIGKILL)
	}
	_ = syscall.Kill(-p.cmd.Process.Pid, syscall.SIGKILL)
	select {
	case <-p.done:
	case <-time.After(10 * time.Second):
	}
}

// descendants lists the children of pid, recursively, from /proc.
func descendants(pid int) []int {
	children := map[int][]int{}
	entries, _ := os.ReadDir("/proc")
	for _, e := range entries {
		child, err := strconv.Atoi(e.Name())
		if err != nil {
			continue
		}
		b, err := os.ReadFile(filepath.Join("/proc", e.Name(), "stat"))
		if err != nil {
			continue
		}
		// The command name may hold spaces and parentheses: fields start
		// after the last ')'.
		s := string(b)
		fields := strings.Fields(s[strings.LastIndexByte(s, ')')+1:])
		if len(fields) < 2 {
			continue
		}
		if ppid, err := strconv.Atoi(fields[1]); err == nil {
			children[ppid] = append(children[ppid], child)
		}
	}
	var out []int
	queue := []int{pid}
	for len(queue) > 0 {
		next := queue[0]
		queue = queue[1:]
		out = append(out, children[next]...)
		queue = append(queue, children[next]...)
	}
	return out
}

// freePort returns an unused loopback TCP port; the caller's program may
// lose it to another in between, which its start reports.
func freePort(t testing.TB) int {
	t.Helper()
	l, err := net.Listen("tcp4", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	defer l.Close()
	a, ok := l.Addr().(*net.TCPAddr)
	if !ok {
		t.Fatalf("remotelab: unexpected listener address %v", l.Addr())
	}
	return a.Port
}

// run runs a short command and fails the test on error.
func run(t testing.TB, env []string, bin string, args ...string) {
	t.Helper()
	cmd := exec.Command(bin, args...)
	cmd.Env = append(os.Environ(), env...)
	out, err := cmd.CombinedOutput()
	if err != nil {
		t.Fatalf("remotelab: %s %s: %v\n%s", bin, strings.Join(args, " "), err, out)
	}
}
