package catalog

import (
	"context"
	"embed"
	"errors"
	"fmt"
	"io"
	"math/rand/v2"
	"net"
	"net/url"
	"path"
	"slices"
	"strings"
	"syscall"
	"time"

	"github.com/jackc/pgx/v5"
	"github.com/jackc/pgx/v5/pgconn"
	"github.com/jackc/pgx/v5/pgxpool"
)

// pgMigrationFiles are the PostgreSQL schema's versions, one file each,
// applied in name order: file N brings the schema from version N-1 to N.
//
//go:embed pgmigrations/*.sql
var pgMigrationFiles embed.FS

// The advisory locks paved takes, as (class, id) pairs: the class is the
// SQLite application id ("pavd"), so they never collide with another
// application's single-key locks on the same server.
const (
	pgLockClass   = applicationID
	pgLockMigrate = 1 // session lock while migrating
	pgLockWrite   = 2 // transaction lock of every write
)

// pgDefaultMaxConns bounds the pool unless the DSN sets pool_max_conns: a
// CLI process makes one or two queries at a time, and many CI jobs share
// one server (max_connections is 100 by default). `paved serve` passes a
// DSN with a larger pool_max_conns.
const pgDefaultMaxConns = 4

// pgRetryFor is how long a store retries an operation that failed because
// the server went away (a restart, a failover): long enough for a restart.
// Opening retries for less, so that a wrong port is reported soon.
const (
	pgRetryFor     = 30 * time.Second
	pgOpenRetryFor = 10 * time.Second
)

// IsPostgresDSN reports whether path names a PostgreSQL catalog rather than
// an SQLite file.
func IsPostgresDSN(path string) bool {
	return strings.HasPrefix(path, "postgres://") || strings.HasPrefix(path, "postgresql://")
}

// pgStore is the [Store] of a PostgreSQL catalog, for a catalog that many
// machines share. Writers are serialised by a transaction advisory lock,
// as SQLite's write lock serialises them, so that every operation means
// exactly what it means in SQLite (a conflict is decided against what is
// committed); readers never wait for writers.
type pgStore struct {
	pool     *pgxpool.Pool
	tx       pgx.Tx // set inside [pgStore.Atomically]: every method runs in it
	path     string // the DSN without its password
	readOnly bool
	now      func() time.Time
	retryFor time.Duration
}

// pgOptions tune [openPostgres]; tests shorten the retry window.
type pgOptions struct {
	readOnly bool
	retryFor time.Duration
}

func openPostgres(ctx context.Context, dsn string, o pgOptions) (Store, error) {
	red := redactDSN(dsn)
	cfg, err := pgxpool.ParseConfig(dsn)
	if err != nil {
		// pgx's message may quote the DSN, password included.
		return nil, &StoreError{Path: red, Msg: "is not a valid PostgreSQL connection string",
			Fix: "write it as postgres://USER@HOST:PORT/DATABASE?sslmode=…; the password is best kept in PGPASSWORD or ~/.pgpass"}
	}
	if !strings.Contains(dsn, "pool_max_conns") {
		cfg.MaxConns = pgDefaultMaxConns
	}
	if cfg.ConnConfig.RuntimeParams["application_name"] == "" {
		cfg.ConnConfig.RuntimeParams["application_name"] = "paved"
	}
	if o.readOnly {
		cfg.ConnConfig.RuntimeParams["default_transaction_read_only"] = "on"
	}
	if o.retryFor == 0 {
		o.retryFor = pgRetryFor
	}
	pool, err := pgxpool.NewWithConfig(ctx, cfg)
	if err != nil {
		return nil, &StoreError{Path: red, Msg: "cannot configure the connection pool", Err: err}
	}
	s := &pgStore{pool: pool, path: red, readOnly: o.readOnly, now: time.Now, retryFor: o.retryFor}
	var version int
	opening := *s
	opening.retryFor = min(o.retryFor, pgOpenRetryFor)
	err = opening.retry(ctx, func() (err error) {
		version, err = s.migrate(ctx)
		return err
	})
	if err != nil {
		pool.Close()
		return nil, s.wrap(err)
	}
	if o.readOnly && version == 0 {
		pool.Close()
		return openEmpty(ctx, red) // nothing was ever written there
	}
	return s, nil
}

// pgMigrations returns the migrations' SQL in order.
func pgMigrations() ([]string, error) {
	names, err := pgMigrationFiles.ReadDir("pgmigrations")
	if err != nil {
		return nil, err
	}
	var out []string
	for _, n := range names {
		b, err := pgMigrationFiles.ReadFile(path.Join("pgmigrations", n.Name()))
		if err != nil {
			return nil, err
		}
		out = append(out, string(b))
	}
	return out, nil
}

// pgSchemaVersion reads the schema's version: 0 for a database without a
// paved schema, -1 for one that holds another application's tables of the
// same names.
func pgSchemaVersion(ctx context.Context, q interface {
	QueryRow(ctx context.Context, sql string, args ...any) pgx.Row
}) (int, error) {
	var ours bool
	var foreign int
	if err := q.QueryRow(ctx, `SELECT to_regclass('paved_schema') IS NOT NULL,
		(SELECT count(*) FROM pg_tables WHERE schemaname = current_schema() AND tablename IN ('entities', 'relations', 'scores'))`).Scan(&ours, &foreign); err != nil {
		return 0, err
	}
	if !ours {
		if foreign > 0 {
			return -1, nil
		}
		return 0, nil
	}
	var v int
	err := q.QueryRow(ctx, `SELECT version FROM paved_schema`).Scan(&v)
	return v, err
}

// migrate brings the schema to the newest version under a session advisory
// lock, so that of many processes starting at once one migrates and the
// others wait and find it done. It returns the version found.
func (s *pgStore) migrate(ctx context.Context) (int, error) {
	migs, err := pgMigrations()
	if err != nil {
		return 0, err
	}
	conn, err := s.pool.Acquire(ctx)
	if err != nil {
		return 0, err
	}
	defer conn.Release()
	v, err := pgSchemaVersion(ctx, conn)
	if err != nil || s.readOnly || v == len(migs) {
		return v, s.checkVersion(v, len(migs), err)
	}
	if err := s.checkVersion(v, len(migs), nil); err != nil {
		return v, err
	}
	if _, err := conn.Exec(ctx, `SELECT pg_advisory_lock($1, $2)`, pgLockClass, pgLockMigrate); err != nil {
		return v, err
	}
	defer conn.Exec(context.WithoutCancel(ctx), `SELECT pg_advisory_unlock($1, $2)`, pgLockClass, pgLockMigrate)
	if v, err = pgSchemaVersion(ctx, conn); err != nil || v == len(migs) {
		return v, err
	}
	if err := s.checkVersion(v, len(migs), nil); err != nil {
		return v, err
	}
	err = pgx.BeginFunc(ctx, conn, func(tx pgx.Tx) error {
		if v == 0 {
			if _, err := tx.Exec(ctx, `CREATE TABLE paved_schema (version integer NOT NULL); INSERT INTO paved_schema VALUES (0)`); err != nil {
				return err
			}
		}
		for i := v; i < len(migs); i++ {
			if _, err := tx.Exec(ctx, migs[i]); err != nil {
				return fmt.Errorf("migrate schema %d to %d: %w", i, i+1, err)
			}
		}
		_, err := tx.Exec(ctx, `UPDATE paved_schema SET version = $1`, len(migs))
		return err
	})
	return v, err
}

// checkVersion refuses another application's tables and a newer schema.
func (s *pgStore) checkVersion(v, newest int, err error) error {
	switch {
	case err != nil:
		return err
	case v < 0:
		return &StoreError{Path: s.path, Msg: "holds tables named entities, relations or scores that are not a paved catalog; they were left untouched",
			Fix: "give paved its own database, or its own schema (add options=-csearch_path%3Dpaved to the DSN)"}
	case v > newest:
		return &StoreError{Path: s.path, Msg: fmt.Sprintf("was written by a newer paved (schema %d; this paved reads up to %d); it was left untouched", v, newest),
			Fix: "upgrade paved to the version the other writers of this catalog run (paved version shows this one)"}
	}
	return nil
}

func (s *pgStore) Path() string { return s.path }

func (s *pgStore) Close() error {
	if s.tx == nil {
		s.pool.Close()
	}
	return nil
}

// pgQuerier is what reads need of a pool or a transaction.
type pgQuerier interface {
	Query(ctx context.Context, sql string, args ...any) (pgx.Rows, error)
	QueryRow(ctx context.Context, sql string, args ...any) pgx.Row
}

// read runs f against the store's transaction, or the pool, retrying it
// while the server is away.
func (s *pgStore) read(ctx context.Context, f func(q pgQuerier) error) error {
	if s.tx != nil {
		return s.wrapIn(ctx, f(s.tx))
	}
	return s.wrap(s.retry(ctx, func() error { return f(s.pool) }))
}

// write runs f in a transaction holding the write lock, retried whole while
// the server is away (a transaction cut off is rolled back by the server,
// so nothing half-written stays); inside [pgStore.Atomically], in its
// transaction.
func (s *pgStore) write(ctx context.Context, f func(tx pgx.Tx) error) error {
	if s.readOnly {
		return &StoreError{Path: s.path, Msg: "is open read-only", Fix: "this command only reads the catalog"}
	}
	if s.tx != nil {
		return s.wrapIn(ctx, f(s.tx))
	}
	return s.wrap(s.retry(ctx, func() error {
		return pgx.BeginFunc(ctx, s.pool, func(tx pgx.Tx) error {
			if err := lockWrites(ctx, tx); err != nil {
				return err
			}
			return f(tx)
		})
	}))
}

func lockWrites(ctx context.Context, tx pgx.Tx) error {
	_, err := tx.Exec(ctx, `SELECT pg_advisory_xact_lock($1, $2)`, pgLockClass, pgLockWrite)
	return err
}

// Atomically runs f in one transaction holding the write lock. Only
// starting it is retried: f may run once (an import consumes its parsers
// as it goes). If the server goes away during f, everything f wrote is
// rolled back and the error says to run the command again.
func (s *pgStore) Atomically(ctx context.Context, f func(tx Store) error) error {
	if s.tx != nil {
		return f(s)
	}
	if s.readOnly {
		return &StoreError{Path: s.path, Msg: "is open read-only", Fix: "this command only reads the catalog"}
	}
	var tx pgx.Tx
	if err := s.retry(ctx, func() (err error) {
		if tx, err = s.pool.Begin(ctx); err != nil {
			return err
		}
		if err = lockWrites(ctx, tx); err != nil {
			tx.Rollback(context.WithoutCancel(ctx))
		}
		return err
	}); err != nil {
		return s.wrap(err)
	}
	in := *s
	in.tx = tx
	err := f(&in)
	if err == nil {
		err = tx.Commit(ctx)
	} else {
		tx.Rollback(context.WithoutCancel(ctx))
	}
	if err != nil && ctx.Err() != nil {
		return ctx.Err()
	}
	return s.wrap(err)
}

// isTransient reports whether err means the server went away or refused
// for a moment (restart, failover, too many clients), so that the same
// operation may succeed when tried again.
func isTransient(err error) bool {
	if err == nil || errors.Is(err, context.Canceled) || errors.Is(err, context.DeadlineExceeded) {
		return false
	}
	var pe *pgconn.PgError
	if errors.As(err, &pe) {
		switch {
		case strings.HasPrefix(pe.Code, "08"), // connection exception
			pe.Code == "57P01", pe.Code == "57P02", pe.Code == "57P03", // shutdown, crash, starting up
			pe.Code == "53300",                     // too many connections
			pe.Code == "40001", pe.Code == "40P01": // serialization failure, deadlock
			return true
		}
		return false
	}
	var dns *net.DNSError
	if errors.As(err, &dns) && dns.IsNotFound {
		return false // a wrong host name does not come back
	}
	var ce *pgconn.ConnectError
	var ne net.Error
	return pgconn.SafeToRetry(err) || errors.As(err, &ce) || errors.As(err, &ne) ||
		errors.Is(err, io.EOF) || errors.Is(err, io.ErrUnexpectedEOF) ||
		errors.Is(err, syscall.ECONNRESET) || errors.Is(err, syscall.ECONNREFUSED) || errors.Is(err, syscall.EPIPE) ||
		strings.Contains(err.Error(), "conn closed")
}

// retry runs f again while it fails with a transient error, with jittered
// backoff, for up to s.retryFor.
func (s *pgStore) retry(ctx context.Context, f func() error) error {
	deadline := time.Now().Add(s.retryFor)
	wait := 50 * time.Millisecond
	for {
		err := f()
		if err != nil && ctx.Err() != nil {
			return ctx.Err() // the network error of a cancelled query says less
		}
		if err == nil || !isTransient(err) {
			return err
		}
		if time.Now().After(deadline) {
			return &pgAwayError{err: err, after: s.retryFor}
		}
		t := time.NewTimer(wait/2 + rand.N(wait))
		select {
		case <-ctx.Done():
			t.Stop()
			return ctx.Err()
		case <-t.C:
		}
		wait = min(wait*2, 2*time.Second)
	}
}

// pgAwayError is a transient failure that outlasted the retries.
type pgAwayError struct {
	err   error
	after time.Duration
}

func (e *pgAwayError) Error() string { return e.err.Error() }
func (e *pgAwayError) Unwrap() error { return e.err }

// wrapIn is wrap for a call inside a transaction, which is not retried.
func (s *pgStore) wrapIn(ctx context.Context, err error) error {
	if err != nil && ctx.Err() != nil {
		return ctx.Err()
	}
	return s.wrap(err)
}

// wrap names the catalog in an error and says what to do when the server
// cannot be reached.
func (s *pgStore) wrap(err error) error {
	if err == nil {
		return nil
	}
	var se *StoreError
	if errors.As(err, &se) || errors.Is(err, ErrNotFound) || errors.Is(err, context.Canceled) || errors.Is(err, context.DeadlineExceeded) {
		return err
	}
	var away *pgAwayError
	if errors.As(err, &away) || isTransient(err) {
		msg := "the PostgreSQL server cannot be reached"
		if away != nil {
			msg += fmt.Sprintf(" (retried for %s)", away.after)
		}
		return &StoreError{Path: s.path, Msg: msg + "; nothing of the interrupted operation was kept", Err: err,
			Fix: "check that the server runs and that the DSN's host, port and sslmode are right, then run the command again"}
	}
	var pe *pgconn.PgError
	var ce *pgconn.ConnectError
	if errors.As(err, &ce) && !errors.As(err, &pe) {
		return &StoreError{Path: s.path, Msg: "cannot connect to the PostgreSQL server", Err: err,
			Fix: "check the DSN's host and port, and that the server runs"}
	}
	if errors.As(err, &pe) {
		switch {
		case pe.Code == "28P01" || pe.Code == "28000":
			return &StoreError{Path: s.path, Msg: "the server refused the login", Err: err,
				Fix: "check the user and the password (PGPASSWORD, ~/.pgpass or the DSN)"}
		case pe.Code == "3D000":
			return &StoreError{Path: s.path, Msg: "the database does not exist", Err: err,
				Fix: "create it (createdb NAME) or point the DSN at an existing one"}
		case pe.Code == "25006":
			return &StoreError{Path: s.path, Msg: "is open read-only", Err: err, Fix: "this command only reads the catalog"}
		case pe.Code == "42501":
			return &StoreError{Path: s.path, Msg: "the user may not use the catalog's tables", Err: err,
				Fix: "grant the user CREATE on the schema (for migrations) and SELECT, INSERT, UPDATE, DELETE on its tables"}
		}
	}
	return fmt.Errorf("catalog database %s: %w", s.path, err)
}

// redactDSN hides the password of a DSN, wherever it is given (user:pass@,
// or ?password=), so that it is never printed.
func redactDSN(dsn string) string {
	u, err := url.Parse(dsn)
	if err != nil || u.Scheme == "" {
		at := strings.LastIndex(dsn, "@")
		scheme := strings.Index(dsn, "://")
		if at < 0 || scheme < 0 || at < scheme {
			return dsn
		}
		user := dsn[scheme+3 : at]
		if i := strings.Index(user, ":"); i >= 0 {
			user = user[:i] + ":****"
		}
		return dsn[:scheme+3] + user + dsn[at:]
	}
	if _, ok := u.User.Password(); ok {
		u.User = url.UserPassword(u.User.Username(), "****")
	}
	q := u.Query()
	if q.Has("password") {
		q.Set("password", "****")
		u.RawQuery = q.Encode()
	}
	return strings.Replace(u.String(), "%2A%2A%2A%2A", "****", -1)
}

// pgArgs collects the arguments of a query and names them $1, $2, ….
type pgArgs []any

func (a *pgArgs) add(v any) string {
	*a = append(*a, v)
	return fmt.Sprintf("$%d", len(*a))
}

// uniqueSorted sorts ss and drops repeats, in place.
func uniqueSorted(ss []string) []string {
	slices.Sort(ss)
	return slices.Compact(ss)
}
