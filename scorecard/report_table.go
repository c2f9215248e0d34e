package scorecard

import (
	"cmp"
	"fmt"
	"io"
	"slices"
	"strings"
	"unicode/utf8"
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
	return writeTable(w, rep, p, false)
}

// WriteTableVerbose is [WriteTable] with the evidence of every verdict:
// for a pass the file, line and text that decided it, for a fail what was
// looked for and what was seen.
func WriteTableVerbose(w io.Writer, rep *Report, p Painter) error {
	return writeTable(w, rep, p, true)
}

func writeTable(w io.Writer, rep *Report, p Painter, verbose bool) error {
	var b strings.Builder
	for i, res := range rep.Results {
		if i > 0 {
			b.WriteString("\n")
		}
		writeRepo(&b, rep, res, p, verbose)
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

func writeRepo(b *strings.Builder, rep *Report, res *Result, p Painter, verbose bool) {
	name := res.Repo
	if res.Subpath != "" && !strings.Contains(name, res.Subpath) {
		name += " (" + res.Subpath + ")"
	}
	if res.Error != "" {
		fmt.Fprintf(b, "%s  %s\n  %s\n", p.Bold(name), p.Red("not scored"), res.Error)
		return
	}
	// Zero counts other than passed and failed are noise; the rubric is named
	// once in the fleet summary when there is one.
	facts := []string{"owner " + cmp.Or(res.Owner, "unowned"), fmt.Sprintf("%d passed, %d failed", res.Counts.Pass, res.Counts.Fail)}
	for _, c := range []struct {
		n    int
		what string
	}{{res.Counts.Error, "errored"}, {res.Counts.Exempt, "exempt"}, {res.Counts.NotApplicable, "not applicable"}} {
		if c.n > 0 {
			facts[1] += fmt.Sprintf(", %d %s", c.n, c.what)
		}
	}
	if len(rep.Results) == 1 {
		facts = append(facts, "rubric "+rep.Rubric.Name)
	}
	fmt.Fprintf(b, "%s  %s  %.0f%%  %s\n", p.Bold(name), levelLabel(res.Level, p), res.Score, p.Dim("("+strings.Join(facts, "; ")+")"))
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
			if verbose {
				if c.LookedFor != "" {
					line += indent(wrap("looked for: "+c.LookedFor, 72), "      ")
				}
				for _, e := range c.Evidence {
					line += "      " + p.Dim("seen: "+e.String()) + "\n"
				}
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
	if verbose {
		var passed []string
		for _, c := range res.Checks {
			switch c.Outcome {
			case Pass:
				line := fmt.Sprintf("  %s %s %s\n", p.Green("✓"), c.Title, p.Dim("["+c.ID+"]"))
				for _, e := range c.Evidence {
					line += "      " + p.Dim(e.String()) + "\n"
				}
				passed = append(passed, line)
			case NotApplicable:
				passed = append(passed, fmt.Sprintf("  %s %s %s\n", p.Dim("-"), c.Title, p.Dim("["+c.ID+"] not applicable")))
			}
		}
		if len(passed) > 0 {
			fmt.Fprintf(b, "\n %s\n", p.Bold("passing:"))
			b.WriteString(strings.Join(passed, ""))
		}
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
	scored := rep.Summary.Repos - rep.Summary.Errors
	fmt.Fprintf(b, "\n%s %d repositories %s\n", p.Bold("Fleet:"), rep.Summary.Repos, p.Dim("(rubric "+rep.Rubric.Name+")"))
	for _, lc := range rep.Summary.Levels {
		fmt.Fprintf(b, "%s\n", strings.TrimRight(fmt.Sprintf("  %-10s %4d  %s", lc.Level, lc.Repos, strings.Repeat("█", barLen(lc.Repos, rep.Summary.Repos, 30))), " "))
	}
	if rep.Summary.Errors > 0 {
		fmt.Fprintf(b, "  %-10s %4d  %s\n", "not scored", rep.Summary.Errors, strings.Repeat("░", barLen(rep.Summary.Errors, rep.Summary.Repos, 30)))
	}
	if len(rep.Summary.ByOwner) > 0 {
		fmt.Fprintf(b, "\n%s\n", p.Bold("By owner:"))
		owners := make([]string, 0, len(rep.Summary.ByOwner))
		width := 0
		for o := range rep.Summary.ByOwner {
			owners = append(owners, o)
			width = max(width, utf8.RuneCountInString(o))
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
		for _, o := range owners {
			var parts []string
			total := notScored[o]
			for _, lc := range rep.Summary.ByOwner[o] {
				total += lc.Repos
				if lc.Repos > 0 {
					parts = append(parts, fmt.Sprintf("%d %s", lc.Repos, lc.Level))
				}
			}
			if n := notScored[o]; n > 0 {
				parts = append(parts, fmt.Sprintf("%d not scored", n))
			}
			fmt.Fprintf(b, "  %s%s %4d  %s\n", o, strings.Repeat(" ", max(0, width-utf8.RuneCountInString(o))), total, p.Dim(strings.Join(parts, ", ")))
		}
	}
	if len(rep.Summary.MostFailed) > 0 {
		fmt.Fprintf(b, "\n%s %s\n", p.Bold("Most failed checks:"), p.Dim(fmt.Sprintf("(repositories failing, of %d scored)", scored)))
		for i, f := range rep.Summary.MostFailed {
			if i == 10 {
				fmt.Fprintf(b, "  %s\n", p.Dim(fmt.Sprintf("and %d more failing %s", len(rep.Summary.MostFailed)-10, plural(len(rep.Summary.MostFailed)-10, "check", "checks"))))
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
