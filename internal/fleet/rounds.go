package fleet

import (
	"context"
	"time"

	"github.com/paved-dev/paved/scorecard"
)

// RoundOptions ask which catalogued services a round of sharded runs
// missed.
type RoundOptions struct {
	Rubric string // the rubric whose records count
	Round  string // "" for the round recorded last
}

// RoundReport is the answer of [Missing]: the round looked at, how many
// services the catalog would score, and those with no score recorded in
// that round (a lost shard, a repository that could not be read).
type RoundReport struct {
	Round    string     `json:"round"`
	Services int        `json:"services"`
	Unscored []Unscored `json:"unscored"`
}

// Unscored is one service missing from a round, with its newest record
// against the rubric, if any.
type Unscored struct {
	Entity     string     `json:"entity"`
	LastScored *time.Time `json:"lastScored,omitempty"`
	LastRound  string     `json:"lastRound,omitempty"`
}

// Missing lists the catalog's services (those `Score` with Catalog would
// score) that have no score recorded in the round. It reads the catalog and
// scores nothing.
func Missing(ctx context.Context, env Env, o RoundOptions) (*RoundReport, error) {
	rubric, err := scorecard.LoadRubric(o.Rubric)
	if err != nil {
		return nil, err
	}
	store, err := env.OpenCatalog(ctx)
	if err != nil {
		return nil, err
	}
	defer store.Close()
	all, err := services(ctx, store)
	if err != nil {
		return nil, err
	}
	// each service's rounds, and its newest record
	type history struct {
		rounds map[string]bool
		last   *Unscored
	}
	hist := make([]history, len(all))
	var newest time.Time
	round := o.Round
	for i, t := range all {
		recs, err := store.Scores(ctx, t.entity, 0)
		if err != nil {
			return nil, err
		}
		h := history{rounds: map[string]bool{}}
		for _, rec := range recs { // newest first
			if rec.Rubric != rubric.Metadata.Name {
				continue
			}
			r := roundOf(rec.Report)
			if h.last == nil {
				at := rec.At
				h.last = &Unscored{LastScored: &at, LastRound: r}
			}
			if r == "" {
				continue
			}
			h.rounds[r] = true
			if o.Round == "" && rec.At.After(newest) {
				newest, round = rec.At, r
			}
		}
		hist[i] = h
	}
	if round == "" {
		return nil, badInput("record a round first: paved score --catalog --round ID (each shard of one run with the same ID)",
			"no round is recorded in the catalog "+store.Path()+" for rubric "+rubric.Metadata.Name)
	}
	rep := &RoundReport{Round: round, Services: len(all), Unscored: []Unscored{}}
	for i, t := range all {
		if hist[i].rounds[round] {
			continue
		}
		u := Unscored{Entity: t.entity}
		if l := hist[i].last; l != nil {
			u.LastScored, u.LastRound = l.LastScored, l.LastRound
		}
		rep.Unscored = append(rep.Unscored, u)
	}
	return rep, nil
}
