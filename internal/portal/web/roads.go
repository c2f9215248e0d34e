package web

import (
	"fmt"
	"io/fs"
	"net/http"
	"strings"

	"github.com/paved-dev/paved/internal/manifest"
	"github.com/paved-dev/paved/internal/shellquote"
	"github.com/paved-dev/paved/scorecard"
	"github.com/paved-dev/paved/templates"
)

// BuiltinTemplates reads the templates built into paved, for
// [Options.Templates].
func BuiltinTemplates() ([]Template, error) {
	var out []Template
	for _, name := range templates.Names() {
		sub, err := fs.Sub(templates.FS, name)
		if err != nil {
			return nil, err
		}
		m, err := manifest.Load(sub)
		if err != nil {
			return nil, fmt.Errorf("built-in template %s: %w", name, err)
		}
		out = append(out, Template{Source: name, Manifest: m})
	}
	return out, nil
}

type templateView struct {
	Source  string
	M       *manifest.Manifest
	Command string
	Params  []paramView
}

type paramView struct {
	manifest.Parameter
	Default string
}

// newCommand is the `paved new` line for t: every required answer without
// a default as --set NAME=..., the rest left to their defaults.
func newCommand(t Template) string {
	args := []string{"paved", "new", t.Source, "--dir", "my-service"}
	for _, p := range t.Manifest.Spec.Parameters {
		if !p.Required || p.Default != nil || p.When != "" {
			continue
		}
		val := "..."
		switch {
		case p.Name == "name":
			val = "my-service"
		case len(p.Options) > 0:
			val = p.Options[0]
		}
		args = append(args, "--set", p.Name+"="+val)
	}
	return shellquote.Join(args...)
}

func (s *site) templatesPage(r *http.Request) (*view, error) {
	var d []templateView
	for _, t := range s.o.Templates {
		tv := templateView{Source: t.Source, M: t.Manifest, Command: newCommand(t)}
		for _, p := range t.Manifest.Spec.Parameters {
			pv := paramView{Parameter: p}
			if p.Default != nil {
				pv.Default = fmt.Sprint(p.Default)
			}
			tv.Params = append(tv.Params, pv)
		}
		d = append(d, tv)
	}
	return &view{Page: "templates", Title: "Templates", Nav: "templates", Data: d}, nil
}

type rubricView struct {
	R      *scorecard.Rubric
	Levels []rubricLevel
}

type rubricLevel struct {
	Name   string
	Class  string
	Checks []scorecard.Check
}

func (s *site) rubricsPage(r *http.Request) (*view, error) {
	var d []rubricView
	for _, ru := range s.o.Rubrics {
		rv := rubricView{R: ru}
		for _, l := range ru.Spec.Levels {
			rl := rubricLevel{Name: l, Class: levelClass(ru.Spec.Levels, l)}
			for _, c := range ru.Spec.Checks {
				if c.Level == l {
					rl.Checks = append(rl.Checks, c)
				}
			}
			rv.Levels = append(rv.Levels, rl)
		}
		d = append(d, rv)
	}
	return &view{Page: "rubrics", Title: "Rubrics", Nav: "rubrics", Data: d}, nil
}

// weight is a check's weight as the page prints it (1 when unset).
func weight(c scorecard.Check) string {
	if c.Weight == nil {
		return "1"
	}
	return strings.TrimSuffix(strings.TrimRight(fmt.Sprintf("%.2f", *c.Weight), "0"), ".")
}
