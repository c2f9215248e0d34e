package templates_test

import (
	"regexp"
	"strings"
	"testing"

	"github.com/paved-dev/paved/internal/manifest"
)

// usesLine is one `uses:` of a GitHub workflow.
var usesLine = regexp.MustCompile(`(?m)^\s*(?:-\s+)?uses:\s*(\S+)(.*)$`)

// pinnedUses is an action pinned by a full commit SHA, its tag in a comment.
var pinnedUses = regexp.MustCompile(`^[\w.-]+/[\w./-]+@[0-9a-f]{40}$`)

// TestWorkflowsPinActionsAndReportDrift checks the generated GitHub
// workflows: every action pinned by commit SHA with its tag in a comment,
// image names lower-cased, and paved check pinned to the paved release that
// generated the service, reported as a warning instead of silenced by
// continue-on-error.
func TestWorkflowsPinActionsAndReportDrift(t *testing.T) {
	for name, values := range map[string]manifest.Values{
		"express-service": expressGolden,
		"go-service":      goldens["go-service"],
		"minimal":         goldens["minimal"],
	} {
		t.Run(name, func(t *testing.T) {
			t.Parallel()
			files := renderedFiles(t, name, values)
			ci := string(files[".github/workflows/ci.yml"])
			if ci == "" {
				t.Fatal("no .github/workflows/ci.yml")
			}
			uses := usesLine.FindAllStringSubmatch(ci, -1)
			if len(uses) == 0 {
				t.Fatal("ci.yml uses no action: the pattern no longer matches")
			}
			for _, u := range uses {
				if !pinnedUses.MatchString(u[1]) || !regexp.MustCompile(`^\s+# v\d`).MatchString(u[2]) {
					t.Errorf("uses: %s%s: want OWNER/ACTION@<40-hex commit> # vX.Y.Z", u[1], u[2])
				}
			}
			if strings.Contains(ci, "continue-on-error") {
				t.Error("ci.yml hides a failing step with continue-on-error")
			}
			if strings.Contains(ci, "tags: ${{ github.repository }}") || strings.Contains(ci, "tags: ${{ github.event.repository.name }}") {
				t.Error("ci.yml tags the image with the repository name as typed: registries reject upper case")
			}
			if !strings.Contains(ci, "paved check") {
				return // minimal has no drift job
			}
			if got := strings.TrimSpace(string(files[".github/paved-version"])); got != "golden" {
				t.Errorf(".github/paved-version = %q, want the generating paved's version (golden in this render)", got)
			}
			for _, want := range []string{"paved@$version\" check", "::warning title=paved check", "GITHUB_STEP_SUMMARY"} {
				if !strings.Contains(ci, want) {
					t.Errorf("the paved check step lacks %q", want)
				}
			}
			if strings.Contains(ci, "paved@latest check") {
				t.Error("paved check runs an unpinned paved@latest")
			}
		})
	}
}
