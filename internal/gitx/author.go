package gitx

import (
	"bytes"
	"errors"
	"fmt"
	"net/mail"
	"os"
	"path/filepath"
	"strings"
	"time"

	"github.com/go-git/go-git/v5/config"
)

// Signature is a commit's author and committer.
type Signature struct {
	Name, Email string
	When        time.Time
}

// AuthorHint is the remedy for a missing identity.
const AuthorHint = `set PAVED_AUTHOR="Name <email>", or git config --global user.name "Name" and git config --global user.email "you@example.com"`

// ErrNoIdentity reports that no commit identity is configured at all (as
// opposed to a malformed PAVED_AUTHOR); callers may fall back to [Anonymous].
var ErrNoIdentity = errors.New("no commit identity configured")

// Anonymous is the identity of a commit made where none is configured:
// paved made it, as in a fresh container or CI machine.
func Anonymous(now time.Time) Signature {
	return Signature{Name: "paved", Email: "paved@localhost", When: now}
}

// authorError is a missing or malformed commit identity.
type authorError struct {
	msg     string
	missing bool // nothing configured: errors.Is(err, ErrNoIdentity)
}

func (e *authorError) Error() string { return e.msg }

// Is matches [ErrNoIdentity] when no identity is configured at all.
func (e *authorError) Is(target error) bool { return e.missing && target == ErrNoIdentity }

// Hint says how to set an identity.
func (e *authorError) Hint() string { return AuthorHint }

// ExitCode is 2: the user's setup is incomplete.
func (e *authorError) ExitCode() int { return 2 }

// Author finds who the first commit of a generated project is by, the way git
// would: PAVED_AUTHOR ("Name <email>"), else GIT_AUTHOR_NAME and
// GIT_AUTHOR_EMAIL, else user.name and user.email from the global git config
// ($HOME/.gitconfig over $XDG_CONFIG_HOME/git/config). The environment is
// read only through getenv; now is the commit time.
func Author(getenv func(string) string, now time.Time) (Signature, error) {
	if v := strings.TrimSpace(getenv("PAVED_AUTHOR")); v != "" {
		addr, err := mail.ParseAddress(v)
		if err != nil || addr.Name == "" {
			return Signature{}, &authorError{msg: fmt.Sprintf("PAVED_AUTHOR=%q is not \"Name <email>\"", v)}
		}
		return Signature{Name: addr.Name, Email: addr.Address, When: now}, nil
	}
	name, email := getenv("GIT_AUTHOR_NAME"), getenv("GIT_AUTHOR_EMAIL")
	if name != "" && email != "" {
		return Signature{Name: name, Email: email, When: now}, nil
	}
	cfgName, cfgEmail, err := globalIdentity(getenv)
	if err != nil {
		return Signature{}, err
	}
	if name == "" {
		name = cfgName
	}
	if email == "" {
		email = cfgEmail
	}
	if name == "" || email == "" {
		return Signature{}, &authorError{msg: "no commit author: PAVED_AUTHOR is unset and the global git config has no user.name/user.email", missing: true}
	}
	return Signature{Name: name, Email: email, When: now}, nil
}

// globalIdentity reads user.name and user.email from the global git config
// files, later files overriding earlier ones as git does.
func globalIdentity(getenv func(string) string) (name, email string, err error) {
	home := getenv("HOME")
	xdg := getenv("XDG_CONFIG_HOME")
	if xdg == "" && home != "" {
		xdg = filepath.Join(home, ".config")
	}
	var files []string
	if xdg != "" {
		files = append(files, filepath.Join(xdg, "git", "config"))
	}
	if home != "" {
		files = append(files, filepath.Join(home, ".gitconfig"))
	}
	for _, f := range files {
		data, err := os.ReadFile(f)
		if errors.Is(err, os.ErrNotExist) {
			continue
		}
		if err != nil {
			return "", "", fmt.Errorf("read git config: %w", err)
		}
		cfg, err := config.ReadConfig(bytes.NewReader(data))
		if err != nil {
			return "", "", &authorError{msg: fmt.Sprintf("read git config %s: %v", f, err)}
		}
		if cfg.User.Name != "" {
			name = cfg.User.Name
		}
		if cfg.User.Email != "" {
			email = cfg.User.Email
		}
	}
	return name, email, nil
}
