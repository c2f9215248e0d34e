package web

import (
	"fmt"
	"html/template"
	"math"
	"strings"

	"github.com/paved-dev/paved/catalog"
)

// Charts are inline SVG built here, as scorecard's HTML report draws them:
// every text goes through esc, colours come from classes of style.css (an
// inline style would break the Content-Security-Policy), and each chart
// has a title for screen readers.

func esc(s string) string { return template.HTMLEscapeString(s) }

// levelClass is the CSS class of a level: lvl-0 for the lowest, lvl-none
// for none.
func levelClass(levels []string, l string) string {
	for i, x := range levels {
		if x == l {
			return fmt.Sprintf("lvl-%d", min(i, 4))
		}
	}
	return "lvl-none"
}

// bar is one bar of a horizontal bar chart.
type bar struct {
	Label string
	Href  string // "" for none
	N     int
	Class string
}

// barChart draws bars, one a row, scaled to the largest.
func barChart(id, title string, bars []bar) template.HTML {
	if len(bars) == 0 {
		return ""
	}
	const width, labelW, row = 640, 220, 26
	most := 1
	for _, b := range bars {
		most = max(most, b.N)
	}
	h := row*len(bars) + 8
	var sb strings.Builder
	fmt.Fprintf(&sb, `<svg class="chart" role="img" aria-labelledby="%s-t" viewBox="0 0 %d %d" width="%d" height="%d"><title id="%s-t">%s</title>`, id, width, h, width, h, id, esc(title))
	for i, b := range bars {
		y := i*row + 4
		w := int(math.Round(float64(width-labelW-60) * float64(b.N) / float64(most)))
		label := esc(truncate(b.Label, 30))
		if b.Href != "" {
			label = fmt.Sprintf(`<a href="%s">%s</a>`, esc(b.Href), label)
		}
		fmt.Fprintf(&sb, `<text x="0" y="%d">%s</text>`, y+16, label)
		fmt.Fprintf(&sb, `<rect class="%s" x="%d" y="%d" width="%d" height="18" rx="3"></rect>`, esc(b.Class), labelW, y+2, max(w, 1))
		fmt.Fprintf(&sb, `<text class="n" x="%d" y="%d">%d</text>`, labelW+max(w, 1)+6, y+16, b.N)
	}
	sb.WriteString(`</svg>`)
	return template.HTML(sb.String())
}

// trendChart draws, per period, the share of records at each level as a
// stacked column and the mean score as a line.
func trendChart(id string, points []catalog.TrendPoint, levels []string) template.HTML {
	if len(points) == 0 {
		return ""
	}
	const width, height, left, bottom, top = 720, 220, 40, 24, 8
	plotH := height - bottom - top
	colW := float64(width-left) / float64(len(points))
	var sb strings.Builder
	fmt.Fprintf(&sb, `<svg class="chart" role="img" aria-labelledby="%s-t" viewBox="0 0 %d %d" width="%d" height="%d"><title id="%s-t">Levels and mean score per week, %s to %s</title>`,
		id, width, height, width, height, id, points[0].Start.Format("2006-01-02"), points[len(points)-1].Start.Format("2006-01-02"))
	for _, y := range []int{0, 50, 100} {
		py := top + plotH - plotH*y/100
		fmt.Fprintf(&sb, `<line class="axis" x1="%d" x2="%d" y1="%d" y2="%d"></line><text class="tick" x="0" y="%d">%d%%</text>`, left, width, py, py, py+4, y)
	}
	order := append(append([]string{}, levels...), "")
	var line []string
	for i, p := range points {
		x := float64(left) + float64(i)*colW
		y := float64(top + plotH)
		for _, l := range order {
			n := p.Levels[l]
			if n == 0 || p.Count == 0 {
				continue
			}
			h := float64(plotH) * float64(n) / float64(p.Count)
			y -= h
			fmt.Fprintf(&sb, `<rect class="%s soft" x="%.1f" y="%.1f" width="%.1f" height="%.1f"><title>%s: %s %d</title></rect>`,
				levelClass(levels, l), x+1, y, math.Max(colW-2, 1), h, p.Start.Format("2006-01-02"), esc(levelName(l)), n)
		}
		line = append(line, fmt.Sprintf("%.1f,%.1f", x+colW/2, float64(top+plotH)-float64(plotH)*p.Mean))
	}
	fmt.Fprintf(&sb, `<polyline class="mean" points="%s"></polyline>`, strings.Join(line, " "))
	fmt.Fprintf(&sb, `<text class="tick" x="%d" y="%d">%s</text><text class="tick end" x="%d" y="%d">%s</text>`,
		left, height-6, points[0].Start.Format("2006-01-02"), width, height-6, points[len(points)-1].Start.Format("2006-01-02"))
	sb.WriteString(`</svg>`)
	return template.HTML(sb.String())
}

// historyChart draws an entity's scores over time (oldest first) with a
// dot per run coloured by its level.
func historyChart(id string, recs []catalog.ScoreRecord, levels []string) template.HTML {
	if len(recs) == 0 {
		return ""
	}
	const width, height, left, bottom, top = 720, 200, 40, 24, 10
	plotH := height - bottom - top
	first, last := recs[0].At, recs[len(recs)-1].At
	span := last.Sub(first).Seconds()
	xOf := func(i int) float64 {
		if span <= 0 {
			return float64(left) + float64(width-left-10)*float64(i+1)/float64(len(recs)+1)
		}
		return float64(left) + float64(width-left-10)*recs[i].At.Sub(first).Seconds()/span
	}
	var sb strings.Builder
	fmt.Fprintf(&sb, `<svg class="chart" role="img" aria-labelledby="%s-t" viewBox="0 0 %d %d" width="%d" height="%d"><title id="%s-t">Score history: %d runs from %s to %s, last %.0f%%</title>`,
		id, width, height, width, height, id, len(recs), first.Format("2006-01-02"), last.Format("2006-01-02"), recs[len(recs)-1].Score*100)
	for _, y := range []int{0, 50, 100} {
		py := top + plotH - plotH*y/100
		fmt.Fprintf(&sb, `<line class="axis" x1="%d" x2="%d" y1="%d" y2="%d"></line><text class="tick" x="0" y="%d">%d%%</text>`, left, width, py, py, py+4, y)
	}
	var pts []string
	for i, r := range recs {
		pts = append(pts, fmt.Sprintf("%.1f,%.1f", xOf(i), float64(top+plotH)-float64(plotH)*r.Score))
	}
	fmt.Fprintf(&sb, `<polyline class="mean" points="%s"></polyline>`, strings.Join(pts, " "))
	for i, r := range recs {
		fmt.Fprintf(&sb, `<circle class="%s" cx="%.1f" cy="%.1f" r="4"><title>%s: %.0f%%, level %s</title></circle>`,
			levelClass(levels, r.Level), xOf(i), float64(top+plotH)-float64(plotH)*r.Score, r.At.Format("2006-01-02"), r.Score*100, esc(levelName(r.Level)))
	}
	fmt.Fprintf(&sb, `<text class="tick" x="%d" y="%d">%s</text><text class="tick end" x="%d" y="%d">%s</text>`,
		left, height-6, first.Format("2006-01-02"), width, height-6, last.Format("2006-01-02"))
	sb.WriteString(`</svg>`)
	return template.HTML(sb.String())
}

// graphNode is one neighbour of the dependency graph.
type graphNode struct {
	Ref, Type string
	Missing   bool
}

// graphChart draws the entity in the middle, what points at it on the
// left and what it points at on the right, one edge per relation.
func graphChart(center string, in, out []graphNode) template.HTML {
	const width, row, boxW, boxH = 760, 34, 230, 24
	n := max(len(in), len(out), 1)
	h := n*row + 20
	cx, cy := width/2-(boxW-60)/2, h/2-boxH/2
	var sb strings.Builder
	fmt.Fprintf(&sb, `<svg class="chart graph" role="img" aria-labelledby="graph-t" viewBox="0 0 %d %d" width="%d" height="%d"><title id="graph-t">Relations of %s: %d in, %d out</title>`,
		width, h, width, h, esc(center), len(in), len(out))
	fmt.Fprintf(&sb, `<defs><marker id="arrow" viewBox="0 0 10 10" refX="10" refY="5" markerWidth="6" markerHeight="6" orient="auto-start-reverse"><path class="edge-head" d="M 0 0 L 10 5 L 0 10 z"></path></marker></defs>`)
	side := func(nodes []graphNode, x int, inbound bool) {
		off := (h - len(nodes)*row) / 2
		for i, nd := range nodes {
			y := off + i*row + 4
			ex1, ey1, ex2, ey2 := x+boxW, y+boxH/2, cx, cy+boxH/2
			if !inbound {
				ex1, ey1, ex2, ey2 = cx+boxW-60, cy+boxH/2, x, y+boxH/2
			}
			fmt.Fprintf(&sb, `<line class="edge" x1="%d" y1="%d" x2="%d" y2="%d" marker-end="url(#arrow)"></line>`, ex1, ey1, ex2, ey2)
			cls := "node"
			if nd.Missing {
				cls += " missing"
			}
			label := esc(truncate(nd.Type+" "+shortRef(nd.Ref, catalog.KindComponent), 34))
			if !nd.Missing {
				label = fmt.Sprintf(`<a href="%s">%s</a>`, esc(entityURL(nd.Ref)), label)
			}
			fmt.Fprintf(&sb, `<rect class="%s" x="%d" y="%d" width="%d" height="%d" rx="4"></rect><text x="%d" y="%d">%s</text>`, cls, x, y, boxW, boxH, x+6, y+16, label)
		}
	}
	side(in, 0, true)
	side(out, width-boxW, false)
	fmt.Fprintf(&sb, `<rect class="node self" x="%d" y="%d" width="%d" height="%d" rx="4"></rect><text class="n" x="%d" y="%d">%s</text>`,
		cx, cy, boxW-60, boxH, cx+6, cy+16, esc(truncate(shortRef(center, catalog.KindComponent), 24)))
	sb.WriteString(`</svg>`)
	return template.HTML(sb.String())
}

func truncate(s string, n int) string {
	r := []rune(s)
	if len(r) <= n {
		return s
	}
	return string(r[:n-1]) + "…"
}
