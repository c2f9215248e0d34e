package gitx

import (
	"errors"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/paved-dev/paved/internal/dirtest"
)

func TestAuthor(t *testing.T) {
	t.Parallel()
	now := time.Date(2026, 3, 4, 5, 6, 7, 0, time.UTC)
	tests := []struct {
		name    string
		env     map[string]string
		files   map[string]string // under a fresh HOME
		want    Signature
		wantErr string
	}{
		{name: "PAVED_AUTHOR", env: map[string]string{"PAVED_AUTHOR": "Ada Lovelace <ada@example.com>"},
			want: Signature{Name: "Ada Lovelace", Email: "ada@example.com", When: now}},
		{name: "PAVED_AUTHOR wins over git config", env: map[string]string{"PAVED_AUTHOR": "Ada <ada@example.com>"},
			files: map[string]string{".gitconfig": "[user]\n\tname = Bob\n\temail = bob@example.com\n"},
			want:  Signature{Name: "Ada", Email: "ada@example.com", When: now}},
		{name: "GIT_AUTHOR variables", env: map[string]string{"GIT_AUTHOR_NAME": "Gil", "GIT_AUTHOR_EMAIL": "gil@example.com"},
			want: Signature{Name: "Gil", Email: "gil@example.com", When: now}},
		{name: "global git config", files: map[string]string{".gitconfig": "[user]\n\tname = Bob\n\temail = bob@example.com\n"},
			want: Signature{Name: "Bob", Email: "bob@example.com", When: now}},
		{name: "XDG git config", files: map[string]string{".config/git/config": "[user]\n\tname = Xena\n\temail = x@example.com\n"},
			want: Signature{Name: "Xena", Email: "x@example.com", When: now}},
		{name: "~/.gitconfig overrides the XDG file field by field", files: map[string]string{
			".config/git/config": "[user]\n\tname = Xena\n\temail = x@example.com\n",
			".gitconfig":         "[user]\n\temail = home@example.com\n"},
			want: Signature{Name: "Xena", Email: "home@example.com", When: now}},
		{name: "malformed PAVED_AUTHOR", env: map[string]string{"PAVED_AUTHOR": "just-a-name"}, wantErr: `PAVED_AUTHOR="just-a-name" is not "Name <email>"`},
		{name: "no identity anywhere", wantErr: "no commit author"},
		{name: "name without email", files: map[string]string{".gitconfig": "[user]\n\tname = Bob\n"}, wantErr: "no commit author"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			home := t.TempDir()
			dirtest.Write(t, home, tt.files)
			env := map[string]string{"HOME": home}
			for k, v := range tt.env {
				env[k] = v
			}
			got, err := Author(func(k string) string { return env[k] }, now)
			if tt.wantErr != "" {
				if err == nil || !strings.Contains(err.Error(), tt.wantErr) {
					t.Fatalf("Author() error = %v, want %q", err, tt.wantErr)
				}
				var h interface{ Hint() string }
				if !errors.As(err, &h) || !strings.Contains(h.Hint(), "PAVED_AUTHOR") {
					t.Errorf("Author() error has no hint naming PAVED_AUTHOR: %v", err)
				}
				// Only a missing identity may fall back to Anonymous; a malformed one is the user's mistake.
				if got, want := errors.Is(err, ErrNoIdentity), tt.wantErr == "no commit author"; got != want {
					t.Errorf("errors.Is(%v, ErrNoIdentity) = %v, want %v", err, got, want)
				}
				return
			}
			if err != nil {
				t.Fatalf("Author(): %v", err)
			}
			if got != tt.want {
				t.Errorf("Author() = %+v, want %+v", got, tt.want)
			}
		})
	}
}

func TestInitCommit(t *testing.T) {
	t.Parallel()
	files := map[string]string{
		".gitignore":        "node_modules/\n*.log\n",
		"README.md":         "# svc\n",
		"src/index.ts":      "export {}\n",
		"run.sh*":           "#!/bin/sh\n",
		"debug.log":         "ignored\n",
		"node_modules/x.js": "ignored\n",
	}
	make := func(t *testing.T) (string, string) {
		dir := t.TempDir()
		dirtest.Write(t, dir, files)
		hash, err := InitCommit(t.Context(), dir, "Create svc from minimal", testSig)
		if err != nil {
			t.Fatalf("InitCommit: %v", err)
		}
		return dir, hash
	}
	dir, hash := make(t)

	t.Run("a fixed signature gives the same hash", func(t *testing.T) {
		_, again := make(t)
		if again != hash {
			t.Errorf("second InitCommit = %s, want %s", again, hash)
		}
	})

	t.Run("ignored files are not committed, on branch main", func(t *testing.T) {
		repo, err := openRepo(dir)
		if err != nil {
			t.Fatal(err)
		}
		head, err := repo.Head()
		if err != nil {
			t.Fatal(err)
		}
		if head.Name().Short() != "main" || head.Hash().String() != hash {
			t.Errorf("HEAD = %s at %s, want main at %s", head.Name(), head.Hash(), hash)
		}
		c, err := repo.CommitObject(head.Hash())
		if err != nil {
			t.Fatal(err)
		}
		tree, err := c.Tree()
		if err != nil {
			t.Fatal(err)
		}
		var got []string
		for _, e := range tree.Entries {
			got = append(got, e.Name)
		}
		want := ".gitignore README.md run.sh src"
		if strings.Join(got, " ") != want {
			t.Errorf("committed %v, want %s", got, want)
		}
		f, err := tree.File("run.sh")
		if err != nil {
			t.Fatal(err)
		}
		if !f.Mode.IsFile() || f.Mode.String() != "0100755" {
			t.Errorf("run.sh mode = %s, want 0100755", f.Mode)
		}
		if c.Author.Name != testSig.Name || c.Author.Email != testSig.Email || !c.Author.When.Equal(testSig.When) {
			t.Errorf("author = %+v, want %+v", c.Author, testSig)
		}
	})

	t.Run("an existing repository is an error", func(t *testing.T) {
		_, err := InitCommit(t.Context(), dir, "again", testSig)
		if err == nil {
			t.Fatal("InitCommit on a repository succeeded, want an error")
		}
	})

	t.Run("a cancelled context commits nothing", func(t *testing.T) {
		d := t.TempDir()
		dirtest.Write(t, d, map[string]string{"a": "a"})
		ctx, cancel := contextWithCancel(t)
		cancel()
		if _, err := InitCommit(ctx, d, "m", testSig); err == nil {
			t.Fatal("InitCommit with a cancelled context succeeded")
		}
		if _, err := os.Stat(filepath.Join(d, ".git")); !errors.Is(err, os.ErrNotExist) {
			t.Errorf(".git exists after a cancelled InitCommit (err %v)", err)
		}
	})
}
