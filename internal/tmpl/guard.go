package tmpl

import (
	"errors"
	"fmt"
	"reflect"
	"regexp"
	"strings"
	"text/template"

	"github.com/paved-dev/paved/internal/limits"
)

// A template is a program, and a stranger may write it. Three things keep
// its cost bounded whatever it does:
//
//   - every function's arguments and result are measured ([sizer]) and may
//     not exceed maxFileBytes, so no value grows past it, even one built by
//     reassigning a variable in a loop ({{ $s = cat $s $s }});
//   - the functions whose result can be far bigger than their arguments
//     (repeat, until, indent, replace, join, printf...) check the size they
//     would produce before they allocate it;
//   - execution itself is bounded in [exec.go]: steps, depth, time, output.

// maxNesting is how deep a value may nest (lists in lists in maps...):
// printing a deeper one would recurse past any stack.
const maxNesting = 1000

var errorType = reflect.TypeFor[error]()

// sizer measures a value as it would print, counting a value reachable
// twice twice (so a list of one big string repeated is big), but measuring
// each shared list or map once (so measuring is cheap). A cycle is an error.
type sizer struct {
	max   int64
	memo  map[any]int64
	stack map[any]bool
}

func newSizer(max int64) *sizer { return &sizer{max: max} }

type sliceKey struct {
	ptr uintptr
	len int
}

func (z *sizer) size(v reflect.Value, depth int) (int64, error) {
	if depth > maxNesting {
		return 0, &limits.Error{Key: "maxFileBytes", Limit: limits.Bytes(z.max), Msg: fmt.Sprintf("a value nests more than %d levels deep", maxNesting)}
	}
	if !v.IsValid() {
		return 1, nil
	}
	switch v.Kind() {
	case reflect.String:
		return int64(v.Len()), nil
	case reflect.Interface, reflect.Pointer:
		if v.IsNil() {
			return 1, nil
		}
		if v.Kind() == reflect.Pointer {
			return z.shared(v.Pointer(), v.Elem(), depth)
		}
		return z.size(v.Elem(), depth)
	case reflect.Slice:
		if v.IsNil() {
			return 1, nil
		}
		if v.Type().Elem().Kind() == reflect.Uint8 {
			return int64(v.Len()), nil
		}
		return z.shared(sliceKey{v.Pointer(), v.Len()}, v, depth)
	case reflect.Map:
		if v.IsNil() {
			return 1, nil
		}
		return z.shared(v.Pointer(), v, depth)
	case reflect.Array, reflect.Struct:
		return z.children(v, depth)
	}
	return 8, nil
}

// shared measures a list, map or pointer once per key.
func (z *sizer) shared(key any, v reflect.Value, depth int) (int64, error) {
	if n, ok := z.memo[key]; ok {
		return n, nil
	}
	if z.stack[key] {
		return 0, &limits.Error{Key: "maxFileBytes", Limit: limits.Bytes(z.max), Msg: "a value contains itself (a dict set into itself?)"}
	}
	if z.memo == nil {
		z.memo, z.stack = map[any]int64{}, map[any]bool{}
	}
	z.stack[key] = true
	var n int64
	var err error
	if v.Kind() == reflect.Pointer {
		n, err = z.size(v.Elem(), depth+1)
	} else {
		n, err = z.children(v, depth)
	}
	delete(z.stack, key)
	if err != nil {
		return 0, err
	}
	z.memo[key] = n
	return n, nil
}

func (z *sizer) children(v reflect.Value, depth int) (int64, error) {
	n := int64(2)
	add := func(x reflect.Value) error {
		m, err := z.size(x, depth+1)
		if err != nil {
			return err
		}
		n += m + 1
		if n > z.max {
			return errTooBig
		}
		return nil
	}
	switch v.Kind() {
	case reflect.Slice, reflect.Array:
		for i := range v.Len() {
			if err := add(v.Index(i)); err != nil {
				return 0, err
			}
		}
	case reflect.Map:
		it := v.MapRange()
		for it.Next() {
			if err := add(it.Key()); err != nil {
				return 0, err
			}
			if err := add(it.Value()); err != nil {
				return 0, err
			}
		}
	case reflect.Struct:
		for i := range v.NumField() {
			if v.Type().Field(i).IsExported() {
				if err := add(v.Field(i)); err != nil {
					return 0, err
				}
			}
		}
	}
	return n, nil
}

// errTooBig stops measuring as soon as a value passes the limit.
var errTooBig = errors.New("too big")

// check returns a limit error when v (the values together) would take more
// than max bytes to print.
func check(fn string, max int64, vs ...reflect.Value) error {
	z := newSizer(max)
	var total int64
	for _, v := range vs {
		n, err := z.size(v, 0)
		if errors.Is(err, errTooBig) {
			return tooBig(fn, max)
		}
		if err != nil {
			return err
		}
		if total += n; total > max {
			return tooBig(fn, max)
		}
	}
	return nil
}

func tooBig(fn string, max int64) error {
	return &limits.Error{Key: "maxFileBytes", Limit: limits.Bytes(max), Msg: fmt.Sprintf("%s would produce a value bigger than a rendered file may be", fn)}
}

// guard wraps fn so that its arguments and its result are measured: a
// function whose result would pass max fails instead. fn must return one
// value, or a value and an error (as every template function does).
func guard(name string, fn any, max int64) any {
	v := reflect.ValueOf(fn)
	t := v.Type()
	if t.Kind() != reflect.Func || t.NumOut() == 0 || t.NumOut() > 2 || (t.NumOut() == 2 && t.Out(1) != errorType) {
		return fn
	}
	ins := make([]reflect.Type, t.NumIn())
	for i := range ins {
		ins[i] = t.In(i)
	}
	ft := reflect.FuncOf(ins, []reflect.Type{t.Out(0), errorType}, t.IsVariadic())
	zero := reflect.Zero(t.Out(0))
	fail := func(err error) []reflect.Value {
		return []reflect.Value{zero, reflect.ValueOf(&err).Elem()}
	}
	nilErr := reflect.Zero(errorType)
	return reflect.MakeFunc(ft, func(args []reflect.Value) []reflect.Value {
		if err := check(name, max, args...); err != nil {
			return fail(err)
		}
		var out []reflect.Value
		if t.IsVariadic() {
			out = v.CallSlice(args)
		} else {
			out = v.Call(args)
		}
		if len(out) == 2 && !out[1].IsNil() {
			return out
		}
		if err := check(name, max, out[0]); err != nil {
			return fail(err)
		}
		return []reflect.Value{out[0], nilErr}
	}).Interface()
}

// amplifiers replace the functions whose result can be much bigger than
// their arguments: each checks the size of what it would make first.
func amplifiers(sprigFuncs template.FuncMap, limit int64) template.FuncMap {
	max := limit
	big := func(fn string, n int64) error {
		if n > max || n < 0 {
			return tooBig(fn, max)
		}
		return nil
	}
	mul := func(a, b int64) int64 {
		if a != 0 && b > max/a+1 {
			return max + 1
		}
		return a * b
	}
	join := sprigFuncs["join"].(func(string, any) string)
	regexAll := sprigFuncs["regexReplaceAll"].(func(string, string, string) string)
	regexLit := sprigFuncs["regexReplaceAllLiteral"].(func(string, string, string) string)
	mustRegexAll := sprigFuncs["mustRegexReplaceAll"].(func(string, string, string) (string, error))
	mustRegexLit := sprigFuncs["mustRegexReplaceAllLiteral"].(func(string, string, string) (string, error))
	seq := sprigFuncs["seq"].(func(...int) string)
	wrapWith := sprigFuncs["wrapWith"].(func(int, string, string) string)
	regexCost := func(fn, re, s, repl string) error {
		perMatch := int64(len(repl)) + mul(int64(strings.Count(repl, "$")), int64(len(s)))
		if mul(int64(len(s))+1, perMatch)+int64(len(s)) <= max {
			return nil
		}
		r, err := regexp.Compile(re)
		if err != nil {
			return nil // the function reports it
		}
		n := len(r.FindAllStringIndex(s, -1))
		return big(fn, mul(int64(n), perMatch)+int64(len(s)))
	}
	ints := func(fn string, n int64) error { return big(fn, mul(n, 8)) }
	count := func(start, stop, step int) int64 {
		if step == 0 || (step > 0 && start >= stop) || (step < 0 && start <= stop) {
			return 0
		}
		d := int64(stop) - int64(start)
		if d < 0 {
			d = -d
		}
		s := int64(step)
		if s < 0 {
			s = -s
		}
		return d/s + 1
	}
	return template.FuncMap{
		"repeat": func(n int, s string) (string, error) {
			if n < 0 {
				return "", fmt.Errorf("repeat: negative count %d", n)
			}
			if err := big("repeat", mul(int64(n), int64(len(s)))); err != nil {
				return "", err
			}
			return strings.Repeat(s, n), nil
		},
		"until": func(n int) ([]int, error) {
			if err := ints("until", count(0, n, 1)+count(0, n, -1)); err != nil {
				return nil, err
			}
			step := 1
			if n < 0 {
				step = -1
			}
			return untilStep(0, n, step), nil
		},
		"untilStep": func(start, stop, step int) ([]int, error) {
			if err := ints("untilStep", count(start, stop, step)); err != nil {
				return nil, err
			}
			return untilStep(start, stop, step), nil
		},
		"seq": func(params ...int) (string, error) {
			abs := func(x int64) int64 {
				if x < 0 {
					return -x
				}
				return x
			}
			var n int64
			switch len(params) {
			case 1:
				n = abs(int64(params[0])) + 1
			case 2:
				n = abs(int64(params[1])-int64(params[0])) + 1
			case 3:
				n = abs(int64(params[2])-int64(params[0]))/builtinMax(abs(int64(params[1])), 1) + 1
			}
			if err := big("seq", mul(n, 21)); err != nil {
				return "", err
			}
			return seq(params...), nil
		},
		"indent":  func(n int, s string) (string, error) { return indentCost("indent", n, s, false, big, mul) },
		"nindent": func(n int, s string) (string, error) { return indentCost("nindent", n, s, true, big, mul) },
		"replace": func(old, new, src string) (string, error) {
			k := int64(strings.Count(src, old))
			if err := big("replace", int64(len(src))+mul(k, int64(len(new)))); err != nil {
				return "", err
			}
			return strings.ReplaceAll(src, old, new), nil
		},
		"join": func(sep string, v any) (string, error) {
			if err := check("join", max, reflect.ValueOf(v)); err != nil {
				return "", err
			}
			rv := reflect.ValueOf(v)
			n := int64(1)
			if rv.IsValid() && (rv.Kind() == reflect.Slice || rv.Kind() == reflect.Array) {
				n = int64(rv.Len())
			}
			if err := big("join", mul(n, int64(len(sep)))); err != nil {
				return "", err
			}
			return join(sep, v), nil
		},
		"wrapWith": func(l int, sep, s string) (string, error) {
			if err := big("wrapWith", int64(len(s))+mul(int64(len(s))/builtinMax(int64(l), 1)+1, int64(len(sep)))); err != nil {
				return "", err
			}
			return wrapWith(l, sep, s), nil
		},
		"regexReplaceAll": func(re, s, repl string) (string, error) {
			if err := regexCost("regexReplaceAll", re, s, repl); err != nil {
				return "", err
			}
			return regexAll(re, s, repl), nil
		},
		"regexReplaceAllLiteral": func(re, s, repl string) (string, error) {
			if err := regexCost("regexReplaceAllLiteral", re, s, repl); err != nil {
				return "", err
			}
			return regexLit(re, s, repl), nil
		},
		"mustRegexReplaceAll": func(re, s, repl string) (string, error) {
			if err := regexCost("mustRegexReplaceAll", re, s, repl); err != nil {
				return "", err
			}
			return mustRegexAll(re, s, repl)
		},
		"mustRegexReplaceAllLiteral": func(re, s, repl string) (string, error) {
			if err := regexCost("mustRegexReplaceAllLiteral", re, s, repl); err != nil {
				return "", err
			}
			return mustRegexLit(re, s, repl)
		},
		"printf": func(format string, args ...any) (string, error) {
			if err := big("printf", int64(len(format))+widths(format)); err != nil {
				return "", err
			}
			return fmt.Sprintf(format, args...), nil
		},
		"print":   fmt.Sprint,
		"println": fmt.Sprintln,
	}
}

func indentCost(fn string, n int, s string, newline bool, big func(string, int64) error, mul func(a, b int64) int64) (string, error) {
	if n < 0 {
		n = 0
	}
	lines := int64(strings.Count(s, "\n")) + 1
	if err := big(fn, int64(len(s))+mul(lines, int64(n)+1)); err != nil {
		return "", err
	}
	pad := strings.Repeat(" ", n)
	out := pad + strings.ReplaceAll(s, "\n", "\n"+pad)
	if newline {
		out = "\n" + out
	}
	return out, nil
}

// untilStep is sprig's untilStep, which this replaces.
func untilStep(start, stop, step int) []int {
	v := []int{}
	if stop < start {
		if step >= 0 {
			return v
		}
		for i := start; i > stop; i += step {
			v = append(v, i)
		}
		return v
	}
	if step <= 0 {
		return v
	}
	for i := start; i < stop; i += step {
		v = append(v, i)
	}
	return v
}

// widths adds up the widths and precisions a format asks for: fmt pads
// each verb to up to a million characters, and a format may be computed.
func widths(format string) int64 {
	var total int64
	for i := 0; i < len(format); i++ {
		if format[i] != '%' {
			continue
		}
		for i++; i < len(format); i++ {
			c := format[i]
			if c == '*' {
				total += 1_000_000
				continue
			}
			if c >= '0' && c <= '9' {
				j := i
				for j < len(format) && format[j] >= '0' && format[j] <= '9' {
					j++
				}
				if j-i > 7 {
					total += 1_000_000
				} else {
					var n int64
					for _, d := range format[i:j] {
						n = n*10 + int64(d-'0')
					}
					total += min(n, 1_000_000)
				}
				i = j - 1
				continue
			}
			if strings.IndexByte("+-# .[]", c) >= 0 {
				continue
			}
			break // the verb
		}
	}
	return total
}

func builtinMax(a, b int64) int64 { return max(a, b) }
