package scaffold

import (
	"slices"
	"testing"
)

func TestHookEnv(t *testing.T) {
	t.Parallel()
	o := GenerateOptions{
		Env:     []string{"PATH=/bin", "PAVED_GIT_TOKEN=p", "GITHUB_TOKEN=g", "CORP_TOKEN=c", "CORP_TOKEN_NOTE=kept", "GITHUB_TOKENS=kept"},
		HideEnv: []string{"CORP_TOKEN"},
	}
	want := []string{"PATH=/bin", "CORP_TOKEN_NOTE=kept", "GITHUB_TOKENS=kept"}
	if got := hookEnv(o); !slices.Equal(got, want) {
		t.Errorf("hookEnv() = %q, want %q", got, want)
	}
	if o.Env[1] != "PAVED_GIT_TOKEN=p" {
		t.Errorf("hookEnv changed its input: %q", o.Env)
	}
}
