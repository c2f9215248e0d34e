package catalog

import (
	"context"
	"crypto/sha256"
	"database/sql"
	"encoding/hex"
	"encoding/json"
	"errors"
	"fmt"
	"math/rand/v2"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"time"

	"modernc.org/sqlite"
	sqlite3 "modernc.org/sqlite/lib"
)

// applicationID marks a paved catalog ("pavd") in the SQLite header, so that
// another application's database is recognised and left alone.
const applicationID = 0x70617664

// schemaVersion is the newest schema this paved writes (PRAGMA user_version).
const schemaVersion = 1

// migrations[i] brings the schema from version i to i+1.
var migrations = []string{
	`CREATE TABLE entities (
		id          INTEGER PRIMARY KEY,
		key         TEXT NOT NULL UNIQUE,
		ref         TEXT NOT NULL,
		kind        TEXT NOT NULL COLLATE NOCASE,
		namespace   TEXT NOT NULL COLLATE NOCASE,
		name        TEXT NOT NULL COLLATE NOCASE,
		title       TEXT NOT NULL DEFAULT '',
		description TEXT NOT NULL DEFAULT '',
		type        TEXT NOT NULL DEFAULT '' COLLATE NOCASE,
		lifecycle   TEXT NOT NULL DEFAULT '' COLLATE NOCASE,
		owner       TEXT NOT NULL DEFAULT '',
		system      TEXT NOT NULL DEFAULT '',
		location    TEXT NOT NULL DEFAULT '',
		origin      TEXT NOT NULL DEFAULT '',
		doc         TEXT NOT NULL,
		hash        TEXT NOT NULL,
		created_at  INTEGER NOT NULL,
		updated_at  INTEGER NOT NULL
	);
	CREATE INDEX entities_name ON entities(name);
	CREATE INDEX entities_owner ON entities(owner);
	CREATE INDEX entities_system ON entities(system);
	CREATE INDEX entities_origin ON entities(origin);
	CREATE TABLE entity_tags (
		entity_id INTEGER NOT NULL REFERENCES entities(id) ON DELETE CASCADE,
		tag       TEXT NOT NULL,
		PRIMARY KEY (tag, entity_id)
	) WITHOUT ROWID;
	CREATE INDEX entity_tags_entity ON entity_tags(entity_id);
	CREATE TABLE relations (
		entity_id INTEGER NOT NULL,
		type      TEXT NOT NULL,
		target    TEXT NOT NULL,
		PRIMARY KEY (entity_id, type, target)
	) WITHOUT ROWID;
	CREATE INDEX relations_target ON relations(target);
	CREATE VIRTUAL TABLE entities_fts USING fts5(name, title, description, tags, tokenize = 'unicode61 remove_diacritics 2');
	CREATE TABLE scores (
		id         INTEGER PRIMARY KEY,
		entity_key TEXT NOT NULL,
		rubric     TEXT NOT NULL,
		level      TEXT NOT NULL,
		score      REAL NOT NULL,
		passed     INTEGER NOT NULL,
		failed     INTEGER NOT NULL,
		total      INTEGER NOT NULL,
		at         INTEGER NOT NULL,
		report     TEXT
	);
	CREATE INDEX scores_entity ON scores(entity_key, at DESC, id DESC);`,
}

// sqliteStore is the embedded [Store]: one SQLite file in WAL mode, safe for
// many paved processes at once (writes take the lock up front with BEGIN
// IMMEDIATE and wait for it with a busy timeout, then retry).
type sqliteStore struct {
	db   *sql.DB
	path string
	now  func() time.Time
}

func openSQLite(ctx context.Context, path string) (*sqliteStore, error) {
	if path == "" {
		return nil, &StoreError{Path: path, Msg: "no path", Fix: "set --catalog-db or PAVED_CATALOG"}
	}
	abs, err := filepath.Abs(path)
	if err != nil {
		return nil, &StoreError{Path: path, Msg: "bad path", Err: err}
	}
	if fi, err := os.Stat(abs); err == nil && fi.IsDir() {
		return nil, &StoreError{Path: path, Msg: "is a directory", Fix: "point --catalog-db at a file, e.g. " + filepath.Join(path, "catalog.db")}
	}
	if err := os.MkdirAll(filepath.Dir(abs), 0o755); err != nil {
		return nil, &StoreError{Path: path, Msg: "cannot create its folder", Err: err}
	}
	dsn := "file:" + abs + "?_pragma=busy_timeout(10000)&_pragma=foreign_keys(1)&_pragma=synchronous(NORMAL)&_pragma=cache_size(-65536)&_pragma=temp_store(MEMORY)&_txlock=immediate"
	db, err := sql.Open("sqlite", dsn)
	if err != nil {
		return nil, &StoreError{Path: path, Msg: "cannot open", Err: err}
	}
	s := &sqliteStore{db: db, path: path, now: time.Now}
	if err := s.init(ctx); err != nil {
		db.Close()
		return nil, err
	}
	return s, nil
}

func (s *sqliteStore) Path() string { return s.path }
func (s *sqliteStore) Close() error { return s.db.Close() }

// header reads what says whose database this is, without writing.
func (s *sqliteStore) header(ctx context.Context) (appID, version, tables int, err error) {
	row := s.db.QueryRowContext(ctx, `SELECT (SELECT application_id FROM pragma_application_id), (SELECT user_version FROM pragma_user_version), (SELECT count(*) FROM sqlite_schema)`)
	err = row.Scan(&appID, &version, &tables)
	return
}

func (s *sqliteStore) init(ctx context.Context) error {
	appID, version, tables, err := s.header(ctx)
	if err != nil {
		return s.wrap(err)
	}
	if err := s.checkOwner(appID, version, tables); err != nil {
		return err
	}
	if appID == applicationID && version == schemaVersion {
		return nil
	}
	// A new (empty) file, or an older paved schema: switch to WAL (only ever
	// on a file known to be ours) and migrate under the write lock.
	if err := s.retry(ctx, func() error {
		var mode string
		if err := s.db.QueryRowContext(ctx, `PRAGMA journal_mode=WAL`).Scan(&mode); err != nil {
			return err
		}
		if !strings.EqualFold(mode, "wal") {
			return fmt.Errorf("journal mode is %s, not wal", mode)
		}
		return nil
	}); err != nil {
		return s.wrap(err)
	}
	return s.write(ctx, func(tx *sql.Tx) error {
		var appID, version, tables int
		if err := tx.QueryRowContext(ctx, `SELECT (SELECT application_id FROM pragma_application_id), (SELECT user_version FROM pragma_user_version), (SELECT count(*) FROM sqlite_schema)`).Scan(&appID, &version, &tables); err != nil {
			return err
		}
		if err := s.checkOwner(appID, version, tables); err != nil {
			return err
		}
		for v := version; v < schemaVersion; v++ {
			if _, err := tx.ExecContext(ctx, migrations[v]); err != nil {
				return fmt.Errorf("migrate schema %d to %d: %w", v, v+1, err)
			}
		}
		_, err := tx.ExecContext(ctx, fmt.Sprintf(`PRAGMA application_id = %d; PRAGMA user_version = %d`, applicationID, schemaVersion))
		return err
	})
}

// checkOwner refuses databases that are not paved catalogs, or are newer.
func (s *sqliteStore) checkOwner(appID, version, tables int) error {
	switch {
	case appID == 0 && version == 0 && tables == 0:
		return nil // a new, empty database
	case appID != applicationID:
		return &StoreError{Path: s.path, Msg: "is an SQLite database of another application, not a paved catalog; it was left untouched",
			Fix: "point --catalog-db or PAVED_CATALOG at another file (a new one is created)"}
	case version > schemaVersion:
		return &StoreError{Path: s.path, Msg: fmt.Sprintf("was written by a newer paved (schema %d; this paved reads up to %d); it was left untouched", version, schemaVersion),
			Fix: "upgrade paved (paved version shows this one)"}
	}
	return nil
}

// wrap turns SQLite's "not a database" and "corrupt" errors into a
// [StoreError] naming the file.
func (s *sqliteStore) wrap(err error) error {
	if err == nil {
		return nil
	}
	var se *StoreError
	if errors.As(err, &se) {
		return err
	}
	var e *sqlite.Error
	if errors.As(err, &e) {
		switch e.Code() & 0xff {
		case sqlite3.SQLITE_NOTADB:
			return &StoreError{Path: s.path, Msg: "is not an SQLite database (damaged, or another kind of file); it was left untouched", Err: err,
				Fix: "restore it from a backup, or point --catalog-db or PAVED_CATALOG at another file"}
		case sqlite3.SQLITE_CORRUPT:
			return &StoreError{Path: s.path, Msg: "is damaged", Err: err,
				Fix: "restore it from a backup, or rebuild it with paved catalog import into a new --catalog-db"}
		case sqlite3.SQLITE_CANTOPEN, sqlite3.SQLITE_PERM, sqlite3.SQLITE_READONLY:
			return &StoreError{Path: s.path, Msg: "cannot be opened for writing", Err: err, Fix: "check the file's permissions"}
		}
	}
	return fmt.Errorf("catalog database %s: %w", s.path, err)
}

func isBusy(err error) bool {
	var e *sqlite.Error
	if errors.As(err, &e) {
		c := e.Code() & 0xff
		return c == sqlite3.SQLITE_BUSY || c == sqlite3.SQLITE_LOCKED
	}
	return false
}

// retry runs f again while SQLite reports the database busy beyond the busy
// timeout (which does not cover every case, e.g. WAL recovery), with jittered
// backoff, for up to a minute.
func (s *sqliteStore) retry(ctx context.Context, f func() error) error {
	deadline := time.Now().Add(time.Minute)
	wait := 5 * time.Millisecond
	for {
		err := f()
		if err == nil || !isBusy(err) || time.Now().After(deadline) {
			return err
		}
		t := time.NewTimer(wait/2 + rand.N(wait))
		select {
		case <-ctx.Done():
			t.Stop()
			return ctx.Err()
		case <-t.C:
		}
		wait = min(wait*2, 500*time.Millisecond)
	}
}

// write runs f in a BEGIN IMMEDIATE transaction, retried while busy.
func (s *sqliteStore) write(ctx context.Context, f func(tx *sql.Tx) error) error {
	err := s.retry(ctx, func() error {
		tx, err := s.db.BeginTx(ctx, nil)
		if err != nil {
			return err
		}
		if err := f(tx); err != nil {
			tx.Rollback()
			return err
		}
		return tx.Commit()
	})
	return s.wrap(err)
}

func (s *sqliteStore) Upsert(ctx context.Context, entities []*Entity) ([]Change, error) {
	rows := make([]upsertRow, len(entities))
	for i, e := range entities {
		doc, err := json.Marshal(e.Document())
		if err != nil {
			return nil, fmt.Errorf("encode %s: %w", e.Ref(), err)
		}
		sum := sha256.Sum256(doc)
		ref := e.Ref()
		rows[i] = upsertRow{e: e, ref: ref, key: ref.Key(), doc: string(doc), hash: hex.EncodeToString(sum[:16])}
	}
	var changes []Change
	err := s.write(ctx, func(tx *sql.Tx) error {
		var err error
		changes, err = s.upsert(ctx, tx, rows)
		return err
	})
	if err != nil {
		return nil, err
	}
	return changes, nil
}

type upsertRow struct {
	e         *Entity
	ref       Ref
	key       string
	doc, hash string
}

type existingRow struct {
	id           int64
	hash, origin string
}

// upsert writes rows in bulk: existing rows are looked up in chunks, new
// rows get ids from max(id) (safe under the write lock), and entities,
// tags, relations and search rows go in as multi-row INSERTs, which is
// what makes imports of 100,000 entities fast.
func (s *sqliteStore) upsert(ctx context.Context, tx *sql.Tx, rows []upsertRow) ([]Change, error) {
	existing := map[string]existingRow{}
	for chunk := range slices.Chunk(rows, 500) {
		args := make([]any, len(chunk))
		for i, r := range chunk {
			args[i] = r.key
		}
		q := `SELECT key, id, hash, origin FROM entities WHERE key IN (` + placeholders(len(chunk), 1) + `)`
		res, err := tx.QueryContext(ctx, q, args...)
		if err != nil {
			return nil, err
		}
		for res.Next() {
			var k string
			var ex existingRow
			if err := res.Scan(&k, &ex.id, &ex.hash, &ex.origin); err != nil {
				res.Close()
				return nil, err
			}
			existing[k] = ex
		}
		res.Close()
		if err := res.Err(); err != nil {
			return nil, err
		}
	}
	var nextID int64
	if err := tx.QueryRowContext(ctx, `SELECT coalesce(max(id), 0) FROM entities`).Scan(&nextID); err != nil {
		return nil, err
	}
	now := s.now().UnixNano()
	changes := make([]Change, len(rows))
	var inserts, tags, rels, fts, updated []any
	for i, r := range rows {
		e := r.e
		ch := Change{Ref: r.ref.String()}
		ex, exists := existing[r.key]
		switch {
		case exists && ex.origin != "" && e.OriginLocation() != "" && ex.origin != e.OriginLocation():
			ch.Status, ch.Origin = Conflict, ex.origin
			changes[i] = ch
			continue
		case exists && ex.hash == r.hash:
			ch.Status = Unchanged
			changes[i] = ch
			continue
		}
		owner, system := strings.ToLower(e.Owner()), strings.ToLower(e.System())
		id := ex.id
		if exists {
			ch.Status = Updated
			if _, err := tx.ExecContext(ctx, `UPDATE entities SET ref=?, kind=?, namespace=?, name=?, title=?, description=?, type=?, lifecycle=?, owner=?, system=?, location=?, origin=?, doc=?, hash=?, updated_at=? WHERE id = ?`,
				r.ref.String(), e.Kind, r.ref.Namespace, r.ref.Name, e.DisplayTitle(), e.Metadata.Description,
				e.Type(), e.Lifecycle(), owner, system, e.Location(), e.OriginLocation(), r.doc, r.hash, now, id); err != nil {
				return nil, fmt.Errorf("write %s: %w", r.ref, err)
			}
			updated = append(updated, id)
		} else {
			ch.Status = Added
			nextID++
			id = nextID
			inserts = append(inserts, id, r.key, r.ref.String(), e.Kind, r.ref.Namespace, r.ref.Name, e.DisplayTitle(), e.Metadata.Description,
				e.Type(), e.Lifecycle(), owner, system, e.Location(), e.OriginLocation(), r.doc, r.hash, now, now)
			// A key seen twice in one batch is updated the second time.
			existing[r.key] = existingRow{id: id, hash: r.hash, origin: e.OriginLocation()}
		}
		changes[i] = ch
		t := e.Tags()
		for _, tag := range t {
			tags = append(tags, id, strings.ToLower(tag))
		}
		// Only the relations e declares are stored; their inverses are
		// derived when read, through the index on target.
		for _, ed := range e.ownEdges() {
			rels = append(rels, id, ed.Type, strings.ToLower(ed.Target))
		}
		fts = append(fts, id, ftsName(r.ref.Name), e.DisplayTitle(), e.Metadata.Description, strings.Join(t, " "))
	}
	for chunk := range slices.Chunk(updated, 500) {
		in := placeholders(len(chunk), 1)
		for _, q := range []string{`DELETE FROM entity_tags WHERE entity_id IN (`, `DELETE FROM relations WHERE entity_id IN (`, `DELETE FROM entities_fts WHERE rowid IN (`} {
			if _, err := tx.ExecContext(ctx, q+in+`)`, chunk...); err != nil {
				return nil, err
			}
		}
	}
	bulk := []struct {
		head string
		cols int
		args []any
	}{
		{`INSERT INTO entities (id, key, ref, kind, namespace, name, title, description, type, lifecycle, owner, system, location, origin, doc, hash, created_at, updated_at) VALUES `, 18, inserts},
		{`INSERT OR IGNORE INTO entity_tags (entity_id, tag) VALUES `, 2, tags},
		{`INSERT OR IGNORE INTO relations (entity_id, type, target) VALUES `, 3, rels},
		{`INSERT INTO entities_fts (rowid, name, title, description, tags) VALUES `, 5, fts},
	}
	for _, b := range bulk {
		// One statement of full-size chunks, prepared once; the tail its own.
		perStmt := 900 / b.cols
		var full *sql.Stmt
		for chunk := range slices.Chunk(b.args, perStmt*b.cols) {
			n := len(chunk) / b.cols
			var err error
			if n == perStmt {
				if full == nil {
					if full, err = tx.PrepareContext(ctx, b.head+valuesList(n, b.cols)); err != nil {
						return nil, err
					}
					defer full.Close()
				}
				_, err = full.ExecContext(ctx, chunk...)
			} else {
				_, err = tx.ExecContext(ctx, b.head+valuesList(n, b.cols), chunk...)
			}
			if err != nil {
				return nil, err
			}
		}
	}
	return changes, nil
}

// placeholders returns "(?,?),(?,?)…" for n rows of cols columns, or
// "?,?,…" when cols is 1.
func placeholders(n, cols int) string {
	if cols == 1 {
		return strings.TrimSuffix(strings.Repeat("?,", n), ",")
	}
	return valuesList(n, cols)
}

func valuesList(n, cols int) string {
	row := "(" + strings.TrimSuffix(strings.Repeat("?,", cols), ",") + ")"
	return strings.TrimSuffix(strings.Repeat(row+",", n), ",")
}

// ftsName indexes a name both whole and split at its separators, so
// "orders-api" is found by "orders", "api" and "orders-api".
func ftsName(name string) string {
	return name + " " + strings.NewReplacer("-", " ", "_", " ", ".", " ").Replace(name)
}

func (s *sqliteStore) Get(ctx context.Context, ref string) (*Entity, error) {
	r, err := normalizeRef(ref, KindComponent)
	if err != nil {
		return nil, err
	}
	var doc string
	err = s.db.QueryRowContext(ctx, `SELECT doc FROM entities WHERE key = ?`, r.Key()).Scan(&doc)
	if errors.Is(err, sql.ErrNoRows) {
		return nil, fmt.Errorf("%s: %w", r, ErrNotFound)
	}
	if err != nil {
		return nil, s.wrap(err)
	}
	e, err := decodeStored(doc)
	if err != nil {
		return nil, s.wrap(err)
	}
	rows, err := s.db.QueryContext(ctx, `SELECT DISTINCT type, target, EXISTS (SELECT 1 FROM entities x WHERE x.key = target) FROM (
			SELECT r.type AS type, r.target AS target FROM relations r JOIN entities e ON e.id = r.entity_id WHERE e.key = ?1
			UNION ALL
			SELECT `+inverseSQL("r.type")+`, e.key FROM relations r JOIN entities e ON e.id = r.entity_id WHERE r.target = ?1)
		ORDER BY type, target`, r.Key())
	if err != nil {
		return nil, s.wrap(err)
	}
	defer rows.Close()
	for rows.Next() {
		var rel Relation
		var resolved bool
		if err := rows.Scan(&rel.Type, &rel.TargetRef, &resolved); err != nil {
			return nil, s.wrap(err)
		}
		rel.Unresolved = !resolved
		e.Relations = append(e.Relations, rel)
	}
	return e, s.wrap(rows.Err())
}

func decodeStored(doc string) (*Entity, error) {
	var m map[string]any
	if err := json.Unmarshal([]byte(doc), &m); err != nil {
		return nil, fmt.Errorf("stored entity: %w", err)
	}
	e, errs := decodeDocument(m, nil, false)
	if len(errs) > 0 {
		return nil, errs
	}
	return e, nil
}

func (s *sqliteStore) List(ctx context.Context, f Filter) ([]*Entity, error) {
	var out []*Entity
	err := s.query(ctx, f, "e.doc", func(rows *sql.Rows) error {
		var doc string
		if err := rows.Scan(&doc); err != nil {
			return err
		}
		e, err := decodeStored(doc)
		if err != nil {
			return err
		}
		out = append(out, e)
		return nil
	})
	return out, err
}

func (s *sqliteStore) Summaries(ctx context.Context, f Filter) ([]Summary, error) {
	var out []Summary
	err := s.query(ctx, f, "e.ref, e.title, e.type, e.lifecycle, e.owner, e.location", func(rows *sql.Rows) error {
		var sum Summary
		if err := rows.Scan(&sum.Ref, &sum.Title, &sum.Type, &sum.Lifecycle, &sum.Owner, &sum.Location); err != nil {
			return err
		}
		out = append(out, sum)
		return nil
	})
	return out, err
}

// query runs a filtered, sorted SELECT of cols and calls each for every row.
func (s *sqliteStore) query(ctx context.Context, f Filter, cols string, each func(*sql.Rows) error) error {
	var (
		where []string
		args  []any
	)
	eq := func(col, val string) {
		if val != "" {
			where = append(where, col+" = ?")
			args = append(args, val)
		}
	}
	eq("e.kind", f.Kind)
	eq("e.namespace", f.Namespace)
	eq("e.name", f.Name)
	eq("e.type", f.Type)
	eq("e.lifecycle", f.Lifecycle)
	eq("e.origin", f.Origin)
	for _, rf := range []struct{ col, val, kind string }{{"e.owner", f.Owner, KindGroup}, {"e.system", f.System, KindSystem}} {
		if rf.val == "" {
			continue
		}
		r, err := normalizeRef(rf.val, rf.kind)
		if err != nil {
			return err
		}
		eq(rf.col, r.Key())
	}
	if f.Tag != "" {
		where = append(where, "e.id IN (SELECT entity_id FROM entity_tags WHERE tag = ?)")
		args = append(args, strings.ToLower(f.Tag))
	}
	if q := ftsQuery(f.Query); q != "" {
		where = append(where, "e.id IN (SELECT rowid FROM entities_fts WHERE entities_fts MATCH ?)")
		args = append(args, q)
	} else if strings.TrimSpace(f.Query) != "" {
		return nil
	}
	q := `SELECT ` + cols + ` FROM entities e`
	if len(where) > 0 {
		q += " WHERE " + strings.Join(where, " AND ")
	}
	q += " ORDER BY e.key"
	if f.Limit > 0 {
		q += fmt.Sprintf(" LIMIT %d", f.Limit)
	}
	rows, err := s.db.QueryContext(ctx, q, args...)
	if err != nil {
		return s.wrap(err)
	}
	defer rows.Close()
	for rows.Next() {
		if err := each(rows); err != nil {
			return s.wrap(err)
		}
	}
	return s.wrap(rows.Err())
}

// ftsQuery turns user text into an FTS5 query: whole words, the last one a prefix.
func ftsQuery(text string) string {
	words := strings.FieldsFunc(strings.ToLower(text), func(r rune) bool {
		return !(r >= 'a' && r <= 'z' || r >= '0' && r <= '9' || r > 127)
	})
	// Every word but the last must match a whole word: FTS5 then seeks
	// through the doclists, where a prefix query first merges the doclists
	// of every word it covers, which is slow for a common word over 100,000
	// entities. The last word is a prefix, as when typing in a search box.
	for i, w := range words {
		words[i] = `"` + w + `"`
		if i == len(words)-1 {
			words[i] += "*"
		}
	}
	return strings.Join(words, " ")
}

func (s *sqliteStore) Remove(ctx context.Context, refs ...string) error {
	keys := make([]string, len(refs))
	for i, ref := range refs {
		r, err := normalizeRef(ref, KindComponent)
		if err != nil {
			return err
		}
		keys[i] = r.Key()
	}
	return s.write(ctx, func(tx *sql.Tx) error {
		for i, key := range keys {
			var id int64
			err := tx.QueryRowContext(ctx, `SELECT id FROM entities WHERE key = ?`, key).Scan(&id)
			if errors.Is(err, sql.ErrNoRows) {
				return fmt.Errorf("%s: %w", refs[i], ErrNotFound)
			}
			if err != nil {
				return err
			}
			for _, q := range []string{`DELETE FROM entities_fts WHERE rowid = ?`, `DELETE FROM relations WHERE entity_id = ?`, `DELETE FROM entities WHERE id = ?`} {
				if _, err := tx.ExecContext(ctx, q, id); err != nil {
					return err
				}
			}
			if _, err := tx.ExecContext(ctx, `DELETE FROM scores WHERE entity_key = ?`, key); err != nil {
				return err
			}
		}
		return nil
	})
}

func (s *sqliteStore) Edges(ctx context.Context) ([]GraphEdge, error) {
	rows, err := s.db.QueryContext(ctx, `SELECT DISTINCT e.key, r.type, r.target, EXISTS (SELECT 1 FROM entities x WHERE x.key = r.target)
		FROM relations r JOIN entities e ON e.id = r.entity_id`)
	if err != nil {
		return nil, s.wrap(err)
	}
	defer rows.Close()
	var out []GraphEdge
	for rows.Next() {
		var g GraphEdge
		if err := rows.Scan(&g.Source, &g.Type, &g.Target, &g.Resolved); err != nil {
			return nil, s.wrap(err)
		}
		// The inverse edge's target is the entity that declared the relation.
		out = append(out, g, GraphEdge{Edge: Edge{Source: g.Target, Type: inverse(g.Type), Target: g.Source}, Resolved: true})
	}
	if err := rows.Err(); err != nil {
		return nil, s.wrap(err)
	}
	slices.SortFunc(out, func(a, b GraphEdge) int { return compareEdges(a.Edge, b.Edge) })
	return slices.CompactFunc(out, func(a, b GraphEdge) bool { return a.Edge == b.Edge }), nil
}

// inverseSQL is a CASE expression mapping a relation type column to its inverse.
func inverseSQL(col string) string {
	var b strings.Builder
	b.WriteString("CASE " + col)
	for _, p := range relationPairs() {
		fmt.Fprintf(&b, " WHEN '%s' THEN '%s' WHEN '%s' THEN '%s'", p[0], p[1], p[1], p[0])
	}
	b.WriteString(" ELSE " + col + " END")
	return b.String()
}

func (s *sqliteStore) RecordScore(ctx context.Context, r ScoreRecord) error {
	ref, err := normalizeRef(r.EntityRef, KindComponent)
	if err != nil {
		return err
	}
	at := r.At
	if at.IsZero() {
		at = s.now()
	}
	var report any
	if len(r.Report) > 0 {
		report = string(r.Report)
	}
	return s.write(ctx, func(tx *sql.Tx) error {
		_, err := tx.ExecContext(ctx, `INSERT INTO scores (entity_key, rubric, level, score, passed, failed, total, at, report) VALUES (?,?,?,?,?,?,?,?,?)`,
			ref.Key(), r.Rubric, r.Level, r.Score, r.Passed, r.Failed, r.Total, at.UnixNano(), report)
		return err
	})
}

func (s *sqliteStore) Scores(ctx context.Context, ref string, limit int) ([]ScoreRecord, error) {
	r, err := normalizeRef(ref, KindComponent)
	if err != nil {
		return nil, err
	}
	q := `SELECT rubric, level, score, passed, failed, total, at, report FROM scores WHERE entity_key = ? ORDER BY at DESC, id DESC`
	if limit > 0 {
		q += fmt.Sprintf(" LIMIT %d", limit)
	}
	rows, err := s.db.QueryContext(ctx, q, r.Key())
	if err != nil {
		return nil, s.wrap(err)
	}
	defer rows.Close()
	var out []ScoreRecord
	for rows.Next() {
		rec := ScoreRecord{EntityRef: r.String()}
		var at int64
		var report sql.NullString
		if err := rows.Scan(&rec.Rubric, &rec.Level, &rec.Score, &rec.Passed, &rec.Failed, &rec.Total, &at, &report); err != nil {
			return nil, s.wrap(err)
		}
		rec.At = time.Unix(0, at).UTC()
		if report.Valid {
			rec.Report = json.RawMessage(report.String)
		}
		out = append(out, rec)
	}
	return out, s.wrap(rows.Err())
}
