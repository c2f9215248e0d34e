// Package portal is paved serve: one net/http server for the developer
// portal's pages (package web, mounted at /) and its JSON API (package
// api, under /api/), with what a production service needs around them —
// /healthz, /readyz, /metrics (RED metrics per route), JSON access logs
// with request ids, request timeouts, strict security headers, graceful
// shutdown — and the scheduled refresh of registered locations.
//
// It owns the server's lifecycle and cross-cutting middleware, not the
// catalog logic: queries go to the store, refreshes to the use-case
// functions the caller passes in. It must not import internal/cli, cobra
// or iostreams.
package portal
