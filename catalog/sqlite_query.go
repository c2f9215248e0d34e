package catalog

import (
	"bytes"
	"context"
	"crypto/sha256"
	"database/sql"
	"encoding/hex"
	"encoding/json"
	"errors"
	"fmt"
	"slices"
	"strings"
)

// queryColumns are the Backstage fields the entities table holds in a
// column: filtering, ordering and faceting on them use the column (and
// its NOCASE collation) instead of reading the JSON document.
var queryColumns = map[string]string{
	"kind":               "e.kind",
	"metadata.name":      "e.name",
	"metadata.namespace": "e.namespace",
	"spec.type":          "e.type",
	"spec.lifecycle":     "e.lifecycle",
}

func badQuery(format string, args ...any) error {
	return fmt.Errorf("%w: %s", ErrBadQuery, fmt.Sprintf(format, args...))
}

// jsonPath turns a flattened Backstage key into an SQLite JSON path. The
// keys of metadata.annotations and metadata.labels may themselves hold
// dots ("backstage.io/source-location"), so everything after those
// prefixes is one key.
func jsonPath(key string) (string, error) {
	if key == "" || strings.ContainsAny(key, "\"\\") || strings.HasPrefix(key, ".") || strings.HasSuffix(key, ".") || strings.Contains(key, "..") {
		return "", badQuery("field %q is not a dotted field name like spec.type", key)
	}
	var segs []string
	for _, p := range []string{"metadata.annotations.", "metadata.labels."} {
		if strings.HasPrefix(key, p) && len(key) > len(p) {
			segs = append(strings.Split(strings.TrimSuffix(p, "."), "."), key[len(p):])
		}
	}
	if segs == nil {
		segs = strings.Split(key, ".")
	}
	var b strings.Builder
	b.WriteString("$")
	for _, s := range segs {
		b.WriteString(`."` + s + `"`)
	}
	return b.String(), nil
}

// relationType returns the relation type a "relations.X" key names, in
// the case paved stores it, and whether key is such a key.
func relationType(key string) (string, bool) {
	t, ok := strings.CutPrefix(strings.ToLower(key), "relations.")
	if !ok || t == "" {
		return "", false
	}
	for _, p := range relationPairs() {
		for _, r := range p {
			if strings.EqualFold(r, t) {
				return r, true
			}
		}
	}
	return t, true
}

func lowerAll(vals []string) []any {
	out := make([]any, len(vals))
	for i, v := range vals {
		out[i] = strings.ToLower(v)
	}
	return out
}

// condSQL is the SQL of one condition over the entity row e.
func condSQL(c FilterCondition) (string, []any, error) {
	key := strings.TrimSpace(c.Key)
	lk := strings.ToLower(key)
	in := placeholders(len(c.Values), 1)
	if col, ok := queryColumns[lk]; ok {
		if len(c.Values) == 0 {
			return col + " <> ''", nil, nil
		}
		args := make([]any, len(c.Values))
		for i, v := range c.Values {
			args[i] = v
		}
		return col + " IN (" + in + ")", args, nil // NOCASE columns
	}
	if lk == "metadata.tags" {
		if len(c.Values) == 0 {
			return "EXISTS (SELECT 1 FROM entity_tags t WHERE t.entity_id = e.id)", nil, nil
		}
		return "e.id IN (SELECT entity_id FROM entity_tags WHERE tag IN (" + in + "))", lowerAll(c.Values), nil
	}
	if typ, ok := relationType(key); ok {
		// Only declared relations are stored; the inverse ones are found
		// through their source (a group ownerOf X when X is ownedBy it).
		inv := inverse(typ)
		if len(c.Values) == 0 {
			return `(EXISTS (SELECT 1 FROM relations r WHERE r.entity_id = e.id AND r.type = ? COLLATE NOCASE)
				OR EXISTS (SELECT 1 FROM relations r WHERE r.target = e.key AND r.type = ? COLLATE NOCASE))`, []any{typ, inv}, nil
		}
		args := append([]any{typ}, lowerAll(c.Values)...)
		args = append(args, inv)
		args = append(args, lowerAll(c.Values)...)
		return `(e.id IN (SELECT entity_id FROM relations WHERE type = ? COLLATE NOCASE AND target IN (` + in + `))
			OR e.key IN (SELECT r.target FROM relations r JOIN entities x ON x.id = r.entity_id WHERE r.type = ? COLLATE NOCASE AND x.key IN (` + in + `)))`, args, nil
	}
	path, err := jsonPath(key)
	if err != nil {
		return "", nil, err
	}
	if len(c.Values) == 0 {
		return "json_type(e.doc, ?) IS NOT NULL", []any{path}, nil
	}
	args := append([]any{path}, lowerAll(c.Values)...)
	return `EXISTS (SELECT 1 FROM json_each(e.doc, ?) j WHERE j.type NOT IN ('object', 'array', 'null')
		AND lower(CASE j.type WHEN 'true' THEN 'true' WHEN 'false' THEN 'false' ELSE j.value END) IN (` + in + `))`, args, nil
}

// filterSQL is the SQL of a Backstage filter: any set, every condition of it.
func filterSQL(filter []FilterSet) (string, []any, error) {
	var (
		ors  []string
		args []any
	)
	for _, set := range filter {
		var ands []string
		for _, c := range set {
			q, a, err := condSQL(c)
			if err != nil {
				return "", nil, err
			}
			ands = append(ands, q)
			args = append(args, a...)
		}
		if len(ands) == 0 {
			return "", nil, nil // an empty set matches everything
		}
		ors = append(ors, "("+strings.Join(ands, " AND ")+")")
	}
	return strings.Join(ors, " OR "), args, nil
}

// whereSQL combines filter and full-text search; none says no entity can match.
func whereSQL(filter []FilterSet, fullText string) (where string, args []any, none bool, err error) {
	f, args, err := filterSQL(filter)
	if err != nil {
		return "", nil, false, err
	}
	var parts []string
	if f != "" {
		parts = append(parts, "("+f+")")
	}
	if strings.TrimSpace(fullText) != "" {
		fq := ftsQuery(fullText)
		if fq == "" {
			return "", nil, true, nil
		}
		parts = append(parts, "e.id IN (SELECT rowid FROM entities_fts WHERE entities_fts MATCH ?)")
		args = append(args, fq)
	}
	if len(parts) == 0 {
		return "", args, false, nil
	}
	return " WHERE " + strings.Join(parts, " AND "), args, false, nil
}

func orderSQL(order []OrderField) (string, []any, error) {
	var (
		terms []string
		args  []any
	)
	for _, o := range order {
		dir := "ASC"
		if o.Desc {
			dir = "DESC"
		}
		lk := strings.ToLower(strings.TrimSpace(o.Key))
		if col, ok := queryColumns[lk]; ok {
			terms = append(terms, "nullif("+col+", '') IS NULL", col+" COLLATE NOCASE "+dir)
			continue
		}
		path, err := jsonPath(strings.TrimSpace(o.Key))
		if err != nil {
			return "", nil, err
		}
		terms = append(terms, "json_extract(e.doc, ?) IS NULL", "lower(json_extract(e.doc, ?)) "+dir)
		args = append(args, path, path)
	}
	terms = append(terms, "e.key")
	return " ORDER BY " + strings.Join(terms, ", "), args, nil
}

func (s *sqliteStore) QueryEntities(ctx context.Context, q EntityQuery) (EntityPage, error) {
	where, args, none, err := whereSQL(q.Filter, q.FullText)
	if err != nil || none {
		return EntityPage{}, err
	}
	order, oargs, err := orderSQL(q.Order)
	if err != nil {
		return EntityPage{}, err
	}
	var page EntityPage
	if q.Count {
		if err := s.reader().QueryRowContext(ctx, `SELECT count(*) FROM entities e`+where, args...).Scan(&page.Total); err != nil {
			return EntityPage{}, s.wrap(err)
		}
		if page.Total <= q.Offset {
			return page, nil
		}
	}
	limit := q.Limit
	if limit <= 0 {
		limit = -1
	}
	sqlq := `SELECT e.id, e.key, e.hash, e.doc FROM entities e` + where + order + fmt.Sprintf(" LIMIT %d OFFSET %d", limit, max(q.Offset, 0))
	rows, err := s.apiRows(ctx, sqlq, append(args, oargs...)...)
	if err != nil {
		return EntityPage{}, err
	}
	for _, r := range rows {
		page.Items = append(page.Items, r.doc)
	}
	return page, nil
}

func (s *sqliteStore) EntitiesByRefs(ctx context.Context, refs []string, filter []FilterSet) ([]json.RawMessage, error) {
	keys := make([]string, len(refs))
	for i, ref := range refs {
		r, err := ParseRef(ref, "", DefaultNamespace)
		if err != nil {
			return nil, badQuery("entityRefs[%d]: %v", i, err)
		}
		keys[i] = r.Key()
	}
	where, fargs, err := filterSQL(filter)
	if err != nil {
		return nil, err
	}
	if where != "" {
		where = " AND (" + where + ")"
	}
	found := map[string]json.RawMessage{}
	for chunk := range slices.Chunk(keys, 500) {
		args := make([]any, 0, len(chunk)+len(fargs))
		for _, k := range chunk {
			args = append(args, k)
		}
		rows, err := s.apiRows(ctx, `SELECT e.id, e.key, e.hash, e.doc FROM entities e WHERE e.key IN (`+placeholders(len(chunk), 1)+`)`+where, append(args, fargs...)...)
		if err != nil {
			return nil, err
		}
		for _, r := range rows {
			found[r.key] = r.doc
		}
	}
	out := make([]json.RawMessage, len(keys))
	for i, k := range keys {
		out[i] = found[k]
	}
	return out, nil
}

// uidFor is the metadata.uid of an entity whose document has none: stable
// for its reference, shaped like the UUIDs Backstage gives out.
func uidFor(key string) string {
	sum := sha256.Sum256([]byte("paved-entity:" + key))
	h := hex.EncodeToString(sum[:16])
	return h[0:8] + "-" + h[8:12] + "-" + h[12:16] + "-" + h[16:20] + "-" + h[20:32]
}

func (s *sqliteStore) EntityByUID(ctx context.Context, uid string) (json.RawMessage, error) {
	// Derived uids are not stored: find the key they were derived from.
	rows, err := s.reader().QueryContext(ctx, `SELECT key FROM entities`)
	if err != nil {
		return nil, s.wrap(err)
	}
	var key string
	for rows.Next() {
		var k string
		if err := rows.Scan(&k); err != nil {
			rows.Close()
			return nil, s.wrap(err)
		}
		if uidFor(k) == uid {
			key = k
			break
		}
	}
	rows.Close()
	if err := rows.Err(); err != nil {
		return nil, s.wrap(err)
	}
	q, args := `SELECT e.id, e.key, e.hash, e.doc FROM entities e WHERE e.key = ?`, []any{key}
	if key == "" {
		q, args = `SELECT e.id, e.key, e.hash, e.doc FROM entities e WHERE json_extract(e.doc, '$.metadata.uid') = ?`, []any{uid}
	}
	found, err := s.apiRows(ctx, q, args...)
	if err != nil {
		return nil, err
	}
	if len(found) == 0 {
		return nil, fmt.Errorf("uid %s: %w", uid, ErrNotFound)
	}
	return found[0].doc, nil
}

type apiRow struct {
	key string
	doc json.RawMessage
}

type apiRelation struct {
	Type      string `json:"type"`
	TargetRef string `json:"targetRef"`
	Target    struct {
		Kind      string `json:"kind"`
		Namespace string `json:"namespace"`
		Name      string `json:"name"`
	} `json:"target"`
}

// apiRows runs q (selecting id, key, hash, doc) and writes each entity as
// Backstage's API does, with its relations both ways read in two queries
// for all rows.
func (s *sqliteStore) apiRows(ctx context.Context, q string, args ...any) ([]apiRow, error) {
	type raw struct {
		id             int64
		key, hash, doc string
	}
	var found []raw
	rows, err := s.reader().QueryContext(ctx, q, args...)
	if err != nil {
		return nil, s.wrap(err)
	}
	for rows.Next() {
		var r raw
		if err := rows.Scan(&r.id, &r.key, &r.hash, &r.doc); err != nil {
			rows.Close()
			return nil, s.wrap(err)
		}
		found = append(found, r)
	}
	rows.Close()
	if err := rows.Err(); err != nil {
		return nil, s.wrap(err)
	}
	if len(found) == 0 {
		return nil, nil
	}
	rels, err := s.relationsOf(ctx, func(yield func(id int64, key string)) {
		for _, r := range found {
			yield(r.id, r.key)
		}
	})
	if err != nil {
		return nil, err
	}
	out := make([]apiRow, len(found))
	for i, r := range found {
		doc, err := apiDocument(r.key, r.hash, r.doc, rels[r.key])
		if err != nil {
			return nil, s.wrap(err)
		}
		out[i] = apiRow{key: r.key, doc: doc}
	}
	return out, nil
}

// relationsOf reads the relations, both ways, of the entities each yields.
func (s *sqliteStore) relationsOf(ctx context.Context, each func(yield func(id int64, key string))) (map[string][]apiRelation, error) {
	var ids, keys []any
	byID := map[int64]string{}
	each(func(id int64, key string) {
		ids = append(ids, id)
		keys = append(keys, key)
		byID[id] = key
	})
	out := map[string][]apiRelation{}
	add := func(key, typ, target string) {
		var rel apiRelation
		rel.Type, rel.TargetRef = typ, target
		if r, err := ParseRef(target, "", DefaultNamespace); err == nil {
			rel.Target.Kind, rel.Target.Namespace, rel.Target.Name = strings.ToLower(r.Kind), strings.ToLower(r.Namespace), r.Name
		}
		out[key] = append(out[key], rel)
	}
	for chunk := range slices.Chunk(ids, 500) {
		rows, err := s.reader().QueryContext(ctx, `SELECT entity_id, type, target FROM relations WHERE entity_id IN (`+placeholders(len(chunk), 1)+`)`, chunk...)
		if err != nil {
			return nil, s.wrap(err)
		}
		for rows.Next() {
			var id int64
			var typ, target string
			if err := rows.Scan(&id, &typ, &target); err != nil {
				rows.Close()
				return nil, s.wrap(err)
			}
			add(byID[id], typ, target)
		}
		rows.Close()
		if err := rows.Err(); err != nil {
			return nil, s.wrap(err)
		}
	}
	for chunk := range slices.Chunk(keys, 500) {
		rows, err := s.reader().QueryContext(ctx, `SELECT r.target, `+inverseSQL("r.type")+`, x.key FROM relations r JOIN entities x ON x.id = r.entity_id WHERE r.target IN (`+placeholders(len(chunk), 1)+`)`, chunk...)
		if err != nil {
			return nil, s.wrap(err)
		}
		for rows.Next() {
			var key, typ, source string
			if err := rows.Scan(&key, &typ, &source); err != nil {
				rows.Close()
				return nil, s.wrap(err)
			}
			add(key, typ, source)
		}
		rows.Close()
		if err := rows.Err(); err != nil {
			return nil, s.wrap(err)
		}
	}
	for k, rels := range out {
		slices.SortFunc(rels, func(a, b apiRelation) int {
			return cmpOr(strings.Compare(a.Type, b.Type), strings.Compare(a.TargetRef, b.TargetRef))
		})
		out[k] = slices.CompactFunc(rels, func(a, b apiRelation) bool { return a.Type == b.Type && a.TargetRef == b.TargetRef })
	}
	return out, nil
}

func cmpOr(a, b int) int {
	if a != 0 {
		return a
	}
	return b
}

// apiDocument adds to a stored document what Backstage's API always
// writes: metadata.namespace, metadata.uid, metadata.etag and relations.
func apiDocument(key, hash, doc string, rels []apiRelation) (json.RawMessage, error) {
	dec := json.NewDecoder(strings.NewReader(doc))
	dec.UseNumber()
	var m map[string]any
	if err := dec.Decode(&m); err != nil {
		return nil, fmt.Errorf("stored entity %s: %w", key, err)
	}
	meta, _ := m["metadata"].(map[string]any)
	if meta == nil {
		meta = map[string]any{}
		m["metadata"] = meta
	}
	if ns, _ := meta["namespace"].(string); ns == "" {
		meta["namespace"] = DefaultNamespace
	}
	if uid, _ := meta["uid"].(string); uid == "" {
		meta["uid"] = uidFor(key)
	}
	meta["etag"] = hash
	if rels == nil {
		rels = []apiRelation{}
	}
	m["relations"] = rels
	var b bytes.Buffer
	enc := json.NewEncoder(&b)
	enc.SetEscapeHTML(false)
	if err := enc.Encode(m); err != nil {
		return nil, err
	}
	return bytes.TrimSuffix(b.Bytes(), []byte("\n")), nil
}

func (s *sqliteStore) Facets(ctx context.Context, keys []string, filter []FilterSet) (map[string][]FacetCount, error) {
	where, args, _, err := whereSQL(filter, "")
	if err != nil {
		return nil, err
	}
	and := " WHERE "
	if where != "" {
		and = where + " AND "
	}
	out := map[string][]FacetCount{}
	for _, key := range keys {
		k := strings.TrimSpace(key)
		lk := strings.ToLower(k)
		var q string
		var qargs []any
		switch col, isCol := queryColumns[lk]; {
		case isCol:
			q, qargs = `SELECT `+col+`, count(*) FROM entities e`+and+col+` <> '' GROUP BY `+col, args
		case lk == "metadata.tags":
			q, qargs = `SELECT t.tag, count(*) FROM entity_tags t JOIN entities e ON e.id = t.entity_id`+where+` GROUP BY t.tag`, args
		default:
			if typ, ok := relationType(k); ok {
				q = `SELECT v, count(DISTINCT id) FROM (
					SELECT r.target AS v, e.id AS id FROM relations r JOIN entities e ON e.id = r.entity_id` + and + `r.type = ? COLLATE NOCASE
					UNION ALL
					SELECT x.key AS v, e.id AS id FROM relations r JOIN entities e ON e.key = r.target JOIN entities x ON x.id = r.entity_id` + and + `r.type = ? COLLATE NOCASE)
					GROUP BY v`
				qargs = append(append(append(slices.Clone(args), typ), args...), inverse(typ))
				break
			}
			path, err := jsonPath(k)
			if err != nil {
				return nil, err
			}
			q = `SELECT CASE j.type WHEN 'true' THEN 'true' WHEN 'false' THEN 'false' ELSE j.value END, count(DISTINCT e.id)
				FROM entities e, json_each(e.doc, ?) j` + and + `j.type NOT IN ('object', 'array', 'null') GROUP BY 1`
			qargs = append([]any{path}, args...)
		}
		counts, err := s.facetRows(ctx, q, qargs...)
		if err != nil {
			return nil, err
		}
		out[k] = counts
	}
	return out, nil
}

func (s *sqliteStore) facetRows(ctx context.Context, q string, args ...any) ([]FacetCount, error) {
	rows, err := s.reader().QueryContext(ctx, q, args...)
	if err != nil {
		return nil, s.wrap(err)
	}
	defer rows.Close()
	out := []FacetCount{}
	for rows.Next() {
		var v sql.NullString
		var c FacetCount
		if err := rows.Scan(&v, &c.Count); err != nil {
			return nil, s.wrap(err)
		}
		c.Value = v.String
		out = append(out, c)
	}
	if err := rows.Err(); err != nil {
		return nil, s.wrap(err)
	}
	slices.SortFunc(out, func(a, b FacetCount) int { return cmpOr(b.Count-a.Count, strings.Compare(a.Value, b.Value)) })
	return out, nil
}

// errNotQuerier is returned by [AsQuerier] for stores that cannot run
// entity queries.
var errNotQuerier = errors.New("this catalog store cannot run entity queries")

// AsQuerier returns st as a [Querier], or an error saying it cannot be one.
func AsQuerier(st Store) (Querier, error) {
	if q, ok := st.(Querier); ok {
		return q, nil
	}
	return nil, errNotQuerier
}

func (s *sqliteStore) Origins(ctx context.Context) ([]string, error) {
	rows, err := s.reader().QueryContext(ctx, `SELECT DISTINCT origin FROM entities WHERE origin <> '' ORDER BY origin`)
	if err != nil {
		return nil, s.wrap(err)
	}
	defer rows.Close()
	var out []string
	for rows.Next() {
		var o string
		if err := rows.Scan(&o); err != nil {
			return nil, s.wrap(err)
		}
		out = append(out, o)
	}
	return out, s.wrap(rows.Err())
}
