//go:build unix

package ptytest

import (
	"bytes"
	"testing"
	"time"
)

func TestScreen(t *testing.T) {
	t.Parallel()
	var reply bytes.Buffer
	scr := NewScreen(time.Second, &reply)
	go func() {
		_, _ = scr.Write([]byte("Name: "))
		_, _ = scr.Write([]byte("\x1b]11;?\x1b\\\x1b[6nOwner: "))
	}()
	at := scr.WaitFor(t, 0, "Name")
	if at != len("Name") {
		t.Errorf("WaitFor(Name) = %d, want %d", at, len("Name"))
	}
	scr.WaitFor(t, at, "Owner")
	if got, want := reply.String(), "\x1b]11;rgb:0000/0000/0000\x1b\\\x1b[1;1R"; got != want {
		t.Errorf("replies = %q, want %q", got, want)
	}
}

func TestOpen(t *testing.T) {
	t.Parallel()
	term := Open(t, 24, 80, 10*time.Second)
	if _, err := term.TTY.WriteString("ready\n"); err != nil {
		t.Fatal(err)
	}
	term.Screen.WaitFor(t, 0, "ready")
	term.Close()
}
