package catalog

import (
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"fmt"
	"maps"
	"slices"
	"strings"
)

// Entity API versions and kinds paved's catalog reads.
const (
	APIVersion     = "backstage.io/v1alpha1"
	APIVersionBeta = "backstage.io/v1beta1"

	KindComponent = "Component"
	KindAPI       = "API"
	KindSystem    = "System"
	KindDomain    = "Domain"
	KindResource  = "Resource"
	KindGroup     = "Group"
	KindUser      = "User"
	KindLocation  = "Location"

	// APIVersionScaffolder and KindTemplate are the scaffolder's software
	// templates, as @backstage/plugin-scaffolder-common validates them.
	APIVersionScaffolder = "scaffolder.backstage.io/v1beta3"
	KindTemplate         = "Template"
)

// DefaultNamespace is the namespace of an entity that names none.
const DefaultNamespace = "default"

// Annotations paved reads or writes.
const (
	// AnnotationLocation is where the entity was read from: "file:/abs/dir"
	// for a registered directory, "file:/abs/file" for an imported file,
	// "url:SOURCE" for a git source.
	AnnotationLocation = "backstage.io/managed-by-location"
	// AnnotationOriginLocation is the location that was registered or
	// imported and led to this entity; orphans are found per origin.
	AnnotationOriginLocation = "backstage.io/managed-by-origin-location"
	// AnnotationSourceLocation is where the entity's source code lives.
	AnnotationSourceLocation = "backstage.io/source-location"
	// AnnotationCommit is the git commit the entity was read at.
	AnnotationCommit = "paved.dev/commit"
)

// Kinds lists every kind the catalog accepts, in the order paved prints them.
func Kinds() []string {
	return []string{KindDomain, KindSystem, KindComponent, KindAPI, KindResource, KindGroup, KindUser, KindLocation, KindTemplate}
}

// Entity is one catalog entity: Backstage's envelope with typed metadata and
// the spec kept as read, so that no field is lost on a round trip.
type Entity struct {
	APIVersion string
	Kind       string
	Metadata   Metadata
	Spec       map[string]any
	// Extra holds top-level fields other than apiVersion, kind, metadata,
	// spec and relations (Backstage's status, for instance).
	Extra map[string]any
	// Relations are derived from the spec (see [Entity.OwnRelations]) and,
	// when read from a [Store], include those other entities point here.
	Relations []Relation

	// Where the entity was read from, for error messages and reports.
	File string // path of the file as given
	Doc  int    // 1-based document index in File
	Line int    // line of the document's first key

	// enc is the stored form, computed ahead by [Import] on its parsing
	// goroutines so the single writer only writes; anything that changes
	// the entity through its methods clears it.
	enc *encoded
	// takeover lets [Store.Upsert] move the entity from the location that
	// manages it to this one, instead of reporting a conflict.
	takeover bool
}

// encoded is an entity as the store keeps it: its JSON document, hash and
// the values of its indexed columns, tags, relations and search row.
type encoded struct {
	doc, hash            string
	ref                  Ref
	refStr, key          string
	title, owner, system string
	tags                 []string // lowercase
	edges                []Edge   // declared relations, targets lowercase
	ftsName, ftsTags     string
}

// encode returns e as the store keeps it, computing it unless [Import]
// already did.
func (e *Entity) encode() (*encoded, error) {
	if e.enc != nil {
		return e.enc, nil
	}
	doc, err := json.Marshal(e.Document())
	if err != nil {
		return nil, err
	}
	sum := sha256.Sum256(doc)
	ref := e.Ref()
	enc := &encoded{
		doc: string(doc), hash: hex.EncodeToString(sum[:16]),
		ref: ref, refStr: ref.String(), key: ref.Key(),
		title: e.DisplayTitle(), owner: strings.ToLower(e.Owner()), system: strings.ToLower(e.System()),
		ftsName: ftsName(ref.Name),
	}
	t := e.Tags()
	enc.ftsTags = strings.Join(t, " ")
	for _, tag := range t {
		enc.tags = append(enc.tags, strings.ToLower(tag))
	}
	// Only the relations e declares are stored; their inverses are derived
	// when read, through the index on target.
	for _, ed := range e.ownEdges() {
		ed.Target = strings.ToLower(ed.Target)
		enc.edges = append(enc.edges, ed)
	}
	return enc, nil
}

// Metadata is Backstage's common metadata block.
type Metadata struct {
	Name        string
	Namespace   string
	Title       string
	Description string
	Labels      map[string]string
	Annotations map[string]string
	Tags        []string
	Links       []Link
	// Extra holds metadata fields paved does not interpret (uid, etag, …).
	Extra map[string]any
}

// Link is an entry of metadata.links.
type Link struct {
	URL   string `json:"url" yaml:"url"`
	Title string `json:"title,omitempty" yaml:"title,omitempty"`
	Icon  string `json:"icon,omitempty" yaml:"icon,omitempty"`
	Type  string `json:"type,omitempty" yaml:"type,omitempty"`
	// Extra holds the link's other keys, which Backstage allows and keeps.
	Extra map[string]any `json:"-" yaml:"-"`
}

// MarshalJSON writes the link with its extra keys.
func (l Link) MarshalJSON() ([]byte, error) {
	m := maps.Clone(l.Extra)
	if m == nil {
		m = map[string]any{}
	}
	m["url"] = l.URL
	for k, v := range map[string]string{"title": l.Title, "icon": l.Icon, "type": l.Type} {
		if v != "" {
			m[k] = v
		}
	}
	return json.Marshal(m)
}

// Ref is an entity reference: kind, namespace and name.
type Ref struct {
	Kind, Namespace, Name string
}

// String formats r as Backstage does: "component:default/orders", kind and
// namespace lower-cased.
func (r Ref) String() string {
	return strings.ToLower(r.Kind) + ":" + strings.ToLower(r.Namespace) + "/" + r.Name
}

// Key is the case-insensitive identity of r: two entities with the same key
// are the same entity.
func (r Ref) Key() string { return strings.ToLower(r.String()) }

// Short formats r for humans: the namespace is left out when it is the default.
func (r Ref) Short() string {
	if strings.EqualFold(r.Namespace, DefaultNamespace) {
		return strings.ToLower(r.Kind) + ":" + r.Name
	}
	return r.String()
}

// ParseRef parses "[kind:][namespace/]name". defaultKind and
// defaultNamespace fill in what the reference leaves out; a reference with no
// kind and no defaultKind is an error.
func ParseRef(s, defaultKind, defaultNamespace string) (Ref, error) {
	s = strings.TrimSpace(s)
	var r Ref
	rest := s
	if i := strings.Index(rest, ":"); i >= 0 {
		r.Kind, rest = rest[:i], rest[i+1:]
		if r.Kind == "" {
			return Ref{}, fmt.Errorf("entity reference %q has an empty kind", s)
		}
	} else {
		r.Kind = defaultKind
	}
	if i := strings.Index(rest, "/"); i >= 0 {
		r.Namespace, rest = rest[:i], rest[i+1:]
		if r.Namespace == "" {
			return Ref{}, fmt.Errorf("entity reference %q has an empty namespace", s)
		}
	} else {
		r.Namespace = defaultNamespace
	}
	r.Name = rest
	switch {
	case r.Name == "":
		return Ref{}, fmt.Errorf("entity reference %q has no name", s)
	case strings.ContainsAny(r.Name, ":/"):
		return Ref{}, fmt.Errorf("entity reference %q is not [kind:][namespace/]name", s)
	case r.Kind == "":
		return Ref{}, fmt.Errorf("entity reference %q needs a kind, as in component:%s", s, s)
	}
	if r.Namespace == "" {
		r.Namespace = DefaultNamespace
	}
	return r, nil
}

// Ref is e's own reference.
func (e *Entity) Ref() Ref {
	ns := e.Metadata.Namespace
	if ns == "" {
		ns = DefaultNamespace
	}
	return Ref{Kind: e.Kind, Namespace: ns, Name: e.Metadata.Name}
}

// SpecString returns spec[key] when it is a string, else "".
func (e *Entity) SpecString(key string) string {
	s, _ := e.Spec[key].(string)
	return s
}

// SpecStrings returns spec[key] as a list of strings (non-strings skipped).
func (e *Entity) SpecStrings(key string) []string {
	switch v := e.Spec[key].(type) {
	case []any:
		out := make([]string, 0, len(v))
		for _, x := range v {
			if s, ok := x.(string); ok {
				out = append(out, s)
			}
		}
		return out
	case []string:
		return v
	}
	return nil
}

// Type is spec.type.
func (e *Entity) Type() string { return e.SpecString("type") }

// Lifecycle is spec.lifecycle.
func (e *Entity) Lifecycle() string { return e.SpecString("lifecycle") }

// Owner is spec.owner as a full reference ("group:default/payments"), or ""
// when the entity names no owner.
func (e *Entity) Owner() string { return e.refField("owner", KindGroup) }

// System is spec.system as a full reference, or "".
func (e *Entity) System() string { return e.refField("system", KindSystem) }

func (e *Entity) refField(key, kind string) string {
	s := e.SpecString(key)
	if s == "" {
		return ""
	}
	r, err := ParseRef(s, kind, e.Ref().Namespace)
	if err != nil {
		return s
	}
	return r.String()
}

// DisplayTitle is metadata.title, else a User's or Group's
// spec.profile.displayName, else "".
func (e *Entity) DisplayTitle() string {
	if e.Metadata.Title != "" {
		return e.Metadata.Title
	}
	if p, ok := e.Spec["profile"].(map[string]any); ok {
		if s, ok := p["displayName"].(string); ok {
			return s
		}
	}
	return ""
}

// Location is the annotation saying where the entity was read from.
func (e *Entity) Location() string { return e.Metadata.Annotations[AnnotationLocation] }

// OriginLocation is the registered or imported location that led to e.
func (e *Entity) OriginLocation() string {
	if o := e.Metadata.Annotations[AnnotationOriginLocation]; o != "" {
		return o
	}
	return e.Location()
}

// Commit is the git commit e was read at, or "".
func (e *Entity) Commit() string { return e.Metadata.Annotations[AnnotationCommit] }

// SourceLocation is where e's code lives, without Backstage's "url:" or
// "dir:" prefix: backstage.io/source-location when set, else the directory
// (or git source) of backstage.io/managed-by-location. It is what `paved
// score --catalog` scores; "" when the entity has neither annotation.
func (e *Entity) SourceLocation() string {
	if s := e.Metadata.Annotations[AnnotationSourceLocation]; s != "" {
		return trimLocationType(s)
	}
	loc := trimLocationType(e.Location())
	if loc == "" {
		return ""
	}
	if isCatalogFileName(loc) { // an imported file: its folder
		if i := strings.LastIndexAny(loc, `/\`); i > 0 {
			loc = loc[:i]
			if strings.HasPrefix(e.Location(), "url:") {
				loc = strings.TrimSuffix(loc, "/") // git::URL//catalog-info.yaml is the repository
			}
		}
	}
	return loc
}

// LocalDir is the folder e was registered or imported from on this machine
// (a file: managed-by-location, or the folder of its catalog file), "" when
// it came from elsewhere. `paved score --catalog` prefers it while it exists:
// a service just generated is scored as it is on disk, before its
// source-location repository has been pushed.
func (e *Entity) LocalDir() string {
	loc := e.Location()
	if !strings.HasPrefix(loc, "file:") {
		return ""
	}
	loc = trimLocationType(loc)
	if isCatalogFileName(loc) {
		if i := strings.LastIndexAny(loc, `/\`); i > 0 {
			loc = loc[:i]
		}
	}
	return loc
}

func trimLocationType(s string) string {
	for _, p := range []string{"url:", "file:", "dir:"} {
		if strings.HasPrefix(s, p) {
			return s[len(p):]
		}
	}
	return s
}

// setAnnotation sets an annotation, creating the map when needed.
func (e *Entity) setAnnotation(key, value string) {
	if e.Metadata.Annotations == nil {
		e.Metadata.Annotations = map[string]string{}
	}
	if value == "" {
		delete(e.Metadata.Annotations, key)
		return
	}
	e.Metadata.Annotations[key] = value
}

// SetSource records where e came from: its location, the origin that was
// registered or imported, and the git commit ("" for a directory).
func (e *Entity) SetSource(location, origin, commit string) {
	e.enc = nil
	e.setAnnotation(AnnotationLocation, location)
	e.setAnnotation(AnnotationOriginLocation, origin)
	e.setAnnotation(AnnotationCommit, commit)
}

// WithoutSource returns a copy of e without the annotations paved adds when
// it registers an entity; export writes this.
func (e *Entity) WithoutSource() *Entity {
	c := *e
	c.enc = nil
	c.Metadata.Annotations = maps.Clone(e.Metadata.Annotations)
	for _, k := range []string{AnnotationLocation, AnnotationOriginLocation, AnnotationCommit} {
		delete(c.Metadata.Annotations, k)
	}
	if len(c.Metadata.Annotations) == 0 {
		c.Metadata.Annotations = nil
	}
	c.Relations = nil
	return &c
}

// Document returns e as a Backstage document (apiVersion, kind, metadata,
// spec and any extra fields), without relations.
func (e *Entity) Document() map[string]any {
	doc := maps.Clone(e.Extra)
	if doc == nil {
		doc = map[string]any{}
	}
	doc["apiVersion"] = e.APIVersion
	doc["kind"] = e.Kind
	doc["metadata"] = e.Metadata.document()
	if e.Spec != nil {
		doc["spec"] = e.Spec
	}
	return doc
}

func (m *Metadata) document() map[string]any {
	doc := maps.Clone(m.Extra)
	if doc == nil {
		doc = map[string]any{}
	}
	doc["name"] = m.Name
	if m.Namespace != "" {
		doc["namespace"] = m.Namespace
	}
	if m.Title != "" {
		doc["title"] = m.Title
	}
	if m.Description != "" {
		doc["description"] = m.Description
	}
	if len(m.Labels) > 0 {
		doc["labels"] = m.Labels
	}
	if len(m.Annotations) > 0 {
		doc["annotations"] = m.Annotations
	}
	if len(m.Tags) > 0 {
		doc["tags"] = m.Tags
	}
	if len(m.Links) > 0 {
		doc["links"] = m.Links
	}
	return doc
}

// MarshalJSON writes e as Backstage's API does: the document plus its
// relations as {type, targetRef}.
func (e *Entity) MarshalJSON() ([]byte, error) {
	doc := e.Document()
	if len(e.Relations) > 0 {
		doc["relations"] = e.Relations
	}
	return json.Marshal(doc)
}

// UnmarshalJSON reads what [Entity.MarshalJSON] writes.
func (e *Entity) UnmarshalJSON(data []byte) error {
	var doc map[string]any
	if err := json.Unmarshal(data, &doc); err != nil {
		return err
	}
	var rels []Relation
	if raw, ok := doc["relations"]; ok {
		b, _ := json.Marshal(raw)
		if err := json.Unmarshal(b, &rels); err != nil {
			return fmt.Errorf("relations: %w", err)
		}
		delete(doc, "relations")
	}
	ent, errs := decodeDocument(doc, nil, false)
	if len(errs) > 0 {
		return errs[0]
	}
	*e = *ent
	e.Relations = rels
	return nil
}

// Tags returns a sorted copy of metadata.tags.
func (e *Entity) Tags() []string {
	t := slices.Clone(e.Metadata.Tags)
	slices.Sort(t)
	return t
}
