package templatescmd

import (
	"context"
	"fmt"
	"io"
	"strconv"
	"strings"
	"text/tabwriter"

	"github.com/spf13/cobra"
	"gopkg.in/yaml.v3"

	"github.com/paved-dev/paved/internal/cli/cmdutil"
	"github.com/paved-dev/paved/internal/iostreams"
	"github.com/paved-dev/paved/internal/manifest"
	"github.com/paved-dev/paved/internal/source"
	"github.com/paved-dev/paved/internal/textsafe"
)

// ShowOptions is everything `paved templates show` needs.
type ShowOptions struct {
	IO       *iostreams.IOStreams
	Sources  source.Resolver
	Template string // built-in name, directory or git source
	Output   string
}

// NewShowCmd builds `paved templates show`. Tests pass run to capture the options.
func NewShowCmd(d *cmdutil.Deps, run func(context.Context, *ShowOptions) error) *cobra.Command {
	if run == nil {
		run = RunShow
	}
	opts := &ShowOptions{IO: d.IO}
	cmd := &cobra.Command{
		Use:   "show TEMPLATE",
		Short: "Show what a template asks, generates and wires in",
		Long: `Show a template's parameters (type, default, whether required, when asked),
the files it leaves out and when, its hooks, its next steps and the
features it wires in. TEMPLATE is a built-in name, a directory or a git
source.`,
		Example: `  paved templates show express-service
  paved templates show ./my-template -o json
  paved templates show 'git::https://github.com/acme/templates.git//worker?ref=v1.2.0'`,
		Args: cobra.ExactArgs(1),
		RunE: func(cmd *cobra.Command, args []string) error {
			if err := cmdutil.CheckOutput(opts.Output, "text", "json", "yaml"); err != nil {
				return err
			}
			opts.Template = args[0]
			if opts.Sources == nil {
				opts.Sources = d.Sources()
			}
			return run(cmd.Context(), opts)
		},
	}
	cmdutil.OutputFlag(cmd, &opts.Output, "text", "json", "yaml")
	return cmd
}

// Details is a template as `paved templates show -o json|yaml` prints it.
type Details struct {
	Name        string               `json:"name" yaml:"name"`
	Title       string               `json:"title,omitempty" yaml:"title,omitempty"`
	Description string               `json:"description,omitempty" yaml:"description,omitempty"`
	Version     string               `json:"version" yaml:"version"`
	Type        string               `json:"type,omitempty" yaml:"type,omitempty"`
	Tags        []string             `json:"tags,omitempty" yaml:"tags,omitempty"`
	Source      SourceInfo           `json:"source" yaml:"source"`
	Delimiters  []string             `json:"delimiters" yaml:"delimiters"`
	Parameters  []manifest.Parameter `json:"parameters" yaml:"parameters"`
	Files       []manifest.FileRule  `json:"files" yaml:"files"`
	Hooks       []manifest.Hook      `json:"hooks" yaml:"hooks"`
	Features    []manifest.Feature   `json:"features" yaml:"features"`
	NextSteps   []string             `json:"nextSteps" yaml:"nextSteps"`
}

// SourceInfo says where a template came from.
type SourceInfo struct {
	Kind   string `json:"kind" yaml:"kind"`
	Source string `json:"source" yaml:"source"`
	Ref    string `json:"ref,omitempty" yaml:"ref,omitempty"`
	Commit string `json:"commit,omitempty" yaml:"commit,omitempty"`
}

// RunShow resolves the template and prints its details.
func RunShow(ctx context.Context, opts *ShowOptions) error {
	t, err := opts.Sources.Resolve(ctx, opts.Template)
	if err != nil {
		return err
	}
	m, err := manifest.Load(t.FS)
	if err != nil {
		if cmdutil.Hint(err) != "" {
			return err // one problem, with its own fix
		}
		return cmdutil.WithHint(err, "see each problem's fix above; check again with: paved templates lint "+shellQuote(opts.Template))
	}
	det := NewDetails(t, m)
	switch opts.Output {
	case "json":
		return cmdutil.WriteJSON(opts.IO.Out, det)
	case "yaml":
		enc := yaml.NewEncoder(opts.IO.Out)
		enc.SetIndent(2)
		if err := enc.Encode(det); err != nil {
			return fmt.Errorf("write yaml: %w", err)
		}
		return enc.Close()
	}
	return writeDetails(opts.IO, opts.Template, det)
}

// NewDetails describes template t with manifest m. Lists are never nil, so
// JSON consumers always see arrays.
func NewDetails(t *source.Template, m *manifest.Manifest) Details {
	left, right := m.Delims()
	nonNil := func(s []string) []string {
		if s == nil {
			return []string{}
		}
		return s
	}
	det := Details{
		Name:        m.Metadata.Name,
		Title:       m.Metadata.Title,
		Description: oneLine(m.Metadata.Description),
		Version:     m.Spec.Version,
		Type:        m.Spec.Type,
		Tags:        m.Metadata.Tags,
		Source:      SourceInfo{Kind: string(t.Kind), Source: t.Source, Ref: t.Ref, Commit: t.Commit},
		Delimiters:  []string{left, right},
		Parameters:  m.Spec.Parameters,
		Files:       m.Spec.Files,
		Hooks:       m.Spec.Hooks.After,
		Features:    m.Spec.Features,
		NextSteps:   nonNil(m.Spec.NextSteps),
	}
	if det.Parameters == nil {
		det.Parameters = []manifest.Parameter{}
	}
	if det.Files == nil {
		det.Files = []manifest.FileRule{}
	}
	if det.Hooks == nil {
		det.Hooks = []manifest.Hook{}
	}
	if det.Features == nil {
		det.Features = []manifest.Feature{}
	}
	return det
}

func writeDetails(ios *iostreams.IOStreams, template string, det Details) error {
	w := &errWriter{w: ios.Out}
	L := textsafe.Line // everything below came from template.yaml
	title := L(det.Name + " " + det.Version)
	if det.Title != "" {
		title += " — " + L(det.Title)
	}
	w.line(ios.Bold(title))
	if det.Description != "" {
		w.line(textsafe.Text(det.Description))
	}
	w.line("")
	src := det.Source.Source
	if det.Source.Ref != "" {
		src += " (ref " + det.Source.Ref + ")"
	}
	if c := det.Source.Commit; c != "" {
		src += " @ " + c[:min(12, len(c))]
	}
	w.printf("Source:      %s\n", L(src))
	if det.Type != "" {
		w.printf("Type:        %s\n", L(det.Type))
	}
	if len(det.Tags) > 0 {
		w.printf("Tags:        %s\n", L(strings.Join(det.Tags, ", ")))
	}
	if det.Delimiters[0] != manifest.DefaultLeft || det.Delimiters[1] != manifest.DefaultRight {
		w.printf("Delimiters:  %s %s\n", L(det.Delimiters[0]), L(det.Delimiters[1]))
	}

	w.section(ios, "Parameters")
	if len(det.Parameters) == 0 {
		w.line("  none")
	} else {
		tw := tabwriter.NewWriter(w, 0, 4, 2, ' ', 0)
		fmt.Fprintln(tw, "  NAME\tTYPE\tDEFAULT\tREQUIRED\tWHEN\tHELP")
		for _, p := range det.Parameters {
			req := "no"
			if p.Required {
				req = "yes"
			}
			help := p.Help
			if help == "" {
				help = p.Title
			}
			if p.Pattern != "" {
				help = strings.TrimSpace(help + " (pattern " + p.Pattern + ")")
			}
			// Long templated defaults and conditions would push the table
			// off the screen; -o json and -o yaml carry them whole.
			fmt.Fprintf(tw, "  %s\t%s\t%s\t%s\t%s\t%s\n", L(p.Name), L(typeLabel(p)), L(orDash(shorten(valueLabel(p.Default), 40))), req, L(orDash(shorten(p.When, 40))), L(orDash(help)))
		}
		if err := tw.Flush(); err != nil {
			return err
		}
	}

	if len(det.Features) > 0 {
		w.section(ios, "What is wired in")
		for _, f := range det.Features {
			if f.Description != "" {
				w.printf("  • %s: %s\n", L(f.Name), L(f.Description))
			} else {
				w.printf("  • %s\n", L(f.Name))
			}
		}
	}
	if len(det.Files) > 0 {
		w.section(ios, "Conditional files")
		tw := tabwriter.NewWriter(w, 0, 4, 2, ' ', 0)
		for _, f := range det.Files {
			fmt.Fprintf(tw, "  %s\tonly when %s\n", L(f.Path), L(f.When))
		}
		if err := tw.Flush(); err != nil {
			return err
		}
	}
	if len(det.Hooks) > 0 {
		w.section(ios, "Hooks (built-in and trusted templates only; skip with --no-hooks)")
		for _, h := range det.Hooks {
			line := "  " + strings.Join(h.Run, " ")
			if h.Title != "" {
				line = "  " + h.Title + ": " + strings.Join(h.Run, " ")
			}
			if h.When != "" {
				line += "  (when " + h.When + ")"
			}
			w.line(L(line))
		}
	}
	if len(det.NextSteps) > 0 {
		w.section(ios, "Next steps")
		for _, s := range det.NextSteps {
			w.line("  " + L(s))
		}
	}
	w.line("")
	w.printf("Create one with: paved new %s\n", L(shellQuote(template)))
	return w.err
}

// shellQuote quotes arg for a POSIX shell when it needs it.
func shellQuote(arg string) string {
	if arg != "" && !strings.ContainsAny(arg, " \t'\"$&?*;|<>()[]{}!#~`\\") {
		return arg
	}
	return "'" + strings.ReplaceAll(arg, "'", `'\''`) + "'"
}

func typeLabel(p manifest.Parameter) string {
	switch p.Type {
	case manifest.TypeInt:
		switch {
		case p.Min != nil && p.Max != nil:
			return fmt.Sprintf("int %d..%d", *p.Min, *p.Max)
		case p.Min != nil:
			return fmt.Sprintf("int >= %d", *p.Min)
		case p.Max != nil:
			return fmt.Sprintf("int <= %d", *p.Max)
		}
	case manifest.TypeSelect, manifest.TypeMultiSelect:
		return p.Type + " (" + strings.Join(p.Options, "|") + ")"
	}
	return p.Type
}

func valueLabel(v any) string {
	switch v := v.(type) {
	case nil:
		return ""
	case string:
		return v
	case int:
		return strconv.Itoa(v)
	case bool:
		return strconv.FormatBool(v)
	case []string:
		return "[" + strings.Join(v, ", ") + "]"
	}
	return fmt.Sprint(v)
}

// shorten cuts s to at most n runes, marking the cut with "…".
func shorten(s string, n int) string {
	if r := []rune(s); len(r) > n {
		return string(r[:n-1]) + "…"
	}
	return s
}

func orDash(s string) string {
	if s == "" {
		return "-"
	}
	return s
}

// errWriter keeps the first write error so the printing code stays flat.
type errWriter struct {
	w   io.Writer
	err error
}

func (e *errWriter) Write(p []byte) (int, error) {
	if e.err != nil {
		return 0, e.err
	}
	n, err := e.w.Write(p)
	e.err = err
	return n, err
}

func (e *errWriter) printf(format string, args ...any) { fmt.Fprintf(e, format, args...) }
func (e *errWriter) line(s string)                     { fmt.Fprintln(e, s) }
func (e *errWriter) section(ios *iostreams.IOStreams, title string) {
	e.line("")
	e.line(ios.Bold(title))
}
