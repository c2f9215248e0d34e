//go:build !unix

package scaffold

import (
	"os"
	"os/exec"
)

// ownGroup keeps the default where there are no process groups.
func ownGroup(*exec.Cmd) {}

// signalGroup kills the process: there is no SIGTERM to send here.
func signalGroup(p *os.Process, _ bool) { _ = p.Kill() }

// groupAlive is false: only the process itself was started, and it has
// been waited for.
func groupAlive(*os.Process) bool { return false }
