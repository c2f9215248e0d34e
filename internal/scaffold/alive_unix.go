//go:build unix

package scaffold

import (
	"errors"
	"syscall"
)

// processAlive reports whether process pid exists (known is false when
// that cannot be told).
func processAlive(pid int) (known, alive bool) {
	if pid <= 0 {
		return false, false
	}
	err := syscall.Kill(pid, 0)
	switch {
	case err == nil, errors.Is(err, syscall.EPERM):
		return true, true
	case errors.Is(err, syscall.ESRCH):
		return true, false
	}
	return false, false
}
