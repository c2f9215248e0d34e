package portal

import (
	"context"
	"fmt"
	"log/slog"
	"slices"
	"sync"
	"time"

	"golang.org/x/sync/errgroup"

	"github.com/paved-dev/paved/catalog"
	"github.com/paved-dev/paved/internal/portal/api"
)

// maxKeptErrors bounds the processing errors a refresh keeps.
const maxKeptErrors = 1000

// ProcessingError is one thing a refresh could not read, as Backstage's
// "processing errors" card shows it: what failed, when, and where.
type ProcessingError struct {
	Location string    `json:"location"`
	Entity   string    `json:"entity,omitempty"` // its reference, when known
	File     string    `json:"file,omitempty"`
	Line     int       `json:"line,omitempty"`
	Message  string    `json:"message"`
	At       time.Time `json:"at"`
}

// RefreshStatus is what /api/paved/status serves.
type RefreshStatus struct {
	Running    bool              `json:"running"`
	Runs       int               `json:"runs"` // refreshes finished since start
	StartedAt  *time.Time        `json:"startedAt,omitempty"`
	FinishedAt *time.Time        `json:"finishedAt,omitempty"`
	NextAt     *time.Time        `json:"nextAt,omitempty"`
	Every      string            `json:"every,omitempty"`
	Done       int               `json:"done"`  // locations re-read in this (or the last) refresh
	Total      int               `json:"total"` // locations to re-read
	Scored     bool              `json:"scored"`
	Error      string            `json:"error,omitempty"` // why the last refresh stopped, if it did
	Errors     []ProcessingError `json:"errors"`
}

// Refresher re-reads every registered location and re-scores, on a
// schedule or on request, one refresh at a time. The work itself is the
// use cases' (Reread, Score): the refresher only schedules it, bounds its
// concurrency and keeps its progress and errors.
type Refresher struct {
	// Reread reads one registered location (an origin, "file:/abs/dir"
	// or "url:git::…") again, as `paved catalog register` does; the
	// refresher keeps the report's problems as processing errors.
	Reread func(ctx context.Context, st catalog.Store, origin string) (*catalog.ImportReport, error)
	// Score re-scores the catalog's services after the re-reads; nil
	// skips scoring.
	Score func(ctx context.Context, st catalog.Store) error
	// Concurrency bounds the locations read at once (default 4).
	Concurrency int
	Log         *slog.Logger
	Now         func() time.Time

	mu      sync.Mutex
	status  RefreshStatus
	running sync.WaitGroup
}

func (rf *Refresher) now() time.Time {
	if rf.Now == nil {
		return time.Now().UTC()
	}
	return rf.Now().UTC()
}

// Status returns a copy of the refresh status.
func (rf *Refresher) Status() RefreshStatus {
	rf.mu.Lock()
	defer rf.mu.Unlock()
	st := rf.status
	st.Errors = slices.Clone(st.Errors)
	if st.Errors == nil {
		st.Errors = []ProcessingError{}
	}
	return st
}

// Trigger starts a refresh in the background, or returns [api.ErrBusy]
// when one is running. ctx ends it early (the server's shutdown).
func (rf *Refresher) Trigger(ctx context.Context, st catalog.Store) error {
	rf.mu.Lock()
	if rf.status.Running {
		rf.mu.Unlock()
		return api.ErrBusy
	}
	now := rf.now()
	rf.status.Running, rf.status.StartedAt, rf.status.Done, rf.status.Total, rf.status.Error, rf.status.Scored = true, &now, 0, 0, "", false
	rf.running.Add(1)
	rf.mu.Unlock()
	go func() {
		defer rf.running.Done()
		rf.run(ctx, st)
	}()
	return nil
}

// Wait waits for a running refresh to finish.
func (rf *Refresher) Wait() { rf.running.Wait() }

// Every refreshes now and then every d until ctx ends.
func (rf *Refresher) Every(ctx context.Context, st catalog.Store, d time.Duration) {
	rf.mu.Lock()
	rf.status.Every = d.String()
	rf.mu.Unlock()
	t := time.NewTicker(d)
	defer t.Stop()
	for {
		if err := rf.Trigger(ctx, st); err != nil && rf.Log != nil {
			rf.Log.Info("refresh skipped", slog.String("reason", err.Error()))
		}
		next := rf.now().Add(d)
		rf.mu.Lock()
		rf.status.NextAt = &next
		rf.mu.Unlock()
		select {
		case <-ctx.Done():
			return
		case <-t.C:
		}
	}
}

func (rf *Refresher) run(ctx context.Context, st catalog.Store) {
	var errs []ProcessingError
	fail := func(err error) {
		rf.mu.Lock()
		defer rf.mu.Unlock()
		rf.status.Error = err.Error()
	}
	defer func() {
		now := rf.now()
		rf.mu.Lock()
		rf.status.Running, rf.status.FinishedAt = false, &now
		rf.status.Runs++
		slices.SortFunc(errs, func(a, b ProcessingError) int {
			return cmpOr(compareStrings(a.Location, b.Location), compareStrings(a.File, b.File), a.Line-b.Line)
		})
		if len(errs) > maxKeptErrors {
			errs = errs[:maxKeptErrors]
		}
		rf.status.Errors = errs
		rf.mu.Unlock()
	}()
	q, err := catalog.AsQuerier(st)
	if err != nil {
		fail(err)
		return
	}
	origins, err := q.Origins(ctx)
	if err != nil {
		fail(err)
		return
	}
	rf.mu.Lock()
	rf.status.Total = len(origins)
	rf.mu.Unlock()
	if rf.Reread != nil {
		var mu sync.Mutex
		g, gctx := errgroup.WithContext(ctx)
		g.SetLimit(max(rf.Concurrency, 1))
		if rf.Concurrency == 0 {
			g.SetLimit(4)
		}
		for _, o := range origins {
			g.Go(func() error {
				rep, err := rf.Reread(gctx, st, o)
				perrs := ReportErrors(o, rep, rf.now())
				if err != nil {
					perrs = append(perrs, ProcessingError{Location: o, Message: err.Error(), At: rf.now()})
				}
				mu.Lock()
				errs = append(errs, perrs...)
				mu.Unlock()
				rf.mu.Lock()
				rf.status.Done++
				rf.mu.Unlock()
				return gctx.Err()
			})
		}
		if err := g.Wait(); err != nil {
			fail(fmt.Errorf("refresh stopped: %w", err))
			return
		}
	}
	if rf.Score != nil {
		if err := rf.Score(ctx, st); err != nil {
			fail(fmt.Errorf("scoring: %w", err))
			return
		}
		rf.mu.Lock()
		rf.status.Scored = true
		rf.mu.Unlock()
	}
}

func compareStrings(a, b string) int {
	switch {
	case a < b:
		return -1
	case a > b:
		return 1
	}
	return 0
}
