//go:build linux

package scorecard

import (
	"errors"
	"io/fs"
	"os"
	"runtime"
	"sync"

	"golang.org/x/sys/unix"
)

// rootReader reads files beneath a work tree's root and nowhere else. On
// Linux every path is resolved by one openat2(RESOLVE_BENEATH) from the
// root's descriptor: the kernel refuses any component, symlink or ".." that
// would leave the root, which os.Root does with several system calls per
// path component (and a poller registration per file, which dominates on
// 30,000 files). Kernels or sandboxes without openat2 fall back to os.Root.
type rootReader struct {
	dir  *os.File // the root, kept open; its descriptor is fd
	fd   int
	path string

	fallback  sync.Once
	root      *os.Root
	rootErr   error
	noOpenat2 bool // set by probe before any concurrent use
}

func openRootReader(dir string) (*rootReader, error) {
	f, err := os.Open(dir)
	if err != nil {
		return nil, err
	}
	r := &rootReader{dir: f, fd: int(f.Fd()), path: dir}
	r.probe()
	return r, nil
}

// probe finds out once whether openat2 works here.
func (r *rootReader) probe() {
	fd, err := r.openat2(".", unix.O_RDONLY|unix.O_DIRECTORY, unix.RESOLVE_BENEATH)
	if err == nil {
		unix.Close(fd)
		return
	}
	if errors.Is(err, unix.ENOSYS) || errors.Is(err, unix.EPERM) || errors.Is(err, unix.EINVAL) {
		r.noOpenat2 = true
	}
}

func (r *rootReader) openat2(name string, flags int, resolve uint64) (int, error) {
	how := &unix.OpenHow{Flags: uint64(flags | unix.O_CLOEXEC | unix.O_NOCTTY), Resolve: resolve | unix.RESOLVE_NO_MAGICLINKS}
	for {
		fd, err := unix.Openat2(r.fd, name, how)
		runtime.KeepAlive(r.dir)
		if err != unix.EINTR {
			return fd, err
		}
	}
}

func (r *rootReader) osRoot() (*os.Root, error) {
	r.fallback.Do(func() { r.root, r.rootErr = os.OpenRoot(r.path) })
	return r.root, r.rootErr
}

// readFile reads the regular file name (slash-separated, relative to the
// root) if it is at most max bytes. Symlinks are followed while they stay
// inside the root. FIFOs, devices and sockets are never read: the file is
// opened non-blocking and refused unless fstat says it is regular.
func (r *rootReader) readFile(name string, max int64) ([]byte, error) {
	if r.noOpenat2 {
		root, err := r.osRoot()
		if err != nil {
			return nil, err
		}
		return readRootFile(root, name, max)
	}
	fd, err := r.openat2(name, unix.O_RDONLY|unix.O_NONBLOCK, unix.RESOLVE_BENEATH)
	if err != nil {
		return nil, openError(name, err)
	}
	defer unix.Close(fd)
	var st unix.Stat_t
	if err := unix.Fstat(fd, &st); err != nil {
		return nil, &fs.PathError{Op: "stat", Path: name, Err: err}
	}
	if st.Mode&unix.S_IFMT != unix.S_IFREG {
		return nil, errNotRegular
	}
	if st.Size > max {
		return nil, &tooLargeError{size: st.Size, max: max}
	}
	// One read of the size fstat saw: a file growing meanwhile is read as it was.
	data := make([]byte, st.Size)
	n := 0
	for n < len(data) {
		m, err := unix.Read(fd, data[n:])
		if err == unix.EINTR {
			continue
		}
		if err != nil {
			return nil, &fs.PathError{Op: "read", Path: name, Err: err}
		}
		if m == 0 {
			break
		}
		n += m
	}
	return data[:n], nil
}

// readDir lists a folder beneath the root without following any symlink.
func (r *rootReader) readDir(name string) ([]fs.DirEntry, error) {
	if r.noOpenat2 {
		root, err := r.osRoot()
		if err != nil {
			return nil, err
		}
		return readRootDir(root, name)
	}
	fd, err := r.openat2(name, unix.O_RDONLY|unix.O_DIRECTORY, unix.RESOLVE_BENEATH|unix.RESOLVE_NO_SYMLINKS)
	if err != nil {
		return nil, openError(name, err)
	}
	f := os.NewFile(uintptr(fd), name)
	defer f.Close()
	return f.ReadDir(-1)
}

func openError(name string, err error) error {
	switch {
	case errors.Is(err, unix.EXDEV):
		return &fs.PathError{Op: "open", Path: name, Err: ErrOutside}
	case errors.Is(err, unix.ELOOP):
		return &fs.PathError{Op: "open", Path: name, Err: errSymlink}
	case errors.Is(err, unix.ENOTDIR):
		return &fs.PathError{Op: "open", Path: name, Err: fs.ErrNotExist}
	}
	return &fs.PathError{Op: "open", Path: name, Err: err}
}
