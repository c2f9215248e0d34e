package scaffold

import (
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"regexp"
	"strconv"
	"time"
)

// A generation stages its files in a folder beside the target named
// .TARGET.paved-PID-RANDOM, PID being the process that writes it. A run
// killed with -9 (or a power cut) cannot remove it; the next generation in
// the same folder sweeps it, and `paved doctor` reports it.

// StaleAge is how old a staging folder that records no live process must
// be before it is swept (folders of older paved versions record no PID,
// and on Windows paved cannot tell whether a process is alive).
const StaleAge = 24 * time.Hour

// stagingName matches .TARGET.paved-PID-RANDOM, and .TARGET.paved-RANDOM
// from paved versions that recorded no PID.
var stagingName = regexp.MustCompile(`^\..+\.paved-(?:(\d+)-)?\d+$`)

// Staging is a staging folder found beside a target.
type Staging struct {
	Path    string
	PID     int // 0 when the folder does not record it
	ModTime time.Time
	Bytes   int64
	Stale   bool // its process is gone (or it is older than StaleAge): safe to remove
	// Backup: it holds .paved-backup, the target's files a forced
	// generation was replacing when it was killed. Never swept: they may
	// exist nowhere else.
	Backup bool
}

func stagingPrefix(target string) string {
	return "." + filepath.Base(target) + ".paved-" + strconv.Itoa(os.Getpid()) + "-"
}

// FindStaging lists the staging folders in dir, saying which are stale:
// their process is dead, or, when that cannot be known, they are older
// than [StaleAge]. A live run's folder is never stale.
func FindStaging(dir string, now time.Time) ([]Staging, error) {
	entries, err := os.ReadDir(dir)
	if errors.Is(err, fs.ErrNotExist) {
		return nil, nil
	}
	if err != nil {
		return nil, fmt.Errorf("look for staging folders in %s: %w", dir, err)
	}
	var out []Staging
	for _, e := range entries {
		m := stagingName.FindStringSubmatch(e.Name())
		if m == nil || !e.IsDir() || e.Type()&fs.ModeSymlink != 0 {
			continue
		}
		info, err := e.Info()
		if err != nil {
			continue
		}
		s := Staging{Path: filepath.Join(dir, e.Name()), ModTime: info.ModTime()}
		if m[1] != "" {
			s.PID, _ = strconv.Atoi(m[1])
		}
		old := now.Sub(s.ModTime) > StaleAge
		switch known, alive := processAlive(s.PID); {
		case s.PID == os.Getpid():
			s.Stale = false
		case s.PID != 0 && known:
			s.Stale = !alive
		default:
			s.Stale = old
		}
		if _, err := os.Lstat(filepath.Join(s.Path, backupDir)); err == nil {
			s.Backup = true
		}
		s.Bytes = du(s.Path)
		out = append(out, s)
	}
	return out, nil
}

// SweepStaging removes the stale staging folders in dir, except those
// holding a backup of replaced files, and returns them.
func SweepStaging(dir string, now time.Time) ([]Staging, error) {
	found, err := FindStaging(dir, now)
	if err != nil {
		return nil, err
	}
	var swept []Staging
	for _, s := range found {
		if !s.Stale || s.Backup {
			continue
		}
		if err := os.RemoveAll(s.Path); err != nil {
			return swept, fmt.Errorf("remove the staging folder %s: %w", s.Path, err)
		}
		swept = append(swept, s)
	}
	return swept, nil
}

// du adds up the sizes of the regular files under dir, without following links.
func du(dir string) int64 {
	var n int64
	_ = filepath.WalkDir(dir, func(_ string, d fs.DirEntry, err error) error {
		if err == nil && d.Type().IsRegular() {
			if info, err := d.Info(); err == nil {
				n += info.Size()
			}
		}
		return nil
	})
	return n
}
