// Package api is paved serve's JSON API: Backstage's catalog read API
// (/api/catalog/...) with Backstage's request syntax, JSON shapes and error
// format, so that Backstage's own catalog client and tools built on it can
// point at paved, plus paved's own endpoints (/api/paved/...) for scores,
// refresh status and, with a bearer token, writes.
//
// It owns request parsing (filters, fields, order, cursors) and response
// shapes. Queries run in the store ([catalog.Querier]); use cases
// (registering a location, a refresh) arrive as functions in [Options], so
// that the portal runs exactly what the CLI runs. It must not import
// internal/cli, cobra or anything that prints to a terminal.
package api
