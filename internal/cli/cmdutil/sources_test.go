package cmdutil

import "testing"

func TestGitToken(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name string
		env  map[string]string
		want string
	}{
		{"PAVED_GIT_TOKEN wins", map[string]string{"PAVED_GIT_TOKEN": "p", "GITHUB_TOKEN": "g"}, "p"},
		{"GITHUB_TOKEN is the fallback", map[string]string{"GITHUB_TOKEN": "g"}, "g"},
		{"an empty PAVED_GIT_TOKEN falls back", map[string]string{"PAVED_GIT_TOKEN": "", "GITHUB_TOKEN": "g"}, "g"},
		{"no token", nil, ""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			d := &Deps{Getenv: func(k string) string { return tt.env[k] }}
			if got := d.GitToken(); got != tt.want {
				t.Errorf("GitToken() = %q, want %q", got, tt.want)
			}
		})
	}
}
