// Package servecmd is `paved serve`: flags to [portal.Options], then one
// call to [portal.Server.Serve]. It owns the flags and the listening
// socket; the server, its API and its pages live in internal/portal.
package servecmd

import (
	"context"
	"fmt"
	"io"
	"log/slog"
	"net"
	"strings"
	"time"

	"github.com/spf13/cobra"

	"github.com/paved-dev/paved/catalog"
	"github.com/paved-dev/paved/internal/cli/cmdutil"
	"github.com/paved-dev/paved/internal/portal"
)

// Options is everything `paved serve` needs.
type Options struct {
	Log     io.Writer // JSON access and server logs
	Warn    io.Writer // warnings for the operator
	Catalog string    // the catalog database
	Getenv  func(string) string

	Addr     string        // --addr
	Refresh  time.Duration // --refresh; 0: only on request
	TokenEnv string        // --token-env: the variable holding the write token
	// Ready, when set, is called once the server answers (tests).
	Ready func(addr string)
}

// NewCmd builds `paved serve`.
func NewCmd(d *cmdutil.Deps, run func(context.Context, *Options) error) *cobra.Command {
	if run == nil {
		run = Run
	}
	opts := &Options{Log: d.IO.ErrOut, Warn: d.IO.ErrOut, Getenv: d.Env}
	cmd := &cobra.Command{
		Use:   "serve",
		Short: "Serve the developer portal and a Backstage-compatible catalog API",
		Long: `Serve the catalog, its scores and their history over HTTP: the portal's
pages at /, Backstage's catalog read API under /api/catalog (point a
Backstage catalog client at http://ADDR/api/catalog), paved's own JSON
under /api/paved, and /healthz, /readyz and /metrics for the platform.

It binds to loopback unless --addr says otherwise. Writes (registering a
location, triggering a refresh) need the bearer token held by the
environment variable --token-env names; without it the server is read-only.
Logs are JSON lines on stderr; SIGTERM or SIGINT stops it after answering
the requests in flight.`,
		Example: `  paved serve
  paved serve --addr 127.0.0.1:8080 --refresh 1h
  PAVED_TOKEN=$(openssl rand -hex 32) paved serve --token-env PAVED_TOKEN`,
		Args: cobra.NoArgs,
		RunE: func(cmd *cobra.Command, args []string) error {
			opts.Catalog = d.CatalogPath()
			return run(cmd.Context(), opts)
		},
	}
	cmd.Flags().StringVar(&opts.Addr, "addr", "127.0.0.1:7070", "address to listen on (HOST:PORT)")
	cmd.Flags().DurationVar(&opts.Refresh, "refresh", 0, "re-read registered locations and re-score this often, e.g. 1h (0: only on request)")
	cmd.Flags().StringVar(&opts.TokenEnv, "token-env", "", "environment variable holding the bearer token that allows writes")
	return cmd
}

// Run serves until ctx ends.
func Run(ctx context.Context, opts *Options) error {
	token, err := opts.token()
	if err != nil {
		return err
	}
	if opts.Refresh < 0 || (opts.Refresh > 0 && opts.Refresh < time.Minute) {
		return cmdutil.WithHint(cmdutil.BadInputf("--refresh %s is too short", opts.Refresh), "refresh at most once a minute, e.g. --refresh 1h, or 0 for only on request")
	}
	ln, err := net.Listen("tcp", opts.Addr)
	if err != nil {
		return cmdutil.WithHint(cmdutil.BadInputf("cannot listen on %s: %v", opts.Addr, err), "pick a free HOST:PORT with --addr, e.g. --addr 127.0.0.1:7071")
	}
	if !isLoopback(ln.Addr()) {
		mode := "read-only (no --token-env)"
		if token != "" {
			mode = "writable with the bearer token, which travels in clear text without TLS in front"
		}
		fmt.Fprintf(opts.Warn, "warning: paved serve listens on %s, reachable from other machines; the API is %s\n", ln.Addr(), mode)
	}
	log := slog.New(slog.NewJSONHandler(opts.Log, nil))
	writable := token != "" || opts.Refresh > 0
	srv := portal.New(portal.Options{
		Open: func(ctx context.Context) (catalog.Store, error) {
			if writable {
				return catalog.Open(ctx, opts.Catalog)
			}
			return catalog.OpenReadOnly(ctx, opts.Catalog)
		},
		Token:        token,
		Refresher:    &portal.Refresher{Log: log},
		RefreshEvery: opts.Refresh,
		Log:          log,
	})
	if opts.Ready != nil {
		go waitReady(ctx, srv, ln.Addr().String(), opts.Ready)
	}
	return srv.Serve(ctx, ln)
}

func (opts *Options) token() (string, error) {
	if opts.TokenEnv == "" {
		return "", nil
	}
	t := strings.TrimSpace(opts.Getenv(opts.TokenEnv))
	if t == "" {
		return "", cmdutil.WithHint(cmdutil.BadInputf("--token-env %s: the variable is empty or not set", opts.TokenEnv), "export "+opts.TokenEnv+"=$(openssl rand -hex 32), or leave out --token-env for a read-only server")
	}
	if len(t) < 16 {
		return "", cmdutil.WithHint(cmdutil.BadInputf("--token-env %s: the token is only %d characters", opts.TokenEnv, len(t)), "use at least 16 random characters, e.g. $(openssl rand -hex 32)")
	}
	return t, nil
}

func isLoopback(a net.Addr) bool {
	ta, ok := a.(*net.TCPAddr)
	return ok && ta.IP.IsLoopback()
}

// waitReady calls ready once srv answers /readyz.
func waitReady(ctx context.Context, srv *portal.Server, addr string, ready func(string)) {
	t := time.NewTicker(time.Millisecond)
	defer t.Stop()
	for {
		if srv.Ready() {
			ready(addr)
			return
		}
		select {
		case <-ctx.Done():
			return
		case <-t.C:
		}
	}
}
