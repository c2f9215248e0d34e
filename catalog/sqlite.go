package catalog

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"io/fs"
	"math/rand/v2"
	"net/url"
	"os"
	"path/filepath"
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

// ftsTokenize is how the search table (entities_fts, in the first
// migration) splits text into words; searches over a part of the catalog
// must split the same way.
const ftsTokenize = "tokenize = 'unicode61 remove_diacritics 2'"

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
	-- kind, type and lifecycle have a handful of values each: scanning in key
	-- order beats an index there, and every index slows imports down.
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
	tx   *sql.Tx // set inside [sqliteStore.Atomically]: every method runs in it
	path string
	// readOnly stores come from [OpenReadOnly]; missing ones stand for a
	// file that does not exist.
	readOnly, missing bool
	now               func() time.Time
}

// querier is what reads need of a database or a transaction.
type querier interface {
	QueryContext(ctx context.Context, query string, args ...any) (*sql.Rows, error)
	QueryRowContext(ctx context.Context, query string, args ...any) *sql.Row
}

// reader is the transaction the store is in, else the database.
func (s *sqliteStore) reader() querier {
	if s.tx != nil {
		return s.tx
	}
	return s.db
}

// Atomically runs f with a Store whose every write (and read) is part of one
// BEGIN IMMEDIATE transaction, committed when f returns nil and rolled
// back otherwise: an import is all or nothing, even when cancelled. Other
// writers wait for it (busy timeout, then retries).
func (s *sqliteStore) Atomically(ctx context.Context, f func(tx Store) error) error {
	if s.tx != nil {
		return f(s)
	}
	// A large import holds every page it dirties until the commit; with
	// the connection's usual 64 MiB cache, SQLite spills them to the WAL
	// mid-transaction and reads them back from there. The connection of
	// the transaction gets a larger cache for its duration.
	conn, err := s.db.Conn(ctx)
	if err != nil {
		return s.wrap(err)
	}
	defer conn.Close()
	if _, err := conn.ExecContext(ctx, `PRAGMA cache_size = -262144`); err != nil {
		return s.wrap(err)
	}
	defer conn.ExecContext(context.WithoutCancel(ctx), `PRAGMA cache_size = -65536`)
	// Only taking the lock is retried: f may run once (an import consumes
	// its parsers as it goes).
	var tx *sql.Tx
	if err := s.retry(ctx, func() (err error) {
		tx, err = conn.BeginTx(ctx, nil)
		return err
	}); err != nil {
		return s.wrap(err)
	}
	in := *s
	in.tx = tx
	if err := f(&in); err != nil {
		tx.Rollback()
		return s.wrap(err)
	}
	return s.wrap(tx.Commit())
}

// dsnPragmas tune every connection. Reads go through a memory map of up
// to 256 MiB (100,000 entities take 150 MiB): a new process listing a few
// thousand entities then reads their pages from the OS cache without a
// read call and a copy each, which halved paved catalog list --tag for
// 1,667 of them. Writes still go through the WAL, so crash safety is
// unchanged.
const dsnPragmas = "_pragma=busy_timeout(10000)&_pragma=foreign_keys(1)&_pragma=synchronous(NORMAL)&_pragma=cache_size(-65536)&_pragma=temp_store(MEMORY)&_pragma=mmap_size(268435456)"

// fileURI is the SQLite URI of the file at abs, escaped so that the file
// opened is exactly that one: a ?, # or % in the name is part of the name,
// not the start of URI parameters.
func fileURI(abs string) string {
	p := filepath.ToSlash(abs)
	if !strings.HasPrefix(p, "/") {
		p = "/" + p // C:/x on Windows
	}
	return "file:" + (&url.URL{Path: p}).EscapedPath()
}

func openSQLite(ctx context.Context, path string) (*sqliteStore, error) {
	abs, err := checkPath(path)
	if err != nil {
		return nil, err
	}
	if err := os.MkdirAll(filepath.Dir(abs), 0o755); err != nil {
		return nil, &StoreError{Path: path, Msg: "cannot create its folder", Err: err}
	}
	db, err := sql.Open("sqlite", fileURI(abs)+"?"+dsnPragmas+"&_txlock=immediate")
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

func checkPath(path string) (string, error) {
	if path == "" {
		return "", &StoreError{Path: path, Msg: "no path", Fix: "set --catalog-db or PAVED_CATALOG"}
	}
	abs, err := filepath.Abs(path)
	if err != nil {
		return "", &StoreError{Path: path, Msg: "bad path", Err: err}
	}
	if fi, err := os.Stat(abs); err == nil && fi.IsDir() {
		return "", &StoreError{Path: path, Msg: "is a directory", Fix: "point --catalog-db at a file, e.g. " + filepath.Join(path, "catalog.db")}
	}
	return abs, nil
}

// OpenReadOnly opens the catalog at path for reading: it never creates,
// migrates or writes it (SQLite's mode=ro). A missing file is an empty
// catalog, and [Missing] reports it, so that read-only commands can say so.
// Writes through the Store returned fail.
func OpenReadOnly(ctx context.Context, path string) (Store, error) {
	if IsPostgresDSN(path) {
		return openPostgres(ctx, path, pgOptions{readOnly: true})
	}
	abs, err := checkPath(path)
	if err != nil {
		return nil, err
	}
	if _, err := os.Stat(abs); errors.Is(err, fs.ErrNotExist) {
		return openEmpty(ctx, path)
	}
	db, err := sql.Open("sqlite", fileURI(abs)+"?mode=ro&"+dsnPragmas)
	if err != nil {
		return nil, &StoreError{Path: path, Msg: "cannot open", Err: err}
	}
	s := &sqliteStore{db: db, path: path, now: time.Now, readOnly: true}
	appID, version, tables, err := s.header(ctx)
	if err == nil {
		err = s.checkOwner(appID, version, tables)
	}
	if err != nil {
		db.Close()
		return nil, s.wrap(err)
	}
	if version != schemaVersion { // an empty file: nothing registered yet
		db.Close()
		return openEmpty(ctx, path)
	}
	return s, nil
}

// openEmpty is an empty catalog in memory that names path.
func openEmpty(ctx context.Context, path string) (Store, error) {
	db, err := sql.Open("sqlite", "file:empty?mode=memory&"+dsnPragmas)
	if err != nil {
		return nil, &StoreError{Path: path, Msg: "cannot open", Err: err}
	}
	db.SetMaxOpenConns(1) // one in-memory database, not one per connection
	s := &sqliteStore{db: db, path: path, now: time.Now, missing: true, readOnly: true}
	if _, err := db.ExecContext(ctx, migrations[0]); err != nil {
		db.Close()
		return nil, s.wrap(err)
	}
	return s, nil
}

// Missing reports whether st was opened by [OpenReadOnly] on a catalog
// file that does not exist (or is empty): it lists nothing.
func Missing(st Store) bool {
	s, ok := st.(*sqliteStore)
	return ok && s.missing
}

func (s *sqliteStore) Path() string { return s.path }

func (s *sqliteStore) Close() error {
	if s.tx != nil {
		return nil // the transaction's store; the store that made it closes
	}
	return s.db.Close()
}

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

// write runs f in a BEGIN IMMEDIATE transaction, retried while busy; in
// [sqliteStore.Atomically], in its transaction.
func (s *sqliteStore) write(ctx context.Context, f func(tx *sql.Tx) error) error {
	if s.readOnly {
		return &StoreError{Path: s.path, Msg: "is open read-only", Fix: "this command only reads the catalog"}
	}
	if s.tx != nil {
		return f(s.tx)
	}
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
