package api

import (
	"encoding/json"
	"errors"
	"fmt"
	"math"
	"net/http"
	"net/url"
	"strings"

	"github.com/paved-dev/paved/catalog"
)

// entities is GET /entities: Backstage's plain list, an array of entities.
func (h *handler) entities(w http.ResponseWriter, r *http.Request) error {
	q, err := query(r)
	if err != nil {
		return err
	}
	if q.Has("after") {
		return inputError("the after cursor of /entities is not supported; page with offset and limit, or use /entities/by-query")
	}
	filter, err := ParseFilter(q["filter"])
	if err != nil {
		return err
	}
	fields, err := ParseFields(q["fields"])
	if err != nil {
		return err
	}
	order, err := ParseOrder(q["order"])
	if err != nil {
		return err
	}
	offset, err := intParam(q, "offset", 0, math.MaxInt32)
	if err != nil {
		return err
	}
	// Without a limit Backstage returns every match; so does paved.
	limit, err := intParam(q, "limit", 0, MaxLimit)
	if err != nil {
		return err
	}
	if q.Has("limit") && limit == 0 {
		writeJSON(w, http.StatusOK, []json.RawMessage{})
		return nil
	}
	page, err := h.q.QueryEntities(r.Context(), catalog.EntityQuery{Filter: filter, Order: order, Offset: offset, Limit: limit})
	if err != nil {
		return err
	}
	items, err := projectAll(page.Items, fields)
	if err != nil {
		return err
	}
	if items == nil {
		items = []json.RawMessage{}
	}
	writeJSON(w, http.StatusOK, items)
	return nil
}

// queryResponse is by-query's answer (EntitiesQueryResponse).
type queryResponse struct {
	Items      []json.RawMessage `json:"items"`
	TotalItems int               `json:"totalItems"`
	PageInfo   struct {
		NextCursor string `json:"nextCursor,omitempty"`
		PrevCursor string `json:"prevCursor,omitempty"`
	} `json:"pageInfo"`
}

// byQuery is GET /entities/by-query: a page, the total and cursors to the
// pages around it. A cursor carries the query; fields and limit may change
// from page to page.
func (h *handler) byQuery(w http.ResponseWriter, r *http.Request) error {
	q, err := query(r)
	if err != nil {
		return err
	}
	fields, err := ParseFields(q["fields"])
	if err != nil {
		return err
	}
	limit, err := intParam(q, "limit", DefaultPageLimit, MaxLimit)
	if err != nil {
		return err
	}
	var c cursor
	if s := q.Get("cursor"); s != "" {
		for _, p := range []string{"filter", "orderField", "fullTextFilterTerm", "offset"} {
			if q.Has(p) {
				return inputError(fmt.Sprintf("%s cannot be combined with cursor: the cursor already holds the query", p))
			}
		}
		if c, err = decodeCursor(s); err != nil {
			return err
		}
	} else {
		c.Filter, c.Order = q["filter"], q["orderField"]
		c.FullText = strings.TrimSpace(q.Get("fullTextFilterTerm"))
		if c.Offset, err = intParam(q, "offset", 0, math.MaxInt32); err != nil {
			return err
		}
	}
	filter, err := ParseFilter(c.Filter)
	if err != nil {
		return err
	}
	order, err := ParseOrderFields(c.Order)
	if err != nil {
		return err
	}
	page, err := h.q.QueryEntities(r.Context(), catalog.EntityQuery{Filter: filter, FullText: c.FullText, Order: order, Offset: c.Offset, Limit: limit, Count: true})
	if err != nil {
		return err
	}
	var resp queryResponse
	if resp.Items, err = projectAll(page.Items, fields); err != nil {
		return err
	}
	if resp.Items == nil {
		resp.Items = []json.RawMessage{}
	}
	resp.TotalItems = page.Total
	if limit > 0 && c.Offset+limit < page.Total {
		next := c
		next.Offset = c.Offset + limit
		resp.PageInfo.NextCursor = next.encode()
	}
	if c.Offset > 0 {
		prev := c
		prev.Offset = max(c.Offset-max(limit, 1), 0)
		resp.PageInfo.PrevCursor = prev.encode()
	}
	writeJSON(w, http.StatusOK, resp)
	return nil
}

// byName is GET /entities/by-name/{kind}/{namespace}/{name}.
func (h *handler) byName(w http.ResponseWriter, r *http.Request) error {
	kind, ns, name := r.PathValue("kind"), r.PathValue("namespace"), r.PathValue("name")
	ref := catalog.Ref{Kind: kind, Namespace: ns, Name: name}
	if _, err := catalog.ParseRef(ref.String(), "", ""); err != nil || strings.Contains(name, "/") {
		return inputError(fmt.Sprintf("invalid entity reference %q", ref.String()))
	}
	docs, err := h.q.EntitiesByRefs(r.Context(), []string{ref.String()}, nil)
	if err != nil {
		return err
	}
	if docs[0] == nil {
		return notFound(fmt.Sprintf("No entity named '%s' found, with kind '%s' in namespace '%s'", name, kind, ns))
	}
	writeRaw(w, docs[0])
	return nil
}

// byUID is GET /entities/by-uid/{uid}.
func (h *handler) byUID(w http.ResponseWriter, r *http.Request) error {
	uid := r.PathValue("uid")
	doc, err := h.q.EntityByUID(r.Context(), uid)
	if errors.Is(err, catalog.ErrNotFound) {
		return notFound(fmt.Sprintf("No entity with uid %s", uid))
	}
	if err != nil {
		return err
	}
	writeRaw(w, doc)
	return nil
}

// byRefsRequest is POST /entities/by-refs's body.
type byRefsRequest struct {
	EntityRefs []string        `json:"entityRefs"`
	Fields     []string        `json:"fields"`
	Query      json.RawMessage `json:"query"`
}

// byRefs is POST /entities/by-refs: {"items":[entity|null…]} in the order
// of the references asked for.
func (h *handler) byRefs(w http.ResponseWriter, r *http.Request) error {
	var req byRefsRequest
	if err := readJSON(w, r, &req); err != nil {
		return err
	}
	if req.EntityRefs == nil {
		return inputError("the body needs entityRefs, a list of entity references")
	}
	if len(req.EntityRefs) > maxRefs {
		return inputError(fmt.Sprintf("too many entityRefs (%d, at most %d); split the request", len(req.EntityRefs), maxRefs))
	}
	if len(req.Query) > 0 && string(req.Query) != "null" {
		return inputError("query predicates are not supported by paved; use the filter parameter")
	}
	fields, err := ParseFields([]string{strings.Join(req.Fields, ",")})
	if err != nil {
		return err
	}
	q, err := query(r)
	if err != nil {
		return err
	}
	filter, err := ParseFilter(q["filter"])
	if err != nil {
		return err
	}
	docs, err := h.q.EntitiesByRefs(r.Context(), req.EntityRefs, filter)
	if err != nil {
		return err
	}
	items, err := projectAll(docs, fields)
	if err != nil {
		return err
	}
	writeJSON(w, http.StatusOK, map[string]any{"items": items})
	return nil
}

// facets is GET /entity-facets?facet=…: {"facets":{KEY:[{value,count}]}}.
func (h *handler) facets(w http.ResponseWriter, r *http.Request) error {
	q, err := query(r)
	if err != nil {
		return err
	}
	var filter []catalog.FilterSet
	keys := q["facet"]
	if len(keys) == 0 {
		return inputError("at least one facet parameter is needed, e.g. facet=kind")
	}
	if len(keys) > maxFields {
		return inputError(fmt.Sprintf("too many facets (%d, at most %d)", len(keys), maxFields))
	}
	for _, k := range keys {
		if strings.TrimSpace(k) == "" {
			return inputError("empty facet: want a field name like spec.type")
		}
		if err := checkKey(k); err != nil {
			return err
		}
	}
	filter, err = ParseFilter(q["filter"])
	if err != nil {
		return err
	}
	counts, err := h.q.Facets(r.Context(), keys, filter)
	if err != nil {
		return err
	}
	out := map[string][]catalog.FacetCount{}
	for _, k := range keys {
		out[k] = counts[strings.TrimSpace(k)]
	}
	writeJSON(w, http.StatusOK, map[string]any{"facets": out})
	return nil
}

// query parses the query string, refusing one Go would silently cut short.
func query(r *http.Request) (url.Values, error) {
	q, err := url.ParseQuery(r.URL.RawQuery)
	if err != nil {
		return nil, inputError("malformed query string: " + err.Error())
	}
	return q, nil
}

func writeRaw(w http.ResponseWriter, doc json.RawMessage) {
	w.Header().Set("Content-Type", "application/json; charset=utf-8")
	w.WriteHeader(http.StatusOK)
	w.Write(doc)
	w.Write([]byte("\n"))
}

// maxBody bounds request bodies.
const maxBody = 1 << 20

func readJSON(w http.ResponseWriter, r *http.Request, v any) error {
	r.Body = http.MaxBytesReader(w, r.Body, maxBody)
	dec := json.NewDecoder(r.Body)
	if err := dec.Decode(v); err != nil {
		var mbe *http.MaxBytesError
		if errors.As(err, &mbe) {
			return &apiError{http.StatusRequestEntityTooLarge, InputError, fmt.Sprintf("the body is larger than %d bytes", maxBody)}
		}
		return inputError("the body is not valid JSON: " + err.Error())
	}
	return nil
}
