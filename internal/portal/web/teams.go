package web

import (
	"cmp"
	"encoding/json"
	"errors"
	"html/template"
	"maps"
	"net/http"
	"slices"
	"time"

	"github.com/paved-dev/paved/catalog"
	"github.com/paved-dev/paved/scorecard"
)

// maxTeamServices bounds the services a team page scores.
const maxTeamServices = 500

type teamsData struct {
	Teams []teamRow
}

type teamRow struct {
	Ref, Title string
	Owned      int
}

func (s *site) teamsPage(r *http.Request) (*view, error) {
	groups, err := s.store.Summaries(r.Context(), catalog.Filter{Kind: catalog.KindGroup})
	if err != nil {
		return nil, err
	}
	owned := map[string]int{}
	if s.browse != nil {
		f, err := s.browse.FilterFacets(r.Context(), catalog.Filter{}, 100000)
		if err != nil {
			return nil, err
		}
		for _, c := range f["owner"] {
			owned[c.Value] = c.Count
		}
	}
	d := teamsData{}
	for _, g := range groups {
		key := ""
		if ref, err := catalog.ParseRef(g.Ref, catalog.KindGroup, catalog.DefaultNamespace); err == nil {
			key = ref.Key()
		}
		d.Teams = append(d.Teams, teamRow{Ref: g.Ref, Title: g.Title, Owned: owned[key]})
	}
	return &view{Page: "teams", Title: "Teams", Nav: "teams", Data: d}, nil
}

type teamData struct {
	E        *catalog.Entity
	Ref      string
	Title    string
	Rubric   string
	Levels   []string
	Members  []string
	Parents  []string
	Children []string
	Services []teamService
	More     int // owned entities not shown
	Chart    template.HTML
	Gaps     template.HTML
	Trend    template.HTML
}

type teamService struct {
	Ref, Title, Type, Level, Class string
	Score                          float64
	Scored                         bool
}

func (s *site) teamPage(r *http.Request) (*view, error) {
	ref, err := catalog.ParseRef("group:"+r.PathValue("namespace")+"/"+r.PathValue("name"), catalog.KindGroup, catalog.DefaultNamespace)
	if err != nil {
		return nil, notFound("%q is not a group reference: %v", r.URL.Path, err)
	}
	ru, err := s.rubric(r)
	if err != nil {
		return nil, err
	}
	ctx := r.Context()
	g, err := s.store.Get(ctx, ref.String())
	if errors.Is(err, catalog.ErrNotFound) {
		return nil, notFound("no group %s in the catalog", ref)
	}
	if err != nil {
		return nil, err
	}
	d := teamData{E: g, Ref: g.Ref().String(), Title: g.DisplayTitle(), Rubric: ru.Metadata.Name, Levels: ru.Spec.Levels}
	for _, rel := range g.Relations {
		switch rel.Type {
		case "hasMember":
			d.Members = append(d.Members, rel.TargetRef)
		case "childOf":
			d.Parents = append(d.Parents, rel.TargetRef)
		case "parentOf":
			d.Children = append(d.Children, rel.TargetRef)
		}
	}
	owned, err := s.store.Summaries(ctx, catalog.Filter{Owner: d.Ref, Limit: maxTeamServices + 1})
	if err != nil {
		return nil, err
	}
	if len(owned) > maxTeamServices {
		d.More = len(owned) - maxTeamServices
		owned = owned[:maxTeamServices]
	}
	order := append(append([]string{}, ru.Spec.Levels...), "")
	levelCounts := map[string]int{}
	failed := map[string]int{}
	var history []catalog.ScoreRecord
	for _, o := range owned {
		ts := teamService{Ref: o.Ref, Title: o.Title, Type: o.Type}
		recs, err := s.store.Scores(ctx, o.Ref, maxHistory)
		if err != nil {
			return nil, err
		}
		first := true
		for _, rec := range recs {
			if rec.Rubric != ru.Metadata.Name {
				continue
			}
			history = append(history, rec)
			if !first {
				continue
			}
			first = false
			ts.Scored, ts.Level, ts.Score, ts.Class = true, levelName(rec.Level), rec.Score, levelClass(ru.Spec.Levels, rec.Level)
			levelCounts[rec.Level]++
			var res scorecard.Result
			if json.Unmarshal(rec.Report, &res) == nil {
				for _, c := range res.Checks {
					if c.Outcome == scorecard.Fail || c.Outcome == scorecard.Errored {
						failed[c.ID]++
					}
				}
			}
		}
		d.Services = append(d.Services, ts)
	}
	slices.SortStableFunc(d.Services, func(a, b teamService) int { return cmp.Compare(a.Score, b.Score) })
	var bars []bar
	for _, l := range order {
		bars = append(bars, bar{Label: levelName(l), N: levelCounts[l], Class: levelClass(ru.Spec.Levels, l)})
	}
	if len(history) > 0 {
		d.Chart = barChart("team-levels", "Services per level", bars)
	}
	d.Gaps = gapChart(failed, ru)
	d.Trend = trendChart("team-trend", bucketWeekly(history, s.o.Now().AddDate(-1, 0, 0)), ru.Spec.Levels)
	return &view{Page: "team", Title: d.Title, Nav: "teams", Data: d}, nil
}

// gapChart draws the checks failed most often.
func gapChart(failed map[string]int, ru *scorecard.Rubric) template.HTML {
	ids := make([]string, 0, len(failed))
	for id := range failed {
		ids = append(ids, id)
	}
	slices.SortFunc(ids, func(a, b string) int { return cmp.Or(failed[b]-failed[a], cmp.Compare(a, b)) })
	var bars []bar
	for _, id := range ids[:min(len(ids), 10)] {
		label, level := id, ""
		if c := ru.Check(id); c != nil {
			label, level = c.Title, c.Level
		}
		bars = append(bars, bar{Label: label, Href: "/rubrics#check-" + id, N: failed[id], Class: levelClass(ru.Spec.Levels, level)})
	}
	return barChart("gaps", "Worst gaps: checks failed most often", bars)
}

// bucketWeekly groups records since since into weeks, as
// [catalog.Browser.ScoreTrend] does in the store.
func bucketWeekly(recs []catalog.ScoreRecord, since time.Time) []catalog.TrendPoint {
	const week = 7 * 24 * time.Hour
	byWeek := map[int64]*catalog.TrendPoint{}
	sums := map[int64]float64{}
	for _, r := range recs {
		if r.At.Before(since) {
			continue
		}
		b := int64(r.At.Sub(since) / week)
		p := byWeek[b]
		if p == nil {
			p = &catalog.TrendPoint{Start: since.Add(time.Duration(b) * week).UTC(), Levels: map[string]int{}}
			byWeek[b] = p
		}
		p.Levels[r.Level]++
		p.Count++
		sums[b] += r.Score
	}
	var out []catalog.TrendPoint
	for _, b := range slices.Sorted(maps.Keys(byWeek)) {
		p := byWeek[b]
		p.Mean = sums[b] / float64(p.Count)
		out = append(out, *p)
	}
	return out
}
