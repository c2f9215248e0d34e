package answers

import (
	"errors"
	"fmt"
	"math"
	"regexp"
	"slices"
	"strconv"
	"strings"

	"github.com/paved-dev/paved/internal/manifest"
)

// ErrEmptyRequired is an empty answer to a required question.
var ErrEmptyRequired = errors.New("is empty, and an answer is required")

// Coerce turns an answer as given (a flag's string, a YAML scalar or list,
// a form's value) into the parameter's type: string, int, bool or []string.
// The error text says what is wrong with the value.
func Coerce(p *manifest.Parameter, raw any) (any, error) {
	switch p.Type {
	case manifest.TypeInt:
		switch v := raw.(type) {
		case int:
			return v, nil
		case int64:
			return int(v), nil
		case uint64:
			if v <= math.MaxInt {
				return int(v), nil
			}
		case float64:
			if v == math.Trunc(v) && math.Abs(v) < 1<<53 {
				return int(v), nil
			}
		case string:
			n, err := strconv.Atoi(strings.TrimSpace(v))
			if err == nil {
				return n, nil
			}
		}
		return nil, fmt.Errorf("is not a whole number")
	case manifest.TypeBool:
		switch v := raw.(type) {
		case bool:
			return v, nil
		case string:
			switch strings.ToLower(strings.TrimSpace(v)) {
			case "true", "yes", "y", "on", "1":
				return true, nil
			case "false", "no", "n", "off", "0":
				return false, nil
			}
		}
		return nil, fmt.Errorf("is not true or false")
	case manifest.TypeMultiSelect:
		switch v := raw.(type) {
		case string:
			var out []string
			for _, s := range strings.Split(v, ",") {
				if s = strings.TrimSpace(s); s != "" {
					out = append(out, s)
				}
			}
			if out == nil {
				out = []string{}
			}
			return out, nil
		case []string:
			return slices.Clone(v), nil
		case []any:
			out := make([]string, 0, len(v))
			for _, e := range v {
				s, ok := scalar(e)
				if !ok {
					return nil, fmt.Errorf("is not a list of options")
				}
				out = append(out, s)
			}
			return out, nil
		}
		return nil, fmt.Errorf("is not a list of options")
	default: // string, text, select
		if s, ok := scalar(raw); ok {
			return s, nil
		}
		return nil, fmt.Errorf("is not a single value")
	}
}

// scalar formats a YAML scalar as a string.
func scalar(v any) (string, bool) {
	switch v := v.(type) {
	case string:
		return v, true
	case int, int64, uint64, float64, bool:
		return fmt.Sprint(v), true
	}
	return "", false
}

// Check validates a coerced answer against the parameter's rules; the
// error text says what is wrong.
func Check(p *manifest.Parameter, v any) error {
	switch p.Type {
	case manifest.TypeInt:
		n := v.(int)
		if p.Min != nil && n < *p.Min {
			return fmt.Errorf("is below the minimum %d", *p.Min)
		}
		if p.Max != nil && n > *p.Max {
			return fmt.Errorf("is above the maximum %d", *p.Max)
		}
	case manifest.TypeSelect:
		s := v.(string)
		if !slices.Contains(p.Options, s) {
			return fmt.Errorf("is not one of %s", strings.Join(p.Options, ", "))
		}
	case manifest.TypeMultiSelect:
		list := v.([]string)
		if p.Required && len(list) == 0 {
			return fmt.Errorf("is empty: choose at least one")
		}
		seen := map[string]bool{}
		for _, s := range list {
			if !slices.Contains(p.Options, s) {
				return fmt.Errorf("has %q, which is not one of %s", s, strings.Join(p.Options, ", "))
			}
			if seen[s] {
				return fmt.Errorf("has %q twice", s)
			}
			seen[s] = true
		}
	case manifest.TypeString, manifest.TypeText:
		s := v.(string)
		if s == "" {
			if p.Required {
				return ErrEmptyRequired
			}
			return nil
		}
		if p.Pattern != "" {
			re, err := regexp.Compile(p.Pattern)
			if err != nil {
				return fmt.Errorf("cannot be checked: pattern %s: %v", p.Pattern, err)
			}
			if !re.MatchString(s) {
				return fmt.Errorf("does not match %s", p.Pattern)
			}
		}
	}
	return nil
}

// accepts describes what a parameter accepts, for hints.
func accepts(p *manifest.Parameter) string {
	var what string
	switch p.Type {
	case manifest.TypeInt:
		what = "a whole number"
		switch {
		case p.Min != nil && p.Max != nil:
			what += fmt.Sprintf(" from %d to %d", *p.Min, *p.Max)
		case p.Min != nil:
			what += fmt.Sprintf(" of at least %d", *p.Min)
		case p.Max != nil:
			what += fmt.Sprintf(" of at most %d", *p.Max)
		}
	case manifest.TypeBool:
		what = "true or false"
	case manifest.TypeSelect:
		what = "one of: " + strings.Join(p.Options, ", ")
	case manifest.TypeMultiSelect:
		what = "a comma-separated list of: " + strings.Join(p.Options, ", ")
	default:
		what = "text"
		if p.Pattern != "" {
			what += " matching " + p.Pattern
		}
	}
	s := p.Name + " takes " + what
	if p.Help != "" {
		s += " (" + p.Help + ")"
	}
	return s
}

// Format writes a value the way --set reads it back.
func Format(v any) string {
	switch v := v.(type) {
	case []string:
		return strings.Join(v, ",")
	case []any:
		parts := make([]string, len(v))
		for i, e := range v {
			parts[i] = fmt.Sprint(e)
		}
		return strings.Join(parts, ",")
	case nil:
		return ""
	}
	return fmt.Sprint(v)
}
