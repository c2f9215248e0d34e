//go:build !unix

package scaffold

import "os/exec"

// killGroup keeps exec's default cancellation (kill the process) where there
// are no process groups.
func killGroup(*exec.Cmd) {}
