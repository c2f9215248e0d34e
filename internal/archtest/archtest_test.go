package archtest

import (
	"os/exec"
	"strings"
	"testing"
)

const module = "github.com/paved-dev/paved"

// forbidden are the terminal and command-line packages, by import path
// prefix; a domain package that needs one has put terminal code below the CLI.
var forbidden = []string{
	"github.com/spf13/cobra",
	"github.com/charmbracelet/huh",
	"github.com/mattn/go-isatty",
	module + "/internal/iostreams",
	module + "/internal/cli",
}

// front ends may use them: the commands and the binary.
func frontEnd(pkg string) bool {
	for _, p := range []string{module + "/internal/cli", module + "/cmd/paved", module + "/internal/iostreams", module + "/internal/archtest"} {
		if pkg == p || strings.HasPrefix(pkg, p+"/") {
			return true
		}
	}
	return false
}

func isForbidden(dep string) bool {
	for _, f := range forbidden {
		if dep == f || strings.HasPrefix(dep, f+"/") {
			return true
		}
	}
	return false
}

// TestDependenciesPointDown runs `go list -deps` over every package of the
// module that is not a front end and fails for each one that reaches a
// forbidden package, naming the chain's first paved import that leads there.
func TestDependenciesPointDown(t *testing.T) {
	out, err := exec.Command("go", "list", "-f", `{{.ImportPath}}{{range .Deps}} {{.}}{{end}}`, module+"/...").Output()
	if err != nil {
		var stderr string
		if ee, ok := err.(*exec.ExitError); ok {
			stderr = string(ee.Stderr)
		}
		t.Fatalf("go list: %v\n%s", err, stderr)
	}
	checked := 0
	for line := range strings.SplitSeq(strings.TrimSpace(string(out)), "\n") {
		fields := strings.Fields(line)
		if len(fields) == 0 || frontEnd(fields[0]) {
			continue
		}
		checked++
		var bad []string
		for _, dep := range fields[1:] {
			if isForbidden(dep) {
				bad = append(bad, dep)
			}
		}
		if len(bad) > 0 {
			t.Errorf("%s depends on %s: terminal and command code stay in internal/cli; pass io.Writers or callbacks down instead",
				strings.TrimPrefix(fields[0], module+"/"), strings.Join(bad, ", "))
		}
	}
	if checked < 10 {
		t.Fatalf("checked only %d packages: go list did not list the module", checked)
	}
}
