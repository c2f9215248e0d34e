package catalog

import (
	"context"
	"encoding/json"
	"time"
)

// Store keeps the catalog. Callers never see SQL: the SQLite store of [Open]
// is one implementation, and a PostgreSQL one can follow behind the same
// methods.
type Store interface {
	// Upsert writes entities in one transaction and says, per entity, whether
	// it was added, updated, unchanged, or refused because another location
	// already manages an entity with the same reference.
	Upsert(ctx context.Context, entities []*Entity) ([]Change, error)
	// Get returns the entity with reference ref ("[kind:][namespace/]name",
	// kind defaulting to component) and its relations both ways, or an error
	// wrapping [ErrNotFound].
	Get(ctx context.Context, ref string) (*Entity, error)
	// List returns the entities matching f, sorted by reference.
	List(ctx context.Context, f Filter) ([]*Entity, error)
	// Documents is List as JSON: each entity's document as [Entity.MarshalJSON]
	// writes it, without decoding it, for output that prints documents.
	Documents(ctx context.Context, f Filter) ([]json.RawMessage, error)
	// Summaries is List without the documents: the columns a table shows,
	// and where each entity came from. Much cheaper for many entities.
	Summaries(ctx context.Context, f Filter) ([]Summary, error)
	// Remove deletes the entities with these references and their score
	// history; an unknown reference is an error wrapping [ErrNotFound] and
	// nothing is removed.
	Remove(ctx context.Context, refs ...string) error
	// Edges returns every relation in the catalog, each with whether its
	// target is in the catalog.
	Edges(ctx context.Context) ([]GraphEdge, error)

	// RecordScore keeps one scorecard result in the entity's history.
	RecordScore(ctx context.Context, r ScoreRecord) error
	// Scores returns an entity's score history, newest first; limit <= 0
	// returns everything.
	Scores(ctx context.Context, ref string, limit int) ([]ScoreRecord, error)

	// Path names the store in messages (a file path, or a DSN without password).
	Path() string
	Close() error
}

// Transactor is a [Store] that can make several calls one transaction.
// [Import] uses it to be all or nothing.
type Transactor interface {
	// Atomically runs f with a Store whose calls all commit together when
	// f returns nil, and are rolled back otherwise. The Store passed to f
	// is valid only during f, and only from one goroutine.
	Atomically(ctx context.Context, f func(tx Store) error) error
}

// Summary is one line of a listing.
type Summary struct {
	Ref       string `json:"ref"`
	Title     string `json:"title,omitempty"`
	Type      string `json:"type,omitempty"`
	Lifecycle string `json:"lifecycle,omitempty"`
	Owner     string `json:"owner,omitempty"`
	Location  string `json:"location,omitempty"`
}

// GraphEdge is one edge of the catalog graph with its resolution state.
type GraphEdge struct {
	Edge
	Resolved bool // the target is in the catalog
}

// ScoreRecord is one scorecard run of one entity against one rubric.
type ScoreRecord struct {
	EntityRef string          `json:"entityRef"`
	Rubric    string          `json:"rubric"`
	Level     string          `json:"level"` // highest level reached, "" for none
	Score     float64         `json:"score"`
	Passed    int             `json:"passed"`
	Failed    int             `json:"failed"`
	Total     int             `json:"total"`
	At        time.Time       `json:"at"`
	Report    json.RawMessage `json:"report,omitempty"`
}

// Filter selects entities for [Store.List]. Empty fields match everything;
// set fields must all match. Matching ignores case, as Backstage does.
type Filter struct {
	Kind      string
	Namespace string
	Name      string
	Owner     string // a reference; the kind defaults to group
	Type      string
	Lifecycle string
	System    string // a reference; the kind defaults to system
	Tag       string
	Origin    string // the managed-by-origin-location annotation
	// Query is full-text search over name, title, description and tags:
	// every word must match a word, the last one as a prefix ("track ord"
	// does not find "tracks orders"; "tracks ord" does).
	Query string
	Limit int // 0: no limit
}

// ChangeStatus says what [Store.Upsert] did with an entity.
type ChangeStatus string

// The outcomes of an upsert.
const (
	Added     ChangeStatus = "added"
	Updated   ChangeStatus = "updated"
	Unchanged ChangeStatus = "unchanged"
	Conflict  ChangeStatus = "conflict" // another location manages this reference
)

// Change is the outcome of upserting one entity.
type Change struct {
	Ref    string       `json:"ref"`
	Status ChangeStatus `json:"status"`
	// Origin is, for a conflict, the location that already manages the entity.
	Origin string `json:"origin,omitempty"`
	// TakenFrom is, for an entity moved with takeover, the location that
	// managed it before.
	TakenFrom string `json:"takenFrom,omitempty"`
}

// Open opens (creating it and its folder when missing) the catalog at path:
// an SQLite file, or a PostgreSQL database when path is a postgres:// or
// postgresql:// DSN (libpq's options and PGPASSWORD, ~/.pgpass apply;
// the schema is created or migrated there). A file or database that is
// not a paved catalog, or is newer than this paved, is an error naming
// it and is never written to.
func Open(ctx context.Context, path string) (Store, error) {
	if IsPostgresDSN(path) {
		return openPostgres(ctx, path, pgOptions{})
	}
	return openSQLite(ctx, path)
}

// normalizeRef parses a reference given by a user or a caller into its key.
func normalizeRef(s, defaultKind string) (Ref, error) {
	return ParseRef(s, defaultKind, DefaultNamespace)
}
