package scorecard

import (
	"fmt"
	"io"
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
	b.WriteString("| Repository | Level | Score | Passed | Failed | Errored |\n|---|---|---:|---:|---:|---:|\n")
	for _, res := range rep.Results {
		lvl := levelName(res.Level)
		if res.Error != "" {
			lvl = "not scored"
		}
		if res.Error != "" {
			fmt.Fprintf(&b, "| %s | not scored | – | – | – | – |\n", mdEscape(res.Repo))
			continue
		}
		fmt.Fprintf(&b, "| %s | %s | %.0f%% | %d | %d | %d |\n", mdEscape(res.Repo), medal(lvl), res.Score, res.Counts.Pass, res.Counts.Fail, res.Counts.Error)
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
	if len(rep.Results) > 1 && len(rep.Summary.MostFailed) > 0 {
		b.WriteString("\n### Most failed checks\n\n| Check | Level | Repositories |\n|---|---|---:|\n")
		for i, f := range rep.Summary.MostFailed {
			if i == 10 {
				break
			}
			fmt.Fprintf(&b, "| %s (`%s`) | %s | %d |\n", mdEscape(f.Title), f.ID, f.Level, f.Repos)
		}
	}
	_, err := io.WriteString(w, b.String())
	return err
}

func medal(level string) string {
	switch level {
	case "gold":
		return "🥇 gold"
	case "silver":
		return "🥈 silver"
	case "bronze":
		return "🥉 bronze"
	}
	return level
}

var mdReplacer = strings.NewReplacer("|", "\\|", "<", "&lt;", ">", "&gt;", "*", "\\*", "_", "\\_")

func mdEscape(s string) string { return mdReplacer.Replace(s) }
