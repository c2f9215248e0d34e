package scorecard

import (
	"fmt"
	"io"
	"strings"
)

// Painter colours text for a terminal; iostreams.IOStreams is one. Plain
// output uses [NoPaint].
type Painter interface {
	Bold(string) string
	Red(string) string
	Green(string) string
	Yellow(string) string
	Dim(string) string
}

// NoPaint leaves text alone.
type NoPaint struct{}

// Bold returns s unchanged.
func (NoPaint) Bold(s string) string { return s }

// Red returns s unchanged.
func (NoPaint) Red(s string) string { return s }

// Green returns s unchanged.
func (NoPaint) Green(s string) string { return s }

// Yellow returns s unchanged.
func (NoPaint) Yellow(s string) string { return s }

// Dim returns s unchanged.
func (NoPaint) Dim(s string) string { return s }

// WriteTable writes the human report: per repository its level, score and
// every failing check with its remediation, grouped by level; then, for
// several repositories, the fleet summary.
func WriteTable(w io.Writer, rep *Report, p Painter) error {
	var b strings.Builder
	for i, res := range rep.Results {
		if i > 0 {
			b.WriteString("\n")
		}
		writeRepo(&b, rep, res, p)
	}
	if len(rep.Results) > 1 {
		writeSummary(&b, rep, p)
	}
	_, err := io.WriteString(w, b.String())
	return err
}

func levelLabel(l string, p Painter) string {
	switch l {
	case "":
		return p.Red("no level")
	case "gold":
		return p.Yellow(l)
	}
	return p.Green(l)
}

func writeRepo(b *strings.Builder, rep *Report, res *Result, p Painter) {
	name := res.Repo
	if res.Subpath != "" && !strings.Contains(name, res.Subpath) {
		name += " (" + res.Subpath + ")"
	}
	if res.Error != "" {
		fmt.Fprintf(b, "%s  %s\n  %s\n", p.Bold(name), p.Red("not scored"), res.Error)
		return
	}
	fmt.Fprintf(b, "%s  %s  %.0f%%  %s\n", p.Bold(name), levelLabel(res.Level, p), res.Score,
		p.Dim(fmt.Sprintf("(%d passed, %d failed, %d errored, %d exempt, %d not applicable; rubric %s)",
			res.Counts.Pass, res.Counts.Fail, res.Counts.Error, res.Counts.Exempt, res.Counts.NotApplicable, rep.Rubric.Name)))
	if res.Counts.Fail+res.Counts.Error == 0 {
		fmt.Fprintf(b, "  %s every applicable check passes\n", p.Green("✓"))
	}
	for _, level := range rep.Rubric.Levels {
		var lines []string
		for _, c := range res.Checks {
			if c.Level != level || (c.Outcome != Fail && c.Outcome != Errored) {
				continue
			}
			mark := p.Red("✗")
			if c.Outcome == Errored {
				mark = p.Yellow("!")
			}
			line := fmt.Sprintf("  %s %s %s\n", mark, c.Title, p.Dim("["+c.ID+"]"))
			if c.Outcome == Errored {
				line += "      error: " + c.Message + "\n"
			}
			line += indent(wrap(c.Remediation, 72), "      ")
			if c.Docs != "" {
				line += "      " + p.Dim(c.Docs) + "\n"
			}
			lines = append(lines, line)
		}
		if len(lines) == 0 {
			continue
		}
		fmt.Fprintf(b, "\n %s %s\n", p.Bold("to reach "+level+":"), p.Dim(fmt.Sprintf("%d to fix", len(lines))))
		b.WriteString(strings.Join(lines, ""))
	}
	for _, c := range res.Checks {
		if c.Outcome == Exempt && c.Exemption != nil {
			fmt.Fprintf(b, "  %s %s: exempt until %s (%s, approved by %s)\n", p.Dim("~"), c.ID, c.Exemption.Expires, c.Exemption.Reason, c.Exemption.ApprovedBy)
		}
	}
	for _, e := range res.Exemptions {
		if e.Expired {
			fmt.Fprintf(b, "  %s exemption for %s expired on %s: the check counts again\n", p.Yellow("!"), e.Check, e.Expires)
		}
	}
}

func writeSummary(b *strings.Builder, rep *Report, p Painter) {
	fmt.Fprintf(b, "\n%s %d repositories\n", p.Bold("Fleet:"), rep.Summary.Repos)
	for _, lc := range rep.Summary.Levels {
		fmt.Fprintf(b, "  %-10s %4d  %s\n", lc.Level, lc.Repos, strings.Repeat("█", barLen(lc.Repos, rep.Summary.Repos, 30)))
	}
	if rep.Summary.Errors > 0 {
		fmt.Fprintf(b, "  %-10s %4d\n", "not scored", rep.Summary.Errors)
	}
	if len(rep.Summary.MostFailed) > 0 {
		fmt.Fprintf(b, "\n%s\n", p.Bold("Most failed checks:"))
		for i, f := range rep.Summary.MostFailed {
			if i == 10 {
				break
			}
			fmt.Fprintf(b, "  %4d  %-8s %s %s\n", f.Repos, f.Level, f.Title, p.Dim("["+f.ID+"]"))
		}
	}
}

func barLen(n, total, width int) int {
	if total == 0 || n == 0 {
		return 0
	}
	return max(1, n*width/total)
}

func wrap(s string, width int) string {
	var lines []string
	var cur string
	for _, word := range strings.Fields(s) {
		if cur != "" && len(cur)+1+len(word) > width {
			lines = append(lines, cur)
			cur = word
			continue
		}
		if cur != "" {
			cur += " "
		}
		cur += word
	}
	if cur != "" {
		lines = append(lines, cur)
	}
	return strings.Join(lines, "\n")
}

func indent(s, prefix string) string {
	if s == "" {
		return ""
	}
	return prefix + strings.ReplaceAll(s, "\n", "\n"+prefix) + "\n"
}
