package scorecard

import (
	"cmp"
	"fmt"
	"io"
	"slices"
	"strings"
)

// WriteMarkdown writes the report for a pull-request comment: a summary
// line per repository and, folded, what to fix.
func WriteMarkdown(w io.Writer, rep *Report) error {
	var b strings.Builder
	title := rep.Rubric.Title
	if title == "" {
		title = rep.Rubric.Name
	}
	fmt.Fprintf(&b, "## paved score: %s\n\n", mdEscape(title))
	b.WriteString("| Repository | Level | Score | Passed | Failed | Errored | Owner |\n|---|---|---:|---:|---:|---:|---|\n")
	for _, res := range rep.Results {
		owner := mdEscape(cmp.Or(res.Owner, "unowned"))
		if res.Error != "" {
			fmt.Fprintf(&b, "| %s | not scored | – | – | – | – | %s |\n", mdEscape(res.Repo), owner)
			continue
		}
		fmt.Fprintf(&b, "| %s | %s | %.0f%% | %d | %d | %d | %s |\n", mdEscape(res.Repo), medal(levelName(res.Level)), res.Score, res.Counts.Pass, res.Counts.Fail, res.Counts.Error, owner)
	}
	for _, res := range rep.Results {
		if res.Error != "" {
			fmt.Fprintf(&b, "\n**%s** could not be scored: %s\n", mdEscape(res.Repo), mdEscape(res.Error))
			continue
		}
		var todo []CheckResult
		for _, c := range res.Checks {
			if c.Outcome == Fail || c.Outcome == Errored {
				todo = append(todo, c)
			}
		}
		if len(todo) == 0 {
			continue
		}
		fmt.Fprintf(&b, "\n<details><summary><b>%s</b>: %d to fix</summary>\n\n", mdEscape(res.Repo), len(todo))
		for _, level := range rep.Rubric.Levels {
			first := true
			for _, c := range todo {
				if c.Level != level {
					continue
				}
				if first {
					fmt.Fprintf(&b, "**To reach %s**\n\n", level)
					first = false
				}
				mark := "❌"
				if c.Outcome == Errored {
					mark = "⚠️"
				}
				fmt.Fprintf(&b, "- %s **%s** (`%s`)", mark, mdEscape(c.Title), c.ID)
				if c.Outcome == Errored {
					fmt.Fprintf(&b, ": error: %s", mdEscape(c.Message))
				}
				if c.LookedFor != "" {
					fmt.Fprintf(&b, "  \n  Looked for: %s", mdEscape(c.LookedFor))
				}
				for _, e := range c.Evidence {
					fmt.Fprintf(&b, "  \n  Seen: %s", mdEvidence(e))
				}
				fmt.Fprintf(&b, "  \n  %s", mdEscape(strings.Join(strings.Fields(c.Remediation), " ")))
				if c.Docs != "" {
					fmt.Fprintf(&b, " [Docs](%s)", c.Docs)
				}
				b.WriteString("\n")
			}
			if !first {
				b.WriteString("\n")
			}
		}
		b.WriteString("</details>\n")
	}
	for _, res := range rep.Results {
		var passed []CheckResult
		for _, c := range res.Checks {
			if c.Outcome == Pass && len(c.Evidence) > 0 {
				passed = append(passed, c)
			}
		}
		if len(passed) == 0 {
			continue
		}
		fmt.Fprintf(&b, "\n<details><summary><b>%s</b>: why %d checks pass</summary>\n\n", mdEscape(res.Repo), len(passed))
		for _, c := range passed {
			fmt.Fprintf(&b, "- ✅ **%s** (`%s`): %s\n", mdEscape(c.Title), c.ID, mdEvidence(c.Evidence[0]))
		}
		b.WriteString("</details>\n")
	}
	if len(rep.Results) > 1 {
		writeMarkdownFleet(&b, rep)
	}
	_, err := io.WriteString(w, b.String())
	return err
}

// writeMarkdownFleet adds the fleet summary: repositories per level, per
// owner, and the checks failed most often.
func writeMarkdownFleet(b *strings.Builder, rep *Report) {
	sum := rep.Summary
	scored := sum.Repos - sum.Errors
	b.WriteString("\n### Fleet\n\n")
	var parts []string
	for _, lc := range sum.Levels {
		parts = append(parts, fmt.Sprintf("%s: %d", medal(lc.Level), lc.Repos))
	}
	if sum.Errors > 0 {
		parts = append(parts, fmt.Sprintf("not scored: %d", sum.Errors))
	}
	fmt.Fprintf(b, "%d repositories, rubric `%s`. %s\n", sum.Repos, rep.Rubric.Name, strings.Join(parts, " · "))

	owners := make([]string, 0, len(sum.ByOwner))
	for o := range sum.ByOwner {
		owners = append(owners, o)
	}
	slices.SortFunc(owners, func(a, b string) int {
		return cmp.Or(cmp.Compare(boolInt(a == "unowned"), boolInt(b == "unowned")), cmp.Compare(a, b))
	})
	notScored := map[string]int{}
	for _, res := range rep.Results {
		if res.Error != "" {
			notScored[cmp.Or(res.Owner, "unowned")]++
		}
	}
	b.WriteString("\n| Owner | Repositories |")
	for _, lc := range sum.Levels {
		fmt.Fprintf(b, " %s |", medal(lc.Level))
	}
	if sum.Errors > 0 {
		b.WriteString(" not scored |")
	}
	b.WriteString("\n|---|---:|" + strings.Repeat("---:|", len(sum.Levels)+boolInt(sum.Errors > 0)) + "\n")
	for _, o := range owners {
		total := notScored[o]
		for _, lc := range sum.ByOwner[o] {
			total += lc.Repos
		}
		fmt.Fprintf(b, "| %s | %d |", mdEscape(o), total)
		for _, lc := range sum.ByOwner[o] {
			fmt.Fprintf(b, " %d |", lc.Repos)
		}
		if sum.Errors > 0 {
			fmt.Fprintf(b, " %d |", notScored[o])
		}
		b.WriteString("\n")
	}

	if len(sum.MostFailed) == 0 {
		return
	}
	fmt.Fprintf(b, "\n### Most failed checks\n\n| Check | Level | Failing (of %d scored) |\n|---|---|---:|\n", scored)
	for i, f := range sum.MostFailed {
		if i == 10 {
			fmt.Fprintf(b, "\nand %d more failing %s.\n", len(sum.MostFailed)-10, plural(len(sum.MostFailed)-10, "check", "checks"))
			break
		}
		fmt.Fprintf(b, "| %s (`%s`) | %s | %d |\n", mdEscape(f.Title), f.ID, f.Level, f.Repos)
	}
}

func medal(level string) string {
	switch level {
	case "gold":
		return "🥇 gold"
	case "silver":
		return "🥈 silver"
	case "bronze":
		return "🥉 bronze"
	case "", "none":
		return "no level"
	}
	return level
}

var mdReplacer = strings.NewReplacer("|", "\\|", "<", "&lt;", ">", "&gt;", "*", "\\*", "_", "\\_")

func mdEscape(s string) string { return mdReplacer.Replace(s) }

// mdEvidence shows evidence as `file:line` and the matched text as code.
func mdEvidence(e Evidence) string {
	loc := e.File
	if e.Line > 0 {
		loc += fmt.Sprintf(":%d", e.Line)
	}
	out := "`" + strings.ReplaceAll(loc, "`", "'") + "`"
	if e.What != "" {
		out += " " + mdEscape(e.What)
	}
	if e.Text != "" {
		out += ": `" + strings.ReplaceAll(e.Text, "`", "'") + "`"
	}
	return out
}
