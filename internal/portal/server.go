package portal

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"net"
	"net/http"
	"sync/atomic"
	"time"

	"github.com/paved-dev/paved/catalog"
	"github.com/paved-dev/paved/internal/portal/api"
)

// Options configures a [Server].
type Options struct {
	// Open opens the catalog; the server answers /healthz at once and
	// /readyz once it has opened.
	Open func(ctx context.Context) (catalog.Store, error)
	// UI returns the HTML portal mounted at / for a store; nil serves 404s
	// there.
	UI func(st catalog.Store) (http.Handler, error)
	// Token is the bearer token writes need; empty: read-only.
	Token string
	// Register registers a location as `paved catalog register` does; see
	// [api.Options.Register].
	Register func(ctx context.Context, st catalog.Store, typ, target string) ([]string, error)
	// Refresher refreshes registered locations; nil: no refresh.
	Refresher *Refresher
	// RefreshEvery schedules refreshes; 0: only on request.
	RefreshEvery time.Duration

	Log *slog.Logger
	// RequestTimeout bounds one request's work (default 30s).
	RequestTimeout time.Duration
	// ShutdownTimeout bounds the wait for in-flight requests on shutdown
	// (default 20s).
	ShutdownTimeout time.Duration
	Now             func() time.Time
}

// Server is paved serve.
type Server struct {
	o       Options
	metrics *Metrics
	app     atomic.Pointer[http.Handler] // set once the store is open
	ready   atomic.Bool
	store   catalog.Store
	root    http.Handler
}

// New builds a server; nothing runs until [Server.Serve].
func New(o Options) *Server {
	if o.Log == nil {
		o.Log = slog.New(slog.DiscardHandler)
	}
	if o.Now == nil {
		o.Now = time.Now
	}
	if o.RequestTimeout <= 0 {
		o.RequestTimeout = 30 * time.Second
	}
	if o.ShutdownTimeout <= 0 {
		o.ShutdownTimeout = 20 * time.Second
	}
	s := &Server{o: o, metrics: NewMetrics(o.Now())}
	mux := http.NewServeMux()
	mux.HandleFunc("GET /healthz", s.healthz)
	mux.HandleFunc("GET /readyz", s.readyz)
	mux.HandleFunc("GET /metrics", s.serveMetrics)
	mux.HandleFunc("/", func(w http.ResponseWriter, r *http.Request) {
		if h := s.app.Load(); h != nil {
			(*h).ServeHTTP(w, r)
			return
		}
		w.Header().Set("Retry-After", "1")
		api.WriteError(w, r, api.Unavailable("paved serve is starting: the catalog is not open yet"))
	})
	s.root = observe(o.Log, s.metrics, o.RequestTimeout, securityHeaders(mux))
	return s
}

// Handler is the server's whole HTTP handler, for tests and embedding.
func (s *Server) Handler() http.Handler { return s.root }

// Start opens the catalog and mounts the API and the UI; /readyz then
// answers 200. Serve calls it; tests may call it before using Handler.
func (s *Server) Start(ctx context.Context) error {
	st, err := s.o.Open(ctx)
	if err != nil {
		return err
	}
	mux := http.NewServeMux()
	ao := api.Options{Store: st, Token: s.o.Token}
	if s.o.Register != nil {
		ao.Register = func(ctx context.Context, typ, target string) ([]string, error) {
			return s.o.Register(ctx, st, typ, target)
		}
	}
	if rf := s.o.Refresher; rf != nil {
		ao.Refresh = func(context.Context) error { return rf.Trigger(ctx, st) }
		ao.Status = func() any { return rf.Status() }
	}
	if err := api.Routes(mux, ao); err != nil {
		st.Close()
		return err
	}
	var ui http.Handler = http.NotFoundHandler()
	if s.o.UI != nil {
		if ui, err = s.o.UI(st); err != nil {
			st.Close()
			return fmt.Errorf("portal pages: %w", err)
		}
	}
	mux.Handle("/", ui)
	var h http.Handler = mux
	s.store = st
	s.app.Store(&h)
	s.ready.Store(true)
	return nil
}

// Close closes the catalog Start opened.
func (s *Server) Close() error {
	s.ready.Store(false)
	if s.store != nil {
		return s.store.Close()
	}
	return nil
}

// Serve answers on ln until ctx is cancelled, then stops taking new
// connections, lets in-flight requests finish (up to ShutdownTimeout) and
// closes the catalog. Refreshes run on their schedule meanwhile.
func (s *Server) Serve(ctx context.Context, ln net.Listener) error {
	srv := &http.Server{
		Handler:           s.root,
		ReadHeaderTimeout: 5 * time.Second,
		ReadTimeout:       30 * time.Second,
		WriteTimeout:      s.o.RequestTimeout + 10*time.Second,
		IdleTimeout:       2 * time.Minute,
		MaxHeaderBytes:    64 << 10,
		ErrorLog:          slog.NewLogLogger(s.o.Log.Handler(), slog.LevelWarn),
		BaseContext:       func(net.Listener) context.Context { return context.WithoutCancel(ctx) },
	}
	served := make(chan error, 1)
	go func() { served <- srv.Serve(ln) }()
	if err := s.Start(ctx); err != nil {
		srv.Close()
		<-served
		return err
	}
	s.o.Log.Info("serving", slog.String("addr", "http://"+ln.Addr().String()), slog.String("catalog", s.store.Path()), slog.Bool("writes", s.o.Token != ""))
	refreshDone := make(chan struct{})
	go func() {
		defer close(refreshDone)
		if s.o.Refresher != nil && s.o.RefreshEvery > 0 {
			s.o.Refresher.Every(ctx, s.store, s.o.RefreshEvery)
		}
	}()
	var err error
	select {
	case err = <-served:
	case <-ctx.Done():
		s.ready.Store(false)
		s.o.Log.Info("shutting down", slog.Duration("grace", s.o.ShutdownTimeout))
		sctx, cancel := context.WithTimeout(context.WithoutCancel(ctx), s.o.ShutdownTimeout)
		err = srv.Shutdown(sctx)
		cancel()
		if e := <-served; !errors.Is(e, http.ErrServerClosed) && err == nil {
			err = e
		}
	}
	<-refreshDone
	if s.o.Refresher != nil {
		s.o.Refresher.Wait()
	}
	if cerr := s.Close(); err == nil {
		err = cerr
	}
	if errors.Is(err, http.ErrServerClosed) {
		err = nil
	}
	return err
}
