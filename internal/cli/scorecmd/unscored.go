package scorecmd

import (
	"context"
	"fmt"

	"github.com/paved-dev/paved/internal/cli/cmdutil"
	"github.com/paved-dev/paved/internal/fleet"
)

// runUnscored is `paved score --catalog --unscored`: the services a round
// missed, as a table or JSON; exit 1 when there are any.
func runUnscored(ctx context.Context, opts *Options) error {
	switch {
	case !opts.Catalog:
		return cmdutil.WithHint(cmdutil.BadInputf("--unscored needs --catalog"), "rounds are recorded in the catalog: add --catalog")
	case opts.Shard != "":
		return cmdutil.WithHint(cmdutil.BadInputf("--unscored looks at every shard of a round: drop --shard %s", opts.Shard),
			"run it once, after the shards: paved score --catalog --unscored --round ID")
	case opts.Output != "table" && opts.Output != "json":
		return cmdutil.WithHint(cmdutil.BadInputf("--unscored writes a table or JSON, not %s", opts.Output), "use -o table or -o json")
	}
	rep, err := fleet.Missing(ctx, opts.env(), fleet.RoundOptions{Rubric: opts.Rubric, Round: opts.Round})
	if err != nil {
		return err
	}
	if opts.Output == "json" {
		if err := cmdutil.WriteJSON(opts.IO.Out, rep); err != nil {
			return err
		}
	} else {
		writeUnscored(opts, rep)
	}
	if len(rep.Unscored) > 0 {
		fmt.Fprintf(opts.IO.ErrOut, "%d of %d services not scored in round %s\n", len(rep.Unscored), rep.Services, rep.Round)
		return cmdutil.ErrProblem
	}
	return nil
}

func writeUnscored(opts *Options, rep *fleet.RoundReport) {
	w := opts.IO.Out
	if len(rep.Unscored) == 0 {
		fmt.Fprintf(w, "Round %s: all %d services scored\n", rep.Round, rep.Services)
		return
	}
	fmt.Fprintf(w, "Round %s: %d of %d services not scored\n", rep.Round, len(rep.Unscored), rep.Services)
	width := 0
	for _, u := range rep.Unscored {
		width = max(width, len(u.Entity))
	}
	for _, u := range rep.Unscored {
		last := "never scored"
		if u.LastScored != nil {
			last = "last scored " + u.LastScored.UTC().Format("2006-01-02 15:04")
			if u.LastRound != "" {
				last += " in round " + u.LastRound
			}
		}
		fmt.Fprintf(w, "  %-*s  %s\n", width, u.Entity, last)
	}
}
