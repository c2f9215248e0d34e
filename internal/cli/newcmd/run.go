package newcmd

import (
	"context"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"runtime/debug"
	"strings"

	"github.com/paved-dev/paved/internal/answers"
	"github.com/paved-dev/paved/internal/cli/cmdutil"
	"github.com/paved-dev/paved/internal/gitx"
	"github.com/paved-dev/paved/internal/limits"
	"github.com/paved-dev/paved/internal/manifest"
	"github.com/paved-dev/paved/internal/scaffold"
	"github.com/paved-dev/paved/internal/shellquote"
	"github.com/paved-dev/paved/internal/source"
	"github.com/paved-dev/paved/internal/tmpl"
)

// Result is what `paved new -o json` prints.
type Result struct {
	DryRun       bool       `json:"dryRun,omitempty"`
	Dir          string     `json:"dir"`
	Template     string     `json:"template"`
	Version      string     `json:"version"`
	Source       string     `json:"source"`
	Commit       string     `json:"commit,omitempty"`
	Ref          string     `json:"ref,omitempty"`
	Files        int        `json:"files"`
	Bytes        int64      `json:"bytes"`
	Tree         []FileInfo `json:"tree,omitempty"` // dry run only
	Overwritten  []string   `json:"overwritten,omitempty"`
	GitCommit    string     `json:"gitCommit,omitempty"`
	Registered   string     `json:"registered,omitempty"`
	HooksRun     [][]string `json:"hooksRun,omitempty"`
	HooksSkipped [][]string `json:"hooksSkipped,omitempty"`
	NextSteps    []string   `json:"nextSteps,omitempty"`
	CommandLine  string     `json:"commandLine,omitempty"`
}

// FileInfo is one file of a dry run.
type FileInfo struct {
	Path string `json:"path"`
	Mode string `json:"mode"`
	Size int    `json:"size"`
}

// Run creates the service described by opts.
func Run(ctx context.Context, opts *Options) error {
	if err := cmdutil.CheckOutput(opts.Output, "text", "json"); err != nil {
		return err
	}
	sets, err := cmdutil.ParseSets(opts.Sets, "name=orders")
	if err != nil {
		return err
	}
	ask := opts.IO.CanPrompt() && !opts.Yes && opts.Prompter != nil

	picked := opts.Template == ""
	if picked {
		if opts.Template, err = pickTemplate(ctx, opts, ask); err != nil {
			return err
		}
	}
	tpl, err := opts.Sources.Resolve(ctx, opts.Template)
	if err != nil {
		return err
	}
	m, err := manifest.Load(tpl.FS)
	if err != nil {
		return err
	}
	var lim limits.Limits
	if opts.Config != nil {
		cfg, err := opts.Config()
		if err != nil {
			return err
		}
		lim = cfg.Limits
	}
	var file answers.ValuesFile
	if opts.ValuesFile != "" {
		vf, err := answers.LoadValuesFile(opts.ValuesFile)
		if err != nil {
			return err
		}
		file = *vf
	}

	info := tmpl.TemplateInfo{Name: m.Metadata.Name, Version: m.Spec.Version, Source: tpl.Source, Commit: tpl.Commit}
	if info.Name == "" || tpl.Kind == source.KindBuiltin {
		// a built-in is found again by its folder name (paved update)
		info.Name = tpl.Name
	}
	paved := tmpl.PavedInfo{Version: opts.Version}
	left, right := m.Delims()
	eng := tmpl.NewLimited(left, right, lim)
	render := func(text string, v manifest.Values) (string, error) {
		return eng.RenderContext(ctx, manifest.FileName, text, tmpl.Data{Values: v, Template: info, Paved: paved})
	}
	if opts.Dir != "" {
		// Before any question: a form answered in vain is worse than an early no.
		if _, err := scaffold.CheckTarget(opts.Dir, opts.Force); err != nil {
			return err
		}
	}
	vals, err := answers.Resolve(ctx, answers.Request{
		Manifest: m, Sets: sets, File: file.Values, FileName: opts.ValuesFile, Lines: file.Lines,
		Ask: ask, Prompter: opts.Prompter, Render: render,
	})
	if err != nil {
		return err
	}

	dir := opts.Dir
	if dir == "" {
		name, _ := vals["name"].(string)
		if name == "" {
			return cmdutil.WithHint(cmdutil.BadInputf("no folder to create: the template has no name answer"), "pass --dir DIR")
		}
		dir = name
	}
	if dir, err = filepath.Abs(dir); err != nil {
		return fmt.Errorf("resolve --dir: %w", err)
	}

	if _, err := scaffold.CheckTarget(dir, opts.Force); err != nil {
		return err
	}
	// The plan holds the whole project in memory for a moment: a few MB
	// that would cost a garbage collection cycle for nothing in a process
	// about to exit. Restored when Run returns.
	defer debug.SetGCPercent(debug.SetGCPercent(400))
	plan, err := scaffold.RenderWith(ctx, tpl, m, tmpl.Data{Values: vals, Template: info, Paved: paved}, scaffold.RenderOptions{Limits: lim})
	if err != nil {
		return err
	}
	runHooks, err := hooksTrusted(opts, tpl, plan)
	if err != nil {
		return err
	}
	res := &Result{
		Dir: dir, Template: info.Name, Version: info.Version, Source: tpl.Source, Commit: tpl.Commit, Ref: tpl.Ref,
		Files: len(plan.Files), Bytes: plan.Size(), NextSteps: nextSteps(plan.NextSteps, vals, dir),
	}
	if ask && (picked || formAsked(vals, sets, file.Values)) {
		res.CommandLine = answers.CommandLine(opts.Template, m, vals)
	}

	if opts.DryRun {
		return dryRun(opts, plan, res, runHooks)
	}

	var sig gitx.Signature
	if !opts.NoGit {
		// Before writing anything: a missing identity must not leave a half-done project.
		sig, err = gitx.Author(opts.Getenv, opts.Now())
		if errors.Is(err, gitx.ErrNoIdentity) {
			// A fresh machine or container has no identity yet: the first
			// commit is paved's own render, so paved may sign it.
			sig, err = gitx.Anonymous(opts.Now()), nil
			fmt.Fprintf(opts.IO.ErrOut, "%s no git identity configured: the first commit is by %s <%s>\n  hint: %s\n",
				opts.IO.Yellow("!"), sig.Name, sig.Email, gitx.AuthorHint)
		}
		if err != nil {
			return err
		}
	}
	exists, err := scaffold.CheckTarget(dir, opts.Force)
	if err != nil {
		return err
	}
	gitOK := !opts.NoGit
	if gitOK && exists {
		if _, err := os.Stat(filepath.Join(dir, ".git")); err == nil {
			gitOK = false // already a repository: leave its history alone
			fmt.Fprintf(opts.IO.ErrOut, "%s is already a git repository: no first commit made\n", dir)
		}
	}
	gopts := scaffold.GenerateOptions{Force: opts.Force, RunHooks: runHooks, Log: opts.IO.ErrOut, Progress: cmdutil.Spinner(opts.IO), HideEnv: cmdutil.TokenEnvs(opts.Config)}
	if gitOK {
		msg := fmt.Sprintf("Create %s from the %s template %s\n\nGenerated by paved %s.", filepath.Base(dir), info.Name, info.Version, opts.Version)
		gopts.BeforeMove = func(ctx context.Context, stage string) error {
			res.GitCommit, err = gitx.InitCommit(ctx, stage, msg, sig)
			return err
		}
	}
	gres, err := scaffold.Generate(ctx, plan, dir, gopts)
	if gres != nil && len(gres.Swept) > 0 {
		var n int64
		for _, s := range gres.Swept {
			n += s.Bytes
		}
		fmt.Fprintf(opts.IO.ErrOut, "Removed %s left by interrupted runs of paved new (%s)\n",
			plural(len(gres.Swept), "staging folder", "staging folders"), size(n))
	}
	if err != nil {
		return err
	}
	res.Overwritten = gres.Overwritten
	for _, h := range plan.Hooks {
		if runHooks {
			res.HooksRun = append(res.HooksRun, h.Run)
		} else {
			res.HooksSkipped = append(res.HooksSkipped, h.Run)
		}
	}

	var regErr error
	if !opts.NoRegister && opts.Register != nil {
		res.Registered, regErr = opts.Register(ctx, dir)
	}
	if opts.Output == "json" {
		if regErr != nil {
			warnRegister(opts, dir, regErr)
		}
		return cmdutil.WriteJSON(opts.IO.Out, res)
	}
	printResult(opts, res, plan, runHooks)
	if regErr != nil {
		warnRegister(opts, dir, regErr)
	}
	return nil
}

// nextSteps fixes the usual first step, `cd NAME`, when --dir put the
// project somewhere else: templates only know the vals, not the folder.
func nextSteps(steps []string, vals manifest.Values, dir string) []string {
	name, _ := vals["name"].(string)
	shown := displayDir(dir)
	out := make([]string, len(steps))
	for i, s := range steps {
		if name != "" && s == "cd "+name && shown != name {
			s = "cd " + shellquote.Quote(shown)
		}
		out[i] = s
	}
	return out
}

// formAsked reports whether the form had a question to ask: an answer that
// came neither from --set nor from --values. (The form shows nothing when
// flags answered everything, and then there is no command line to teach.)
func formAsked(vals manifest.Values, sets map[string]string, file manifest.Values) bool {
	for k := range vals {
		_, inSets := sets[k]
		_, inFile := file[k]
		if !inSets && !inFile {
			return true
		}
	}
	return false
}

// pickTemplate asks which built-in template to use; without a terminal it
// is bad usage naming the choices.
func pickTemplate(ctx context.Context, opts *Options, ask bool) (string, error) {
	if !ask {
		return "", cmdutil.WithHint(cmdutil.BadInputf("no template given"),
			fmt.Sprintf("pass a built-in name (%s), a folder or a git source: paved new %s", strings.Join(opts.Builtins, ", "), first(opts.Builtins)))
	}
	m := &manifest.Manifest{Spec: manifest.Spec{Parameters: []manifest.Parameter{{
		Name: "template", Title: "Template", Help: "a paved road to start from",
		Type: manifest.TypeSelect, Required: true, Options: opts.Builtins, Default: first(opts.Builtins),
	}}}}
	v, err := opts.Prompter.Ask(ctx, m, manifest.Values{}, func(text string, _ manifest.Values) (string, error) { return text, nil })
	if err != nil {
		return "", err
	}
	name, _ := v["template"].(string)
	if name == "" {
		return "", cmdutil.BadInputf("no template chosen")
	}
	return name, nil
}

func first(s []string) string {
	if len(s) == 0 {
		return ""
	}
	return s[0]
}

// hooksTrusted decides whether the plan's hooks run: never with --no-hooks,
// else by [source.Template.HooksTrusted].
func hooksTrusted(opts *Options, tpl *source.Template, plan *scaffold.Plan) (bool, error) {
	if opts.NoHooks || len(plan.Hooks) == 0 {
		return false, nil
	}
	return tpl.HooksTrusted(opts.Trust, opts.Config)
}

func warnRegister(opts *Options, dir string, err error) {
	io := opts.IO
	fmt.Fprintf(io.ErrOut, "%s not registered in the catalog: %v\n", io.Yellow("!"), err)
	hint := cmdutil.Hint(err)
	if hint == "" {
		hint = "run: paved catalog register " + dir
	}
	fmt.Fprintf(io.ErrOut, "  %s %s\n", io.Dim("hint:"), hint)
}
