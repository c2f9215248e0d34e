// Package web serves the portal's HTML pages (home, catalog, entity, teams,
// templates, rubrics) and their embedded assets: server-rendered
// html/template that works without JavaScript, inline SVG charts, one small
// script for search as you type, and no inline script or style, so that a
// Content-Security-Policy of 'self' holds.
//
// It owns presentation only: what it shows comes from a [catalog.Store]
// (and [catalog.Browser] when the store offers it), rubrics, template
// manifests and the entities' local sources, read through the same
// functions the CLI uses. It must not import cobra, iostreams or anything
// under internal/cli; the server around it (middleware, headers, the API)
// is internal/portal's.
package web
