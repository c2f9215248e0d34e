package api

import (
	"context"
	"net/http"

	"github.com/paved-dev/paved/catalog"
)

// Options is what the API serves and the use cases its writes run.
type Options struct {
	Store catalog.Store
	// Token is the bearer token writes need; empty makes the API read-only.
	Token string
	// Register registers a location (Backstage's type "url" or "file" and
	// its target) the way `paved catalog register` does and returns the
	// references of the entities it read. Nil: registering is not offered.
	Register func(ctx context.Context, typ, target string) ([]string, error)
	// Refresh starts a refresh of every registered location in the
	// background; it returns at once. Nil: refreshing is not offered.
	Refresh func(ctx context.Context) error
	// Status is the refresh status /api/paved/status serves.
	Status func() any
}

type handler struct {
	Options
	q catalog.Querier
}

// Routes adds the API's routes to mux. Every path under /api/ that is not
// a route, and every method a route does not take, answers in Backstage's
// error format.
func Routes(mux *http.ServeMux, o Options) error {
	q, err := catalog.AsQuerier(o.Store)
	if err != nil {
		return err
	}
	h := &handler{Options: o, q: q}
	for _, rt := range []struct {
		method, path string
		f            func(http.ResponseWriter, *http.Request) error
	}{
		{"GET", "/api/catalog/entities", h.entities},
		{"GET", "/api/catalog/entities/by-query", h.byQuery},
		{"GET", "/api/catalog/entities/by-name/{kind}/{namespace}/{name}", h.byName},
		{"GET", "/api/catalog/entities/by-uid/{uid}", h.byUID},
		{"POST", "/api/catalog/entities/by-refs", h.byRefs},
		{"GET", "/api/catalog/entity-facets", h.facets},
		{"POST", "/api/catalog/locations", h.write(h.registerLocation)},
		{"GET", "/api/paved/scores/{ref...}", h.scores},
		{"GET", "/api/paved/status", h.status},
		{"POST", "/api/paved/refresh", h.write(h.refresh)},
	} {
		f := rt.f
		mux.HandleFunc(rt.method+" "+rt.path, func(w http.ResponseWriter, r *http.Request) {
			if err := f(w, r); err != nil {
				WriteError(w, r, err)
			}
		})
		method := rt.method
		mux.HandleFunc(rt.path, func(w http.ResponseWriter, r *http.Request) {
			w.Header().Set("Allow", method)
			WriteError(w, r, &apiError{http.StatusMethodNotAllowed, NotAllowedError, r.Method + " is not allowed here; use " + method})
		})
	}
	mux.HandleFunc("/api/", func(w http.ResponseWriter, r *http.Request) {
		WriteError(w, r, notFound("no API endpoint at "+r.URL.Path))
	})
	return nil
}

// errReadOnly is the answer to writes when no token is configured.
var errReadOnly = &apiError{http.StatusForbidden, NotAllowedError,
	"this server is read-only: start paved serve with --token-env NAME (a variable holding a bearer token) to allow writes"}

// write wraps a handler that changes the catalog: it runs only with the
// operator's bearer token.
func (h *handler) write(f func(http.ResponseWriter, *http.Request) error) func(http.ResponseWriter, *http.Request) error {
	return func(w http.ResponseWriter, r *http.Request) error {
		if h.Token == "" {
			return errReadOnly
		}
		if !tokenMatches(r.Header.Get("Authorization"), h.Token) {
			w.Header().Set("WWW-Authenticate", `Bearer realm="paved"`)
			return &apiError{http.StatusUnauthorized, AuthenticationError, "missing or wrong bearer token: send Authorization: Bearer TOKEN"}
		}
		return f(w, r)
	}
}

func notOffered(what string) error {
	return &apiError{http.StatusNotImplemented, NotImplemented, what + " is not available on this server"}
}
