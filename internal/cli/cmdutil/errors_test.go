package cmdutil

import (
	"errors"
	"fmt"
	"testing"
)

func TestExitCode(t *testing.T) {
	t.Parallel()
	base := errors.New("boom")
	tests := []struct {
		name string
		err  error
		want int
	}{
		{"nil is success", nil, ExitOK},
		{"a plain error is a problem", base, ExitProblem},
		{"bad input exits 2", BadInput(base), ExitBadInput},
		{"bad input survives wrapping", fmt.Errorf("load: %w", BadInput(base)), ExitBadInput},
		{"bad input survives a hint", WithHint(BadInputf("x %d", 1), "do y"), ExitBadInput},
		{"problem exits 1", Problem(base), ExitProblem},
		{"ErrProblem exits 1", fmt.Errorf("score: %w", ErrProblem), ExitProblem},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			if got := ExitCode(tt.err); got != tt.want {
				t.Errorf("ExitCode(%v) = %d, want %d", tt.err, got, tt.want)
			}
		})
	}
}

func TestHint(t *testing.T) {
	t.Parallel()
	err := fmt.Errorf("outer: %w", WithHint(BadInputf("inner"), "pass --set name=..."))
	if got, want := Hint(err), "pass --set name=..."; got != want {
		t.Errorf("Hint(%v) = %q, want %q", err, got, want)
	}
	if got := Hint(errors.New("plain")); got != "" {
		t.Errorf("Hint(plain) = %q, want empty", got)
	}
	if err.Error() != "outer: inner" {
		t.Errorf("Error() = %q, want the message unchanged by the hint", err.Error())
	}
}

func TestCheckOutput(t *testing.T) {
	t.Parallel()
	if err := CheckOutput("json", "table", "json"); err != nil {
		t.Errorf("CheckOutput(json) = %v, want nil", err)
	}
	err := CheckOutput("xml", "table", "json")
	if ExitCode(err) != ExitBadInput || Hint(err) != "use -o table, -o json" {
		t.Errorf("CheckOutput(xml) = %v (exit %d, hint %q), want bad input with the formats", err, ExitCode(err), Hint(err))
	}
}

func TestDepsPaths(t *testing.T) {
	t.Parallel()
	env := map[string]string{"HOME": "/home/ada", "XDG_DATA_HOME": "/data"}
	d := &Deps{Getenv: func(k string) string { return env[k] }}
	tests := []struct {
		name, got, want string
	}{
		{"catalog under XDG_DATA_HOME", d.CatalogPath(), "/data/paved/catalog.db"},
		{"config falls back to HOME", d.ConfigPath(), "/home/ada/.config/paved/config.yaml"},
		{"cache falls back to HOME", d.CacheDir(), "/home/ada/.cache/paved"},
	}
	for _, tt := range tests {
		if tt.got != tt.want {
			t.Errorf("%s: got %q, want %q", tt.name, tt.got, tt.want)
		}
	}
	d.CatalogDB = "/tmp/x.db"
	if got := d.CatalogPath(); got != "/tmp/x.db" {
		t.Errorf("CatalogPath with --catalog-db = %q, want /tmp/x.db", got)
	}
}
