package tmpl

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"regexp"
	"strings"
	"text/template"

	"github.com/Masterminds/sprig/v3"

	"github.com/paved-dev/paved/internal/limits"
	"github.com/paved-dev/paved/internal/manifest"
)

// Data is what every template sees: .Values, .Template and .Paved.
type Data struct {
	Values   manifest.Values
	Template TemplateInfo
	Paved    PavedInfo
}

// TemplateInfo describes the template being rendered.
type TemplateInfo struct {
	Name    string // metadata.name
	Version string // spec.version
	Source  string // "builtin", a directory or a git source (no credentials)
	Commit  string // resolved git commit, "" for builtin and directories
}

// PavedInfo describes the paved binary doing the rendering.
type PavedInfo struct {
	Version string
}

// removed lists the sprig functions that survive sprig's hermetic filter but
// still read the clock, a random source, the local time zone or the host's
// path rules: a template using one fails at parse time, so the same answers
// always give the same bytes.
var removed = []string{
	"randInt", "shuffle", // random
	"ago", "toDate", "mustToDate", // clock / local time zone
	"bcrypt", "htpasswd", "genPrivateKey", "derivePassword", // random salts and keys
	"buildCustomCert", "genCA", "genCAWithKey", "genSelfSignedCert",
	"genSelfSignedCertWithKey", "genSignedCert", "genSignedCertWithKey",
	"encryptAES", "decryptAES",
	"osBase", "osClean", "osDir", "osExt", "osIsAbs", // host path rules
	"hello",
}

// Engine parses and executes templates with one set of delimiters and
// functions. It is safe for concurrent use: every call parses its own
// template, and templates that define or call named templates are kept
// apart from all others.
type Engine struct {
	left, right string
	funcs       template.FuncMap
	// base holds the functions once; templates made with base.New share
	// them instead of copying some 200 functions per file (most of the cost
	// of rendering a small file).
	base *template.Template
	// nested finds define, block and template actions: a text using them
	// gets a template of its own, so names never clash between files.
	nested *regexp.Regexp
	lim    limits.Limits
	probes *probes
	// loopBase is cloned for every text that loops or nests: such a text
	// needs functions bound to one execution (see run), so it cannot
	// share base.
	loopBase *template.Template
}

// New returns an Engine using left and right as delimiters ("{{" and "}}"
// when empty), with the default [limits.Limits].
func New(left, right string) *Engine { return NewLimited(left, right, limits.Default()) }

// NewLimited is [New] with limits: maxFileBytes, maxRenderSteps,
// maxTemplateDepth and renderTimeout bound every execution.
func NewLimited(left, right string, lim limits.Limits) *Engine {
	lim = lim.WithDefaults()
	if left == "" {
		left = "{{"
	}
	if right == "" {
		right = "}}"
	}
	funcs := sprig.HermeticTxtFuncMap()
	for _, name := range removed {
		delete(funcs, name)
	}
	for name, fn := range helpers() {
		funcs[name] = fn
	}
	for name, fn := range amplifiers(funcs, lim.MaxFileBytes) {
		funcs[name] = fn
	}
	for name, fn := range funcs {
		funcs[name] = guard(name, fn, lim.MaxFileBytes)
	}
	e := &Engine{lim: lim, probes: newProbes()}
	funcs[outFunc] = e.out
	e.left, e.right, e.funcs = left, right, funcs
	e.base = template.New("").Delims(left, right).Option("missingkey=error").Funcs(funcs)
	e.loopBase = template.New("").Delims(left, right).Option("missingkey=error").Funcs(funcs)
	e.nested = regexp.MustCompile(regexp.QuoteMeta(left) + `-?\s*(define|block|template)\b`)
	return e
}

// Limits returns the limits the Engine keeps.
func (e *Engine) Limits() limits.Limits { return e.lim }

// Funcs returns the names of every function a template may call, for
// documentation and lint.
func (e *Engine) Funcs() []string {
	names := make([]string, 0, len(e.funcs))
	for name := range e.funcs {
		if !strings.HasPrefix(name, "__paved") {
			names = append(names, name)
		}
	}
	return names
}

// parse parses text as template name. A text that defines or calls named
// templates, or that loops, gets a template of its own, with the step and
// depth probes of [probes.instrument]; any other shares e.base. counting
// says which it is.
func (e *Engine) parse(name, text string) (t *template.Template, counting bool, err error) {
	if !mayNest(text) || !e.nested.MatchString(text) {
		t, err := e.base.New(name).Parse(text)
		if err != nil {
			return nil, false, wrap(name, err)
		}
		if !loops(t.Tree.Root) {
			e.probes.instrument(t.Tree, false)
			return t, false, nil
		}
	}
	// A clone of loopBase copies its function maps as they are, far
	// cheaper than Funcs, which checks every function again.
	own, err := e.loopBase.Clone()
	if err != nil {
		return nil, false, err
	}
	t, err = own.New(name).Parse(text)
	if err != nil {
		return nil, false, wrap(name, err)
	}
	for _, tt := range t.Templates() {
		e.probes.instrument(tt.Tree, true)
	}
	return t, true, nil
}

// mayNest is a fast filter before the nested regexp: a text without these
// words cannot define or call a named template.
func mayNest(text string) bool {
	return strings.Contains(text, "template") || strings.Contains(text, "define") || strings.Contains(text, "block")
}

// Check parses text without executing it (for `paved templates lint`).
func (e *Engine) Check(name, text string) error {
	_, _, err := e.parse(name, text)
	return err
}

// Render executes text with data. Errors name the template and line; using a
// value the data does not hold is an error, never an empty string.
func (e *Engine) Render(name, text string, data any) (string, error) {
	return e.RenderContext(context.Background(), name, text, data)
}

// RenderContext is [Engine.Render] that stops when ctx is done.
func (e *Engine) RenderContext(ctx context.Context, name, text string, data any) (string, error) {
	// Text without an opening delimiter renders to itself: skip the parser.
	if !strings.Contains(text, e.left) {
		return text, nil
	}
	t, counting, err := e.parse(name, text)
	if err != nil {
		return "", err
	}
	var b strings.Builder
	b.Grow(len(text) + len(text)/4)
	if err := e.run(ctx, t, counting, &b, data); err != nil {
		return "", e.execError(ctx, name, err)
	}
	return b.String(), nil
}

// RenderFile is [Engine.Render] for a file's content: it reads bytes and
// returns bytes, without the copies a string result would cost.
func (e *Engine) RenderFile(name string, content []byte, data any) ([]byte, error) {
	return e.RenderFileContext(context.Background(), name, content, data)
}

// RenderFileContext is [Engine.RenderFile] that stops when ctx is done.
func (e *Engine) RenderFileContext(ctx context.Context, name string, content []byte, data any) ([]byte, error) {
	if !bytes.Contains(content, []byte(e.left)) {
		return content, nil
	}
	t, counting, err := e.parse(name, string(content))
	if err != nil {
		return nil, err
	}
	var b bytes.Buffer
	b.Grow(len(content) + len(content)/4)
	if err := e.run(ctx, t, counting, &b, data); err != nil {
		return nil, e.execError(ctx, name, err)
	}
	return b.Bytes(), nil
}

// execError turns an execution error into what callers report: a limit
// names the template and the limit, a cancellation stays one, anything else
// is the template's [Error].
func (e *Engine) execError(ctx context.Context, name string, err error) error {
	var le *limits.Error
	if errors.As(err, &le) {
		if le.Name == "" {
			le.Name = name
		}
		return le
	}
	if ctx.Err() != nil && (errors.Is(err, context.Canceled) || errors.Is(err, context.DeadlineExceeded)) {
		return context.Cause(ctx)
	}
	return wrap(name, err)
}

// True renders expr and reads it as a condition: "true" is true, "false" or
// nothing is false, anything else is an error naming what it rendered.
func (e *Engine) True(name, expr string, data any) (bool, error) {
	out, err := e.Render(name, expr, data)
	if err != nil {
		return false, err
	}
	switch strings.TrimSpace(out) {
	case "true":
		return true, nil
	case "false", "":
		return false, nil
	}
	return false, &Error{
		Name: name,
		Msg:  fmt.Sprintf("condition %q rendered %q, want true or false", expr, strings.TrimSpace(out)),
		Fix:  "make the expression print true or false, e.g. '{{ eq .Values.database \"postgres\" }}'",
	}
}

// Error is a template that failed to parse or execute. It is the template
// author's input that is wrong, so it exits 2.
type Error struct {
	Name string // the template's name: a file path in the skeleton, or a field of template.yaml
	Msg  string // text/template's message, without its "template: " prefix
	Fix  string
	err  error
}

func (e *Error) Error() string {
	if strings.HasPrefix(e.Msg, e.Name+":") {
		return e.Msg
	}
	return e.Name + ": " + e.Msg
}

// Unwrap returns text/template's own error, when there is one.
func (e *Error) Unwrap() error { return e.err }

// Hint says how to fix the template.
func (e *Error) Hint() string { return e.Fix }

// ExitCode is 2: a broken template is bad input.
func (e *Error) ExitCode() int { return 2 }

func wrap(name string, err error) error {
	msg := strings.TrimPrefix(err.Error(), "template: ")
	fix := "fix the template syntax; see https://pkg.go.dev/text/template"
	switch {
	case strings.Contains(msg, "map has no entry for key"):
		fix = "declare the value under spec.parameters in template.yaml, or fix its name (.Values.NAME)"
	case strings.Contains(msg, "function") && strings.Contains(msg, "not defined"):
		fix = "use one of sprig's hermetic functions or paved's own (dnsLabel, toYaml, quoteYaml); nothing that reads the clock, environment, network or a random source"
	case strings.Contains(msg, "can't evaluate field"):
		fix = "templates see .Values, .Template (Name, Version, Source, Commit) and .Paved (Version)"
	}
	return &Error{Name: name, Msg: msg, Fix: fix, err: err}
}
