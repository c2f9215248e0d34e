package catalog

import (
	"context"
	"database/sql"
	"fmt"
	"strings"
	"time"
)

var _ Browser = (*sqliteStore)(nil)

// maxBrowseSize bounds one page of [sqliteStore.Browse].
const maxBrowseSize = 500

// browseWhere is the WHERE clause of f over entities e: the conditions of
// [sqliteStore.query], searching the whole search table (a page is small,
// so the search cost is gathering matches, which the filters cannot cut).
// ok is false when f can match nothing (a query of no words).
func browseWhere(f Filter) (where string, args []any, ok bool, err error) {
	var conds []string
	eq := func(col, val string) {
		if val != "" {
			conds = append(conds, col+" = ?")
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
			return "", nil, false, err
		}
		eq(rf.col, r.Key())
	}
	if f.Tag != "" {
		conds = append(conds, "e.id IN (SELECT entity_id FROM entity_tags WHERE tag = ?)")
		args = append(args, strings.ToLower(f.Tag))
	}
	if strings.TrimSpace(f.Query) != "" {
		fq := ftsQuery(f.Query)
		if fq == "" {
			return "", nil, false, nil
		}
		conds = append(conds, "e.id IN (SELECT rowid FROM entities_fts WHERE entities_fts MATCH ?)")
		args = append(args, fq)
	}
	if len(conds) == 0 {
		return "", nil, true, nil
	}
	return " WHERE " + strings.Join(conds, " AND "), args, true, nil
}

// sortSQL maps a sort order onto its ORDER BY clause; the key breaks ties
// so that pages never overlap.
func sortSQL(order string, desc bool) (string, error) {
	dir := ""
	if desc {
		dir = " DESC"
	}
	col := map[string]string{SortName: "", "": "", SortTitle: "e.title", SortOwner: "e.owner", SortType: "e.type", SortLifecycle: "e.lifecycle"}
	c, ok := col[order]
	if !ok {
		return "", fmt.Errorf("unknown sort order %q (want one of %s)", order, strings.Join(SortOrders(), ", "))
	}
	if c == "" {
		return " ORDER BY e.key" + dir, nil
	}
	return " ORDER BY " + c + dir + ", e.key" + dir, nil
}

func (s *sqliteStore) Browse(ctx context.Context, q BrowseQuery) (*BrowsePage, error) {
	where, args, ok, err := browseWhere(q.Filter)
	if err != nil {
		return nil, err
	}
	page := &BrowsePage{Items: []BrowseItem{}}
	if !ok {
		return page, nil
	}
	order, err := sortSQL(q.Sort, q.Desc)
	if err != nil {
		return nil, err
	}
	size := min(max(q.Size, 1), maxBrowseSize)
	db := s.reader()
	if err := db.QueryRowContext(ctx, `SELECT count(*) FROM entities e`+where, args...).Scan(&page.Total); err != nil {
		return nil, s.wrap(err)
	}
	if q.Offset >= page.Total {
		return page, nil
	}
	rows, err := db.QueryContext(ctx, `SELECT e.ref, e.kind, e.title, e.description, e.type, e.lifecycle, e.owner, e.system, e.location FROM entities e`+
		where+order+fmt.Sprintf(" LIMIT %d OFFSET %d", size, max(q.Offset, 0)), args...)
	if err != nil {
		return nil, s.wrap(err)
	}
	defer rows.Close()
	for rows.Next() {
		var it BrowseItem
		if err := rows.Scan(&it.Ref, &it.Kind, &it.Title, &it.Description, &it.Type, &it.Lifecycle, &it.Owner, &it.System, &it.Location); err != nil {
			return nil, s.wrap(err)
		}
		page.Items = append(page.Items, it)
	}
	return page, s.wrap(rows.Err())
}

func (s *sqliteStore) FilterFacets(ctx context.Context, f Filter, limit int) (map[string][]FacetCount, error) {
	where, args, ok, err := browseWhere(f)
	if err != nil {
		return nil, err
	}
	out := map[string][]FacetCount{}
	if !ok {
		return out, nil
	}
	if limit <= 0 {
		limit = 20
	}
	cols := map[string]string{"kind": "e.kind", "type": "e.type", "owner": "e.owner", "lifecycle": "e.lifecycle", "system": "e.system"}
	for _, name := range FacetNames() {
		var q string
		if name == "tag" {
			q = `SELECT t.tag, count(*) AS n FROM entity_tags t JOIN entities e ON e.id = t.entity_id` + where + ` GROUP BY t.tag`
		} else {
			col := cols[name]
			cond := " WHERE " + col + " != ''"
			if where != "" {
				cond = where + " AND " + col + " != ''"
			}
			// lower() merges values stored in different cases: the
			// columns compare without case, as filters do.
			q = `SELECT min(` + col + `), count(*) AS n FROM entities e` + cond + ` GROUP BY lower(` + col + `)`
		}
		q += fmt.Sprintf(" ORDER BY n DESC, 1 LIMIT %d", limit)
		counts, err := s.facet(ctx, q, args)
		if err != nil {
			return nil, err
		}
		out[name] = counts
	}
	return out, nil
}

func (s *sqliteStore) facet(ctx context.Context, q string, args []any) ([]FacetCount, error) {
	rows, err := s.reader().QueryContext(ctx, q, args...)
	if err != nil {
		return nil, s.wrap(err)
	}
	defer rows.Close()
	out := []FacetCount{}
	for rows.Next() {
		var c FacetCount
		if err := rows.Scan(&c.Value, &c.Count); err != nil {
			return nil, s.wrap(err)
		}
		out = append(out, c)
	}
	return out, s.wrap(rows.Err())
}

func (s *sqliteStore) LatestScores(ctx context.Context, rubric string, before time.Time) ([]EntityScore, error) {
	cut := int64(1<<63 - 1)
	if !before.IsZero() {
		cut = before.UnixNano()
	}
	// SQLite takes the bare columns of a max() aggregate from the row that
	// holds the maximum.
	rows, err := s.reader().QueryContext(ctx, `SELECT e.ref, e.title, e.owner, s.level, s.score, s.at FROM (
			SELECT entity_key, level, score, max(at) AS at FROM scores WHERE rubric = ? AND at <= ? GROUP BY entity_key) s
		JOIN entities e ON e.key = s.entity_key ORDER BY e.key`, rubric, cut)
	if err != nil {
		return nil, s.wrap(err)
	}
	defer rows.Close()
	var out []EntityScore
	for rows.Next() {
		var es EntityScore
		var at int64
		if err := rows.Scan(&es.Ref, &es.Title, &es.Owner, &es.Level, &es.Score, &at); err != nil {
			return nil, s.wrap(err)
		}
		es.At = time.Unix(0, at).UTC()
		out = append(out, es)
	}
	return out, s.wrap(rows.Err())
}

func (s *sqliteStore) ScoreTrend(ctx context.Context, rubric string, since time.Time, bucket time.Duration) ([]TrendPoint, error) {
	if bucket <= 0 {
		return nil, fmt.Errorf("score trend: bucket must be positive, got %s", bucket)
	}
	from := since.UnixNano()
	rows, err := s.reader().QueryContext(ctx, `SELECT (at - ?1) / ?2 AS b, level, count(*), sum(score) FROM scores
		WHERE rubric = ?3 AND at >= ?1 GROUP BY b, level ORDER BY b`, from, bucket.Nanoseconds(), rubric)
	if err != nil {
		return nil, s.wrap(err)
	}
	defer rows.Close()
	var out []TrendPoint
	var sum float64
	for rows.Next() {
		var b int64
		var level string
		var n int
		var total sql.NullFloat64
		if err := rows.Scan(&b, &level, &n, &total); err != nil {
			return nil, s.wrap(err)
		}
		start := time.Unix(0, from+b*bucket.Nanoseconds()).UTC()
		if len(out) == 0 || !out[len(out)-1].Start.Equal(start) {
			if len(out) > 0 {
				p := &out[len(out)-1]
				p.Mean = sum / float64(p.Count)
			}
			out = append(out, TrendPoint{Start: start, Levels: map[string]int{}})
			sum = 0
		}
		p := &out[len(out)-1]
		p.Levels[level] += n
		p.Count += n
		sum += total.Float64
	}
	if len(out) > 0 {
		p := &out[len(out)-1]
		p.Mean = sum / float64(p.Count)
	}
	return out, s.wrap(rows.Err())
}
