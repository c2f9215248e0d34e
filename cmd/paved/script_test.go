package main

import (
	"context"
	"errors"
	"flag"
	"os"
	"os/exec"
	"path/filepath"
	"strconv"
	"testing"

	"github.com/rogpeppe/go-internal/testscript"

	"github.com/paved-dev/paved/internal/cli"
	"github.com/paved-dev/paved/internal/iostreams"
)

var update = flag.Bool("update", false, "rewrite testscript files with the actual output")

func TestMain(m *testing.M) {
	testscript.Main(m, map[string]func(){
		"paved": func() {
			os.Exit(cli.Main(context.Background(), os.Args[1:], iostreams.System(os.Getenv), os.Getenv))
		},
	})
}

// TestScript runs every end-to-end script in testdata/script. Each script
// gets its own HOME, XDG folders and catalog, so scripts never share state.
func TestScript(t *testing.T) {
	testscript.Run(t, testscript.Params{
		Dir:                 "testdata/script",
		RequireExplicitExec: true,
		RequireUniqueNames:  true,
		UpdateScripts:       *update,
		Cmds: map[string]func(*testscript.TestScript, bool, []string){
			"exits":     cmdExits,
			"mkgitrepo": cmdMkGitRepo,
			"gitlog":    cmdGitLog,
			"gitserve":  cmdGitServe,
			"mkfifo":    cmdMkfifo,
		},
		Setup: func(env *testscript.Env) error {
			work := env.WorkDir
			env.Setenv("HOME", work+"/home")
			env.Setenv("XDG_CONFIG_HOME", work+"/home/.config")
			env.Setenv("XDG_DATA_HOME", work+"/home/.local/share")
			env.Setenv("XDG_CACHE_HOME", work+"/home/.cache")
			env.Setenv("PAVED_CATALOG", work+"/catalog.db")
			env.Setenv("PAVED_AUTHOR", "Paved Test <test@paved.dev>")
			env.Setenv("NO_COLOR", "1")
			// REPO lets scripts read the repository's own files (examples/).
			repo, err := filepath.Abs("../..")
			if err != nil {
				return err
			}
			env.Setenv("REPO", repo)
			return nil
		},
	})
}

// cmdExits runs a program like exec and checks its exit code:
//
//	exits 2 paved new --bogus
//
// The program's stdout and stderr are kept for the stdout/stderr commands.
func cmdExits(ts *testscript.TestScript, neg bool, args []string) {
	if neg || len(args) < 2 {
		ts.Fatalf("usage: exits CODE program [args...]")
	}
	want, err := strconv.Atoi(args[0])
	ts.Check(err)
	got := 0
	if err := ts.Exec(args[1], args[2:]...); err != nil {
		var ee *exec.ExitError
		if !errors.As(err, &ee) {
			ts.Fatalf("%s: %v", args[1], err)
		}
		got = ee.ExitCode()
	}
	if got != want {
		ts.Fatalf("%s exited %d, want %d", args[1], got, want)
	}
}
