package catalog

import (
	"context"
	"encoding/json"
	"errors"
)

// Querier answers the catalog API's questions (Backstage's entity
// filters, ordering, paging and facets) inside the store, so that a page of
// 100 entities out of 100,000 costs a page, not a catalog. The SQLite store
// implements it; callers type-assert a [Store] to it.
type Querier interface {
	// QueryEntities returns one page of the entities matching q, in q's
	// order (then by reference), as Backstage's API writes them: with
	// metadata.namespace, metadata.uid, metadata.etag and relations both
	// ways. Total is the number of matches when q.Count is set.
	QueryEntities(ctx context.Context, q EntityQuery) (EntityPage, error)
	// EntitiesByRefs returns, for each reference, its entity as
	// QueryEntities writes it, or nil when it is not in the catalog or
	// does not match filter.
	EntitiesByRefs(ctx context.Context, refs []string, filter []FilterSet) ([]json.RawMessage, error)
	// EntityByUID returns the entity whose metadata.uid is uid, or an
	// error wrapping [ErrNotFound].
	EntityByUID(ctx context.Context, uid string) (json.RawMessage, error)
	// Facets counts, for each key, the entities matching filter per value
	// of that key (an array counts once per element), most frequent first.
	Facets(ctx context.Context, keys []string, filter []FilterSet) (map[string][]FacetCount, error)
	// Origins lists the registered locations: every distinct
	// managed-by-origin-location of the catalog's entities, sorted.
	Origins(ctx context.Context) ([]string, error)
}

// EntityQuery selects a page of entities.
type EntityQuery struct {
	// Filter is Backstage's filter: an entity matches when it matches any
	// set (none: every entity matches).
	Filter []FilterSet
	// FullText keeps entities whose name, title, description or tags
	// contain every word of it (the last one as a prefix).
	FullText string
	Order    []OrderField
	Offset   int
	Limit    int // 0: no limit
	Count    bool
}

// FilterSet holds when every one of its conditions holds.
type FilterSet []FilterCondition

// FilterCondition tests one field of the entity as Backstage flattens it
// ("kind", "spec.type", "metadata.annotations.backstage.io/x",
// "relations.ownedBy"). With no values the field must exist; otherwise it
// must equal one of them, ignoring case (for an array: one of its elements).
type FilterCondition struct {
	Key    string
	Values []string
}

// OrderField sorts by one field; entities without it come last.
type OrderField struct {
	Key  string
	Desc bool
}

// EntityPage is one page of [Querier.QueryEntities].
type EntityPage struct {
	Items []json.RawMessage
	Total int
}

// FacetCount is how many entities have one value of a facet.
type FacetCount struct {
	Value string `json:"value"`
	Count int    `json:"count"`
}

// ErrBadQuery reports an [EntityQuery] the store cannot run: a malformed
// field key or entity reference. Its message names the part at fault.
var ErrBadQuery = errors.New("bad entity query")
