package catalog

import (
	"context"
	"fmt"

	"github.com/jackc/pgx/v5"
	"github.com/jackc/pgx/v5/pgtype"
)

func (s *pgStore) Upsert(ctx context.Context, entities []*Entity) ([]Change, error) {
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
	err := s.write(ctx, func(tx pgx.Tx) error {
		var err error
		changes, err = s.upsert(ctx, tx, rows)
		return err
	})
	if err != nil {
		return nil, err
	}
	return changes, nil
}

var pgEntityColumns = []string{"id", "key", "ref", "kind", "namespace", "name", "title", "description", "type", "lifecycle",
	"owner", "system", "location", "origin", "doc", "hash", "tags", "search", "created_at", "updated_at"}

// upsert decides each row's outcome against what is committed (the caller
// holds the write lock), then writes in bulk with COPY: a changed entity is
// deleted (its relations go with it) and copied in again under its id.
func (s *pgStore) upsert(ctx context.Context, tx pgx.Tx, rows []upsertRow) ([]Change, error) {
	keys := make([]string, len(rows))
	for i, r := range rows {
		keys[i] = r.key
	}
	type pgExisting struct {
		existingRow
		createdAt int64
	}
	existing := make(map[string]pgExisting, len(rows))
	res, err := tx.Query(ctx, `SELECT key, id, hash, origin, created_at FROM entities WHERE key = ANY($1)`, keys)
	if err != nil {
		return nil, err
	}
	for res.Next() {
		var k string
		var ex pgExisting
		if err := res.Scan(&k, &ex.id, &ex.hash, &ex.origin, &ex.createdAt); err != nil {
			res.Close()
			return nil, err
		}
		existing[k] = ex
	}
	res.Close()
	if err := res.Err(); err != nil {
		return nil, err
	}
	var nextID int64
	if err := tx.QueryRow(ctx, `SELECT coalesce(max(id), 0) FROM entities`).Scan(&nextID); err != nil {
		return nil, err
	}
	now := s.now().UnixNano()
	changes := make([]Change, len(rows))
	var ents, rels [][]any
	var replaced []int64
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
		id, created := ex.id, ex.createdAt
		if exists {
			ch.Status = Updated
			replaced = append(replaced, id)
		} else {
			ch.Status = Added
			nextID++
			id, created = nextID, now
		}
		changes[i] = ch
		tags := uniqueSorted(append([]string{}, r.tags...))
		ents = append(ents, []any{id, r.key, r.refStr, e.Kind, r.ref.Namespace, r.ref.Name, r.title, e.Metadata.Description,
			e.Type(), e.Lifecycle(), r.owner, r.system, e.Location(), e.OriginLocation(), r.doc, r.hash,
			tags, searchVector(r.ftsName, r.title, e.Metadata.Description, r.ftsTags), created, now})
		seen := map[Edge]bool{}
		for _, ed := range r.edges {
			k := Edge{Type: ed.Type, Target: ed.Target}
			if !seen[k] {
				seen[k] = true
				rels = append(rels, []any{id, ed.Type, ed.Target})
			}
		}
	}
	if len(replaced) > 0 {
		if _, err := tx.Exec(ctx, `DELETE FROM entities WHERE id = ANY($1)`, replaced); err != nil {
			return nil, err
		}
	}
	if len(ents) > 0 {
		if _, err := tx.CopyFrom(ctx, pgx.Identifier{"entities"}, pgEntityColumns, pgx.CopyFromRows(ents)); err != nil {
			return nil, err
		}
	}
	if len(rels) > 0 {
		if _, err := tx.CopyFrom(ctx, pgx.Identifier{"relations"}, []string{"entity_id", "type", "target"}, pgx.CopyFromRows(rels)); err != nil {
			return nil, err
		}
	}
	return changes, nil
}

// searchVector is the tsvector of an entity's search words: the words
// SQLite's unicode61 tokenizer would find, as lexemes without positions.
func searchVector(texts ...string) pgtype.TSVector {
	var words []string
	for _, t := range texts {
		words = append(words, searchWords(t)...)
	}
	words = uniqueSorted(words)
	v := pgtype.TSVector{Valid: true, Lexemes: make([]pgtype.TSVectorLexeme, 0, len(words))}
	for _, w := range words {
		if len(w) < 2048 { // PostgreSQL's limit for one lexeme
			v.Lexemes = append(v.Lexemes, pgtype.TSVectorLexeme{Word: w})
		}
	}
	return v
}

func (s *pgStore) Remove(ctx context.Context, refs ...string) error {
	keys := make([]string, len(refs))
	for i, ref := range refs {
		r, err := normalizeRef(ref, KindComponent)
		if err != nil {
			return err
		}
		keys[i] = r.Key()
	}
	return s.write(ctx, func(tx pgx.Tx) error {
		for i, key := range keys {
			tag, err := tx.Exec(ctx, `DELETE FROM entities WHERE key = $1`, key)
			if err != nil {
				return err
			}
			if tag.RowsAffected() == 0 {
				return fmt.Errorf("%s: %w", refs[i], ErrNotFound)
			}
			if _, err := tx.Exec(ctx, `DELETE FROM scores WHERE entity_key = $1`, key); err != nil {
				return err
			}
		}
		return nil
	})
}

func (s *pgStore) RecordScore(ctx context.Context, r ScoreRecord) error {
	ref, err := normalizeRef(r.EntityRef, KindComponent)
	if err != nil {
		return err
	}
	at := r.At
	if at.IsZero() {
		at = s.now()
	}
	var report *string
	if len(r.Report) > 0 {
		rep := string(r.Report)
		report = &rep
	}
	return s.write(ctx, func(tx pgx.Tx) error {
		_, err := tx.Exec(ctx, `INSERT INTO scores (entity_key, rubric, level, score, passed, failed, total, at, report) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9)`,
			ref.Key(), r.Rubric, r.Level, r.Score, r.Passed, r.Failed, r.Total, at.UnixNano(), report)
		return err
	})
}
