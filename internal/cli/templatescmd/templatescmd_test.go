package templatescmd

import (
	"context"
	"encoding/json"
	"strings"
	"testing"
	"testing/fstest"

	"github.com/google/go-cmp/cmp"

	"github.com/paved-dev/paved/internal/cli/cmdutil"
	"github.com/paved-dev/paved/internal/iostreams"
	"github.com/paved-dev/paved/internal/manifest"
	"github.com/paved-dev/paved/internal/source"
)

const demoManifest = `apiVersion: paved.dev/v1alpha1
kind: Template
metadata:
  name: demo
  title: Demo service
  description: |
    A demo. It has
    two lines.
  tags: [demo]
spec:
  version: 1.2.3
  type: service
  parameters:
    - name: name
      required: true
      help: the name
    - name: port
      type: int
      default: 8080
      min: 1
      max: 9999
    - name: db
      type: select
      options: [none, pg]
      default: none
    - name: migrate
      type: bool
      when: '{{ eq .Values.db "pg" }}'
  files:
    - path: db/**
      when: '{{ eq .Values.db "pg" }}'
  hooks:
    after:
      - run: [make, setup]
        title: Setting up
  nextSteps: ['cd {{ .Values.name }}']
  features:
    - name: Logs
      description: structured
`

func builtinFS() fstest.MapFS {
	return fstest.MapFS{
		"demo/template.yaml":           {Data: []byte(demoManifest)},
		"demo/skeleton/README.md.tmpl": {Data: []byte("{{ .Values.port }} {{ .Values.migrate }}")},
		"zeta/template.yaml":           {Data: []byte(strings.Replace(strings.Replace(demoManifest, "name: demo", "name: zeta", 1), "1.2.3", "0.1.0", 1))},
		"zeta/skeleton/a.txt":          {Data: []byte("a")},
		"wip/skeleton/unfinished.txt":  {Data: []byte("no manifest yet")},
	}
}

// resolver is a fake source.Resolver over an in-memory folder of templates.
type resolver struct{ fsys fstest.MapFS }

func (r resolver) Resolve(_ context.Context, ref string) (*source.Template, error) {
	for name := range r.fsys {
		if strings.HasPrefix(name, ref+"/") {
			sub := fstest.MapFS{}
			for p, f := range r.fsys {
				if rest, ok := strings.CutPrefix(p, ref+"/"); ok {
					sub[rest] = f
				}
			}
			return &source.Template{Kind: source.KindBuiltin, Source: "builtin", Name: ref, FS: sub}, nil
		}
	}
	return nil, cmdutil.BadInputf("unknown template %q", ref)
}

func TestCommandsParseOptions(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name    string
		args    []string
		want    string // "subcommand template output"
		wantErr string
	}{
		{"list defaults to a table", []string{"list"}, "list  table", ""},
		{"list as json", []string{"list", "-o", "json"}, "list  json", ""},
		{"list takes no argument", []string{"list", "x"}, "", "unknown command"},
		{"list rejects yaml", []string{"list", "-o", "yaml"}, "", `unknown output format "yaml"`},
		{"show a template", []string{"show", "minimal"}, "show minimal text", ""},
		{"show as yaml", []string{"show", "./tpl", "-o", "yaml"}, "show ./tpl yaml", ""},
		{"show needs a template", []string{"show"}, "", "accepts 1 arg(s)"},
		{"lint a directory", []string{"lint", "./tpl"}, "lint ./tpl text", ""},
		{"lint as json", []string{"lint", "./tpl", "-o", "json"}, "lint ./tpl json", ""},
		{"lint strictly", []string{"lint", "--strict", "./tpl"}, "lint ./tpl text strict", ""},
		{"lint rejects yaml", []string{"lint", "./tpl", "-o", "yaml"}, "", `unknown output format "yaml"`},
		{"unknown subcommand", []string{"bogus"}, "", `unknown command "bogus" for "templates"`},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			ios, _, _, _ := iostreams.Test()
			d := &cmdutil.Deps{IO: ios, Version: "v9", Getenv: func(string) string { return "" }}
			var got string
			cmd := NewCmd(d)
			cmd.RemoveCommand(cmd.Commands()...)
			cmd.AddCommand(
				NewListCmd(d, func(_ context.Context, o *ListOptions) error { got = "list  " + o.Output; return nil }),
				NewShowCmd(d, func(_ context.Context, o *ShowOptions) error {
					got = "show " + o.Template + " " + o.Output
					if o.Sources == nil {
						t.Error("show without a resolver")
					}
					return nil
				}),
				NewLintCmd(d, func(_ context.Context, o *LintOptions) error {
					got = "lint " + o.Template + " " + o.Output
					if o.Strict {
						got += " strict"
					}
					if o.PavedVersion != "v9" {
						t.Errorf("lint PavedVersion = %q", o.PavedVersion)
					}
					return nil
				}),
			)
			cmd.SetArgs(tt.args)
			cmd.SetOut(ios.Out)
			cmd.SetErr(ios.ErrOut)
			err := cmd.Execute()
			if tt.wantErr != "" {
				if err == nil || !strings.Contains(err.Error(), tt.wantErr) {
					t.Fatalf("Execute() = %v, want an error containing %q", err, tt.wantErr)
				}
				return
			}
			if err != nil {
				t.Fatal(err)
			}
			if got != tt.want {
				t.Errorf("options = %q, want %q", got, tt.want)
			}
		})
	}
}

func TestRunList(t *testing.T) {
	t.Parallel()
	t.Run("table", func(t *testing.T) {
		t.Parallel()
		ios, _, out, _ := iostreams.Test()
		if err := RunList(t.Context(), &ListOptions{IO: ios, Builtin: builtinFS(), Output: "table"}); err != nil {
			t.Fatal(err)
		}
		want := "NAME  VERSION  TITLE         DESCRIPTION\n" +
			"demo  1.2.3    Demo service  A demo.\n" +
			"zeta  0.1.0    Demo service  A demo.\n"
		if diff := cmp.Diff(want, out.String()); diff != "" {
			t.Errorf("list (-want +got):\n%s", diff)
		}
	})
	t.Run("json", func(t *testing.T) {
		t.Parallel()
		ios, _, out, _ := iostreams.Test()
		if err := RunList(t.Context(), &ListOptions{IO: ios, Builtin: builtinFS(), Output: "json"}); err != nil {
			t.Fatal(err)
		}
		var got []Summary
		if err := json.Unmarshal(out.Bytes(), &got); err != nil {
			t.Fatal(err)
		}
		want := []Summary{
			{Name: "demo", Version: "1.2.3", Title: "Demo service", Description: "A demo. It has two lines.", Type: "service", Tags: []string{"demo"}},
			{Name: "zeta", Version: "0.1.0", Title: "Demo service", Description: "A demo. It has two lines.", Type: "service", Tags: []string{"demo"}},
		}
		if diff := cmp.Diff(want, got); diff != "" {
			t.Errorf("list -o json (-want +got):\n%s", diff)
		}
	})
	t.Run("a broken built-in is reported", func(t *testing.T) {
		t.Parallel()
		ios, _, _, _ := iostreams.Test()
		fsys := fstest.MapFS{"bad/template.yaml": {Data: []byte("kind: [")}}
		err := RunList(t.Context(), &ListOptions{IO: ios, Builtin: fsys, Output: "table"})
		if err == nil || !strings.Contains(err.Error(), "built-in template bad: template.yaml:1:") {
			t.Fatalf("RunList() = %v", err)
		}
	})
}

func TestRunShow(t *testing.T) {
	t.Parallel()
	ios, _, out, _ := iostreams.Test()
	opts := &ShowOptions{IO: ios, Sources: resolver{builtinFS()}, Template: "demo", Output: "text"}
	if err := RunShow(t.Context(), opts); err != nil {
		t.Fatal(err)
	}
	want := `demo 1.2.3 — Demo service
A demo. It has two lines.

Source:      builtin
Type:        service
Tags:        demo

Parameters
  NAME     TYPE              DEFAULT  REQUIRED  WHEN                      HELP
  name     string            -        yes       -                         the name
  port     int 1..9999       8080     no        -                         -
  db       select (none|pg)  none     no        -                         -
  migrate  bool              -        no        {{ eq .Values.db "pg" }}  -

What is wired in
  • Logs: structured

Conditional files
  db/**  only when {{ eq .Values.db "pg" }}

Hooks (built-in and trusted templates only; skip with --no-hooks)
  Setting up: make setup

Next steps
  cd {{ .Values.name }}

Create one with: paved new demo
`
	if diff := cmp.Diff(want, out.String()); diff != "" {
		t.Errorf("show (-want +got):\n%s", diff)
	}

	t.Run("json lists are never null", func(t *testing.T) {
		t.Parallel()
		ios, _, out, _ := iostreams.Test()
		fsys := fstest.MapFS{"bare/template.yaml": {Data: []byte("apiVersion: paved.dev/v1alpha1\nkind: Template\nmetadata: {name: bare}\nspec: {version: 1.0.0}\n")}}
		if err := RunShow(t.Context(), &ShowOptions{IO: ios, Sources: resolver{fsys}, Template: "bare", Output: "json"}); err != nil {
			t.Fatal(err)
		}
		for _, key := range []string{`"parameters": []`, `"files": []`, `"hooks": []`, `"features": []`, `"nextSteps": []`, `"delimiters": [`} {
			if !strings.Contains(out.String(), key) {
				t.Errorf("json lacks %s:\n%s", key, out)
			}
		}
	})
}

func TestRunLint(t *testing.T) {
	t.Parallel()
	warned := fstest.MapFS{"w/template.yaml": {Data: []byte(demoManifest)}, "w/skeleton/a.txt": {Data: []byte("a")}}
	tests := []struct {
		name     string
		template string
		strict   bool
		fsys     fstest.MapFS
		wantOut  string
		wantErr  string
	}{
		{"clean", "demo", false, builtinFS(), "✓ demo: no problems (sample render: 2 files)\n", ""},
		{"warnings pass", "w", false, warned, "warning: template.yaml:17: spec.parameters[1].name: parameter \"port\" is never read", ""},
		{"warnings fail with --strict", "w", true, warned, "warning: template.yaml:17:", "2 problems and warnings in template w"},
		{"broken lists every problem", "bad", false, fstest.MapFS{
			"bad/template.yaml":       {Data: []byte(strings.Replace(demoManifest, "type: int", "type: integer", 1))},
			"bad/skeleton/a.txt.tmpl": {Data: []byte("{{ .Values.nope }}")},
		}, "template.yaml:18: spec.parameters[1].type: unknown type \"integer\"\n" +
			"    fix: one of: string, text, int, bool, select, multiselect\n" +
			"skeleton/a.txt.tmpl:1: refers to .Values.nope, which is not a parameter\n",
			"2 problems in template bad"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			ios, _, out, _ := iostreams.Test()
			err := RunLint(t.Context(), &LintOptions{IO: ios, Sources: resolver{tt.fsys}, Template: tt.template, Strict: tt.strict, Output: "text"})
			if tt.wantErr == "" && err != nil || tt.wantErr != "" && (err == nil || err.Error() != tt.wantErr) {
				t.Fatalf("RunLint() = %v, want %q", err, tt.wantErr)
			}
			if err != nil && cmdutil.ExitCode(err) != 2 {
				t.Errorf("exit code %d, want 2", cmdutil.ExitCode(err))
			}
			if !strings.HasPrefix(out.String(), tt.wantOut) {
				t.Errorf("output:\n%s\nwant it to start with:\n%s", out, tt.wantOut)
			}
		})
	}
}

func TestLabels(t *testing.T) {
	t.Parallel()
	one, nine := 1, 9
	tests := []struct {
		name, got, want string
	}{
		{"short text stays", shorten("abc", 3), "abc"},
		{"long text is cut with an ellipsis", shorten("abcdef", 4), "abc…"},
		{"runes, not bytes", shorten("ééééé", 4), "ééé…"},
		{"int with bounds", typeLabel(manifest.Parameter{Type: "int", Min: &one, Max: &nine}), "int 1..9"},
		{"int with a floor", typeLabel(manifest.Parameter{Type: "int", Min: &one}), "int >= 1"},
		{"select lists options", typeLabel(manifest.Parameter{Type: "select", Options: []string{"a", "b"}}), "select (a|b)"},
		{"multiselect default", valueLabel([]string{"a", "b"}), "[a, b]"},
		{"bool default", valueLabel(false), "false"},
		{"plain argument unquoted", shellQuote("./my-template"), "./my-template"},
		{"git source quoted", shellQuote("git::https://h/r.git//d?ref=v1"), "'git::https://h/r.git//d?ref=v1'"},
		{"single quote escaped", shellQuote("it's"), `'it'\''s'`},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			if tt.got != tt.want {
				t.Errorf("got %q, want %q", tt.got, tt.want)
			}
		})
	}
}
