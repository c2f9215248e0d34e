package answers

import (
	"context"
	"errors"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"

	"github.com/paved-dev/paved/internal/manifest"
	"github.com/paved-dev/paved/internal/tmpl"
)

const testManifest = `apiVersion: paved.dev/v1alpha1
kind: Template
metadata:
  name: svc
spec:
  version: 1.0.0
  parameters:
    - name: name
      title: Service name
      help: lowercase letters, digits and dashes
      required: true
      pattern: '^[a-z][a-z0-9-]{1,61}[a-z0-9]$'
    - name: owner
      required: true
    - name: description
      type: text
      default: '{{ .Values.name }} service'
    - name: port
      type: int
      default: 8080
      min: 1024
      max: 65535
    - name: database
      type: select
      options: [none, postgres, mysql]
      default: none
    - name: migrations
      type: bool
      default: true
      when: '{{ ne .Values.database "none" }}'
    - name: dbName
      default: '{{ .Values.name }}_db'
      when: '{{ .Values.migrations }}'
    - name: features
      type: multiselect
      options: [metrics, tracing, profiling]
      default: [metrics, tracing]
`

func parse(t *testing.T, src string) *manifest.Manifest {
	t.Helper()
	m, err := manifest.Parse([]byte(src), "template.yaml")
	if err != nil {
		t.Fatalf("parse manifest: %v", err)
	}
	return m
}

func renderer(m *manifest.Manifest) Renderer {
	e := tmpl.New(m.Delims())
	return func(text string, v manifest.Values) (string, error) {
		return e.Render("template.yaml", text, tmpl.Data{Values: v})
	}
}

// fakePrompter answers what it is asked from a map, recording what it saw.
type fakePrompter struct {
	answers manifest.Values
	known   manifest.Values
	err     error
}

func (f *fakePrompter) Ask(_ context.Context, m *manifest.Manifest, known manifest.Values, _ Renderer) (manifest.Values, error) {
	f.known = known
	if f.err != nil {
		return nil, f.err
	}
	out := cloneValues(known)
	for k, v := range f.answers {
		if _, given := known[k]; !given {
			out[k] = v
		}
	}
	return out, nil
}

func TestAnswersPrecedence(t *testing.T) {
	t.Parallel()
	m := parse(t, testManifest)
	base := manifest.Values{"description": "orders service", "port": 8080, "database": "none", "features": []string{"metrics", "tracing"}}
	with := func(extra manifest.Values) manifest.Values {
		out := cloneValues(base)
		for k, v := range extra {
			out[k] = v
		}
		return out
	}
	tests := []struct {
		name   string
		sets   map[string]string
		file   manifest.Values
		ask    bool
		form   manifest.Values
		want   manifest.Values
		wantIn manifest.Values // what the form was told is known
	}{
		{name: "--set alone, defaults for the rest",
			sets: map[string]string{"name": "orders", "owner": "team-a"},
			want: with(manifest.Values{"name": "orders", "owner": "team-a"})},
		{name: "values file alone",
			file: manifest.Values{"name": "orders", "owner": "team-a", "port": 9000},
			want: with(manifest.Values{"name": "orders", "owner": "team-a", "port": 9000})},
		{name: "--set beats the values file",
			sets: map[string]string{"port": "9090"},
			file: manifest.Values{"name": "orders", "owner": "team-a", "port": 9000},
			want: with(manifest.Values{"name": "orders", "owner": "team-a", "port": 9090})},
		{name: "the form fills what flags left out and never overrides them",
			sets: map[string]string{"name": "orders"}, ask: true,
			form:   manifest.Values{"name": "ignored", "owner": "team-f", "port": 7000},
			want:   with(manifest.Values{"name": "orders", "owner": "team-f", "port": 7000}),
			wantIn: manifest.Values{"name": "orders"}},
		{name: "the file beats the form",
			file: manifest.Values{"owner": "team-file"}, ask: true,
			form:   manifest.Values{"name": "orders", "owner": "team-form"},
			want:   with(manifest.Values{"name": "orders", "owner": "team-file"}),
			wantIn: manifest.Values{"owner": "team-file"}},
		{name: "a templated default renders over earlier answers",
			sets: map[string]string{"name": "billing", "owner": "o"},
			want: with(manifest.Values{"name": "billing", "owner": "o", "description": "billing service"})},
		{name: "a given answer replaces a templated default",
			sets: map[string]string{"name": "billing", "owner": "o", "description": "Bills"},
			want: with(manifest.Values{"name": "billing", "owner": "o", "description": "Bills"})},
		{name: "conditional questions appear with their defaults",
			sets: map[string]string{"name": "orders", "owner": "o", "database": "postgres"},
			want: with(manifest.Values{"name": "orders", "owner": "o", "database": "postgres", "migrations": true, "dbName": "orders_db"})},
		{name: "a condition over a conditional answer",
			sets: map[string]string{"name": "orders", "owner": "o", "database": "mysql", "migrations": "no"},
			want: with(manifest.Values{"name": "orders", "owner": "o", "database": "mysql", "migrations": false})},
		{name: "answers to skipped questions are left out",
			sets: map[string]string{"name": "orders", "owner": "o", "migrations": "true", "dbName": "x"},
			want: with(manifest.Values{"name": "orders", "owner": "o"})},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			f := &fakePrompter{answers: tt.form}
			got, err := Resolve(t.Context(), Request{Manifest: m, Sets: tt.sets, File: tt.file, FileName: "answers.yaml",
				Ask: tt.ask, Prompter: f, Render: renderer(m)})
			if err != nil {
				t.Fatalf("Answers: %v", err)
			}
			if diff := cmp.Diff(tt.want, got); diff != "" {
				t.Errorf("Answers mismatch (-want +got):\n%s", diff)
			}
			if tt.ask {
				if diff := cmp.Diff(tt.wantIn, f.known); diff != "" {
					t.Errorf("form was told (-want +got):\n%s", diff)
				}
			} else if f.known != nil {
				t.Errorf("the form was shown without Ask")
			}
		})
	}
}

func TestAnswersCoercionAndValidation(t *testing.T) {
	t.Parallel()
	m := parse(t, testManifest)
	ok := map[string]string{"name": "orders", "owner": "o"}
	tests := []struct {
		name    string
		key     string
		set     string // via --set
		file    any    // via the values file, when set is ""
		want    any    // the coerced answer, or nil for an error
		wantErr string // Reason
		from    string
	}{
		{name: "int from a flag", key: "port", set: "9000", want: 9000},
		{name: "int from YAML", key: "port", file: 9001, want: 9001},
		{name: "int from a YAML string", key: "port", file: "9002", want: 9002},
		{name: "int not a number", key: "port", set: "http", wantErr: "is not a whole number", from: "--set"},
		{name: "int below min", key: "port", set: "80", wantErr: "is below the minimum 1024"},
		{name: "int above max", key: "port", file: 70000, wantErr: "is above the maximum 65535", from: "answers.yaml:3"},
		{name: "int as a float", key: "port", file: 8080.5, wantErr: "is not a whole number"},
		{name: "bool yes", key: "migrations", set: "yes", want: true},
		{name: "bool no", key: "migrations", set: "No", want: false},
		{name: "bool from YAML", key: "migrations", file: false, want: false},
		{name: "bool nonsense", key: "migrations", set: "maybe", wantErr: "is not true or false"},
		{name: "select option", key: "database", set: "mysql", want: "mysql"},
		{name: "select not an option", key: "database", set: "oracle", wantErr: "is not one of none, postgres, mysql"},
		{name: "multiselect comma-separated", key: "features", set: "tracing, profiling", want: []string{"tracing", "profiling"}},
		{name: "multiselect from a YAML list", key: "features", file: []any{"metrics"}, want: []string{"metrics"}},
		{name: "multiselect empty", key: "features", set: "", want: []string{}},
		{name: "multiselect unknown option", key: "features", set: "metrics,logs", wantErr: `has "logs", which is not one of metrics, tracing, profiling`},
		{name: "multiselect twice", key: "features", set: "metrics,metrics", wantErr: `has "metrics" twice`},
		{name: "pattern", key: "name", set: "Orders", wantErr: "does not match ^[a-z][a-z0-9-]{1,61}[a-z0-9]$"},
		{name: "required and empty", key: "owner", set: "", wantErr: "is empty, and an answer is required"},
		{name: "string from a YAML number", key: "owner", file: 42, want: "42"},
		{name: "string from a YAML list", key: "owner", file: []any{"a"}, wantErr: "is not a single value"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			sets := cloneStrings(ok)
			var file manifest.Values
			if tt.file != nil {
				delete(sets, tt.key)
				file = manifest.Values{tt.key: tt.file}
			} else {
				sets[tt.key] = tt.set
			}
			if tt.key == "migrations" {
				sets["database"] = "postgres"
			}
			got, err := Resolve(t.Context(), Request{Manifest: m, Sets: sets, File: file, FileName: "answers.yaml",
				Lines: map[string]int{tt.key: 3}, Render: renderer(m)})
			if tt.wantErr != "" {
				var ie *InvalidAnswerError
				if !errors.As(err, &ie) {
					t.Fatalf("Answers = %v, want an InvalidAnswerError", err)
				}
				if ie.Name != tt.key || ie.Reason != tt.wantErr {
					t.Errorf("error = %s %q, want %s %q", ie.Name, ie.Reason, tt.key, tt.wantErr)
				}
				if tt.from != "" && ie.From != tt.from {
					t.Errorf("From = %q, want %q", ie.From, tt.from)
				}
				if !strings.HasPrefix(ie.Hint(), tt.key+" takes ") || ie.ExitCode() != 2 {
					t.Errorf("hint %q exit %d, want %q… and 2", ie.Hint(), ie.ExitCode(), tt.key+" takes")
				}
				return
			}
			if err != nil {
				t.Fatalf("Answers: %v", err)
			}
			if diff := cmp.Diff(tt.want, got[tt.key]); diff != "" {
				t.Errorf("%s mismatch (-want +got):\n%s", tt.key, diff)
			}
		})
	}
}

func cloneStrings(m map[string]string) map[string]string {
	out := map[string]string{}
	for k, v := range m {
		out[k] = v
	}
	return out
}

func TestAnswersErrors(t *testing.T) {
	t.Parallel()
	m := parse(t, testManifest)
	tests := []struct {
		name     string
		req      Request
		wantMsg  string
		wantHint string
	}{
		{name: "every missing answer at once",
			req:     Request{},
			wantMsg: "missing answers for name, owner", wantHint: "pass --set name=... --set owner=..., or --values FILE"},
		{name: "missing answers when the form ends without them",
			req:     Request{Ask: true, Prompter: &fakePrompter{answers: manifest.Values{"name": ""}}},
			wantMsg: "missing answers for name, owner"},
		{name: "unknown --set keys list the known ones",
			req:     Request{Sets: map[string]string{"nmae": "x", "prot": "1"}},
			wantMsg: "--set: unknown parameters nmae, prot", wantHint: "did you mean name, port? the template's parameters are: name, owner, description, port, database, migrations, dbName, features"},
		{name: "unknown values-file keys name the file and line",
			req:     Request{File: manifest.Values{"name": "x", "onwer": "y"}, FileName: "answers.yaml", Lines: map[string]int{"name": 1, "onwer": 2}},
			wantMsg: "answers.yaml:2: unknown parameter onwer", wantHint: "the template's parameters are: name"},
		{name: "a templated default that breaks its pattern",
			req: Request{Manifest: parse(t, `apiVersion: paved.dev/v1alpha1
kind: Template
metadata: {name: x}
spec:
  version: 1.0.0
  parameters:
    - name: name
      default: App
    - name: slug
      pattern: '^[a-z]+$'
      default: '{{ .Values.name }}'
`)},
			wantMsg: `invalid answer for slug from its default: "App" does not match ^[a-z]+$`},
		{name: "a default derived from missing answers reports them, not itself",
			req: Request{Manifest: parse(t, `apiVersion: paved.dev/v1alpha1
kind: Template
metadata: {name: x}
spec:
  version: 1.0.0
  parameters:
    - name: name
      required: true
    - name: owner
      required: true
    - name: repository
      pattern: '^[a-z.]+/[a-z-]+/[a-z-]+$'
      default: 'github.com/{{ .Values.owner }}/{{ .Values.name }}'
`)},
			wantMsg: "missing answers for name, owner", wantHint: "pass --set name=... --set owner=..., or --values FILE"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			if tt.req.Manifest == nil {
				tt.req.Manifest = m
			}
			tt.req.Render = renderer(tt.req.Manifest)
			_, err := Resolve(t.Context(), tt.req)
			if err == nil || err.Error() != tt.wantMsg {
				t.Fatalf("Answers error = %v, want %q", err, tt.wantMsg)
			}
			var h interface {
				Hint() string
				ExitCode() int
			}
			if !errors.As(err, &h) || !strings.Contains(h.Hint(), tt.wantHint) || h.ExitCode() != 2 {
				t.Errorf("hint = %q, want one containing %q, exit 2", h.Hint(), tt.wantHint)
			}
		})
	}
}

func TestAnswersFormErrors(t *testing.T) {
	t.Parallel()
	m := parse(t, testManifest)
	boom := errors.New("boom")
	_, err := Resolve(t.Context(), Request{Manifest: m, Ask: true, Prompter: &fakePrompter{err: boom}, Render: renderer(m)})
	if !errors.Is(err, boom) {
		t.Errorf("Answers = %v, want the form's error", err)
	}
}

func TestWhen(t *testing.T) {
	t.Parallel()
	m := parse(t, `apiVersion: paved.dev/v1alpha1
kind: Template
metadata: {name: x}
spec:
  version: 1.0.0
  parameters:
    - name: kind
      type: select
      options: [api, worker]
    - name: port
      type: int
      default: 8080
      when: '{{ eq .Values.kind "api" }}'
    - name: public
      type: bool
      when: '{{ and (eq .Values.kind "api") (gt .Values.port 1024) }}'
    - name: queue
      required: true
      when: '{{ eq .Values.kind "worker" }}'
    - name: always
      default: yes
      when: 'true'
    - name: never
      default: yes
      when: 'false'
`)
	tests := []struct {
		name string
		sets map[string]string
		want manifest.Values
		err  string
	}{
		{"first option by default", nil, manifest.Values{"kind": "api", "port": 8080, "public": false, "always": "yes"}, ""},
		{"a condition over a conditional answer", map[string]string{"port": "80"}, manifest.Values{"kind": "api", "port": 80, "always": "yes"}, ""},
		{"a required conditional question is asked when on", map[string]string{"kind": "worker"}, nil, "missing answers for queue"},
		{"and answered", map[string]string{"kind": "worker", "queue": "jobs"}, manifest.Values{"kind": "worker", "queue": "jobs", "always": "yes"}, ""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			got, err := Resolve(t.Context(), Request{Manifest: m, Sets: tt.sets, Render: renderer(m)})
			if tt.err != "" {
				if err == nil || err.Error() != tt.err {
					t.Fatalf("Answers error = %v, want %q", err, tt.err)
				}
				return
			}
			if err != nil {
				t.Fatal(err)
			}
			if diff := cmp.Diff(tt.want, got); diff != "" {
				t.Errorf("Answers mismatch (-want +got):\n%s", diff)
			}
		})
	}

	bad := parse(t, `apiVersion: paved.dev/v1alpha1
kind: Template
metadata: {name: x}
spec:
  version: 1.0.0
  parameters:
    - name: a
      default: x
    - name: b
      when: '{{ .Values.a }}'
`)
	_, err := Resolve(t.Context(), Request{Manifest: bad, Render: renderer(bad)})
	var ie *InvalidAnswerError
	if !errors.As(err, &ie) || ie.From != "its when" || ie.Value != "x" {
		t.Errorf("a when that renders neither true nor false = %v, want an InvalidAnswerError", err)
	}
}

func TestLoadValuesFile(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name, content string
		want          manifest.Values
		wantLines     map[string]int
		wantErr       string
	}{
		{name: "scalars and lists", content: "name: orders\nport: 9000\nmigrations: false\nfeatures: [metrics, tracing]\nempty:\n",
			want:      manifest.Values{"name": "orders", "port": 9000, "migrations": false, "features": []any{"metrics", "tracing"}, "empty": ""},
			wantLines: map[string]int{"name": 1, "port": 2, "migrations": 3, "features": 4, "empty": 5}},
		{name: "empty file", content: "", want: manifest.Values{}, wantLines: map[string]int{}},
		{name: "not a mapping", content: "- a\n- b\n", wantErr: "answers.yaml:1: want a mapping of parameter names to answers"},
		{name: "broken YAML", content: "name: orders\nport: 9000\nowner: a: b\n", wantErr: "answers.yaml:3: not valid YAML: mapping values are not allowed in this context"},
		{name: "a nested mapping", content: "name: orders\ndb:\n  host: x\n", wantErr: "answers.yaml:3: db: an answer is a plain value or a list, not a mapping"},
		{name: "a key twice", content: "name: a\nname: b\n", wantErr: "answers.yaml:2: "},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			dir := t.TempDir()
			path := filepath.Join(dir, "answers.yaml")
			if err := os.WriteFile(path, []byte(tt.content), 0o644); err != nil {
				t.Fatal(err)
			}
			f, err := LoadValuesFile(path)
			if tt.wantErr != "" {
				if err == nil || !strings.Contains(err.Error(), strings.Replace(tt.wantErr, "answers.yaml", path, 1)) {
					t.Fatalf("LoadValuesFile error = %v, want %q", err, tt.wantErr)
				}
				var fe *FileError
				if !errors.As(err, &fe) || fe.Hint() == "" || fe.ExitCode() != 2 {
					t.Errorf("error %v is not a FileError with a hint", err)
				}
				return
			}
			if err != nil {
				t.Fatal(err)
			}
			if diff := cmp.Diff(tt.want, f.Values); diff != "" {
				t.Errorf("values mismatch (-want +got):\n%s", diff)
			}
			if diff := cmp.Diff(tt.wantLines, f.Lines); diff != "" {
				t.Errorf("lines mismatch (-want +got):\n%s", diff)
			}
		})
	}
	if _, err := ReadValuesFile(filepath.Join(t.TempDir(), "nope.yaml")); err == nil || !strings.Contains(err.Error(), "nope.yaml: no such file") {
		t.Errorf("ReadValuesFile(missing) = %v", err)
	}
}

func TestCommandLine(t *testing.T) {
	t.Parallel()
	m := parse(t, testManifest)
	tests := []struct {
		name, template string
		v              manifest.Values
		want           string
	}{
		{"only answers that differ from their defaults", "express-service",
			manifest.Values{"name": "orders", "owner": "team-a", "description": "orders service", "port": 8080, "database": "postgres", "migrations": true, "dbName": "orders_db", "features": []string{"metrics", "tracing"}},
			"paved new express-service --set name=orders --set owner=team-a --set description='orders service' --set database=postgres --set dbName=orders_db"},
		{"quoting and lists", "git::https://h/o/r.git//svc",
			manifest.Values{"name": "orders", "owner": "Ann O'Neil", "port": 9000, "features": []string{"metrics"}, "migrations": false},
			"paved new git::https://h/o/r.git//svc --set name=orders --set owner='Ann O'\\''Neil' --set port=9000 --set migrations=false --set features=metrics"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			if got := CommandLine(tt.template, m, tt.v); got != tt.want {
				t.Errorf("CommandLine =\n%s\nwant\n%s", got, tt.want)
			}
		})
	}

	// The command line gives back the same answers.
	v := manifest.Values{"name": "orders", "owner": "Ann O'Neil", "port": 9000, "database": "mysql", "migrations": false, "features": []string{"metrics"}}
	line := CommandLine("svc", m, v)
	sets := map[string]string{}
	words := shellSplit(line)
	for i := 3; i+1 < len(words); i += 2 {
		if words[i] != "--set" {
			t.Fatalf("word %d of %s = %q, want --set", i, line, words[i])
		}
		k, val, _ := strings.Cut(words[i+1], "=")
		sets[k] = val
	}
	got, err := Resolve(t.Context(), Request{Manifest: m, Sets: sets, Render: renderer(m)})
	if err != nil {
		t.Fatal(err)
	}
	want := cloneValues(v)
	want["description"] = "orders service"
	if diff := cmp.Diff(want, got); diff != "" {
		t.Errorf("answers from %s (-want +got):\n%s", line, diff)
	}
}

// shellSplit splits a POSIX command line with single quotes, as a shell would.
func shellSplit(s string) []string {
	var words []string
	var cur strings.Builder
	inWord, quoted := false, false
	for i := 0; i < len(s); i++ {
		c := s[i]
		switch {
		case quoted && c == '\'':
			quoted = false
		case quoted:
			cur.WriteByte(c)
		case c == '\'':
			quoted, inWord = true, true
		case c == '\\' && i+1 < len(s):
			i++
			cur.WriteByte(s[i])
			inWord = true
		case c == ' ':
			if inWord {
				words = append(words, cur.String())
				cur.Reset()
				inWord = false
			}
		default:
			cur.WriteByte(c)
			inWord = true
		}
	}
	if inWord {
		words = append(words, cur.String())
	}
	return words
}

func TestAnswersFileLines(t *testing.T) {
	t.Parallel()
	m := parse(t, testManifest)
	path := filepath.Join(t.TempDir(), "answers.yaml")
	if err := os.WriteFile(path, []byte("name: orders\nowner: o\nport: 80\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	file, err := ReadValuesFile(path)
	if err != nil {
		t.Fatal(err)
	}
	_, err = Resolve(t.Context(), Request{Manifest: m, File: file, FileName: path, Render: renderer(m)})
	var ie *InvalidAnswerError
	if !errors.As(err, &ie) || ie.From != path+":3" {
		t.Errorf("Answers = %v, want an error from %s:3", err, path)
	}
}
