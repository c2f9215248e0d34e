package updatecmd

import (
	"context"
	"fmt"
	"strings"

	"github.com/paved-dev/paved/internal/answers"
	"github.com/paved-dev/paved/internal/cli/cmdutil"
	"github.com/paved-dev/paved/internal/gitx"
	"github.com/paved-dev/paved/internal/iostreams"
	"github.com/paved-dev/paved/internal/manifest"
	"github.com/paved-dev/paved/internal/merge"
	"github.com/paved-dev/paved/internal/project"
	"github.com/paved-dev/paved/internal/source"
	"github.com/paved-dev/paved/internal/tmpl"
	"github.com/paved-dev/paved/internal/update"
)

// Run updates the project described by opts.
func Run(ctx context.Context, opts *Options) error {
	if err := cmdutil.CheckOutput(opts.Output, "text", "json"); err != nil {
		return err
	}
	dir, err := cmdutil.ProjectDir(opts.Dir)
	if err != nil {
		return err
	}
	if opts.Continue && opts.Abort {
		return cmdutil.WithHint(cmdutil.BadInputf("--continue and --abort cannot be used together"),
			"--continue commits the resolved update, --abort undoes it: pick one")
	}
	if (opts.Continue || opts.Abort) && (opts.To != "" || len(opts.Sets) > 0 || opts.AllowDirty || opts.DryRun) {
		return cmdutil.WithHint(cmdutil.BadInputf("--continue and --abort take no --to, --set, --allow-dirty or --dry-run"),
			"they finish the update already in progress")
	}
	sets, err := cmdutil.ParseSets(opts.Sets, "region=eu-west-1")
	if err != nil {
		return err
	}
	env := update.Env{
		Sources:      opts.Sources,
		PavedVersion: opts.Version,
		Author:       func() (gitx.Signature, error) { return gitx.Author(opts.Getenv, opts.Now()) },
		Answer:       answerer(opts, sets),
		Trusted:      func(t *source.Template) (bool, error) { return t.HooksTrusted(opts.Trust, opts.Config) },
		Log:          opts.IO.ErrOut,
		Progress:     cmdutil.Spinner(opts.IO),
		HideEnv:      cmdutil.TokenEnvs(opts.Config),
	}
	if opts.Config != nil {
		cfg, err := opts.Config()
		if err != nil {
			return err
		}
		env.Limits = cfg.Limits
	}
	switch {
	case opts.Continue:
		return runContinue(ctx, opts, env, dir)
	case opts.Abort:
		p, err := update.Abort(ctx, dir)
		if err != nil {
			return err
		}
		if opts.Output == "json" {
			return cmdutil.WriteJSON(opts.IO.Out, map[string]any{"aborted": true, "template": p.Template, "to": p.To, "interrupted": p.Interrupted})
		}
		fmt.Fprintf(opts.IO.Out, "Aborted the update of %s to %s: every file it wrote is as it was before the update.\n", p.Template, p.To)
		return nil
	}

	res, err := update.Run(ctx, env, update.Options{Dir: dir, To: opts.To, AllowDirty: opts.AllowDirty, DryRun: opts.DryRun, NoHooks: opts.NoHooks})
	if err != nil {
		return err
	}
	if opts.Output == "json" {
		if err := cmdutil.WriteJSON(opts.IO.Out, res); err != nil {
			return err
		}
	} else {
		printResult(opts.IO, res)
	}
	if len(res.Conflicts()) > 0 && !res.DryRun {
		return cmdutil.ErrProblem
	}
	return nil
}

// answerer completes the answers for the new version: the project's
// recorded answers stand in for a values file (.paved.yaml), --set wins, the
// form asks what is still missing, defaults fill the rest.
func answerer(opts *Options, sets map[string]string) func(context.Context, *manifest.Manifest, manifest.Values) (manifest.Values, error) {
	return func(ctx context.Context, m *manifest.Manifest, known manifest.Values) (manifest.Values, error) {
		eng := tmpl.New(m.Delims())
		info := tmpl.TemplateInfo{Name: m.Metadata.Name, Version: m.Spec.Version}
		render := func(text string, v manifest.Values) (string, error) {
			return eng.Render(manifest.FileName, text, tmpl.Data{Values: v, Template: info, Paved: tmpl.PavedInfo{Version: opts.Version}})
		}
		ask := opts.Prompter != nil && opts.IO.CanPrompt() && !opts.Yes && !opts.DryRun
		return answers.Resolve(ctx, answers.Request{
			Manifest: m, Sets: sets, File: known, FileName: project.FileName,
			Ask: ask, Prompter: opts.Prompter, Render: render,
		})
	}
}

func runContinue(ctx context.Context, opts *Options, env update.Env, dir string) error {
	p, err := update.Continue(ctx, env, dir)
	if err != nil {
		return err
	}
	if len(p.Unresolved) > 0 {
		return cmdutil.WithHint(cmdutil.Problem(fmt.Errorf("conflict markers remain in %s", strings.Join(p.Unresolved, ", "))),
			"edit each file to keep what you want and delete the <<<<<<< ||||||| ======= >>>>>>> lines, then run paved update --continue")
	}
	if opts.Output == "json" {
		return cmdutil.WriteJSON(opts.IO.Out, map[string]any{"template": p.Template, "from": p.From, "to": p.To, "commit": p.Commit})
	}
	fmt.Fprintf(opts.IO.Out, "Updated %s from %s to %s: committed %s.\n", p.Template, p.From, p.To, shortHash(p.Commit))
	return nil
}

func shortHash(h string) string {
	if len(h) > 12 {
		return h[:12]
	}
	return h
}

// printResult writes the plan (and its diffs with --dry-run) and what to do next.
func printResult(ios *iostreams.IOStreams, res *update.Result) {
	out := ios.Out
	if res.UpToDate {
		fmt.Fprintf(out, "Already up to date: %s %s.\n", res.Template, res.From)
		return
	}
	verb := "Updating"
	if res.DryRun {
		verb = "Would update"
	}
	fmt.Fprintf(out, "%s %s from %s to %s", verb, res.Template, ios.Bold(res.From), ios.Bold(res.To))
	if res.BaseRendered {
		fmt.Fprint(out, " (base re-rendered: no pristine commit in history)")
	}
	fmt.Fprintln(out)
	if len(res.Changes) == 0 {
		fmt.Fprintln(out, "  no file changes: the project already has everything the new version brings")
	}
	for _, c := range res.Changes {
		label := string(c.Action)
		switch c.Action {
		case merge.Conflict:
			label = ios.Red("conflict")
		case merge.Add, merge.Update, merge.Merge:
			label = ios.Green(label)
		case merge.Delete, merge.Keep:
			label = ios.Yellow(label)
		}
		pad := strings.Repeat(" ", max(0, 9-len(c.Action)))
		line := fmt.Sprintf("  %s%s %s", label, pad, c.Path)
		if c.Reason != "" {
			line += ios.Dim(" (" + c.Reason + ")")
		}
		if len(c.ConflictLines) > 0 {
			line += ios.Dim(" " + linesLabel(c.ConflictLines))
		}
		fmt.Fprintln(out, line)
	}
	for _, h := range res.HooksRun {
		fmt.Fprintf(out, "  %s\n", ios.Dim("ran "+h+" on the new version (in a temporary folder)"))
	}
	for _, p := range res.Carried {
		fmt.Fprintf(out, "  %s\n", ios.Dim("carried "+p+" (written by a hook; kept as it is)"))
	}
	if len(res.Dropped) > 0 {
		fmt.Fprintf(out, "  %s\n", ios.Dim("answers the new version no longer asks: "+strings.Join(res.Dropped, ", ")))
	}
	if res.DryRun {
		for _, c := range res.Changes {
			if c.Diff != "" {
				fmt.Fprintln(out)
				cmdutil.WriteDiff(ios, c.Diff)
			}
		}
		return
	}
	if conflicts := res.Conflicts(); len(conflicts) > 0 {
		fmt.Fprintf(out, "\n%d %s to resolve: nothing was committed.\n", len(conflicts), cmdutil.Plural(len(conflicts), "conflict", "conflicts"))
		fmt.Fprintln(out, "Edit the files listed as conflict (keep what you want, delete the marker lines),")
		fmt.Fprintln(out, "then run: paved update --continue    (or paved update --abort to undo)")
		return
	}
	fmt.Fprintf(out, "Committed %s (merge of the project and the %s %s pristine render %s).\n",
		shortHash(res.Commit), res.Template, res.To, shortHash(res.Pristine))
	if len(res.HooksToRun) > 0 {
		fmt.Fprintln(out, "Dependency files changed and the template's hooks did not run; run:")
		for _, h := range res.HooksToRun {
			fmt.Fprintf(out, "  %s\n", h)
		}
	}
}

func linesLabel(lines []int) string {
	s := make([]string, len(lines))
	for i, l := range lines {
		s[i] = fmt.Sprint(l)
	}
	return "at " + cmdutil.Plural(len(lines), "line", "lines") + " " + strings.Join(s, ", ")
}
