package catalog

import (
	"context"
	"errors"
	"fmt"
	"net/url"
	"os"
	"os/exec"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"
	"github.com/jackc/pgx/v5"
)

// checkWhole fails t unless every entity in st has every relation it
// declares: an entity is never stored without its relations.
func checkWhole(t *testing.T, st Store) {
	t.Helper()
	ents, err := st.List(t.Context(), Filter{})
	if err != nil {
		t.Fatal(err)
	}
	edges, err := st.Edges(t.Context())
	if err != nil {
		t.Fatal(err)
	}
	have := map[Edge]bool{}
	for _, g := range edges {
		have[g.Edge] = true
	}
	for _, e := range ents {
		for _, ed := range e.ownEdges() {
			ed.Source, ed.Target = strings.ToLower(ed.Source), strings.ToLower(ed.Target)
			if !have[ed] {
				t.Errorf("%s is stored without its relation %s %s", e.Ref(), ed.Type, ed.Target)
			}
		}
	}
}

func pgExec(t *testing.T, dsn, sql string) {
	t.Helper()
	conn, err := pgx.Connect(t.Context(), dsn)
	if err != nil {
		t.Fatal(err)
	}
	defer conn.Close(context.Background())
	if _, err := conn.Exec(t.Context(), sql); err != nil {
		t.Fatalf("%s: %v", sql, err)
	}
}

func TestPostgresOpenRefuses(t *testing.T) {
	tests := []struct {
		name    string
		prepare func(t *testing.T, dsn string)
		want    string
	}{
		{"a newer paved", func(t *testing.T, dsn string) {
			st, err := Open(t.Context(), dsn)
			if err != nil {
				t.Fatal(err)
			}
			st.Close()
			pgExec(t, dsn, `UPDATE paved_schema SET version = 99`)
		}, "was written by a newer paved (schema 99; this paved reads up to 1)"},
		{"another application's tables", func(t *testing.T, dsn string) {
			pgExec(t, dsn, `CREATE TABLE entities (body text); INSERT INTO entities VALUES ('keep me')`)
		}, "not a paved catalog; they were left untouched"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			dsn := pgTestDatabase(t)
			tt.prepare(t, dsn)
			_, err := Open(t.Context(), dsn)
			if err == nil || !strings.Contains(err.Error(), tt.want) {
				t.Fatalf("Open = %v, want an error saying %q", err, tt.want)
			}
			var se *StoreError
			if !errors.As(err, &se) || se.Hint() == "" || ExitCodeOf(err) != 2 {
				t.Errorf("Open = %#v, want a StoreError with a hint, exit code 2", err)
			}
		})
	}
}

func TestPostgresReadOnly(t *testing.T) {
	dsn := pgTestDatabase(t)
	st, err := OpenReadOnly(t.Context(), dsn)
	if err != nil {
		t.Fatal(err)
	}
	if !Missing(st) {
		t.Errorf("OpenReadOnly of an empty database: Missing = false, want true")
	}
	st.Close()
	conn, err := pgx.Connect(t.Context(), dsn)
	if err != nil {
		t.Fatal(err)
	}
	defer conn.Close(context.Background())
	var tables int
	if err := conn.QueryRow(t.Context(), `SELECT count(*) FROM pg_tables WHERE schemaname = 'public'`).Scan(&tables); err != nil || tables != 0 {
		t.Errorf("OpenReadOnly created %d tables (%v), want none", tables, err)
	}

	w, err := Open(t.Context(), dsn)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := w.Upsert(t.Context(), mustParse(t, ordersYAML)); err != nil {
		t.Fatal(err)
	}
	w.Close()
	ro, err := OpenReadOnly(t.Context(), dsn)
	if err != nil {
		t.Fatal(err)
	}
	defer ro.Close()
	if got, err := ro.Summaries(t.Context(), Filter{}); err != nil || len(got) != 2 {
		t.Errorf("read-only Summaries = %d, %v; want 2 entities", len(got), err)
	}
	if err := ro.Remove(t.Context(), "orders"); err == nil || !strings.Contains(err.Error(), "read-only") {
		t.Errorf("read-only Remove = %v, want a read-only error", err)
	}
}

// TestPostgresMigratesOnce opens one new database from 20 stores at once:
// one migrates, the others wait on the advisory lock and find it done.
func TestPostgresMigratesOnce(t *testing.T) {
	dsn := pgTestDatabase(t)
	var wg sync.WaitGroup
	errs := make([]error, 20)
	for i := range errs {
		wg.Go(func() {
			st, err := Open(t.Context(), dsn)
			if err == nil {
				st.Close()
			}
			errs[i] = err
		})
	}
	wg.Wait()
	for i, err := range errs {
		if err != nil {
			t.Errorf("Open %d: %v", i, err)
		}
	}
	conn, err := pgx.Connect(t.Context(), dsn)
	if err != nil {
		t.Fatal(err)
	}
	defer conn.Close(context.Background())
	var rows, version int
	if err := conn.QueryRow(t.Context(), `SELECT count(*), max(version) FROM paved_schema`).Scan(&rows, &version); err != nil || rows != 1 || version != 1 {
		t.Errorf("paved_schema = %d rows, version %d (%v); want one row, version 1", rows, version, err)
	}
}

// TestPostgresUnreachable checks the error when the server stays away
// longer than the retries: it names the DSN without its password.
func TestPostgresUnreachable(t *testing.T) {
	start := time.Now()
	_, err := openPostgres(t.Context(), "postgres://paved:s3cret@127.0.0.1:1/catalog?connect_timeout=1", pgOptions{retryFor: 300 * time.Millisecond})
	if err == nil || !strings.Contains(err.Error(), "postgres://paved:****@127.0.0.1:1/catalog") ||
		!strings.Contains(err.Error(), "cannot be reached (retried for 300ms)") || strings.Contains(err.Error(), "s3cret") {
		t.Fatalf("Open of a closed port = %v, want a clear error without the password", err)
	}
	if time.Since(start) > 10*time.Second {
		t.Errorf("Open took %s, want it to give up after its retries", time.Since(start))
	}
}

func TestRedactDSN(t *testing.T) {
	tests := []struct{ in, want string }{
		{"postgres://paved:s3cret@db:5432/cat?sslmode=require", "postgres://paved:****@db:5432/cat?sslmode=require"},
		{"postgresql://paved@db/cat", "postgresql://paved@db/cat"},
		{"postgres://db/cat?password=s3cret&sslmode=verify-full", "postgres://db/cat?password=****&sslmode=verify-full"},
		{"postgres://pa%40ved:s%2F3cret@db/cat", "postgres://pa%40ved:****@db/cat"},
		{"/var/lib/paved/catalog.db", "/var/lib/paved/catalog.db"},
	}
	for _, tt := range tests {
		if got := redactDSN(tt.in); got != tt.want {
			t.Errorf("redactDSN(%q) = %q, want %q", tt.in, got, tt.want)
		}
	}
}

// FuzzRedactDSN checks that no password given in a DSN survives.
func FuzzRedactDSN(f *testing.F) {
	f.Add("paved", "s3cret", "db:5432", "sslmode=disable")
	f.Add("a:b", "c@d", "h", "password=x")
	f.Fuzz(func(t *testing.T, user, pass, host, query string) {
		if len(pass) < 4 || strings.Contains("****", pass) {
			return
		}
		u := url.URL{Scheme: "postgres", User: url.UserPassword(user, pass), Host: host, Path: "/cat", RawQuery: query}
		dsn := u.String()
		got := redactDSN(dsn)
		if strings.Contains(got, pass) && !strings.Contains(strings.ReplaceAll(dsn, u.User.String(), ""), pass) {
			t.Errorf("redactDSN(%q) = %q, keeps the password %q", dsn, got, pass)
		}
		q := url.Values{"password": {pass}}.Encode()
		dsn2 := "postgres://" + "db/cat?" + q
		if got := redactDSN(dsn2); strings.Contains(got, url.QueryEscape(pass)) {
			t.Errorf("redactDSN(%q) = %q, keeps the password", dsn2, got)
		}
	})
}

func TestSearchWords(t *testing.T) {
	tests := []struct {
		in   string
		want []string
	}{
		{"orders-api orders-api", []string{"orders", "api", "orders", "api"}},
		{"Crème Brûlée", []string{"creme", "brulee"}},
		{"v1.2 team_a@example.com", []string{"v1", "2", "team", "a", "example", "com"}},
		{"", []string{}},
	}
	for _, tt := range tests {
		if diff := cmp.Diff(tt.want, searchWords(tt.in)); diff != "" {
			t.Errorf("searchWords(%q) (-want +got):\n%s", tt.in, diff)
		}
	}
	if got := tsQuery("Track ord'ers"); got != "'track' & 'ord' & 'ers':*" {
		t.Errorf("tsQuery = %q", got)
	}
}

// TestPostgresServerRestart restarts the test server while writers write:
// each write either lands whole after a retry or fails with a clear
// error, and no entity is stored half. It restarts the server with the
// command in PAVED_TEST_PG_RESTART (give it only a throw-away cluster of
// your own), and skips without it.
func TestPostgresServerRestart(t *testing.T) {
	restart := os.Getenv("PAVED_TEST_PG_RESTART")
	if restart == "" {
		t.Skip("PAVED_TEST_PG_RESTART is not set: a command that restarts the throw-away server of PAVED_TEST_PG_DSN")
	}
	dsn := pgTestDatabase(t)
	const writers, batches = 4, 40
	var wg sync.WaitGroup
	errs := make([]error, writers)
	done := make([]int, writers)
	var total atomic.Int64
	for w := range writers {
		wg.Go(func() {
			st, err := Open(t.Context(), dsn)
			if err != nil {
				errs[w] = err
				return
			}
			defer st.Close()
			for b := range batches {
				batch := make([]*Entity, 50)
				for j := range batch {
					batch[j] = numbered(b*50+j, fmt.Sprintf("w%d", w))
				}
				if _, err := st.Upsert(t.Context(), batch); err != nil {
					errs[w] = err
					return
				}
				done[w]++
				total.Add(1)
			}
		})
	}
	time.Sleep(300 * time.Millisecond) // let the writers get going
	before := total.Load()
	if out, err := exec.Command("sh", "-c", restart).CombinedOutput(); err != nil {
		t.Fatalf("restart: %v\n%s", err, out)
	}
	wg.Wait()
	t.Logf("%d of %d batches were written before the restart, %d after", before, writers*batches, total.Load()-before)
	if before == writers*batches {
		t.Fatalf("the writers finished before the restart: the test proves nothing")
	}
	st, err := Open(t.Context(), dsn)
	if err != nil {
		t.Fatal(err)
	}
	defer st.Close()
	for w, err := range errs {
		var se *StoreError
		if err != nil && !(errors.As(err, &se) && strings.Contains(err.Error(), "cannot be reached")) {
			t.Errorf("writer %d: %v, want success after a retry or a clear error", w, err)
		}
		got, err := st.Summaries(t.Context(), Filter{Query: fmt.Sprintf("w%d", w)})
		if err != nil {
			t.Fatal(err)
		}
		if len(got) != done[w]*50 {
			t.Errorf("writer %d committed %d batches, the catalog holds %d of its entities; want %d", w, done[w], len(got), done[w]*50)
		}
		if errs[w] == nil && done[w] != batches {
			t.Errorf("writer %d wrote %d batches, want %d", w, done[w], batches)
		}
	}
	checkWhole(t, st)
}
