package fleet

import (
	"context"
	"encoding/json"
	"fmt"

	"github.com/paved-dev/paved/catalog"
	"github.com/paved-dev/paved/scorecard"
)

// record keeps every scored catalog service in its history. Scoring is
// done and recording is quick: a signal now must not leave some scores
// recorded under "nothing was changed", so ctx's cancellation is ignored.
func record(ctx context.Context, r *run) error {
	if r.store == nil {
		return nil
	}
	ctx = context.WithoutCancel(ctx)
	for _, res := range r.results {
		if res.Entity == "" || res.Error != "" {
			continue
		}
		data, err := marshalRecord(res, r.opts.Round, r.opts.Shard)
		if err != nil {
			return fmt.Errorf("record score of %s: %w", res.Entity, err)
		}
		err = r.store.RecordScore(ctx, catalog.ScoreRecord{EntityRef: res.Entity, Rubric: r.rubric.Metadata.Name, Level: res.Level,
			Score: res.Score / 100, Passed: res.Counts.Pass, Failed: res.Counts.Fail + res.Counts.Error,
			Total: res.Counts.Pass + res.Counts.Fail + res.Counts.Error, At: r.now, Report: data})
		if err != nil {
			return fmt.Errorf("record score of %s: %w", res.Entity, err)
		}
	}
	return nil
}

// recorded is the report kept with a score: the result, and the round and
// shard it was scored in when the run was part of one. The round rides in
// the report so both stores keep it without a schema change.
type recorded struct {
	*scorecard.Result
	Round string `json:"round,omitempty"`
	Shard string `json:"shard,omitempty"`
}

func marshalRecord(res *scorecard.Result, round string, sh Shard) ([]byte, error) {
	rec := recorded{Result: res, Round: round}
	if sh.Of > 0 {
		rec.Shard = sh.String()
	}
	return json.Marshal(rec)
}

// roundOf reads the round a recorded report belongs to, "" for none.
func roundOf(report json.RawMessage) string {
	var r struct {
		Round string `json:"round"`
	}
	if len(report) == 0 || json.Unmarshal(report, &r) != nil {
		return ""
	}
	return r.Round
}
