package catalog

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"slices"
	"strings"
)

func (s *sqliteStore) Upsert(ctx context.Context, entities []*Entity) ([]Change, error) {
	rows := make([]upsertRow, len(entities))
	keys := make(map[string]bool, len(entities))
	for i, e := range entities {
		enc, err := e.encode()
		if err != nil {
			return nil, fmt.Errorf("encode %s: %w", e.Ref(), err)
		}
		if keys[enc.key] {
			return nil, fmt.Errorf("upsert: %s appears twice in one batch", e.Ref())
		}
		keys[enc.key] = true
		rows[i] = upsertRow{e: e, encoded: enc}
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
	e *Entity
	*encoded
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
		ch := Change{Ref: r.refStr}
		ex, exists := existing[r.key]
		switch {
		case exists && ex.origin != "" && e.OriginLocation() != "" && ex.origin != e.OriginLocation():
			if !e.takeover {
				ch.Status, ch.Origin = Conflict, ex.origin
				changes[i] = ch
				continue
			}
			ch.TakenFrom = ex.origin
		case exists && ex.hash == r.hash:
			ch.Status = Unchanged
			changes[i] = ch
			continue
		}
		owner, system := r.owner, r.system
		id := ex.id
		if exists {
			ch.Status = Updated
			if _, err := tx.ExecContext(ctx, `UPDATE entities SET ref=?, kind=?, namespace=?, name=?, title=?, description=?, type=?, lifecycle=?, owner=?, system=?, location=?, origin=?, doc=?, hash=?, updated_at=? WHERE id = ?`,
				r.refStr, e.Kind, r.ref.Namespace, r.ref.Name, r.title, e.Metadata.Description,
				e.Type(), e.Lifecycle(), owner, system, e.Location(), e.OriginLocation(), r.doc, r.hash, now, id); err != nil {
				return nil, fmt.Errorf("write %s: %w", r.ref, err)
			}
			updated = append(updated, id)
		} else {
			ch.Status = Added
			nextID++
			id = nextID
			inserts = append(inserts, id, r.key, r.refStr, e.Kind, r.ref.Namespace, r.ref.Name, r.title, e.Metadata.Description,
				e.Type(), e.Lifecycle(), owner, system, e.Location(), e.OriginLocation(), r.doc, r.hash, now, now)
		}
		changes[i] = ch
		for _, tag := range r.tags {
			tags = append(tags, id, tag)
		}
		for _, ed := range r.edges {
			rels = append(rels, id, ed.Type, ed.Target)
		}
		fts = append(fts, id, r.ftsName, r.title, e.Metadata.Description, r.ftsTags)
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
	b := []byte(name + " " + name)
	for i := len(name) + 1; i < len(b); i++ {
		if b[i] == '-' || b[i] == '_' || b[i] == '.' {
			b[i] = ' '
		}
	}
	return string(b)
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
