package catalog

import (
	"bufio"
	"context"
	"crypto/sha256"
	"fmt"
	"github.com/google/go-cmp/cmp"
	"os"
	"os/exec"
	"path/filepath"
	"strconv"
	"strings"
	"sync"
	"testing"
)

func numbered(i int, prefix string) *Entity {
	src := strings.Replace(component("", ""), "name: orders", fmt.Sprintf("name: %s-%d", prefix, i), 1)
	ents, err := Parse([]byte(src), ParseOptions{File: "gen.yaml"})
	if err != nil {
		panic(err)
	}
	ents[0].SetSource(fmt.Sprintf("file:/gen/%s-%d", prefix, i), fmt.Sprintf("file:/gen/%s-%d", prefix, i), "")
	return ents[0]
}

// TestHelperProcess is not a test: the tests below re-run the test binary
// with PAVED_CATALOG_HELPER set to act as a separate paved process.
func TestHelperProcess(t *testing.T) {
	role := os.Getenv("PAVED_CATALOG_HELPER")
	if role == "" {
		t.Skip("helper process for other tests")
	}
	path := os.Getenv("PAVED_CATALOG_PATH")
	ctx := context.Background()
	st, err := Open(ctx, path)
	if err != nil {
		fmt.Fprintln(os.Stderr, err)
		os.Exit(3)
	}
	switch role {
	case "register":
		i, _ := strconv.Atoi(os.Getenv("PAVED_CATALOG_INDEX"))
		if _, err := st.Upsert(ctx, []*Entity{numbered(i, "proc")}); err != nil {
			fmt.Fprintln(os.Stderr, err)
			os.Exit(4)
		}
		st.Close()
		os.Exit(0)
	case "conflict":
		// Every process registers the same entity from its own location.
		i, _ := strconv.Atoi(os.Getenv("PAVED_CATALOG_INDEX"))
		e := numbered(0, "same")
		e.SetSource(fmt.Sprintf("file:/gen/same-%d", i), fmt.Sprintf("file:/gen/same-%d", i), "")
		ch, err := st.Upsert(ctx, []*Entity{e})
		if err != nil {
			fmt.Fprintln(os.Stderr, err)
			os.Exit(4)
		}
		fmt.Println(ch[0].Status, ch[0].Origin)
		st.Close()
		os.Exit(0)
	case "writer":
		// Write batches of 200 until killed, saying when each commits.
		for b := 0; ; b++ {
			batch := make([]*Entity, 200)
			for j := range batch {
				batch[j] = numbered(b*200+j, "crash")
			}
			if _, err := st.Upsert(ctx, batch); err != nil {
				fmt.Fprintln(os.Stderr, err)
				os.Exit(4)
			}
			fmt.Printf("committed %d\n", b)
		}
	}
	os.Exit(5)
}

func helper(t *testing.T, role, path string, index int) *exec.Cmd {
	cmd := exec.CommandContext(t.Context(), os.Args[0], "-test.run=^TestHelperProcess$")
	cmd.Env = append(os.Environ(), "PAVED_CATALOG_HELPER="+role, "PAVED_CATALOG_PATH="+path, "PAVED_CATALOG_INDEX="+strconv.Itoa(index))
	return cmd
}

func countEntities(t *testing.T, path string) int {
	t.Helper()
	st, err := Open(t.Context(), path)
	if err != nil {
		t.Fatal(err)
	}
	defer st.Close()
	ents, err := st.List(t.Context(), Filter{})
	if err != nil {
		t.Fatal(err)
	}
	return len(ents)
}

// TestConcurrentGoroutines races writers, each with a store of its own (a
// connection pool of its own on PostgreSQL), on a catalog none has opened
// yet: they create (migrate) it together and lose nothing.
func TestConcurrentGoroutines(t *testing.T) { eachBackend(t, testConcurrentGoroutines) }

func testConcurrentGoroutines(t *testing.T, b backend) {
	path := b.location(t) // created by the racers themselves
	var wg sync.WaitGroup
	errs := make([]error, 32)
	for i := range 32 {
		wg.Go(func() {
			st, err := Open(t.Context(), path)
			if err != nil {
				errs[i] = err
				return
			}
			defer st.Close()
			_, errs[i] = st.Upsert(t.Context(), []*Entity{numbered(i, "g")})
		})
	}
	wg.Wait()
	for i, err := range errs {
		if err != nil {
			t.Errorf("writer %d: %v", i, err)
		}
	}
	if n := countEntities(t, path); n != 32 {
		t.Errorf("catalog holds %d entities after 32 concurrent writers, want 32", n)
	}
}

// TestConcurrentProcesses starts 50 processes (the test binary as a
// helper) that each register an entity into one catalog at once.
func TestConcurrentProcesses(t *testing.T) { eachBackend(t, testConcurrentProcesses) }

func testConcurrentProcesses(t *testing.T, b backend) {
	if testing.Short() {
		t.Skip("starts 50 processes")
	}
	const n = 50
	path := b.location(t)
	var wg sync.WaitGroup
	outs := make([]string, n)
	errs := make([]error, n)
	for i := range n {
		wg.Go(func() {
			out, err := helper(t, "register", path, i).CombinedOutput()
			outs[i], errs[i] = string(out), err
		})
	}
	wg.Wait()
	for i, err := range errs {
		if err != nil || strings.Contains(outs[i], "locked") {
			t.Errorf("process %d: %v\n%s", i, err, outs[i])
		}
	}
	if got := countEntities(t, path); got != n {
		t.Errorf("catalog holds %d entities after %d processes, want %d", got, n, n)
	}
}

// TestConcurrentConflicts starts 50 processes that register the same
// entity from 50 locations at once: one adds it, and the other 49 report a
// conflict naming the winner's location.
func TestConcurrentConflicts(t *testing.T) { eachBackend(t, testConcurrentConflicts) }

func testConcurrentConflicts(t *testing.T, b backend) {
	if testing.Short() {
		t.Skip("starts 50 processes")
	}
	const n = 50
	path := b.location(t)
	b.open(t).Close() // the schema first: this test is about the entity
	var wg sync.WaitGroup
	outs := make([]string, n)
	errs := make([]error, n)
	for i := range n {
		wg.Go(func() {
			out, err := helper(t, "conflict", path, i).Output()
			outs[i], errs[i] = strings.TrimSpace(string(out)), err
		})
	}
	wg.Wait()
	var added []int
	conflicts := map[string]int{}
	for i, err := range errs {
		switch {
		case err != nil:
			t.Errorf("process %d: %v", i, err)
		case outs[i] == "added":
			added = append(added, i)
		case strings.HasPrefix(outs[i], "conflict "):
			conflicts[strings.TrimPrefix(outs[i], "conflict ")]++
		default:
			t.Errorf("process %d printed %q, want added or conflict", i, outs[i])
		}
	}
	if len(added) != 1 {
		t.Fatalf("%d processes added the entity, want exactly 1", len(added))
	}
	winner := fmt.Sprintf("file:/gen/same-%d", added[0])
	if diff := cmp.Diff(map[string]int{winner: n - 1}, conflicts); diff != "" {
		t.Errorf("conflicts by the origin they name (-want +got):\n%s", diff)
	}
	st, err := Open(t.Context(), path)
	if err != nil {
		t.Fatal(err)
	}
	defer st.Close()
	e, err := st.Get(t.Context(), "same-0")
	if err != nil || e.OriginLocation() != winner {
		t.Errorf("Get(same-0) = %v, %v; want the entity of %s", e, err, winner)
	}
}

// TestCrashMidWrite kills a writer process while it writes and checks that
// the catalog opens, passes SQLite's integrity check, keeps every entity
// written before, and holds only whole batches of the writer's.
func TestCrashMidWrite(t *testing.T) { eachBackend(t, testCrashMidWrite) }

func testCrashMidWrite(t *testing.T, b backend) {
	if testing.Short() {
		t.Skip("starts a writer process")
	}
	path := b.location(t)
	st, err := Open(t.Context(), path)
	if err != nil {
		t.Fatal(err)
	}
	var before []*Entity
	for i := range 50 {
		before = append(before, numbered(i, "kept"))
	}
	if _, err := st.Upsert(t.Context(), before); err != nil {
		t.Fatal(err)
	}
	st.Close()

	cmd := helper(t, "writer", path, 0)
	stdout, err := cmd.StdoutPipe()
	if err != nil {
		t.Fatal(err)
	}
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	lines := bufio.NewScanner(stdout)
	for range 3 { // let it commit a few batches, then kill it mid-way through the next
		if !lines.Scan() {
			t.Fatalf("writer stopped early: %v", lines.Err())
		}
	}
	if err := cmd.Process.Kill(); err != nil { // SIGKILL
		t.Fatal(err)
	}
	cmd.Wait()

	st2, err := Open(t.Context(), path)
	if err != nil {
		t.Fatalf("reopen after a killed writer: %v", err)
	}
	defer st2.Close()
	if sq, ok := st2.(*sqliteStore); ok {
		var check string
		if err := sq.db.QueryRow(`PRAGMA integrity_check`).Scan(&check); err != nil || check != "ok" {
			t.Errorf("integrity_check = %q, %v; want ok", check, err)
		}
	}
	checkWhole(t, st2)
	for _, e := range before {
		if _, err := st2.Get(t.Context(), e.Ref().String()); err != nil {
			t.Errorf("lost %s: %v", e.Ref(), err)
		}
	}
	crash, err := st2.List(t.Context(), Filter{Query: "crash"})
	if err != nil {
		t.Fatal(err)
	}
	if len(crash)%200 != 0 || len(crash) < 600 {
		t.Errorf("writer's entities = %d, want whole batches of 200 (at least 3)", len(crash))
	}
}

func TestOpenRefuses(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name    string
		prepare func(t *testing.T, path string)
		want    string
	}{
		{"random bytes", func(t *testing.T, path string) {
			os.WriteFile(path, []byte(strings.Repeat("not a database at all ", 300)), 0o644)
		}, "is not an SQLite database"},
		{"another application's database", func(t *testing.T, path string) {
			st, err := openSQLite(t.Context(), filepath.Join(t.TempDir(), "x.db")) // any SQLite handle will do
			if err != nil {
				t.Fatal(err)
			}
			defer st.Close()
			if _, err := st.db.Exec(`ATTACH DATABASE ? AS other; CREATE TABLE other.notes (body TEXT); INSERT INTO other.notes VALUES ('keep me')`, path); err != nil {
				t.Fatal(err)
			}
		}, "another application"},
		{"a newer paved", func(t *testing.T, path string) {
			st, err := openSQLite(t.Context(), path)
			if err != nil {
				t.Fatal(err)
			}
			st.db.Exec(`PRAGMA user_version = 99`)
			st.Close()
		}, "newer paved"},
		{"a directory", func(t *testing.T, path string) { os.Mkdir(path, 0o755) }, "is a directory"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			path := filepath.Join(t.TempDir(), "catalog.db")
			tt.prepare(t, path)
			sum := fileSum(path)
			_, err := Open(t.Context(), path)
			if err == nil || !strings.Contains(err.Error(), tt.want) || !strings.Contains(err.Error(), path) {
				t.Fatalf("Open = %v, want an error naming %s and saying %q", err, path, tt.want)
			}
			if ExitCodeOf(err) != 2 {
				t.Errorf("exit code %d, want 2", ExitCodeOf(err))
			}
			if fileSum(path) != sum {
				t.Errorf("Open changed the refused file")
			}
		})
	}
	t.Run("a postgres server that is not there", func(t *testing.T) {
		_, err := Open(t.Context(), "postgres://paved:secret@db.invalid/catalog")
		if err == nil || !strings.Contains(err.Error(), "cannot connect") || strings.Contains(err.Error(), "secret") {
			t.Errorf("Open(postgres://...) = %v, want cannot connect, password hidden", err)
		}
		if ExitCodeOf(err) != 2 {
			t.Errorf("exit code %d, want 2", ExitCodeOf(err))
		}
	})
}

func TestOpenDamaged(t *testing.T) {
	path := filepath.Join(t.TempDir(), "catalog.db")
	st, err := Open(t.Context(), path)
	if err != nil {
		t.Fatal(err)
	}
	var batch []*Entity
	for i := range 500 {
		batch = append(batch, numbered(i, "d"))
	}
	if _, err := st.Upsert(t.Context(), batch); err != nil {
		t.Fatal(err)
	}
	st.Close() // checkpoints the WAL into the file
	data, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	for i := 4096; i < len(data)-4096; i++ { // keep the header, trash the pages
		data[i] = 0xA5
	}
	os.WriteFile(path, data, 0o644)
	st, err = Open(t.Context(), path)
	if err == nil {
		defer st.Close()
		_, err = st.List(t.Context(), Filter{})
	}
	if err == nil || !strings.Contains(err.Error(), path) || !(strings.Contains(err.Error(), "damaged") || strings.Contains(err.Error(), "not an SQLite")) {
		t.Errorf("damaged catalog: %v, want an error naming %s as damaged", err, path)
	}
}

func fileSum(path string) string {
	data, err := os.ReadFile(path)
	if err != nil {
		return "missing"
	}
	return fmt.Sprintf("%x", sha256.Sum256(data))
}
