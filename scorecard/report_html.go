package scorecard

import (
	"cmp"
	"fmt"
	"html/template"
	"io"
	"slices"
	"strings"
)

// WriteHTML writes one self-contained page: inline CSS, an SVG chart of the
// levels across the fleet, bar charts of levels per owner and of the most
// failed checks, and every repository's details. No script, font or
// stylesheet is fetched, and the page prints.
func WriteHTML(w io.Writer, rep *Report) error {
	data := htmlData{Report: rep, Title: cmp.Or(rep.Rubric.Title, rep.Rubric.Name)}
	data.Levels = htmlLevels(rep)
	data.LevelChart = levelChart(rep, data.Levels)
	data.OwnerChart = ownerChart(rep, data.Levels)
	data.FailedChart = failedChart(rep)
	for i, res := range rep.Results {
		data.Repos = append(data.Repos, newHTMLRepo(rep, i, res))
	}
	if err := htmlPage.Execute(w, data); err != nil {
		return fmt.Errorf("write html report: %w", err)
	}
	return nil
}

type htmlData struct {
	*Report
	Title                               string
	Levels                              []htmlLevel
	LevelChart, OwnerChart, FailedChart template.HTML
	Repos                               []htmlRepo
}

// htmlLevel is one column of the charts: "no level", each rubric level from
// the lowest, and "not scored" when a repository could not be read. Charts
// read left to right from worst to best.
type htmlLevel struct {
	Key    string // levelName of a Result, or notScored
	Label  string
	Colour string
	Repos  int
}

const notScored = "not scored"

// The colours are light enough for dark text in both colour schemes; every
// coloured mark also carries its level as text.
var levelColours = map[string]string{"bronze": "#d49a66", "silver": "#b8c0c8", "gold": "#eec249", "none": "#f08c84", notScored: "#d0d7de"}

func levelColour(l string, i int) string {
	if c, ok := levelColours[l]; ok {
		return c
	}
	palette := []string{"#8fb8de", "#9ccf8f", "#c9a6c4", "#9fd4cf", "#f3d37a"}
	return palette[i%len(palette)]
}

func levelLabelHTML(l string) string {
	switch l {
	case "", "none":
		return "no level"
	}
	return l
}

func htmlLevels(rep *Report) []htmlLevel {
	var out []htmlLevel
	count := map[string]int{}
	for _, lc := range rep.Summary.Levels {
		count[lc.Level] = lc.Repos
	}
	out = append(out, htmlLevel{Key: "none", Label: "no level", Colour: levelColour("none", 0), Repos: count["none"]})
	for i, l := range rep.Rubric.Levels {
		out = append(out, htmlLevel{Key: l, Label: l, Colour: levelColour(l, i), Repos: count[l]})
	}
	if rep.Summary.Errors > 0 {
		out = append(out, htmlLevel{Key: notScored, Label: notScored, Colour: levelColour(notScored, 0), Repos: rep.Summary.Errors})
	}
	return out
}

func resultKey(res *Result) string {
	if res.Error != "" {
		return notScored
	}
	return levelName(res.Level)
}

func esc(s string) string { return template.HTMLEscapeString(s) }

// badge is a level as a coloured pill with its name in it.
func badge(levels []htmlLevel, key string) template.HTML {
	for _, l := range levels {
		if l.Key == key {
			return template.HTML(fmt.Sprintf(`<span class="lvl" style="background:%s">%s</span>`, l.Colour, esc(l.Label)))
		}
	}
	return template.HTML(`<span class="lvl">` + esc(key) + `</span>`)
}

// levelChart is a vertical bar per level with its count above it.
func levelChart(rep *Report, levels []htmlLevel) template.HTML {
	const barW, gap, h, top, bottom = 72, 18, 140, 22, 26
	width := len(levels)*(barW+gap) + gap
	most := 1
	for _, l := range levels {
		most = max(most, l.Repos)
	}
	var b strings.Builder
	fmt.Fprintf(&b, `<svg role="img" aria-labelledby="levels-title" width="%d" height="%d" viewBox="0 0 %d %d">`, width, top+h+bottom, width, top+h+bottom)
	fmt.Fprintf(&b, `<title id="levels-title">Repositories per level, of %d</title>`, rep.Summary.Repos)
	for i, l := range levels {
		bh := l.Repos * h / most
		if l.Repos > 0 {
			bh = max(bh, 2)
		}
		x := gap + i*(barW+gap)
		fmt.Fprintf(&b, `<rect x="%d" y="%d" width="%d" height="%d" fill="%s"><title>%s: %d</title></rect>`, x, top+h-bh, barW, bh, l.Colour, esc(l.Label), l.Repos)
		fmt.Fprintf(&b, `<text x="%d" y="%d" text-anchor="middle" class="n">%d</text>`, x+barW/2, top+h-bh-6, l.Repos)
		fmt.Fprintf(&b, `<text x="%d" y="%d" text-anchor="middle">%s</text>`, x+barW/2, top+h+18, esc(l.Label))
	}
	fmt.Fprintf(&b, `<line x1="%d" y1="%d" x2="%d" y2="%d" class="axis"/>`, gap/2, top+h, width-gap/2, top+h)
	b.WriteString(`</svg>`)
	return template.HTML(b.String())
}

// legend names every colour the owner chart uses.
func legend(levels []htmlLevel) string {
	var b strings.Builder
	b.WriteString(`<p class="legend">`)
	for _, l := range levels {
		fmt.Fprintf(&b, `<span><i style="background:%s"></i>%s</span>`, l.Colour, esc(l.Label))
	}
	b.WriteString(`</p>`)
	return b.String()
}

// ownerChart is one stacked bar per owner, its segments labelled with their
// counts, scaled to the owner with the most repositories. Real HTML rather
// than SVG so that long names wrap on a phone.
func ownerChart(rep *Report, levels []htmlLevel) template.HTML {
	byOwner := map[string]map[string]int{}
	for _, res := range rep.Results {
		o := cmp.Or(res.Owner, "unowned")
		if byOwner[o] == nil {
			byOwner[o] = map[string]int{}
		}
		byOwner[o][resultKey(res)]++
	}
	owners := make([]string, 0, len(byOwner))
	most := 1
	for o, n := range byOwner {
		owners = append(owners, o)
		total := 0
		for _, c := range n {
			total += c
		}
		most = max(most, total)
	}
	slices.SortFunc(owners, func(a, b string) int {
		return cmp.Or(cmp.Compare(boolInt(a == "unowned"), boolInt(b == "unowned")), cmp.Compare(a, b))
	})
	var b strings.Builder
	b.WriteString(`<table class="bars"><thead><tr><th scope="col">Owner</th><th scope="col">Repositories by level</th><th scope="col" class="num">Total</th></tr></thead><tbody>`)
	for _, o := range owners {
		cls := ""
		if o == "unowned" {
			cls = ` class="muted"`
		}
		fmt.Fprintf(&b, `<tr><th scope="row"%s>%s</th><td class="barcell"><div class="bar">`, cls, esc(o))
		total := 0
		for _, l := range levels {
			n := byOwner[o][l.Key]
			if n == 0 {
				continue
			}
			total += n
			fmt.Fprintf(&b, `<span style="width:%s;background:%s" title="%s: %d %s">%d</span>`,
				pctWidth(n, most), l.Colour, esc(o), n, esc(l.Label), n)
		}
		fmt.Fprintf(&b, `</div></td><td class="num">%d</td></tr>`, total)
	}
	b.WriteString(`</tbody></table>`)
	b.WriteString(legend(levels))
	return template.HTML(b.String())
}

// failedChart is a bar per check, most failed first (top 10), scaled to the
// repositories scored, so a full bar means every one of them fails it.
func failedChart(rep *Report) template.HTML {
	all := rep.Summary.MostFailed
	failed := all[:min(10, len(all))]
	if len(failed) == 0 {
		return template.HTML(`<p class="pass">No check failed.</p>`)
	}
	scored := rep.Summary.Repos - rep.Summary.Errors
	fleet := max(1, scored)
	var b strings.Builder
	b.WriteString(`<table class="bars"><thead><tr><th scope="col">Check</th><th scope="col">Level</th><th scope="col">Scored repositories failing it</th></tr></thead><tbody>`)
	for _, f := range failed {
		colour := levelColour(f.Level, slices.Index(rep.Rubric.Levels, f.Level))
		fmt.Fprintf(&b, `<tr><th scope="row">%s <code class="muted">%s</code></th><td>%s</td>`, esc(f.Title), esc(f.ID), esc(f.Level))
		fmt.Fprintf(&b, `<td class="barcell"><div class="bar"><span style="width:%s;background:%s" title="%s: %d of %d">%d</span><em>of %d</em></div></td></tr>`,
			pctWidth(f.Repos, fleet), colour, esc(f.ID), f.Repos, scored, f.Repos, scored)
	}
	b.WriteString(`</tbody></table>`)
	if more := len(all) - len(failed); more > 0 {
		fmt.Fprintf(&b, `<p class="muted">and %d more failing %s.</p>`, more, plural(more, "check", "checks"))
	}
	return template.HTML(b.String())
}

// remedy escapes a remediation and shows its `quoted` parts as code.
func remedy(s string) template.HTML {
	parts := strings.Split(s, "`")
	if len(parts)%2 == 0 {
		return template.HTML(esc(s)) // an unpaired backtick: leave it as text
	}
	var b strings.Builder
	for i, p := range parts {
		if i%2 == 1 {
			b.WriteString("<code>" + esc(p) + "</code>")
		} else {
			b.WriteString(esc(p))
		}
	}
	return template.HTML(b.String())
}

func pctWidth(n, of int) string {
	return fmt.Sprintf("%.1f%%", float64(n)*100/float64(of))
}

func boolInt(b bool) int {
	if b {
		return 1
	}
	return 0
}

func plural(n int, one, many string) string {
	if n == 1 {
		return one
	}
	return many
}

// htmlRepo is one repository's section: what to fix grouped by the level it
// blocks, then every check folded away.
type htmlRepo struct {
	*Result
	Anchor, Name, Key string
	ToFix             int
	Groups            []htmlGroup
	Exempt            []CheckResult
	Expired           []Exemption
}

type htmlGroup struct {
	Level  string
	Checks []CheckResult
}

func newHTMLRepo(rep *Report, i int, res *Result) htmlRepo {
	name := res.Repo
	if res.Subpath != "" && !strings.Contains(name, res.Subpath) {
		name += " (" + res.Subpath + ")"
	}
	r := htmlRepo{Result: res, Anchor: fmt.Sprintf("repo-%d", i+1), Name: name, Key: resultKey(res)}
	for _, level := range rep.Rubric.Levels {
		g := htmlGroup{Level: level}
		for _, c := range res.Checks {
			if c.Level == level && (c.Outcome == Fail || c.Outcome == Errored) {
				g.Checks = append(g.Checks, c)
			}
		}
		if len(g.Checks) > 0 {
			r.Groups = append(r.Groups, g)
			r.ToFix += len(g.Checks)
		}
	}
	for _, c := range res.Checks {
		if c.Outcome == Exempt && c.Exemption != nil {
			r.Exempt = append(r.Exempt, c)
		}
	}
	for _, e := range res.Exemptions {
		if e.Expired {
			r.Expired = append(r.Expired, e)
		}
	}
	return r
}

var htmlPage = template.Must(template.New("report").Funcs(template.FuncMap{
	"badge":  badge,
	"pct":    func(f float64) string { return fmt.Sprintf("%.0f%%", f) },
	"owner":  func(o string) string { return cmp.Or(o, "unowned") },
	"short":  func(s string) string { return s[:min(7, len(s))] },
	"remedy": remedy,
	"outcome": func(o Outcome) string {
		switch o {
		case Pass:
			return "✓ pass"
		case Fail:
			return "✗ fail"
		case Errored:
			return "! error"
		case Exempt:
			return "~ exempt"
		}
		return "– n/a"
	},
}).Parse(`<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta name="color-scheme" content="light dark">
<title>paved score: {{.Title}}</title>
<style>
:root{--fg:#1f2328;--muted:#59636e;--line:#d0d7de;--soft:#eaeef2;--bg:#fff;--card:#f6f8fa;--link:#0969da;--pass:#1a7f37;--fail:#cf222e;--err:#9a6700}
@media (prefers-color-scheme:dark){:root{--fg:#e6edf3;--muted:#9198a1;--line:#3d444d;--soft:#262c36;--bg:#0d1117;--card:#151b23;--link:#4493f8;--pass:#3fb950;--fail:#f85149;--err:#d29922}}
*{box-sizing:border-box}
body{font:15px/1.5 system-ui,-apple-system,"Segoe UI",sans-serif;margin:2rem auto;max-width:1100px;padding:0 1rem;color:var(--fg);background:var(--bg)}
a{color:var(--link)}code{font:.85em ui-monospace,SFMono-Regular,Menlo,monospace}
h1{font-size:1.6rem;margin:0 0 .3rem}h2{font-size:1.25rem;margin-top:2.2rem;border-bottom:1px solid var(--line);padding-bottom:.3rem}
h3{font-size:1.1rem;margin:0 0 .2rem;display:flex;flex-wrap:wrap;align-items:center;gap:.5rem;overflow-wrap:anywhere}h4{font-size:.95rem;margin:1rem 0 .3rem}
table{border-collapse:collapse;width:100%}th,td{text-align:left;padding:.35rem .6rem;border-bottom:1px solid var(--soft);vertical-align:top}td:first-child,th[scope=row]{overflow-wrap:anywhere}
thead th{font-size:.85em;color:var(--muted);font-weight:600}
.num{text-align:right;font-variant-numeric:tabular-nums;white-space:nowrap}
.scroll{overflow-x:auto}
.lvl{display:inline-block;padding:0 .55rem;border-radius:1rem;font-weight:600;font-size:.85em;color:#1f2328;white-space:nowrap;border:1px solid rgba(0,0,0,.15)}
.pass{color:var(--pass)}.fail{color:var(--fail)}.error{color:var(--err)}.muted{color:var(--muted)}
.charts{display:grid;grid-template-columns:repeat(auto-fit,minmax(min(100%,420px),1fr));gap:1.5rem 2.5rem}
figure{margin:0}figure.wide{margin-top:2rem}figcaption{font-weight:600;margin-bottom:.5rem}
svg{max-width:100%;height:auto}svg text{font:13px system-ui,sans-serif;fill:var(--fg)}svg .n{font-weight:600}svg .axis{stroke:var(--line)}
.bars th[scope=row]{font-weight:normal;overflow-wrap:anywhere}.bars .barcell{width:45%}
.bar{display:flex;align-items:center}.bar span{display:inline-block;min-width:1.4rem;text-align:center;font-size:.8em;font-weight:600;color:#1f2328;border-radius:2px;line-height:1.4rem}
.bar span+span{border-left:1px solid var(--bg)}.bar em{font-style:normal;color:var(--muted);font-size:.85em;margin-left:.4rem;white-space:nowrap}
.legend{display:flex;flex-wrap:wrap;gap:.3rem 1rem;font-size:.85em;margin:.5rem 0 0}.legend i{display:inline-block;width:.8rem;height:.8rem;margin-right:.3rem;vertical-align:-.1rem;border-radius:2px}
.repo{border:1px solid var(--line);border-radius:8px;padding:.9rem 1rem;margin:1rem 0;background:var(--card)}
.repo .meta{margin:.1rem 0 0;font-size:.9em}
.todo{list-style:none;padding:0;margin:0}.todo li{padding:.45rem 0;border-top:1px solid var(--soft)}.todo li:first-child{border-top:0}
.todo p{margin:.15rem 0 0 1.6rem}.mark{display:inline-block;width:1.4rem;font-weight:700}
details{margin-top:.8rem}summary{cursor:pointer;color:var(--muted)}
details table{font-size:.9em;margin-top:.4rem}
.lvl,.bar span,.legend i,svg{-webkit-print-color-adjust:exact;print-color-adjust:exact}
@media (max-width:600px){body{margin-top:1rem}th,td{padding:.3rem .35rem}.repo{padding:.7rem}.todo p{margin-left:0}}
@media print{body{margin:0;max-width:none;font-size:11pt;color:#000;background:#fff}.repo{break-inside:avoid-page;background:none}.todo li{break-inside:avoid}details{display:none}a{color:inherit;text-decoration:none}.todo a[href]::after{content:" " attr(href);font-size:.85em;color:#59636e}h2{break-after:avoid}}
</style>
</head>
<body>
<h1>paved score: {{.Title}}</h1>
<p class="muted">{{.Summary.Repos}} {{if eq .Summary.Repos 1}}repository{{else}}repositories{{end}} scored against <code>{{.Rubric.Name}}</code> (levels {{range $i, $l := .Rubric.Levels}}{{if $i}} → {{end}}{{$l}}{{end}}) on {{.GeneratedAt.Format "2006-01-02 15:04 UTC"}}.</p>
<h2>Fleet</h2>
<div class="charts">
<figure><figcaption>Repositories per level</figcaption>{{.LevelChart}}</figure>
<figure><figcaption>Levels per owner</figcaption>{{.OwnerChart}}</figure>
</div>
<figure class="wide"><figcaption>Most failed checks</figcaption><div class="scroll">{{.FailedChart}}</div></figure>
<h2>Repositories</h2>
<div class="scroll"><table>
<thead><tr><th scope="col">Repository</th><th scope="col">Owner</th><th scope="col">Level</th><th scope="col" class="num">Score</th><th scope="col" class="num">To fix</th></tr></thead>
<tbody>
{{range .Repos}}<tr><td><a href="#{{.Anchor}}">{{.Name}}</a></td><td{{if not .Owner}} class="muted"{{end}}>{{owner .Owner}}</td><td>{{badge $.Levels .Key}}</td>{{if .Error}}<td class="num muted">–</td><td class="num muted">–</td>{{else}}<td class="num">{{pct .Score}}</td><td class="num">{{.ToFix}}</td>{{end}}</tr>
{{end}}</tbody>
</table></div>
{{range .Repos}}
<section class="repo" id="{{.Anchor}}">
<h3>{{.Name}} {{badge $.Levels .Key}}{{if not .Error}} <span class="num">{{pct .Score}}</span>{{end}}</h3>
<p class="meta muted">owner {{owner .Owner}}{{if .Commit}} · commit <code title="{{.Commit}}">{{short .Commit}}</code>{{end}}{{if .Subpath}} · subpath <code>{{.Subpath}}</code>{{end}}{{if not .Error}} · {{.Counts.Pass}} passed, {{.Counts.Fail}} failed{{if .Counts.Error}}, {{.Counts.Error}} errored{{end}}{{if .Counts.Exempt}}, {{.Counts.Exempt}} exempt{{end}}{{if .Counts.NotApplicable}}, {{.Counts.NotApplicable}} not applicable{{end}}{{end}}</p>
{{if .Error}}<p class="error"><span class="mark">!</span>could not be scored: {{.Error}}</p>
{{else if not .Groups}}<p class="pass"><span class="mark">✓</span>every applicable check passes</p>
{{end}}{{range .Groups}}<h4>To reach {{.Level}} <span class="muted">· {{len .Checks}} to fix</span></h4>
<ul class="todo">
{{range .Checks}}<li>{{if eq .Outcome "error"}}<span class="mark error" title="error">!</span>{{else}}<span class="mark fail" title="failed">✗</span>{{end}}<b>{{.Title}}</b> <code class="muted">{{.ID}}</code>
{{if .Message}}<p class="error">error: {{.Message}}</p>{{end}}{{if .LookedFor}}<p class="muted">looked for: {{.LookedFor}}</p>{{end}}{{range .Evidence}}<p class="muted">seen: <code>{{.String}}</code></p>{{end}}<p>{{remedy .Remediation}}{{if .Docs}} <a href="{{.Docs}}">Docs</a>{{end}}</p></li>
{{end}}</ul>
{{end}}{{range .Exempt}}<p class="muted"><span class="mark">~</span>{{.ID}}: exempt until {{.Exemption.Expires}} ({{.Exemption.Reason}}, approved by {{.Exemption.ApprovedBy}})</p>
{{end}}{{range .Expired}}<p class="error"><span class="mark">!</span>exemption for {{.Check}} expired on {{.Expires}}: the check counts again</p>
{{end}}{{if .Checks}}<details><summary>All {{len .Checks}} checks</summary>
<div class="scroll"><table>
<thead><tr><th scope="col">Check</th><th scope="col">Level</th><th scope="col">Outcome</th><th scope="col">Evidence</th></tr></thead>
<tbody>
{{range .Checks}}<tr><td>{{.Title}} <code class="muted">{{.ID}}</code>{{if and .Message (ne .Outcome "error")}}<br><span class="muted">{{.Message}}</span>{{end}}</td><td>{{.Level}}</td><td class="{{.Outcome}}">{{outcome .Outcome}}</td><td class="muted">{{range $i, $e := .Evidence}}{{if $i}}<br>{{end}}<code>{{$e.String}}</code>{{else}}{{.LookedFor}}{{end}}</td></tr>
{{end}}</tbody>
</table></div>
</details>{{end}}
</section>
{{end}}
</body>
</html>
`))
