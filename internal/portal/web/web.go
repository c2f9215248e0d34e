package web

import (
	"bytes"
	"context"
	"embed"
	"errors"
	"fmt"
	"html/template"
	"io/fs"
	"log/slog"
	"net/http"
	"sync"
	"time"

	"github.com/paved-dev/paved/catalog"
	"github.com/paved-dev/paved/internal/manifest"
	"github.com/paved-dev/paved/scorecard"
)

//go:embed assets pages
var files embed.FS

// Options is what the pages show.
type Options struct {
	Store catalog.Store
	// Rubrics are the rubrics whose scores the pages show, the first by
	// default; none means the built-in rubrics.
	Rubrics []*scorecard.Rubric
	// Templates are the paved roads of the templates page.
	Templates []Template
	// Status, when set, is shown on the home page (the refresh's state).
	Status func(ctx context.Context) Status
	// Now is the clock (time.Now when nil): "the last 7 days" and the
	// home page's cache use it.
	Now func() time.Time
	// Log receives errors the pages could not show (nil: discarded).
	Log *slog.Logger
}

// Template is one template of the templates page: the name `paved new`
// takes (a built-in name or a git source) and its manifest.
type Template struct {
	Source   string
	Manifest *manifest.Manifest
}

// Status is the server's refresh state, as the home page shows it.
type Status struct {
	Refreshing bool
	LastRun    time.Time
	Errors     []ProcessingError
}

// ProcessingError is one entity that could not be refreshed.
type ProcessingError struct {
	Entity  string
	File    string
	Line    int
	Message string
	At      time.Time
}

type site struct {
	o      Options
	store  catalog.Store
	browse catalog.Browser // nil: fall back to Summaries
	pages  map[string]*template.Template
	docs   *docRenderer
	home   homeCache
}

// homeCache keeps the home page's figures for a while: at 100,000 entities
// with a year of history they take seconds to compute.
type homeCache struct {
	mu     sync.Mutex
	at     time.Time
	rubric string
	data   *homeData
}

// homeTTL is how long the home page's figures are kept.
const homeTTL = time.Minute

// New returns the handler of every page and asset. It fails only when
// its options are incomplete.
func New(o Options) (http.Handler, error) {
	if o.Store == nil {
		return nil, errors.New("web: no catalog store")
	}
	if o.Now == nil {
		o.Now = time.Now
	}
	if o.Log == nil {
		o.Log = slog.New(slog.DiscardHandler)
	}
	if len(o.Rubrics) == 0 {
		for _, name := range scorecard.BuiltinRubrics() {
			r, err := scorecard.LoadRubric(name)
			if err != nil {
				return nil, fmt.Errorf("web: built-in rubric %s: %w", name, err)
			}
			o.Rubrics = append(o.Rubrics, r)
		}
	}
	pages, err := parsePages()
	if err != nil {
		return nil, err
	}
	s := &site{o: o, store: o.Store, pages: pages, docs: newDocRenderer()}
	s.browse, _ = o.Store.(catalog.Browser)

	mux := http.NewServeMux()
	assets, err := fs.Sub(files, "assets")
	if err != nil {
		return nil, err
	}
	static := http.FileServerFS(assets)
	mux.Handle("GET /assets/", http.StripPrefix("/assets/", cacheAssets(static)))
	mux.Handle("GET /{$}", s.page(s.homePage))
	mux.Handle("GET /catalog", s.page(s.catalogPage))
	mux.Handle("GET /catalog/{kind}/{namespace}/{name}", s.page(s.entityPage))
	mux.Handle("GET /catalog/{kind}/{namespace}/{name}/docs/{path...}", s.page(s.docPage))
	mux.Handle("GET /teams", s.page(s.teamsPage))
	mux.Handle("GET /teams/{namespace}/{name}", s.page(s.teamPage))
	mux.Handle("GET /templates", s.page(s.templatesPage))
	mux.Handle("GET /rubrics", s.page(s.rubricsPage))
	mux.Handle("/", s.page(func(*http.Request) (*view, error) { return nil, notFound("no page at this address") }))
	return mux, nil
}

func cacheAssets(h http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Cache-Control", "public, max-age=3600")
		h.ServeHTTP(w, r)
	})
}

// view is a rendered page: its template, title and data.
type view struct {
	Page  string // a file of pages/ without .html
	Title string
	Nav   string // the navigation entry to mark as current
	Data  any
	// Fragment renders only the block "results" (search as you type).
	Fragment bool
}

// pageError is an error with the status of the page that explains it.
type pageError struct {
	Status int
	Msg    string
}

func (e *pageError) Error() string { return e.Msg }

func notFound(format string, args ...any) error {
	return &pageError{Status: http.StatusNotFound, Msg: fmt.Sprintf(format, args...)}
}

func badRequest(format string, args ...any) error {
	return &pageError{Status: http.StatusBadRequest, Msg: fmt.Sprintf(format, args...)}
}

// layout is what the base template reads.
type layout struct {
	Title string
	Nav   string
	Query string
	Body  any
}

// page turns a page function into a handler: the page renders into a
// buffer first, so that a failure is an error page, never half a page.
func (s *site) page(f func(*http.Request) (*view, error)) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		v, err := f(r)
		status := http.StatusOK
		if err != nil {
			status, v = s.errorView(r, err)
		}
		var buf bytes.Buffer
		t := s.pages[v.Page]
		if v.Fragment {
			err = t.ExecuteTemplate(&buf, "results", v.Data)
		} else {
			err = t.ExecuteTemplate(&buf, "base", layout{Title: v.Title, Nav: v.Nav, Query: r.URL.Query().Get("q"), Body: v.Data})
		}
		if err != nil {
			s.o.Log.ErrorContext(r.Context(), "render page", "path", r.URL.Path, "err", err)
			status, v = http.StatusInternalServerError, &view{Page: "error", Title: "Error", Data: errorData{Status: 500, Msg: "this page could not be drawn"}}
			buf.Reset()
			if err := s.pages["error"].ExecuteTemplate(&buf, "base", layout{Title: v.Title, Body: v.Data}); err != nil {
				http.Error(w, "internal error", http.StatusInternalServerError)
				return
			}
		}
		w.Header().Set("Content-Type", "text/html; charset=utf-8")
		w.WriteHeader(status)
		w.Write(buf.Bytes())
	})
}

type errorData struct {
	Status int
	Msg    string
	Hint   string
}

func (s *site) errorView(r *http.Request, err error) (int, *view) {
	var pe *pageError
	switch {
	case errors.As(err, &pe):
	case errors.Is(err, catalog.ErrNotFound):
		pe = &pageError{Status: http.StatusNotFound, Msg: err.Error()}
	case errors.Is(err, context.Canceled), errors.Is(err, context.DeadlineExceeded):
		pe = &pageError{Status: http.StatusServiceUnavailable, Msg: "the page took too long to gather"}
	default:
		s.o.Log.ErrorContext(r.Context(), "page", "path", r.URL.Path, "err", err)
		pe = &pageError{Status: http.StatusInternalServerError, Msg: "the catalog could not be read"}
	}
	d := errorData{Status: pe.Status, Msg: pe.Msg}
	title := http.StatusText(pe.Status)
	switch pe.Status {
	case http.StatusNotFound:
		d.Hint = "Search the catalog for it, or check the address."
	case http.StatusBadRequest:
		d.Hint = "Fix the address, or start again from the catalog page."
	}
	return pe.Status, &view{Page: "error", Title: title, Data: d}
}
