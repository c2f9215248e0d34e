package yamlx

import (
	"errors"
	"fmt"
	"io"
	"os"
	"syscall"

	"gopkg.in/yaml.v3"

	"github.com/paved-dev/paved/internal/limits"
)

// CheckDoc bounds a YAML document before anything walks or decodes it: at
// most lim.MaxYAMLBytes bytes, and at most lim.MaxYAMLNodes nodes once
// every alias is expanded, counted by [Expand] (an alias cycle counts as
// too many). file names the document in errors. doc may be nil to check
// the size only.
func CheckDoc(file string, data []byte, doc *yaml.Node, lim limits.Limits) error {
	lim = lim.WithDefaults()
	if int64(len(data)) > lim.MaxYAMLBytes {
		return &limits.Error{Name: file, Key: "maxYamlBytes", Limit: limits.Bytes(lim.MaxYAMLBytes),
			Msg: fmt.Sprintf("the file is %d bytes", len(data))}
	}
	if doc == nil {
		return nil
	}
	if e := Expand(doc, lim.MaxYAMLNodes); !e.OK() || e.Total > lim.MaxYAMLNodes {
		return &limits.Error{Name: file, Key: "maxYamlNodes", Limit: fmt.Sprint(lim.MaxYAMLNodes),
			Msg: "the document has too many nodes once its aliases are expanded"}
	}
	return nil
}

// ReadFile reads a YAML file a stranger may have written: a regular file
// (not a FIFO or a device, which could block or never end) of at most
// lim.MaxYAMLBytes bytes. Errors wrap the os errors (fs.ErrNotExist...).
func ReadFile(path string, lim limits.Limits) ([]byte, error) {
	lim = lim.WithDefaults()
	data, err := ReadRegular(path, lim.MaxYAMLBytes)
	if err != nil {
		return nil, err
	}
	if err := CheckDoc(path, data, nil, lim); err != nil {
		return nil, err
	}
	return data, nil
}

// ReadRegular reads at most max+1 bytes of the regular file at path, so a
// caller sees that it is over max without reading all of it. The open does
// not block (a FIFO without a writer would), and anything but a regular
// file is [ErrNotRegular].
func ReadRegular(path string, max int64) ([]byte, error) {
	f, err := os.OpenFile(path, os.O_RDONLY|syscall.O_NONBLOCK, 0)
	if err != nil {
		return nil, err
	}
	defer f.Close()
	info, err := f.Stat()
	if err != nil {
		return nil, err
	}
	if !info.Mode().IsRegular() {
		return nil, ErrNotRegular
	}
	return io.ReadAll(io.LimitReader(f, max+1))
}

// ErrNotRegular is a path that is not a regular file.
var ErrNotRegular = errors.New("not a regular file")
