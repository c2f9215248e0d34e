package scorecard

import (
	"testing"

	"github.com/google/go-cmp/cmp"
)

func TestParseWorkflow(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name, system, src string
		runs, uses        []string
		jobs              int
	}{
		{"github", "github", "name: ci\njobs:\n  test:\n    steps:\n      - uses: actions/checkout@v4\n      - name: t\n        run: |\n          npm ci\n          npm test\n  release:\n    uses: acme/workflows/.github/workflows/release.yml@v1\n",
			[]string{"npm ci\nnpm test\n"}, []string{"acme/workflows/.github/workflows/release.yml@v1", "actions/checkout@v4"}, 2},
		{"gitlab", "gitlab", "stages: [test]\nvariables: {A: b}\n.template:\n  script: [hidden]\ntest:\n  before_script: [go version]\n  script:\n    - go test ./...\nlint:\n  script: golangci-lint run\n",
			[]string{"golangci-lint run", "go version", "go test ./..."}, []string{}, 2},
		{"workflow without jobs", "github", "name: empty\non: push\n", []string{}, []string{}, 0},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			w, err := parseWorkflow(tt.system, []byte(tt.src))
			if err != nil {
				t.Fatal(err)
			}
			if diff := cmp.Diff(tt.runs, w.Runs); diff != "" {
				t.Errorf("runs (-want +got):\n%s", diff)
			}
			if diff := cmp.Diff(tt.uses, w.Uses); diff != "" {
				t.Errorf("uses (-want +got):\n%s", diff)
			}
			if len(w.Jobs) != tt.jobs {
				t.Errorf("jobs = %d, want %d", len(w.Jobs), tt.jobs)
			}
		})
	}
	if _, err := parseWorkflow("github", []byte("jobs: [\n")); err == nil {
		t.Error("parseWorkflow(broken yaml) = nil error")
	}
}
