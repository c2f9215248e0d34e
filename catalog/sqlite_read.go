package catalog

import (
	"context"
	"database/sql"
	"encoding/json"
	"errors"
	"fmt"
	"slices"
	"strings"
	"time"
)

func (s *sqliteStore) Get(ctx context.Context, ref string) (*Entity, error) {
	r, err := normalizeRef(ref, KindComponent)
	if err != nil {
		return nil, err
	}
	var doc string
	err = s.reader().QueryRowContext(ctx, `SELECT doc FROM entities WHERE key = ?`, r.Key()).Scan(&doc)
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
	rows, err := s.reader().QueryContext(ctx, `SELECT DISTINCT type, target, EXISTS (SELECT 1 FROM entities x WHERE x.key = target) FROM (
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

// Documents returns the stored documents as they are: decoding 1,667 of them
// into entities only to encode them again took 30 ms.
func (s *sqliteStore) Documents(ctx context.Context, f Filter) ([]json.RawMessage, error) {
	var out []json.RawMessage
	err := s.query(ctx, f, "e.doc", func(rows *sql.Rows) error {
		var doc []byte
		if err := rows.Scan(&doc); err != nil {
			return err
		}
		out = append(out, doc)
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
	fq := ftsQuery(f.Query)
	if fq == "" && strings.TrimSpace(f.Query) != "" {
		return nil
	}
	var db interface {
		QueryContext(ctx context.Context, query string, args ...any) (*sql.Rows, error)
	} = s.reader()
	if fq != "" {
		fts := "entities_fts"
		if len(where) > 0 && s.tx == nil {
			// The search table below lives on one connection: keep it.
			conn, err := s.db.Conn(ctx)
			if err != nil {
				return s.wrap(err)
			}
			defer conn.Close()
			db = conn
			// A common word matches most of the catalog, and FTS5 gathers
			// every match before the other filters apply (137 ms for one
			// in every entity of 100,000). When the filters alone leave few
			// entities, search only those: copied into a search table of
			// this connection (contentless: only rowids come back), they are
			// matched with the same tokenizer.
			picked, err := s.pickForSearch(ctx, conn, where, args)
			if err != nil {
				return s.wrap(err)
			}
			if picked {
				fts = "temp.entities_pick"
			}
		}
		where = append(where, "e.id IN (SELECT rowid FROM "+fts+" WHERE "+strings.TrimPrefix(fts, "temp.")+" MATCH ?)")
		args = append(args, fq)
	}
	q := `SELECT ` + cols + ` FROM entities e`
	if len(where) > 0 {
		q += " WHERE " + strings.Join(where, " AND ")
	}
	q += " ORDER BY e.key"
	if f.Limit > 0 {
		q += fmt.Sprintf(" LIMIT %d", f.Limit)
	}
	rows, err := db.QueryContext(ctx, q, args...)
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

// pickLimit is how many entities the filters may leave for a search to
// run over them alone; copying more costs more than FTS5 gathering all.
const pickLimit = 500

// pickForSearch fills temp.entities_pick, a search table private to conn,
// with the search rows of the entities matching where, if there are at
// most pickLimit of them, and reports whether it did.
func (s *sqliteStore) pickForSearch(ctx context.Context, conn *sql.Conn, where []string, args []any) (bool, error) {
	var n int
	cond := strings.Join(where, " AND ")
	err := conn.QueryRowContext(ctx, fmt.Sprintf(`SELECT count(*) FROM (SELECT 1 FROM entities e WHERE %s LIMIT %d)`, cond, pickLimit+1), args...).Scan(&n)
	if err != nil || n > pickLimit {
		return false, err
	}
	for _, q := range []string{
		`CREATE VIRTUAL TABLE IF NOT EXISTS temp.entities_pick USING fts5(name, title, description, tags, content = '', ` + ftsTokenize + `)`,
		`INSERT INTO temp.entities_pick(entities_pick) VALUES ('delete-all')`,
	} {
		if _, err := conn.ExecContext(ctx, q); err != nil {
			return false, err
		}
	}
	_, err = conn.ExecContext(ctx, `INSERT INTO temp.entities_pick (rowid, name, title, description, tags)
		SELECT rowid, name, title, description, tags FROM entities_fts WHERE rowid IN (SELECT e.id FROM entities e WHERE `+cond+`)`, args...)
	return err == nil, err
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

func (s *sqliteStore) Edges(ctx context.Context) ([]GraphEdge, error) {
	rows, err := s.reader().QueryContext(ctx, `SELECT DISTINCT e.key, r.type, r.target, EXISTS (SELECT 1 FROM entities x WHERE x.key = r.target)
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

func (s *sqliteStore) Scores(ctx context.Context, ref string, limit int) ([]ScoreRecord, error) {
	r, err := normalizeRef(ref, KindComponent)
	if err != nil {
		return nil, err
	}
	q := `SELECT rubric, level, score, passed, failed, total, at, report FROM scores WHERE entity_key = ? ORDER BY at DESC, id DESC`
	if limit > 0 {
		q += fmt.Sprintf(" LIMIT %d", limit)
	}
	rows, err := s.reader().QueryContext(ctx, q, r.Key())
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
