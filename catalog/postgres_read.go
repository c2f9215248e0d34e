package catalog

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"slices"
	"strings"
	"time"

	"github.com/jackc/pgx/v5"
)

func (s *pgStore) Get(ctx context.Context, ref string) (*Entity, error) {
	r, err := normalizeRef(ref, KindComponent)
	if err != nil {
		return nil, err
	}
	var e *Entity
	err = s.read(ctx, func(q pgQuerier) error {
		var doc string
		err := q.QueryRow(ctx, `SELECT doc FROM entities WHERE key = $1`, r.Key()).Scan(&doc)
		if errors.Is(err, pgx.ErrNoRows) {
			return fmt.Errorf("%s: %w", r, ErrNotFound)
		}
		if err != nil {
			return err
		}
		if e, err = decodeStored(doc); err != nil {
			return err
		}
		rows, err := q.Query(ctx, `SELECT DISTINCT type COLLATE "C" AS type, target COLLATE "C" AS target, EXISTS (SELECT 1 FROM entities x WHERE x.key = target) FROM (
				SELECT r.type AS type, r.target AS target FROM relations r JOIN entities e ON e.id = r.entity_id WHERE e.key = $1
				UNION ALL
				SELECT `+inverseSQL("r.type")+`, e.key FROM relations r JOIN entities e ON e.id = r.entity_id WHERE r.target = $1) AS rel
			ORDER BY 1, 2`, r.Key())
		if err != nil {
			return err
		}
		defer rows.Close()
		for rows.Next() {
			var rel Relation
			var resolved bool
			if err := rows.Scan(&rel.Type, &rel.TargetRef, &resolved); err != nil {
				return err
			}
			rel.Unresolved = !resolved
			e.Relations = append(e.Relations, rel)
		}
		return rows.Err()
	})
	if err != nil {
		return nil, err
	}
	return e, nil
}

func (s *pgStore) List(ctx context.Context, f Filter) ([]*Entity, error) {
	var out []*Entity
	err := s.query(ctx, f, "e.doc", func() { out = out[:0] }, func(rows pgx.Rows) error {
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

func (s *pgStore) Documents(ctx context.Context, f Filter) ([]json.RawMessage, error) {
	var out []json.RawMessage
	err := s.query(ctx, f, "e.doc", func() { out = out[:0] }, func(rows pgx.Rows) error {
		var doc []byte
		if err := rows.Scan(&doc); err != nil {
			return err
		}
		out = append(out, slices.Clone(doc))
		return nil
	})
	return out, err
}

func (s *pgStore) Summaries(ctx context.Context, f Filter) ([]Summary, error) {
	var out []Summary
	err := s.query(ctx, f, "e.ref, e.title, e.type, e.lifecycle, e.owner, e.location", func() { out = out[:0] }, func(rows pgx.Rows) error {
		var sum Summary
		if err := rows.Scan(&sum.Ref, &sum.Title, &sum.Type, &sum.Lifecycle, &sum.Owner, &sum.Location); err != nil {
			return err
		}
		out = append(out, sum)
		return nil
	})
	return out, err
}

// query runs a filtered SELECT of cols sorted by key, calling each for
// every row; reset runs before every attempt, as a read may be retried.
// Fields that ignore case in SQLite (COLLATE NOCASE) are compared lower-
// cased; owner, system and tags are stored lower-cased.
func (s *pgStore) query(ctx context.Context, f Filter, cols string, reset func(), each func(pgx.Rows) error) error {
	var (
		where []string
		args  pgArgs
	)
	eqFold := func(col, val string) {
		if val != "" {
			where = append(where, "lower("+col+") = lower("+args.add(val)+")")
		}
	}
	eqFold("e.kind", f.Kind)
	eqFold("e.namespace", f.Namespace)
	eqFold("e.name", f.Name)
	eqFold("e.type", f.Type)
	eqFold("e.lifecycle", f.Lifecycle)
	if f.Origin != "" {
		where = append(where, "e.origin = "+args.add(f.Origin))
	}
	for _, rf := range []struct{ col, val, kind string }{{"e.owner", f.Owner, KindGroup}, {"e.system", f.System, KindSystem}} {
		if rf.val == "" {
			continue
		}
		r, err := normalizeRef(rf.val, rf.kind)
		if err != nil {
			return err
		}
		where = append(where, rf.col+" = "+args.add(r.Key()))
	}
	if f.Tag != "" {
		where = append(where, "e.tags @> ARRAY["+args.add(strings.ToLower(f.Tag))+"::text]")
	}
	if strings.TrimSpace(f.Query) != "" {
		tq := tsQuery(f.Query)
		if tq == "" {
			return nil
		}
		where = append(where, "e.search @@ "+args.add(tq)+"::tsquery")
	}
	q := `SELECT ` + cols + ` FROM entities e`
	if len(where) > 0 {
		q += " WHERE " + strings.Join(where, " AND ")
	}
	q += " ORDER BY e.key"
	if f.Limit > 0 {
		q += fmt.Sprintf(" LIMIT %d", f.Limit)
	}
	return s.read(ctx, func(db pgQuerier) error {
		reset()
		rows, err := db.Query(ctx, q, args...)
		if err != nil {
			return err
		}
		defer rows.Close()
		for rows.Next() {
			if err := each(rows); err != nil {
				return err
			}
		}
		return rows.Err()
	})
}

func (s *pgStore) Edges(ctx context.Context) ([]GraphEdge, error) {
	var out []GraphEdge
	err := s.read(ctx, func(q pgQuerier) error {
		out = out[:0]
		rows, err := q.Query(ctx, `SELECT DISTINCT e.key, r.type, r.target, EXISTS (SELECT 1 FROM entities x WHERE x.key = r.target)
			FROM relations r JOIN entities e ON e.id = r.entity_id`)
		if err != nil {
			return err
		}
		defer rows.Close()
		for rows.Next() {
			var g GraphEdge
			if err := rows.Scan(&g.Source, &g.Type, &g.Target, &g.Resolved); err != nil {
				return err
			}
			out = append(out, g, GraphEdge{Edge: Edge{Source: g.Target, Type: inverse(g.Type), Target: g.Source}, Resolved: true})
		}
		return rows.Err()
	})
	if err != nil {
		return nil, err
	}
	slices.SortFunc(out, func(a, b GraphEdge) int { return compareEdges(a.Edge, b.Edge) })
	return slices.CompactFunc(out, func(a, b GraphEdge) bool { return a.Edge == b.Edge }), nil
}

func (s *pgStore) Scores(ctx context.Context, ref string, limit int) ([]ScoreRecord, error) {
	r, err := normalizeRef(ref, KindComponent)
	if err != nil {
		return nil, err
	}
	q := `SELECT rubric, level, score, passed, failed, total, at, report FROM scores WHERE entity_key = $1 ORDER BY at DESC, id DESC`
	if limit > 0 {
		q += fmt.Sprintf(" LIMIT %d", limit)
	}
	var out []ScoreRecord
	err = s.read(ctx, func(db pgQuerier) error {
		out = out[:0]
		rows, err := db.Query(ctx, q, r.Key())
		if err != nil {
			return err
		}
		defer rows.Close()
		for rows.Next() {
			rec := ScoreRecord{EntityRef: r.String()}
			var at int64
			var report *string
			if err := rows.Scan(&rec.Rubric, &rec.Level, &rec.Score, &rec.Passed, &rec.Failed, &rec.Total, &at, &report); err != nil {
				return err
			}
			rec.At = time.Unix(0, at).UTC()
			if report != nil {
				rec.Report = json.RawMessage(*report)
			}
			out = append(out, rec)
		}
		return rows.Err()
	})
	return out, err
}
