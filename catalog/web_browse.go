package catalog

import (
	"context"
	"time"
)

// Browser is a [Store] that can serve the portal's pages at the size of a
// whole organisation: one page of a filtered, sorted listing with its total
// and facet counts, and the fleet's scores without reading every report.
// The SQLite store implements it; internal/portal/web falls back to
// [Store.Summaries] for a store that does not.
type Browser interface {
	// Browse returns one page of the entities matching q.Filter, sorted
	// by q.Sort, with how many match in all.
	Browse(ctx context.Context, q BrowseQuery) (*BrowsePage, error)
	// FilterFacets counts, for each facet (kind, type, lifecycle, owner,
	// system, tag), the entities matching f per value, most first, at
	// most limit values per facet.
	FilterFacets(ctx context.Context, f Filter, limit int) (map[string][]FacetCount, error)
	// LatestScores returns, per entity scored against rubric, its last
	// record at or before before (the zero time: the last record), without
	// the report.
	LatestScores(ctx context.Context, rubric string, before time.Time) ([]EntityScore, error)
	// ScoreTrend buckets every record against rubric since since into
	// periods of bucket, counting records per level and averaging scores.
	ScoreTrend(ctx context.Context, rubric string, since time.Time, bucket time.Duration) ([]TrendPoint, error)
}

// Sort orders of [BrowseQuery].
const (
	SortName      = "name"
	SortTitle     = "title"
	SortOwner     = "owner"
	SortType      = "type"
	SortLifecycle = "lifecycle"
)

// SortOrders lists the orders [Browser.Browse] accepts.
func SortOrders() []string {
	return []string{SortName, SortTitle, SortOwner, SortType, SortLifecycle}
}

// BrowseQuery is one page of a listing.
type BrowseQuery struct {
	Filter        // its Limit is ignored: Size is the page
	Sort   string // one of [SortOrders]; "" is by name
	Desc   bool
	Offset int
	Size   int // entities per page, at most 500
}

// BrowsePage is one page of a listing.
type BrowsePage struct {
	Items []BrowseItem
	Total int // entities matching the filter, on every page
}

// BrowseItem is one line of the portal's catalog page.
type BrowseItem struct {
	Summary
	Kind        string
	Description string
	System      string
}

// Facet names of [Browser.FilterFacets], in the order the portal shows them.
func FacetNames() []string {
	return []string{"kind", "type", "owner", "lifecycle", "tag", "system"}
}

// EntityScore is an entity's score at some time, with its owner.
type EntityScore struct {
	Ref   string
	Title string
	Owner string // the owner's key ("group:default/payments"), "" for none
	Level string
	Score float64 // 0–1
	At    time.Time
}

// TrendPoint is one period of a [Browser.ScoreTrend].
type TrendPoint struct {
	Start  time.Time
	Levels map[string]int // records per level ("" for none)
	Mean   float64        // mean score, 0–1
	Count  int
}
