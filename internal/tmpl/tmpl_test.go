package tmpl

import (
	"errors"
	"fmt"
	"strings"
	"testing"

	"github.com/paved-dev/paved/internal/manifest"
)

func testData() Data {
	return Data{
		Values: manifest.Values{
			"name":     "orders",
			"port":     8080,
			"tags":     []string{"http", "node"},
			"database": "none",
			"debug":    false,
		},
		Template: TemplateInfo{Name: "minimal", Version: "1.2.3", Source: "builtin"},
		Paved:    PavedInfo{Version: "v0.1.0"},
	}
}

func TestRender(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name        string
		left, right string
		text        string
		want        string
		wantErr     string // substring of the error; "" means success
		wantHint    string
	}{
		{name: "plain text is returned as is", text: "hello $( github.sha )", want: "hello $( github.sha )"},
		{name: "values", text: "{{ .Values.name }}:{{ .Values.port }}", want: "orders:8080"},
		{name: "template and paved info", text: "{{ .Template.Name }}@{{ .Template.Version }} by {{ .Paved.Version }}", want: "minimal@1.2.3 by v0.1.0"},
		{name: "sprig case functions", text: "{{ .Values.name | upper }} {{ kebabcase \"OrderService\" }} {{ snakecase \"OrderService\" }} {{ camelcase \"order_service\" }}", want: "ORDERS order-service order_service OrderService"},
		{name: "paved dnsLabel", text: "{{ dnsLabel \"My_Service 2\" }}", want: "my-service-2"},
		{name: "paved toYaml", text: "tags:\n  {{- .Values.tags | toYaml | nindent 2 }}", want: "tags:\n  - http\n  - node"},
		{name: "paved quoteYaml quotes what YAML would misread", text: "a: {{ quoteYaml \"yes\" }}\nb: {{ quoteYaml \"plain\" }}\nc: {{ quoteYaml \"two\\nlines\" }}", want: "a: \"yes\"\nb: plain\nc: \"two\\nlines\""},
		{name: "custom delimiters", left: "[[", right: "]]", text: "[[ .Values.name ]] {{ keep }}", want: "orders {{ keep }}"},
		{name: "custom delimiters leave default ones alone", left: "<%", right: "%>", text: "{{ .Values.name }}", want: "{{ .Values.name }}"},
		{name: "missing key is an error", text: "line1\n{{ .Values.nme }}", wantErr: `f.txt:2:10: executing "f.txt" at <.Values.nme>: map has no entry for key "nme"`, wantHint: "declare the value under spec.parameters"},
		{name: "unknown field is an error", text: "{{ .Template.Owner }}", wantErr: "can't evaluate field Owner", wantHint: ".Template (Name, Version, Source, Commit)"},
		{name: "syntax error names the line", text: "a\nb\n{{ if .Values.name }}", wantErr: "f.txt:3: unexpected EOF"},
		{name: "fail aborts with the template's message", text: "{{ fail \"name is reserved\" }}", wantErr: "name is reserved"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			got, err := New(tt.left, tt.right).Render("f.txt", tt.text, testData())
			if tt.wantErr != "" {
				if err == nil || !strings.Contains(err.Error(), tt.wantErr) {
					t.Fatalf("Render(%q) error = %v, want it to contain %q", tt.text, err, tt.wantErr)
				}
				var te *Error
				if !errors.As(err, &te) || te.ExitCode() != 2 {
					t.Fatalf("Render(%q) error %T is not a *tmpl.Error with exit code 2", tt.text, err)
				}
				if !strings.Contains(te.Hint(), tt.wantHint) {
					t.Errorf("Hint() = %q, want it to contain %q", te.Hint(), tt.wantHint)
				}
				return
			}
			if err != nil {
				t.Fatalf("Render(%q) error: %v", tt.text, err)
			}
			if got != tt.want {
				t.Errorf("Render(%q) = %q, want %q", tt.text, got, tt.want)
			}
		})
	}
}

func TestHermetic(t *testing.T) {
	t.Parallel()
	// Every function that reads the clock, the environment, the network, the
	// time zone or a random source is absent: using one fails to parse.
	for _, fn := range []string{
		"now", "date", "dateInZone", "ago", "toDate", "env", "expandenv", "getHostByName",
		"randInt", "randAlpha", "randAlphaNum", "randNumeric", "randAscii", "randBytes", "uuidv4", "shuffle",
		"bcrypt", "htpasswd", "genPrivateKey", "genCA", "genSelfSignedCert", "encryptAES", "osBase",
	} {
		t.Run(fn, func(t *testing.T) {
			t.Parallel()
			err := New("", "").Check("f.txt", "{{ "+fn+" }}")
			if err == nil || !strings.Contains(err.Error(), `function "`+fn+`" not defined`) {
				t.Errorf("Check({{ %s }}) = %v, want function not defined", fn, err)
			}
		})
	}
}

func TestTrue(t *testing.T) {
	t.Parallel()
	tests := []struct {
		expr    string
		want    bool
		wantErr string
	}{
		{expr: `{{ eq .Values.database "none" }}`, want: true},
		{expr: `{{ ne .Values.database "none" }}`, want: false},
		{expr: ` {{ .Values.debug }} `, want: false},
		{expr: `true`, want: true},
		{expr: ``, want: false},
		{expr: `{{ if .Values.debug }}true{{ end }}`, want: false},
		{expr: `{{ .Values.name }}`, wantErr: `rendered "orders", want true or false`},
		{expr: `{{ .Values.missing }}`, wantErr: `map has no entry for key "missing"`},
	}
	for _, tt := range tests {
		t.Run(tt.expr, func(t *testing.T) {
			t.Parallel()
			got, err := New("", "").True("when", tt.expr, testData())
			if tt.wantErr != "" {
				if err == nil || !strings.Contains(err.Error(), tt.wantErr) {
					t.Fatalf("True(%q) error = %v, want %q", tt.expr, err, tt.wantErr)
				}
				return
			}
			if err != nil || got != tt.want {
				t.Errorf("True(%q) = %v, %v; want %v", tt.expr, got, err, tt.want)
			}
		})
	}
}

func TestDNSLabel(t *testing.T) {
	t.Parallel()
	tests := map[string]string{
		"orders":                "orders",
		"Order Service":         "order-service",
		"--a__b--":              "a-b",
		"9lives":                "lives",
		strings.Repeat("a", 70): strings.Repeat("a", 63),
		"":                      "",
	}
	for in, want := range tests {
		if got := DNSLabel(in); got != want {
			t.Errorf("DNSLabel(%q) = %q, want %q", in, got, want)
		}
	}
}

func TestCheck(t *testing.T) {
	t.Parallel()
	if err := New("", "").Check("ok", "{{ .Values.anything | upper }}"); err != nil {
		t.Errorf("Check(valid) = %v", err)
	}
	if err := New("", "").Check("bad", "{{ .Values.x "); err == nil {
		t.Error("Check(unclosed action) = nil, want an error")
	}
}

// Named templates stay inside the file that defines them, even when many
// files define the same name and render at once.
func TestRenderIsolatesDefines(t *testing.T) {
	t.Parallel()
	e := New("", "")
	for i := range 50 {
		t.Run(fmt.Sprint(i), func(t *testing.T) {
			t.Parallel()
			text := fmt.Sprintf(`{{ define "x" }}%d{{ end }}{{ template "x" }}`, i)
			got, err := e.Render(fmt.Sprintf("f%d", i), text, testData())
			if err != nil || got != fmt.Sprint(i) {
				t.Errorf("Render(%q) = %q, %v; want %d", text, got, err, i)
			}
		})
	}
	// a file cannot reach another file's template by its name
	if _, err := e.Render("a", "{{ .Values.name }}", testData()); err != nil {
		t.Fatal(err)
	}
	if _, err := e.Render("b", `{{ template "a" . }}`, testData()); err == nil {
		t.Error(`Render({{ template "a" }}) from another file succeeded, want an error`)
	}
}

func TestRenderFile(t *testing.T) {
	t.Parallel()
	e := New("", "")
	for _, text := range []string{"plain ${{ x }}", "{{ .Values.name }}-{{ .Values.port }}\n", "{{ .Values.tags | toYaml }}"} {
		want, werr := e.Render("f", text, testData())
		got, gerr := e.RenderFile("f", []byte(text), testData())
		if string(got) != want || (werr == nil) != (gerr == nil) {
			t.Errorf("RenderFile(%q) = %q, %v; Render = %q, %v", text, got, gerr, want, werr)
		}
	}
	if _, err := e.RenderFile("f", []byte("{{ .Values.nope }}"), testData()); err == nil || !strings.Contains(err.Error(), `map has no entry for key "nope"`) {
		t.Errorf("RenderFile(missing key) = %v", err)
	}
}
