package scorecard

import (
	"cmp"
	"fmt"
	"html/template"
	"io"
	"slices"
	"strings"
)

// WriteHTML writes one self-contained page: inline CSS and SVG charts (levels
// across the fleet, levels per owner, the most failed checks) and every
// repository's details. No script, font or stylesheet is fetched.
func WriteHTML(w io.Writer, rep *Report) error {
	data := htmlData{Report: rep, Title: cmp.Or(rep.Rubric.Title, rep.Rubric.Name)}
	data.LevelChart = levelChart(rep)
	data.OwnerChart = ownerChart(rep)
	data.FailedChart = failedChart(rep)
	if err := htmlPage.Execute(w, data); err != nil {
		return fmt.Errorf("write html report: %w", err)
	}
	return nil
}

type htmlData struct {
	*Report
	Title                               string
	LevelChart, OwnerChart, FailedChart template.HTML
}

var levelColours = map[string]string{"bronze": "#c08040", "silver": "#9aa4ad", "gold": "#d4a72c", "none": "#d9534f"}

func levelColour(l string, i int) string {
	if c, ok := levelColours[l]; ok {
		return c
	}
	palette := []string{"#4e79a7", "#59a14f", "#edc948", "#b07aa1", "#76b7b2"}
	return palette[i%len(palette)]
}

func esc(s string) string { return template.HTMLEscapeString(s) }

// levelChart is a vertical bar per level.
func levelChart(rep *Report) template.HTML {
	levels := rep.Summary.Levels
	const barW, gap, h = 70, 20, 160
	width := len(levels)*(barW+gap) + gap
	top := 1
	for _, l := range levels {
		top = max(top, l.Repos)
	}
	var b strings.Builder
	fmt.Fprintf(&b, `<svg role="img" aria-label="repositories per level" width="%d" height="%d" viewBox="0 0 %d %d">`, width, h+40, width, h+40)
	for i, l := range levels {
		bh := l.Repos * h / top
		x := gap + i*(barW+gap)
		fmt.Fprintf(&b, `<rect x="%d" y="%d" width="%d" height="%d" fill="%s"><title>%s: %d</title></rect>`, x, h-bh+10, barW, bh, levelColour(l.Level, i), esc(l.Level), l.Repos)
		fmt.Fprintf(&b, `<text x="%d" y="%d" text-anchor="middle">%d</text>`, x+barW/2, h-bh+5, l.Repos)
		fmt.Fprintf(&b, `<text x="%d" y="%d" text-anchor="middle">%s</text>`, x+barW/2, h+28, esc(l.Level))
	}
	b.WriteString(`</svg>`)
	return template.HTML(b.String())
}

// ownerChart is one stacked horizontal bar per owner.
func ownerChart(rep *Report) template.HTML {
	owners := make([]string, 0, len(rep.Summary.ByOwner))
	for o := range rep.Summary.ByOwner {
		owners = append(owners, o)
	}
	slices.Sort(owners)
	const label, barMax, row = 200, 400, 26
	width := label + barMax + 60
	height := len(owners)*row + 30
	most := 1
	for _, o := range owners {
		n := 0
		for _, lc := range rep.Summary.ByOwner[o] {
			n += lc.Repos
		}
		most = max(most, n)
	}
	var b strings.Builder
	fmt.Fprintf(&b, `<svg role="img" aria-label="levels per owner" width="%d" height="%d" viewBox="0 0 %d %d">`, width, height, width, height)
	for i, o := range owners {
		y := i * row
		fmt.Fprintf(&b, `<text x="%d" y="%d" text-anchor="end">%s</text>`, label-8, y+17, esc(o))
		x := label
		total := 0
		for j, lc := range rep.Summary.ByOwner[o] {
			if lc.Repos == 0 {
				continue
			}
			bw := lc.Repos * barMax / most
			fmt.Fprintf(&b, `<rect x="%d" y="%d" width="%d" height="20" fill="%s"><title>%s %s: %d</title></rect>`, x, y+3, bw, levelColour(lc.Level, j), esc(o), esc(lc.Level), lc.Repos)
			x += bw
			total += lc.Repos
		}
		fmt.Fprintf(&b, `<text x="%d" y="%d">%d</text>`, x+6, y+17, total)
	}
	legendY := len(owners)*row + 20
	for j, l := range rep.Summary.Levels {
		fmt.Fprintf(&b, `<rect x="%d" y="%d" width="12" height="12" fill="%s"/><text x="%d" y="%d">%s</text>`, label+j*90, legendY-10, levelColour(l.Level, j), label+j*90+16, legendY, esc(l.Level))
	}
	b.WriteString(`</svg>`)
	return template.HTML(b.String())
}

// failedChart is a horizontal bar per check, most failed first (top 10).
func failedChart(rep *Report) template.HTML {
	failed := rep.Summary.MostFailed[:min(10, len(rep.Summary.MostFailed))]
	if len(failed) == 0 {
		return template.HTML(`<p>No check failed.</p>`)
	}
	const label, barMax, row = 320, 300, 24
	width, height := label+barMax+60, len(failed)*row+10
	top := max(1, failed[0].Repos)
	var b strings.Builder
	fmt.Fprintf(&b, `<svg role="img" aria-label="most failed checks" width="%d" height="%d" viewBox="0 0 %d %d">`, width, height, width, height)
	for i, f := range failed {
		y := i * row
		bw := max(2, f.Repos*barMax/top)
		fmt.Fprintf(&b, `<text x="%d" y="%d" text-anchor="end">%s</text>`, label-8, y+16, esc(f.Title))
		fmt.Fprintf(&b, `<rect x="%d" y="%d" width="%d" height="18" fill="%s"><title>%s: %d</title></rect>`, label, y+3, bw, levelColour(f.Level, i), esc(f.ID), f.Repos)
		fmt.Fprintf(&b, `<text x="%d" y="%d">%d</text>`, label+bw+6, y+16, f.Repos)
	}
	b.WriteString(`</svg>`)
	return template.HTML(b.String())
}

var htmlPage = template.Must(template.New("report").Funcs(template.FuncMap{
	"level": levelName,
	"fix":   func(c CheckResult) bool { return c.Outcome == Fail || c.Outcome == Errored },
	"pct":   func(f float64) string { return fmt.Sprintf("%.0f%%", f) },
}).Parse(`<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>paved score: {{.Title}}</title>
<style>
body{font:14px/1.45 system-ui,-apple-system,"Segoe UI",sans-serif;margin:2rem auto;max-width:1100px;padding:0 1rem;color:#1f2328}
h1{font-size:1.6rem}h2{font-size:1.2rem;margin-top:2rem;border-bottom:1px solid #d0d7de;padding-bottom:.3rem}
table{border-collapse:collapse;width:100%}th,td{text-align:left;padding:.35rem .6rem;border-bottom:1px solid #eaeef2;vertical-align:top}
.lvl{display:inline-block;padding:0 .5rem;border-radius:1rem;font-weight:600;color:#fff}
.l-gold{background:#d4a72c}.l-silver{background:#8a949d}.l-bronze{background:#c08040}.l-none{background:#d9534f}
.pass{color:#1a7f37}.fail{color:#cf222e}.error{color:#9a6700}.muted{color:#656d76}
svg text{font:12px system-ui,sans-serif;fill:#1f2328}
details{margin:.4rem 0;border:1px solid #d0d7de;border-radius:6px;padding:.4rem .8rem}summary{cursor:pointer;font-weight:600}
.charts{display:flex;flex-wrap:wrap;gap:2rem}
</style>
</head>
<body>
<h1>paved score: {{.Title}}</h1>
<p class="muted">{{.Summary.Repos}} repositories scored against <code>{{.Rubric.Name}}</code> ({{range $i, $l := .Rubric.Levels}}{{if $i}} → {{end}}{{$l}}{{end}}) at {{.GeneratedAt.Format "2006-01-02 15:04 UTC"}}.</p>
<h2>Fleet</h2>
<div class="charts">
<figure><figcaption>Repositories per level</figcaption>{{.LevelChart}}</figure>
<figure><figcaption>Levels per owner</figcaption>{{.OwnerChart}}</figure>
</div>
<figure><figcaption>Most failed checks</figcaption>{{.FailedChart}}</figure>
<h2>Repositories</h2>
<table>
<tr><th>Repository</th><th>Owner</th><th>Level</th><th>Score</th><th>Failed</th></tr>
{{range $i, $r := .Results}}{{with $r}}<tr><td><a href="#repo-{{$i}}">{{.Repo}}</a></td><td>{{.Owner}}</td><td>{{if .Error}}<span class="error">not scored</span>{{else}}<span class="lvl l-{{level .Level}}">{{level .Level}}</span>{{end}}</td><td>{{pct .Score}}</td><td>{{.Counts.Fail}}{{if .Counts.Error}} (+{{.Counts.Error}} errored){{end}}</td></tr>
{{end}}{{end}}</table>
{{range $i, $r := .Results}}{{with $r}}
<details id="repo-{{$i}}"><summary>{{.Repo}}: {{if .Error}}not scored{{else}}{{level .Level}}, {{pct .Score}}{{end}}</summary>
{{if .Error}}<p class="error">{{.Error}}</p>{{end}}
{{if .Commit}}<p class="muted">commit {{.Commit}}{{if .Subpath}}, subpath {{.Subpath}}{{end}}</p>{{end}}
<table>
<tr><th>Check</th><th>Level</th><th>Outcome</th><th>How to fix</th></tr>
{{range .Checks}}<tr><td>{{.Title}} <span class="muted">[{{.ID}}]</span></td><td>{{.Level}}</td><td class="{{.Outcome}}">{{.Outcome}}</td><td>{{if fix .}}{{if .Message}}<div class="error">{{.Message}}</div>{{end}}{{.Remediation}}{{if .Docs}} <a href="{{.Docs}}">docs</a>{{end}}{{else if .Message}}<span class="muted">{{.Message}}</span>{{end}}</td></tr>
{{end}}</table>
</details>
{{end}}{{end}}
</body>
</html>
`))
