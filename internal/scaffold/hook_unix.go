//go:build unix

package scaffold

import (
	"bytes"
	"errors"
	"os"
	"os/exec"
	"strconv"
	"strings"
	"syscall"
)

// ownGroup runs cmd in a process group of its own, whose id is its pid:
// the terminal's signals then reach paved only, and paved stops the whole
// group (`npm install` and its children) itself.
func ownGroup(cmd *exec.Cmd) {
	cmd.SysProcAttr = &syscall.SysProcAttr{Setpgid: true}
}

// signalGroup sends SIGTERM, or SIGKILL when kill is set, to p's process
// group.
func signalGroup(p *os.Process, kill bool) {
	sig := syscall.SIGTERM
	if kill {
		sig = syscall.SIGKILL
	}
	_ = syscall.Kill(-p.Pid, sig)
}

// groupAlive reports whether any process of p's group is left. The group
// id cannot be reused while one is. A zombie does not count: its parent
// died, and where PID 1 does not reap (some containers) it stays for ever.
func groupAlive(p *os.Process) bool {
	err := syscall.Kill(-p.Pid, 0)
	if err != nil && !errors.Is(err, syscall.EPERM) {
		return false
	}
	live, known := liveInProc(p.Pid)
	return live || !known
}

// liveInProc looks for a process of group pgid that is not a zombie in
// /proc; known is false without a readable /proc.
func liveInProc(pgid int) (live, known bool) {
	entries, err := os.ReadDir("/proc")
	if err != nil {
		return false, false
	}
	want := strconv.Itoa(pgid)
	for _, e := range entries {
		if e.Name()[0] < '0' || e.Name()[0] > '9' {
			continue
		}
		stat, err := os.ReadFile("/proc/" + e.Name() + "/stat")
		if err != nil {
			continue // gone meanwhile
		}
		// pid (comm) state ppid pgrp ...; comm may hold spaces and parentheses.
		i := bytes.LastIndexByte(stat, ')')
		if i < 0 {
			continue
		}
		f := strings.Fields(string(stat[i+1:]))
		if len(f) >= 3 && f[2] == want && f[0] != "Z" && f[0] != "X" {
			return true, true
		}
	}
	return false, true
}
