// Package form is the interactive huh form that asks a template's questions
// for `paved new` and `paved update`: it implements [answers.Prompter], so
// the precedence of flags, values file, form and defaults stays in
// internal/answers. It is the only package that imports huh; only commands
// under internal/cli import it.
package form

import (
	"context"
	"errors"
	"fmt"
	"io"
	"maps"
	"strconv"
	"strings"

	"github.com/charmbracelet/huh"

	"github.com/paved-dev/paved/internal/answers"
	"github.com/paved-dev/paved/internal/cli/cmdutil"
	"github.com/paved-dev/paved/internal/iostreams"
	"github.com/paved-dev/paved/internal/manifest"
)

// Form asks a template's questions with huh: one page per question, each
// validated as the user types, conditional questions shown or hidden as
// earlier answers change, and a last page that shows every answer and asks
// to go ahead.
type Form struct{ io *iostreams.IOStreams }

// New returns the interactive [answers.Prompter]. It draws on ErrOut (stdout
// stays for data) and uses plain line prompts when ios.Accessible.
func New(ios *iostreams.IOStreams) answers.Prompter { return &Form{io: ios} }

// Ask asks every parameter not in known whose `when` holds and returns the
// answers with known. Ctrl-C, Esc or declining the summary is
// [cmdutil.ErrCancelled].
func (f *Form) Ask(ctx context.Context, m *manifest.Manifest, known manifest.Values, render answers.Renderer) (manifest.Values, error) {
	q := buildForm(m, known, render, f.io.Accessible, f.io.Color)
	if q.nothingToAsk() {
		return maps.Clone(known), nil // flags answered everything: nothing to ask or confirm
	}
	if err := q.run(ctx, f.io.In, f.io.ErrOut); err != nil {
		return nil, err
	}
	return q.values(len(q.qs)), nil
}

// question is one parameter's page and the value it edits.
type question struct {
	p       *manifest.Parameter
	text    string   // string, text, int and select answers
	flag    bool     // bool answers
	list    []string // multiselect answers
	applied any      // the default last put in the field, to follow a templated default until the user edits it
	group   *huh.Group
	refresh func() // re-binds the field after its value changed under it
	title   string
	retitle func(string) // set on text fields, to show the default in line prompts
}

// questionnaire is the whole form: its questions, the summary, and the
// answers already known.
type questionnaire struct {
	m          *manifest.Manifest
	known      manifest.Values
	render     answers.Renderer
	accessible bool
	color      bool
	qs         []*question
	goAhead    bool
	summary    *huh.Note
	final      *huh.Group
}

// buildForm builds one page per question not already answered.
func buildForm(m *manifest.Manifest, known manifest.Values, render answers.Renderer, accessible, color bool) *questionnaire {
	q := &questionnaire{m: m, known: known, render: render, accessible: accessible, color: color, goAhead: true}
	for i := range m.Spec.Parameters {
		p := &m.Spec.Parameters[i]
		if _, ok := known[p.Name]; ok {
			continue
		}
		qu := &question{p: p}
		q.qs = append(q.qs, qu)
		idx := len(q.qs) - 1
		qu.group = huh.NewGroup(q.field(qu)).WithHideFunc(func() bool { return q.enter(idx) })
	}
	q.summary = huh.NewNote().Title("Summary")
	q.final = huh.NewGroup(q.summary,
		huh.NewConfirm().Title("Create it with these answers?").Affirmative("Yes").Negative("No").Value(&q.goAhead),
	).WithHideFunc(func() bool {
		q.summary.Description(q.summaryText())
		return false
	})
	return q
}

// field builds the huh field for one question, its value set to the
// parameter's default (templated defaults are filled in when the page is
// reached, see enter).
func (q *questionnaire) field(qu *question) huh.Field {
	p := qu.p
	title := p.Title
	if title == "" {
		title = p.Name
	}
	if q.accessible && p.Help != "" {
		title += " (" + p.Help + ")" // line prompts show no description
	}
	qu.title = title
	def := p.Default
	if s, ok := def.(string); ok && q.templated(s) {
		def = nil
	}
	switch p.Type {
	case manifest.TypeBool:
		if b, ok := def.(bool); ok {
			qu.flag = b
		}
		qu.applied = qu.flag
		c := huh.NewConfirm().Title(title).Description(p.Help).Affirmative("Yes").Negative("No").Value(&qu.flag)
		qu.refresh = func() { c.Value(&qu.flag) }
		return c
	case manifest.TypeSelect:
		if def != nil {
			qu.text = answers.Format(def)
		} else if len(p.Options) > 0 {
			qu.text = p.Options[0]
		}
		qu.applied = qu.text
		s := huh.NewSelect[string]().Title(title).Description(p.Help).Options(huh.NewOptions(p.Options...)...).Value(&qu.text)
		qu.refresh = func() { s.Value(&qu.text) }
		return s
	case manifest.TypeMultiSelect:
		if v, err := answers.Coerce(p, def); err == nil && def != nil {
			qu.list = v.([]string)
		}
		qu.applied = qu.list
		ms := huh.NewMultiSelect[string]().Title(title).Description(p.Help).Options(huh.NewOptions(p.Options...)...).
			Value(&qu.list).Validate(func(v []string) error { return q.check(p, v) })
		qu.refresh = func() { ms.Value(&qu.list) }
		return ms
	case manifest.TypeText:
		qu.text = answers.Format(def)
		qu.applied = qu.text
		t := huh.NewText().Title(title).Description(p.Help).Value(&qu.text).
			Validate(func(s string) error { return q.checkText(qu, s) })
		qu.refresh = func() { t.Value(&qu.text) }
		qu.retitle = func(s string) { t.Title(s) }
		return t
	default: // string, int
		qu.text = answers.Format(def)
		qu.applied = qu.text
		in := huh.NewInput().Title(title).Description(p.Help).Value(&qu.text).
			Validate(func(s string) error { return q.checkText(qu, s) })
		qu.refresh = func() { in.Value(&qu.text) }
		qu.retitle = func(s string) { in.Title(s) }
		return in
	}
}

func (q *questionnaire) templated(s string) bool {
	left, _ := q.m.Delims()
	return strings.Contains(s, left)
}

// checkText validates typed text. Empty input keeps the value shown (line
// prompts return the default for an empty line).
func (q *questionnaire) checkText(qu *question, s string) error {
	if strings.TrimSpace(s) == "" {
		s = qu.text
	}
	if strings.TrimSpace(s) == "" && !qu.p.Required && qu.p.Type != manifest.TypeInt {
		return nil
	}
	return q.check(qu.p, s)
}

// check runs the same coercion and validation as [Answers].
func (q *questionnaire) check(p *manifest.Parameter, raw any) error {
	v, err := answers.Coerce(p, raw)
	if err == nil {
		err = answers.Check(p, v)
	}
	if errors.Is(err, answers.ErrEmptyRequired) {
		return errors.New("an answer is required")
	}
	if err != nil {
		return fmt.Errorf("%q %v", answers.Format(raw), err)
	}
	return nil
}

// values are the answers known before page i: given ones, asked ones, and
// zero values for skipped pages.
func (q *questionnaire) values(i int) manifest.Values {
	v := maps.Clone(q.known)
	asked := map[string]*question{}
	for _, qu := range q.qs[:i] {
		asked[qu.p.Name] = qu
	}
	view := maps.Clone(q.known)
	for j := range q.m.Spec.Parameters {
		p := &q.m.Spec.Parameters[j]
		qu, ok := asked[p.Name]
		if !ok {
			continue
		}
		if on, err := answers.Enabled(p, view, q.render); err == nil && !on {
			view[p.Name] = p.Zero()
			continue
		}
		val := qu.value()
		v[p.Name], view[p.Name] = val, val
	}
	return v
}

// value is the question's answer in its parameter's type, as far as it
// can be read (Answers validates it again).
func (qu *question) value() any {
	switch qu.p.Type {
	case manifest.TypeBool:
		return qu.flag
	case manifest.TypeMultiSelect:
		if qu.list == nil {
			return []string{}
		}
		return append([]string(nil), qu.list...)
	case manifest.TypeInt:
		if n, err := strconv.Atoi(strings.TrimSpace(qu.text)); err == nil {
			return n
		}
	}
	return qu.text
}

// enter is page i's hide function: it reports whether the page's `when`
// is false over the answers before it and, when it is shown, fills in a
// templated default the user has not edited.
func (q *questionnaire) enter(i int) bool {
	qu := q.qs[i]
	view := q.values(i)
	// Skipped pages before this one count as their zero value.
	for j := range q.m.Spec.Parameters {
		p := &q.m.Spec.Parameters[j]
		if p == qu.p {
			break
		}
		if _, ok := view[p.Name]; !ok {
			view[p.Name] = p.Zero()
		}
	}
	on, err := answers.Enabled(qu.p, view, q.render)
	if err == nil && !on {
		return true
	}
	s, ok := qu.p.Default.(string)
	if !ok || !q.templated(s) || q.render == nil {
		return false
	}
	out, err := q.render(s, view)
	if err != nil {
		return false
	}
	def, err := answers.Coerce(qu.p, out)
	// Follow the default only while the field still shows the last one.
	if err != nil || answers.Format(def) == answers.Format(qu.applied) || answers.Format(qu.value()) != answers.Format(qu.applied) {
		return false
	}
	switch v := def.(type) {
	case bool:
		qu.flag = v
	case []string:
		qu.list = v
	default:
		qu.text = answers.Format(v)
	}
	qu.applied = def
	qu.refresh()
	return false
}

// nothingToAsk reports whether every page is hidden. Pages only depend on
// earlier answers, so when none shows at first none ever will.
func (q *questionnaire) nothingToAsk() bool {
	for i := range q.qs {
		if !q.enter(i) {
			return false
		}
	}
	return true
}

// summaryText lists every answer that will be used.
func (q *questionnaire) summaryText() string {
	v := q.values(len(q.qs))
	var b strings.Builder
	for i := range q.m.Spec.Parameters {
		p := &q.m.Spec.Parameters[i]
		val, ok := v[p.Name]
		if !ok {
			continue
		}
		text := answers.Format(val)
		if text == "" {
			text = "(empty)"
		}
		fmt.Fprintf(&b, "%s: %s\n", p.Name, text)
	}
	return strings.TrimRight(b.String(), "\n")
}

func (q *questionnaire) theme() *huh.Theme {
	if q.color {
		return huh.ThemeCharm()
	}
	return huh.ThemeBase()
}

// run shows the form: a full-screen form on a terminal, or one line prompt
// after another in accessible mode.
func (q *questionnaire) run(ctx context.Context, in io.Reader, out io.Writer) error {
	var err error
	if q.accessible {
		err = q.runAccessible(ctx, in, out)
	} else {
		groups := make([]*huh.Group, 0, len(q.qs)+1)
		for _, qu := range q.qs {
			groups = append(groups, qu.group)
		}
		groups = append(groups, q.final)
		err = huh.NewForm(groups...).WithInput(in).WithOutput(out).WithTheme(q.theme()).RunWithContext(ctx)
	}
	switch {
	case errors.Is(err, huh.ErrUserAborted):
		return cmdutil.ErrCancelled
	case err != nil:
		if ctxErr := ctx.Err(); ctxErr != nil {
			return ctxErr
		}
		return fmt.Errorf("form: %w", err)
	case !q.goAhead:
		return cmdutil.ErrCancelled
	}
	return ctx.Err()
}

// runAccessible asks page after page, skipping those whose `when` is false
// (huh's accessible mode would ask every page). Line prompts block in a read
// that nothing can interrupt, so they run aside and a cancelled context
// (Ctrl-C) returns at once.
func (q *questionnaire) runAccessible(ctx context.Context, in io.Reader, out io.Writer) error {
	done := make(chan error, 1)
	go func() { done <- q.askLines(ctx, in, out) }()
	select {
	case err := <-done:
		return err
	case <-ctx.Done():
		return ctx.Err()
	}
}

func (q *questionnaire) askLines(ctx context.Context, in io.Reader, out io.Writer) error {
	ask := func(g *huh.Group) error {
		if err := ctx.Err(); err != nil {
			return err
		}
		return huh.NewForm(g).WithAccessible(true).WithInput(in).WithOutput(out).WithTheme(q.theme()).RunWithContext(ctx)
	}
	for i, qu := range q.qs {
		if q.enter(i) {
			continue
		}
		if qu.retitle != nil && qu.text != "" {
			qu.retitle(qu.title + " [" + qu.text + "]") // Enter keeps it
		}
		if err := ask(qu.group); err != nil {
			return err
		}
	}
	fmt.Fprintf(out, "Summary\n%s\n", q.summaryText())
	return ask(huh.NewGroup(huh.NewConfirm().Title("Create it with these answers?").Value(&q.goAhead)))
}
