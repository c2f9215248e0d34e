package iostreams

import "testing"

func TestPaint(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name  string
		color bool
		want  string
	}{
		{"colour off leaves text alone", false, "ok"},
		{"colour on wraps text in SGR codes", true, "\x1b[32mok\x1b[0m"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			s, _, _, _ := Test()
			s.Color = tt.color
			if got := s.Green("ok"); got != tt.want {
				t.Errorf("Green(%q) = %q, want %q", "ok", got, tt.want)
			}
		})
	}
}

func TestSystemHonoursNoColor(t *testing.T) {
	env := map[string]string{"NO_COLOR": "1", "TERM": "xterm"}
	s := System(func(k string) string { return env[k] })
	if s.Color {
		t.Error("System with NO_COLOR=1: Color = true, want false")
	}
	env = map[string]string{"TERM": "dumb"}
	if s := System(func(k string) string { return env[k] }); !s.Accessible {
		t.Error("System with TERM=dumb: Accessible = false, want true")
	}
}
