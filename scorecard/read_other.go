//go:build !unix

package scorecard

import (
	"errors"
	"io"
	"os"
)

// readRegular reads up to size bytes of a regular file.
func readRegular(full string, size int64) ([]byte, error) {
	f, err := os.Open(full)
	if err != nil {
		return nil, err
	}
	defer f.Close()
	data := make([]byte, size)
	n, err := io.ReadFull(f, data)
	if err != nil && !errors.Is(err, io.ErrUnexpectedEOF) {
		return nil, err
	}
	return data[:n], nil
}
