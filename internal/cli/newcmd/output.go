package newcmd

import (
	"fmt"
	"io"
	"os"
	"path"
	"path/filepath"
	"strings"

	"github.com/paved-dev/paved/internal/cli/cmdutil"
	"github.com/paved-dev/paved/internal/iostreams"
	"github.com/paved-dev/paved/internal/scaffold"
	"github.com/paved-dev/paved/internal/shellquote"
	"github.com/paved-dev/paved/internal/textsafe"
)

// displayDir shows dir relative to the working folder when it is below it.
func displayDir(dir string) string {
	wd, err := os.Getwd()
	if err != nil {
		return dir
	}
	rel, err := filepath.Rel(wd, dir)
	if err != nil || rel == ".." || strings.HasPrefix(rel, ".."+string(filepath.Separator)) {
		return dir
	}
	return rel
}

// printResult tells a person what was created and what to do next.
func printResult(opts *Options, res *Result, plan *scaffold.Plan, ran bool) {
	ios := opts.IO
	w := ios.Out
	ok := ios.Green("✓")
	shown := displayDir(res.Dir)
	fmt.Fprintf(w, "%s Created %s from %s %s (%s, %s)\n", ok, ios.Bold(textsafe.Line(shown)), textsafe.Line(res.Template), textsafe.Line(res.Version),
		plural(res.Files, "file", "files"), size(res.Bytes))
	if len(res.Overwritten) > 0 {
		fmt.Fprintf(w, "%s Overwrote %s: %s\n", ios.Yellow("!"), plural(len(res.Overwritten), "file", "files"), strings.Join(res.Overwritten, ", "))
	}
	for _, h := range plan.Hooks {
		if ran {
			fmt.Fprintf(w, "%s %s\n", ok, textsafe.Line(h.Title))
		}
	}
	if res.GitCommit != "" {
		fmt.Fprintf(w, "%s Initialised a git repository on main, first commit %s\n", ok, short(res.GitCommit))
	}
	if res.Registered != "" {
		fmt.Fprintf(w, "%s Registered %s in the catalog\n", ok, res.Registered)
	}
	if len(res.HooksSkipped) > 0 {
		why := "the template is not built in: pass --trust, or list its source under trustedSources in the config file"
		if opts.NoHooks {
			why = "--no-hooks"
		}
		fmt.Fprintf(w, "%s Skipped %s (%s). To run them yourself:\n", ios.Yellow("!"), plural(len(res.HooksSkipped), "hook", "hooks"), why)
		fmt.Fprintf(w, "    cd %s\n", textsafe.Line(shellquote.Join(shown)))
		for _, run := range res.HooksSkipped {
			fmt.Fprintf(w, "    %s\n", textsafe.Line(shellquote.Join(run...)))
		}
	}
	if len(res.NextSteps) > 0 {
		fmt.Fprintf(w, "\n%s\n", ios.Bold("Next steps:"))
		for _, s := range res.NextSteps {
			fmt.Fprintf(w, "  %s\n", textsafe.Line(s))
		}
	}
	if res.CommandLine != "" {
		fmt.Fprintf(w, "\nTo create the same service without questions:\n  %s\n", textsafe.Line(res.CommandLine))
	}
}

// dryRun prints the tree that would be written and writes nothing. A
// non-empty target without --force fails as the real run would; with
// --force every file that would be overwritten is listed.
func dryRun(opts *Options, plan *scaffold.Plan, res *Result, runHooks bool) error {
	res.DryRun = true
	if _, err := scaffold.CheckTarget(res.Dir, opts.Force); err != nil {
		return err
	}
	over, err := scaffold.Conflicts(plan, res.Dir)
	if err != nil {
		return err
	}
	res.Overwritten = over
	for _, f := range plan.Files {
		res.Tree = append(res.Tree, FileInfo{Path: f.Path, Mode: fmt.Sprintf("%04o", f.Mode.Perm()), Size: len(f.Data)})
	}
	for _, h := range plan.Hooks {
		if runHooks {
			res.HooksRun = append(res.HooksRun, h.Run)
		} else {
			res.HooksSkipped = append(res.HooksSkipped, h.Run)
		}
	}
	if opts.Output == "json" {
		return cmdutil.WriteJSON(opts.IO.Out, res)
	}
	ios := opts.IO
	w := ios.Out
	fmt.Fprintf(w, "Would create %s from %s %s (%s, %s):\n", ios.Bold(textsafe.Line(displayDir(res.Dir)+"/")), textsafe.Line(res.Template), textsafe.Line(res.Version),
		plural(res.Files, "file", "files"), size(res.Bytes))
	writeTree(w, ios, plan, over)
	if len(over) > 0 {
		fmt.Fprintf(w, "\n%s Would overwrite %s:\n", ios.Yellow("!"), plural(len(over), "file", "files"))
		for _, p := range over {
			fmt.Fprintf(w, "    %s\n", p)
		}
	}
	if len(plan.Hooks) > 0 {
		verb := "Would run"
		if !runHooks {
			verb = "Would skip"
		}
		fmt.Fprintf(w, "\n%s %s:\n", verb, plural(len(plan.Hooks), "hook", "hooks"))
		for _, h := range plan.Hooks {
			fmt.Fprintf(w, "    %s\n", textsafe.Line(shellquote.Join(h.Run...)))
		}
	}
	fmt.Fprintln(w, "\nNothing was written (--dry-run).")
	return nil
}

// writeTree prints the plan as an indented tree with sizes; files that would
// be overwritten are marked.
func writeTree(w io.Writer, ios *iostreams.IOStreams, plan *scaffold.Plan, over []string) {
	overwrite := make(map[string]bool, len(over))
	for _, p := range over {
		overwrite[p] = true
	}
	width := 0
	for _, f := range plan.Files {
		width = max(width, 2*strings.Count(f.Path, "/")+len(path.Base(f.Path)))
	}
	printed := map[string]bool{}
	for _, f := range plan.Files {
		parts := strings.Split(f.Path, "/")
		for i := range len(parts) - 1 {
			dir := strings.Join(parts[:i+1], "/")
			if !printed[dir] {
				printed[dir] = true
				fmt.Fprintf(w, "  %s%s/\n", strings.Repeat("  ", i), parts[i])
			}
		}
		depth := len(parts) - 1
		name := parts[depth]
		pad := width - 2*depth - len(name)
		mark := ""
		if f.Mode&0o111 != 0 {
			mark = " " + ios.Dim("(executable)")
		}
		if overwrite[f.Path] {
			mark += " " + ios.Yellow("(overwrite)")
		}
		fmt.Fprintf(w, "  %s%s%s  %8s%s\n", strings.Repeat("  ", depth), name, strings.Repeat(" ", pad), size(int64(len(f.Data))), mark)
	}
}

// size formats a byte count for people: 812 B, 4.1 kB, 2.3 MB.
func size(n int64) string {
	switch {
	case n < 1000:
		return fmt.Sprintf("%d B", n)
	case n < 1000*1000:
		return fmt.Sprintf("%.1f kB", float64(n)/1000)
	default:
		return fmt.Sprintf("%.1f MB", float64(n)/1000/1000)
	}
}

func short(hash string) string {
	if len(hash) > 7 {
		return hash[:7]
	}
	return hash
}
