package form

import (
	"bytes"
	"errors"
	"github.com/paved-dev/paved/internal/answers"
	"io"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"

	"github.com/paved-dev/paved/internal/cli/cmdutil"
	"github.com/paved-dev/paved/internal/iostreams"
	"github.com/paved-dev/paved/internal/manifest"
)

// oneByteReader returns one byte per Read: huh's accessible mode opens a new
// bufio.Scanner per question, which would swallow a bigger read's later lines.
type oneByteReader struct{ r io.Reader }

func (o *oneByteReader) Read(p []byte) (int, error) {
	if len(p) == 0 {
		return 0, nil
	}
	return o.r.Read(p[:1])
}

func accessibleIO(input string) (*iostreams.IOStreams, *bytes.Buffer) {
	ios, _, _, errOut := iostreams.Test()
	ios.In = &oneByteReader{strings.NewReader(input)}
	ios.Accessible = true
	return ios, errOut
}

func TestFormAccessible(t *testing.T) {
	t.Parallel()
	m := parse(t, testManifest)
	tests := []struct {
		name      string
		sets      map[string]string
		input     []string // one line per prompt
		want      manifest.Values
		wantOut   []string
		notOut    []string
		wantError error
	}{
		{
			name: "every type, a conditional question shown and one skipped",
			input: []string{
				"Orders", // name: rejected by the pattern…
				"orders", // …asked again
				"team-a", // owner
				"",       // description: keep the default rendered from name
				"9000",   // port
				"2",      // database: postgres
				"n",      // migrations (shown: database is not none)
				"3", "0", // features: add profiling, done; dbName is skipped (migrations is false)
				"y", // create it
			},
			want: manifest.Values{"name": "orders", "owner": "team-a", "description": "orders service", "port": 9000,
				"database": "postgres", "migrations": false, "features": []string{"metrics", "tracing", "profiling"}},
			wantOut: []string{`"Orders" does not match`, "Service name (lowercase letters, digits and dashes)", "migrations", "Summary\nname: orders\nowner: team-a"},
			notOut:  []string{"dbName"},
		},
		{
			name: "conditional questions stay hidden and given answers are not asked",
			sets: map[string]string{"owner": "team-b", "port": "7000"},
			input: []string{
				"billing", // name
				"",        // description
				"",        // database: keep none, so migrations and dbName are skipped
				"0",       // features: keep the defaults
				"",        // create it (yes by default)
			},
			want: manifest.Values{"name": "billing", "owner": "team-b", "description": "billing service", "port": 7000,
				"database": "none", "features": []string{"metrics", "tracing"}},
			notOut: []string{"migrations", "dbName", "owner?", "Port"},
		},
		{
			name: "a followed templated default",
			sets: map[string]string{"owner": "o", "description": "d", "port": "8080", "features": "metrics"},
			input: []string{
				"shop", // name
				"3",    // database: mysql
				"y",    // migrations
				"",     // dbName: default rendered from name
				"y",
			},
			want: manifest.Values{"name": "shop", "owner": "o", "description": "d", "port": 8080,
				"database": "mysql", "migrations": true, "dbName": "shop_db", "features": []string{"metrics"}},
			wantOut: []string{"dbName"},
		},
		{
			name:  "nothing left to ask shows no form",
			sets:  map[string]string{"name": "abc", "owner": "o", "description": "d", "port": "8080", "database": "none", "features": ""},
			input: []string{},
			want: manifest.Values{"name": "abc", "owner": "o", "description": "d", "port": 8080, "database": "none",
				"features": []string{}},
			notOut: []string{"Summary", "Create it"},
		},
		{
			name:      "declining the summary cancels",
			sets:      map[string]string{"owner": "o", "port": "8080"},
			input:     []string{"shop", "", "", "0", "n"},
			wantError: cmdutil.ErrCancelled,
		},
		{
			name:      "input that ends early leaves required answers missing",
			input:     []string{"orders"},
			wantError: &answers.MissingAnswersError{Names: []string{"owner"}},
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			ios, out := accessibleIO(strings.Join(tt.input, "\n") + "\n")
			got, err := answers.Resolve(t.Context(), answers.Request{Manifest: m, Sets: tt.sets, Ask: true, Prompter: New(ios), Render: renderer(m)})
			if tt.wantError != nil {
				var missing *answers.MissingAnswersError
				if want, ok := tt.wantError.(*answers.MissingAnswersError); ok {
					if !errors.As(err, &missing) || !cmp.Equal(missing.Names, want.Names) {
						t.Fatalf("Answers error = %v, want %v", err, want)
					}
					return
				}
				if !errors.Is(err, tt.wantError) {
					t.Fatalf("Answers error = %v, want %v", err, tt.wantError)
				}
				return
			}
			if err != nil {
				t.Fatalf("Answers: %v\noutput:\n%s", err, out)
			}
			if diff := cmp.Diff(tt.want, got); diff != "" {
				t.Errorf("answers mismatch (-want +got):\n%s\noutput:\n%s", diff, out)
			}
			for _, s := range tt.wantOut {
				if !strings.Contains(out.String(), s) {
					t.Errorf("output lacks %q:\n%s", s, out)
				}
			}
			for _, s := range tt.notOut {
				if strings.Contains(out.String(), s) {
					t.Errorf("output has %q:\n%s", s, out)
				}
			}
		})
	}
}

func TestFormCheckMessages(t *testing.T) {
	t.Parallel()
	p := &manifest.Parameter{Name: "owner", Type: manifest.TypeString, Required: true, Pattern: "^group:"}
	tests := []struct {
		name, answer, want string
	}{
		{"an empty required answer says so plainly", "", "an answer is required"},
		{"a wrong answer is quoted with the reason", "payments", `"payments" does not match ^group:`},
	}
	for _, tt := range tests {
		err := (&questionnaire{}).check(p, tt.answer)
		if err == nil || err.Error() != tt.want {
			t.Errorf("%s: answers.Check(%q) = %v, want %q", tt.name, tt.answer, err, tt.want)
		}
	}
	if err := (&questionnaire{}).check(p, "group:payments"); err != nil {
		t.Errorf("answers.Check(group:payments) = %v, want nil", err)
	}
}
