package doctorcmd

import (
	"context"
	"fmt"
	"os/exec"
	"runtime"
	"strings"
	"time"

	"github.com/spf13/cobra"

	"github.com/paved-dev/paved/internal/cli/cmdutil"
	"github.com/paved-dev/paved/internal/iostreams"
)

// Options is everything `paved doctor` needs. The machine is reached only
// through LookPath and Exec, so tests fake it.
type Options struct {
	IO      *iostreams.IOStreams
	Version string
	Getenv  func(string) string
	Now     func() time.Time

	CatalogPath string
	CacheDir    string
	ConfigPath  string
	NoColor     bool   // --no-color was given
	Dir         string // where to look for staging folders of interrupted runs; "" is the working folder

	// LookPath finds a program on PATH (exec.LookPath).
	LookPath func(name string) (string, error)
	// Exec runs a program and returns its combined output.
	Exec func(ctx context.Context, path string, args ...string) (string, error)
	// Timeout bounds each program run (node --version and friends).
	Timeout time.Duration

	Output string
}

// NewCmd builds `paved doctor`. Tests pass run to capture the options.
func NewCmd(d *cmdutil.Deps, run func(context.Context, *Options) error) *cobra.Command {
	if run == nil {
		run = Run
	}
	opts := &Options{
		IO:       d.IO,
		Version:  d.Version,
		Getenv:   d.Getenv,
		Now:      d.Now,
		LookPath: exec.LookPath,
		Exec:     execOutput,
		Timeout:  5 * time.Second,
	}
	cmd := &cobra.Command{
		Use:   "doctor",
		Short: "Check paved's environment: git, node, go, catalog, cache",
		Long: `Check what paved needs and say how to fix what is missing:

  - a git identity for the first commit of generated projects (PAVED_AUTHOR
    or git config user.name/user.email);
  - the catalog database opens, the cache folder is writable, the config
    file is valid;
  - node, npm and go on PATH, which the built-in templates' hooks and tests use;
  - whether stdin/stdout are terminals (forms need both) and colour is on.

Exits 1 when something required is missing.`,
		Example: `  paved doctor
  paved doctor -o json`,
		Args: cobra.NoArgs,
		RunE: func(cmd *cobra.Command, args []string) error {
			if err := cmdutil.CheckOutput(opts.Output, "text", "json"); err != nil {
				return err
			}
			opts.CatalogPath = d.CatalogPath()
			opts.CacheDir = d.CacheDir()
			opts.ConfigPath = d.ConfigPath()
			opts.NoColor = d.NoColor
			return run(cmd.Context(), opts)
		},
	}
	cmdutil.OutputFlag(cmd, &opts.Output, "text", "json")
	return cmd
}

func execOutput(ctx context.Context, path string, args ...string) (string, error) {
	out, err := exec.CommandContext(ctx, path, args...).CombinedOutput()
	return string(out), err
}

// Report is what `paved doctor -o json` prints.
type Report struct {
	OK     bool    `json:"ok"`
	Checks []Check `json:"checks"`
}

// Run checks the environment and prints the report. It returns
// cmdutil.ErrProblem (exit 1) when a required check failed.
func Run(ctx context.Context, opts *Options) error {
	checks := Checks(ctx, opts)
	r := Report{OK: true, Checks: checks}
	for _, c := range checks {
		if c.Status == StatusFail {
			r.OK = false
		}
	}
	if opts.Output == "json" {
		if err := cmdutil.WriteJSON(opts.IO.Out, r); err != nil {
			return err
		}
	} else if err := write(opts.IO, r); err != nil {
		return err
	}
	if !r.OK {
		return cmdutil.ErrProblem
	}
	return nil
}

func write(ios *iostreams.IOStreams, r Report) error {
	width := 0
	for _, c := range r.Checks {
		width = max(width, len(c.Name))
	}
	var b strings.Builder
	for _, c := range r.Checks {
		var mark string
		switch c.Status {
		case StatusOK:
			mark = ios.Green("✓")
		case StatusWarn:
			mark = ios.Yellow("!")
		default:
			mark = ios.Red("✗")
		}
		fmt.Fprintf(&b, "%s %-*s  %s\n", mark, width, c.Name, c.Detail)
		if c.Hint != "" && c.Status != StatusOK {
			fmt.Fprintf(&b, "  %s %s\n", ios.Dim("hint:"), c.Hint)
		}
	}
	failed, warned := 0, 0
	for _, c := range r.Checks {
		switch c.Status {
		case StatusFail:
			failed++
		case StatusWarn:
			warned++
		}
	}
	switch {
	case failed > 0:
		fmt.Fprintf(&b, "\n%s\n", ios.Red(fmt.Sprintf("%d required %s missing or broken; paved cannot do everything until %s fixed.",
			failed, cmdutil.Plural(failed, "thing is", "things are"), cmdutil.Plural(failed, "it is", "they are"))))
	case warned > 0:
		fmt.Fprintf(&b, "\nReady. %d optional %s missing: only the templates that use %s are affected.\n",
			warned, cmdutil.Plural(warned, "tool is", "tools are"), cmdutil.Plural(warned, "it", "them"))
	default:
		fmt.Fprintf(&b, "\n%s\n", ios.Green("Ready: everything paved uses is in place."))
	}
	_, err := fmt.Fprint(ios.Out, b.String())
	return err
}

func platform() string { return runtime.Version() + ", " + runtime.GOOS + "/" + runtime.GOARCH }
