package web

import (
	"cmp"
	"context"
	"encoding/json"
	"html/template"
	"net/http"
	"slices"
	"time"

	"github.com/paved-dev/paved/catalog"
	"github.com/paved-dev/paved/scorecard"
)

// failedSample caps how many latest reports the home page reads to find
// the most failed checks: a report is kilobytes, a fleet 100,000 of them.
const failedSample = 2000

type homeData struct {
	Rubric      string
	Rubrics     []string
	Levels      []string
	Entities    int
	Scored      int
	LevelChart  template.HTML
	Owners      []ownerRow
	Failed      template.HTML
	FailedFrom  int // reports read for Failed
	Trend       template.HTML
	Changes     []changeSet
	Status      *Status
	Unsupported bool // the store cannot give fleet figures
}

type ownerRow struct {
	Owner  string
	Counts []int // per level of Levels, then none
	Total  int
}

type changeSet struct {
	Days         int
	Gained, Lost []levelChange
	NGained      int
	NLost        int
}

type levelChange struct {
	Ref, Title, From, To string
}

func (s *site) rubric(r *http.Request) (*scorecard.Rubric, error) {
	name := r.URL.Query().Get("rubric")
	if name == "" {
		return s.o.Rubrics[0], nil
	}
	for _, ru := range s.o.Rubrics {
		if ru.Metadata.Name == name {
			return ru, nil
		}
	}
	return nil, badRequest("unknown rubric %q", name)
}

func (s *site) rubricNames() []string {
	var out []string
	for _, r := range s.o.Rubrics {
		out = append(out, r.Metadata.Name)
	}
	return out
}

func (s *site) homePage(r *http.Request) (*view, error) {
	ru, err := s.rubric(r)
	if err != nil {
		return nil, err
	}
	s.home.mu.Lock()
	defer s.home.mu.Unlock()
	now := s.o.Now()
	if s.home.data == nil || s.home.rubric != ru.Metadata.Name || now.Sub(s.home.at) > homeTTL || now.Before(s.home.at) {
		d, err := s.homeFigures(r.Context(), ru, now)
		if err != nil {
			return nil, err
		}
		s.home.data, s.home.at, s.home.rubric = d, now, ru.Metadata.Name
	}
	d := *s.home.data
	if s.o.Status != nil {
		st := s.o.Status(r.Context())
		d.Status = &st
	}
	return &view{Page: "home", Title: "Home", Nav: "home", Data: d}, nil
}

func (s *site) homeFigures(ctx context.Context, ru *scorecard.Rubric, now time.Time) (*homeData, error) {
	d := &homeData{Rubric: ru.Metadata.Name, Rubrics: s.rubricNames(), Levels: ru.Spec.Levels}
	if s.browse == nil {
		d.Unsupported = true
		return d, nil
	}
	all, err := s.browse.Browse(ctx, catalog.BrowseQuery{Size: 1})
	if err != nil {
		return nil, err
	}
	d.Entities = all.Total
	latest, err := s.browse.LatestScores(ctx, ru.Metadata.Name, time.Time{})
	if err != nil {
		return nil, err
	}
	d.Scored = len(latest)
	order := append(append([]string{}, ru.Spec.Levels...), "")
	idx := map[string]int{}
	for i, l := range order {
		idx[l] = i
	}
	levelCounts := make([]int, len(order))
	owners := map[string]*ownerRow{}
	for _, e := range latest {
		i, ok := idx[e.Level]
		if !ok {
			i = len(order) - 1
		}
		levelCounts[i]++
		o := owners[e.Owner]
		if o == nil {
			o = &ownerRow{Owner: e.Owner, Counts: make([]int, len(order))}
			owners[e.Owner] = o
		}
		o.Counts[i]++
		o.Total++
	}
	var bars []bar
	for i, l := range order {
		bars = append(bars, bar{Label: levelName(l), N: levelCounts[i], Class: levelClass(ru.Spec.Levels, l)})
	}
	d.LevelChart = barChart("levels", "Services per level", bars)
	for _, o := range owners {
		d.Owners = append(d.Owners, *o)
	}
	slices.SortFunc(d.Owners, func(a, b ownerRow) int { return cmp.Or(b.Total-a.Total, cmp.Compare(a.Owner, b.Owner)) })
	d.Owners = d.Owners[:min(len(d.Owners), 20)]

	failed, n, err := s.mostFailed(ctx, latest, ru)
	if err != nil {
		return nil, err
	}
	d.Failed, d.FailedFrom = failed, n

	trend, err := s.browse.ScoreTrend(ctx, ru.Metadata.Name, now.AddDate(-1, 0, 0), 7*24*time.Hour)
	if err != nil {
		return nil, err
	}
	d.Trend = trendChart("trend", trend, ru.Spec.Levels)

	for _, days := range []int{7, 30} {
		before, err := s.browse.LatestScores(ctx, ru.Metadata.Name, now.AddDate(0, 0, -days))
		if err != nil {
			return nil, err
		}
		d.Changes = append(d.Changes, levelChanges(days, before, latest, ru))
	}
	return d, nil
}

// levelChanges compares each entity's level then and now.
func levelChanges(days int, then, now []catalog.EntityScore, ru *scorecard.Rubric) changeSet {
	was := map[string]string{}
	for _, e := range then {
		was[e.Ref] = e.Level
	}
	cs := changeSet{Days: days}
	rank := func(l string) int { return ru.LevelIndex(l) } // -1 for none
	for _, e := range now {
		old, ok := was[e.Ref]
		if !ok || old == e.Level {
			continue
		}
		c := levelChange{Ref: e.Ref, Title: e.Title, From: levelName(old), To: levelName(e.Level)}
		if rank(e.Level) > rank(old) {
			cs.NGained++
			if len(cs.Gained) < 20 {
				cs.Gained = append(cs.Gained, c)
			}
		} else {
			cs.NLost++
			if len(cs.Lost) < 20 {
				cs.Lost = append(cs.Lost, c)
			}
		}
	}
	return cs
}

// mostFailed counts failed and errored checks in the latest report of at
// most failedSample entities.
func (s *site) mostFailed(ctx context.Context, latest []catalog.EntityScore, ru *scorecard.Rubric) (template.HTML, int, error) {
	counts := map[string]int{}
	read := 0
	for _, e := range latest[:min(len(latest), failedSample)] {
		recs, err := s.store.Scores(ctx, e.Ref, 1)
		if err != nil {
			return "", 0, err
		}
		if len(recs) == 0 || len(recs[0].Report) == 0 {
			continue
		}
		var res scorecard.Result
		if json.Unmarshal(recs[0].Report, &res) != nil {
			continue
		}
		read++
		for _, c := range res.Checks {
			if c.Outcome == scorecard.Fail || c.Outcome == scorecard.Errored {
				counts[c.ID]++
			}
		}
	}
	type kv struct {
		id string
		n  int
	}
	var list []kv
	for id, n := range counts {
		list = append(list, kv{id, n})
	}
	slices.SortFunc(list, func(a, b kv) int { return cmp.Or(b.n-a.n, cmp.Compare(a.id, b.id)) })
	var bars []bar
	for _, x := range list[:min(len(list), 10)] {
		label, level := x.id, ""
		if c := ru.Check(x.id); c != nil {
			label, level = c.Title, c.Level
		}
		bars = append(bars, bar{Label: label, Href: "/rubrics#check-" + x.id, N: x.n, Class: levelClass(ru.Spec.Levels, level)})
	}
	return barChart("failed", "Most failed checks", bars), read, nil
}
