package catalog

import (
	"context"
	"crypto/rand"
	"encoding/hex"
	"net/url"
	"os"
	"path/filepath"
	"testing"

	"github.com/jackc/pgx/v5"
)

// The contract suite: every test that takes a [backend] runs once against
// SQLite and once against a real PostgreSQL server, each time on a new,
// empty catalog of its own (a file in t.TempDir(), or a database created
// for the test and dropped after it). No mocks: the PostgreSQL half needs
// a server, named by PAVED_TEST_PG_DSN (make test-services, or .ci/run,
// starts a throw-away one and exports it), and skips without it.

// backend is one [Store] implementation under test.
type backend struct {
	name string
	// location returns where a new, empty catalog is: a file or a DSN.
	location func(t testing.TB) string
}

func (b backend) open(t testing.TB) Store {
	t.Helper()
	s, err := Open(t.Context(), b.location(t))
	if err != nil {
		t.Fatalf("Open: %v", err)
	}
	t.Cleanup(func() { s.Close() })
	return s
}

func (b backend) postgres() bool { return b.name == "postgres" }

func sqliteBackend() backend {
	return backend{name: "sqlite", location: func(t testing.TB) string {
		return filepath.Join(t.TempDir(), "sub", "catalog.db")
	}}
}

func postgresBackend() backend {
	return backend{name: "postgres", location: pgTestDatabase}
}

// eachBackend runs f as a subtest per store: "sqlite" and "postgres".
func eachBackend(t *testing.T, f func(t *testing.T, b backend)) {
	for _, b := range []backend{sqliteBackend(), postgresBackend()} {
		t.Run(b.name, func(t *testing.T) {
			if b.postgres() {
				needPostgres(t)
			}
			f(t, b)
		})
	}
}

// needPostgres skips t without a test server.
func needPostgres(t testing.TB) string {
	t.Helper()
	dsn := os.Getenv("PAVED_TEST_PG_DSN")
	if dsn == "" {
		t.Skip("PAVED_TEST_PG_DSN is not set: run make test-services to test the PostgreSQL store against a throw-away server")
	}
	return dsn
}

// pgTestDatabase creates a database for t on the test server, drops it
// when t ends, and returns its DSN.
func pgTestDatabase(t testing.TB) string {
	t.Helper()
	admin := needPostgres(t)
	u, err := url.Parse(admin)
	if err != nil {
		t.Fatalf("PAVED_TEST_PG_DSN: %v", err)
	}
	var b [6]byte
	rand.Read(b[:])
	name := "paved_t_" + hex.EncodeToString(b[:])
	conn, err := pgx.Connect(t.Context(), admin)
	if err != nil {
		t.Fatalf("connect to PAVED_TEST_PG_DSN: %v", err)
	}
	defer conn.Close(t.Context())
	if _, err := conn.Exec(t.Context(), `CREATE DATABASE `+name); err != nil {
		t.Fatalf("create test database: %v", err)
	}
	t.Cleanup(func() {
		ctx := context.Background() // t.Context() is done by now
		conn, err := pgx.Connect(ctx, admin)
		if err != nil {
			t.Errorf("drop test database %s: %v", name, err)
			return
		}
		defer conn.Close(ctx)
		if _, err := conn.Exec(ctx, `DROP DATABASE IF EXISTS `+name+` WITH (FORCE)`); err != nil {
			t.Errorf("drop test database %s: %v", name, err)
		}
	})
	u.Path = "/" + name
	return u.String()
}
