package catalog

import (
	"encoding/json"
	"fmt"
	"slices"
	"strings"
)

// fieldKind is the shape of a spec field.
type fieldKind int

const (
	fieldString fieldKind = iota
	fieldStrings
	fieldRef
	fieldRefs
	fieldAny
	// fieldLooseRefs is a relation field the kind's schema leaves open
	// (dependencyOf): a reference or a list of them, each read as
	// Backstage's parseEntityRef reads it.
	fieldLooseRefs
	// fieldProfile is a user or group profile: a mapping whose displayName,
	// email and picture, when given, are non-empty strings.
	fieldProfile
	// fieldPresence is a Location's presence: required or optional.
	fieldPresence
)

// specField describes one spec field of a kind, as Backstage's kind schemas
// and BuiltinKindsEntityProcessor do: its shape, whether it is required, the
// kind a reference defaults to ("" means the reference must name its kind),
// and the relations it produces (relation from this entity, inverse back).
type specField struct {
	key         string
	shape       fieldKind
	required    bool
	defaultKind string
	relation    string
	inverse     string
}

// Relation types, as Backstage names them.
const (
	RelOwnedBy       = "ownedBy"
	RelOwnerOf       = "ownerOf"
	RelPartOf        = "partOf"
	RelHasPart       = "hasPart"
	RelDependsOn     = "dependsOn"
	RelDependencyOf  = "dependencyOf"
	RelProvidesAPI   = "providesApi"
	RelAPIProvidedBy = "apiProvidedBy"
	RelConsumesAPI   = "consumesApi"
	RelAPIConsumedBy = "apiConsumedBy"
	RelMemberOf      = "memberOf"
	RelHasMember     = "hasMember"
	RelChildOf       = "childOf"
	RelParentOf      = "parentOf"
)

func ownerField() specField {
	return specField{key: "owner", shape: fieldRef, required: true, defaultKind: KindGroup, relation: RelOwnedBy, inverse: RelOwnerOf}
}

func systemField() specField {
	return specField{key: "system", shape: fieldRef, defaultKind: KindSystem, relation: RelPartOf, inverse: RelHasPart}
}

func dependsFields() []specField {
	return []specField{
		{key: "dependsOn", shape: fieldRefs, relation: RelDependsOn, inverse: RelDependencyOf},
		{key: "dependencyOf", shape: fieldLooseRefs, relation: RelDependencyOf, inverse: RelDependsOn},
	}
}

// specFields maps each kind to its spec fields; read-only, built once
// because validation and relations look them up for every entity.
var specFields = func() map[string][]specField {
	m := map[string][]specField{}
	for _, k := range Kinds() { // Template included
		m[k] = buildKindFields(k)
	}
	return m
}()

// kindFields lists the spec fields of kind, or nil for an unknown kind.
// Callers must not modify the list.
func kindFields(kind string) []specField { return specFields[kind] }

func buildKindFields(kind string) []specField {
	switch kind {
	case KindComponent:
		return append([]specField{
			{key: "type", shape: fieldString, required: true},
			{key: "lifecycle", shape: fieldString, required: true},
			ownerField(), systemField(),
			{key: "subcomponentOf", shape: fieldRef, defaultKind: KindComponent, relation: RelPartOf, inverse: RelHasPart},
			{key: "providesApis", shape: fieldRefs, defaultKind: KindAPI, relation: RelProvidesAPI, inverse: RelAPIProvidedBy},
			{key: "consumesApis", shape: fieldRefs, defaultKind: KindAPI, relation: RelConsumesAPI, inverse: RelAPIConsumedBy},
		}, dependsFields()...)
	case KindAPI:
		return []specField{
			{key: "type", shape: fieldString, required: true},
			{key: "lifecycle", shape: fieldString, required: true},
			ownerField(), systemField(),
			{key: "definition", shape: fieldString, required: true},
		}
	case KindResource:
		return append([]specField{
			{key: "type", shape: fieldString, required: true},
			ownerField(), systemField(),
		}, dependsFields()...)
	case KindSystem:
		return []specField{
			ownerField(),
			{key: "domain", shape: fieldRef, defaultKind: KindDomain, relation: RelPartOf, inverse: RelHasPart},
			{key: "type", shape: fieldString},
		}
	case KindDomain:
		return []specField{
			ownerField(),
			{key: "subdomainOf", shape: fieldRef, defaultKind: KindDomain, relation: RelPartOf, inverse: RelHasPart},
			{key: "type", shape: fieldString},
		}
	case KindGroup:
		return []specField{
			{key: "type", shape: fieldString, required: true},
			{key: "profile", shape: fieldProfile},
			{key: "parent", shape: fieldRef, defaultKind: KindGroup, relation: RelChildOf, inverse: RelParentOf},
			{key: "children", shape: fieldRefs, required: true, defaultKind: KindGroup, relation: RelParentOf, inverse: RelChildOf},
			{key: "members", shape: fieldRefs, defaultKind: KindUser, relation: RelHasMember, inverse: RelMemberOf},
		}
	case KindUser:
		return []specField{
			{key: "profile", shape: fieldProfile},
			{key: "memberOf", shape: fieldRefs, required: true, defaultKind: KindGroup, relation: RelMemberOf, inverse: RelHasMember},
		}
	case KindLocation:
		return []specField{
			{key: "type", shape: fieldString},
			{key: "target", shape: fieldString},
			{key: "targets", shape: fieldStrings},
			{key: "presence", shape: fieldPresence},
		}
	case KindTemplate:
		return []specField{
			{key: "type", shape: fieldString, required: true},
			{key: "lifecycle", shape: fieldString},
			{key: "owner", shape: fieldRef, defaultKind: KindGroup, relation: RelOwnedBy, inverse: RelOwnerOf},
			{key: "steps", shape: fieldAny, required: true},
		}
	}
	return nil
}

type validator struct {
	fail func(p fieldPath, msg, fix string) *Error
	errs Errors
}

func (v *validator) add(p fieldPath, msg, fix string) { v.errs = append(v.errs, v.fail(p, msg, fix)) }

func (v *validator) str(p fieldPath, val any) string {
	s, ok := val.(string)
	if !ok {
		v.add(p, fmt.Sprintf("must be a string, not %s", describe(val)), "quote the value")
	}
	return s
}

func describe(val any) string {
	switch val.(type) {
	case nil:
		return "empty"
	case map[string]any:
		return "a mapping"
	case []any:
		return "a list"
	case bool:
		return "a boolean"
	case int, int64, uint64, float64:
		return "a number"
	}
	return fmt.Sprintf("%T", val)
}

func (v *validator) metadata(m map[string]any) Metadata {
	var md Metadata
	base := fieldPath{"metadata"}
	for k, val := range m {
		p := base.add(k)
		if ph, ok := urlPlaceholder(val); ok && (ph.text && (k == "title" || k == "description") || !ph.text && (k == "labels" || k == "annotations")) {
			// Text read from a URL when fetched: kept as the reference.
			if md.Extra == nil {
				md.Extra = map[string]any{}
			}
			md.Extra[k] = val
			continue
		}
		switch k {
		case "name":
			md.Name = v.str(p, val)
		case "namespace":
			md.Namespace = v.str(p, val)
		case "title":
			md.Title = v.str(p, val)
			if md.Title == "" && val != nil {
				v.add(p, "must not be empty (Backstage requires at least one character)", "remove title or give one")
			}
		case "description":
			md.Description = v.str(p, val)
		case "uid", "etag":
			if s := v.str(p, val); s == "" && val != nil {
				v.add(p, "must not be empty", "remove "+k)
			}
			if md.Extra == nil {
				md.Extra = map[string]any{}
			}
			md.Extra[k] = val
		case "labels", "annotations":
			mm, ok := val.(map[string]any)
			if !ok {
				v.add(p, fmt.Sprintf("must be a mapping of strings, not %s", describe(val)), "write "+k+": {key: value}")
				continue
			}
			out := make(map[string]string, len(mm))
			for mk, mv := range mm {
				s, ok := mv.(string)
				if !ok {
					v.add(p.add(mk), fmt.Sprintf("must be a string, not %s", describe(mv)), fmt.Sprintf("quote the value: %s: %q", mk, fmt.Sprint(mv)))
					continue
				}
				out[mk] = s
			}
			if k == "labels" {
				md.Labels = out
			} else {
				md.Annotations = out
			}
		case "tags":
			list, ok := val.([]any)
			if !ok {
				v.add(p, "must be a list of strings", "write tags: [java, data]")
				continue
			}
			for i, t := range list {
				md.Tags = append(md.Tags, v.str(p.add(i), t))
			}
		case "links":
			list, ok := val.([]any)
			if !ok {
				v.add(p, "must be a list of {url, title, icon, type}", "write links: [{url: https://..., title: Runbook}]")
				continue
			}
			for i, l := range list {
				md.Links = append(md.Links, v.link(p.add(i), l))
			}
		default:
			if md.Extra == nil {
				md.Extra = map[string]any{}
			}
			md.Extra[k] = val
		}
	}
	return md
}

// link checks one entry of metadata.links as Backstage's schema and
// FieldFormatEntityPolicy do: url a URL (new URL(url) must succeed), title
// and icon non-blank, type non-empty; other keys are kept.
func (v *validator) link(p fieldPath, val any) Link {
	m, ok := val.(map[string]any)
	if !ok {
		v.add(p, fmt.Sprintf("must be a mapping with url and optional title, icon, type, not %s", describe(val)), "write - {url: https://..., title: Runbook}")
		return Link{}
	}
	var l Link
	for k, x := range m {
		switch k {
		case "url":
			l.URL = v.str(p.add(k), x)
		case "title", "icon", "type":
			s := v.str(p.add(k), x)
			_, isStr := x.(string)
			switch {
			case !isStr: // reported by str
			case s == "":
				v.add(p.add(k), "must not be empty", "remove "+k+" or give one")
			case k != "type" && strings.TrimSpace(s) == "":
				// FieldFormatEntityPolicy trims title and icon, not type.
				v.add(p.add(k), fmt.Sprintf("%q is not valid; expected a non empty string", s), "remove "+k+" or give one")
			}
			switch k {
			case "title":
				l.Title = s
			case "icon":
				l.Icon = s
			default:
				l.Type = s
			}
		default:
			if l.Extra == nil {
				l.Extra = map[string]any{}
			}
			l.Extra[k] = x
		}
	}
	switch u, set := m["url"]; {
	case !set || u == nil:
		v.add(p.add("url"), "is required", "give the link's url, e.g. url: https://example.com/runbook")
	case l.URL == "":
		if _, isStr := u.(string); isStr {
			v.add(p.add("url"), "must not be empty", "give the link's url, e.g. url: https://example.com/runbook")
		}
	case !isValidURL(l.URL):
		v.add(p.add("url"), fmt.Sprintf("%q is not valid; expected a string that is a valid url (an absolute URL with a scheme)", l.URL),
			"write an absolute URL such as https://example.com"+strings.TrimPrefix(l.URL, "."))
	}
	return l
}

// recognized reports whether Backstage has a processor for the entity's
// apiVersion and kind: the builtin kinds under backstage.io/v1alpha1 or
// v1beta1, and Templates under scaffolder.backstage.io/v1beta3.
func recognized(apiVersion, kind string) bool {
	if kind == KindTemplate {
		return apiVersion == APIVersionScaffolder
	}
	return (apiVersion == APIVersion || apiVersion == APIVersionBeta) && kindFields(kind) != nil
}

// entity checks the envelope, metadata formats and the kind's spec.
func (v *validator) entity(e *Entity, doc map[string]any) {
	for k := range doc {
		switch k {
		case "apiVersion", "kind", "metadata", "spec":
		default:
			v.add(fieldPath{k}, fmt.Sprintf("Unknown field %s: a catalog entity has only apiVersion, kind, metadata and spec", k),
				"remove "+k+" (Backstage derives relations and status itself; move other data under metadata or spec)")
		}
	}
	switch {
	case e.APIVersion == "" && doc["apiVersion"] == nil:
		v.add(fieldPath{"apiVersion"}, "is required", "add apiVersion: "+APIVersion)
	case e.APIVersion == "":
		if _, isStr := doc["apiVersion"].(string); isStr {
			v.add(fieldPath{"apiVersion"}, "must not be empty", "add apiVersion: "+APIVersion)
		}
	case !isValidAPIVersion(e.APIVersion):
		v.add(fieldPath{"apiVersion"}, fmt.Sprintf("%q is not valid; expected a valid prefix and/or suffix (group/version)", e.APIVersion), "use apiVersion: "+APIVersion)
	}
	switch {
	case e.Kind == "" && doc["kind"] == nil:
		v.add(fieldPath{"kind"}, "is required", "add kind: Component (or API, System, Domain, Resource, Group, User, Location, Template)")
	case e.Kind == "":
		if _, isStr := doc["kind"].(string); isStr {
			v.add(fieldPath{"kind"}, "must not be empty", "add kind: Component")
		}
	case !isValidKind(e.Kind):
		v.add(fieldPath{"kind"}, fmt.Sprintf("%q is not valid; expected a string that is a sequence of [a-zA-Z][a-z0-9A-Z], at most 63 characters in total", e.Kind), "")
	}
	if _, ok := doc["metadata"]; !ok {
		v.add(fieldPath{"metadata"}, "is required", "add metadata: {name: ...}")
		return
	}
	md := &e.Metadata
	mp := fieldPath{"metadata"}
	rawMeta, _ := doc["metadata"].(map[string]any)
	switch name, set := rawMeta["name"]; {
	case !set || name == nil:
		v.add(mp.add("name"), "is required", "add metadata.name, e.g. name: orders")
	case md.Name == "":
		if _, isStr := name.(string); isStr {
			v.add(mp.add("name"), "must not be empty", "add metadata.name, e.g. name: orders")
		}
	case !IsValidName(md.Name):
		v.add(mp.add("name"), fmt.Sprintf("%q is not a valid name: %s", md.Name, ruleName), "e.g. name: orders-api")
	}
	if ns, set := rawMeta["namespace"]; set && ns != nil && !IsValidNamespace(md.Namespace) {
		if _, isStr := ns.(string); isStr {
			v.add(mp.add("namespace"), fmt.Sprintf("%q is not a valid namespace: %s", md.Namespace, ruleNamespace), "e.g. namespace: default")
		}
	}
	for _, k := range sortedKeys(md.Labels) {
		if !IsValidKey(k) {
			v.add(mp.add("labels").add(k), fmt.Sprintf("%q is not a valid label key: %s", k, ruleKey), "e.g. paved.dev/tier")
		}
		if !IsValidLabelValue(md.Labels[k]) {
			v.add(mp.add("labels").add(k), fmt.Sprintf("%q is not a valid label value: %s", md.Labels[k], ruleLabel), "move free text to an annotation")
		}
	}
	for _, k := range sortedKeys(md.Annotations) {
		if !IsValidKey(k) {
			v.add(mp.add("annotations").add(k), fmt.Sprintf("%q is not a valid annotation key: %s", k, ruleKey), "e.g. github.com/project-slug")
		}
	}
	if tags, ok := rawMeta["tags"].([]any); ok {
		for i, t := range tags {
			if s, isStr := t.(string); isStr && !IsValidTag(s) {
				v.add(mp.add("tags").add(i), fmt.Sprintf("%q is not a valid tag: %s", s, ruleTag), "e.g. "+suggestTag(s))
			}
		}
	}
	sp := fieldPath{"spec"}
	if ph, ok := urlPlaceholder(e.Spec); ok && ph.text {
		v.add(sp, fmt.Sprintf("must be a mapping, not the text %s reads", ph.Kind), "use $json or $yaml to read a whole spec, or write the spec here")
		return
	}
	if e.Spec == nil {
		if _, ok := doc["spec"]; !ok && recognized(e.APIVersion, e.Kind) {
			v.add(sp, "is required for kind "+e.Kind, "add spec with "+strings.Join(requiredKeys(kindFields(e.Kind)), ", "))
			return
		}
	}
	if e.APIVersion == "" || e.Kind == "" || !isValidKind(e.Kind) {
		return
	}
	if !recognized(e.APIVersion, e.Kind) {
		ns := md.Namespace
		if ns == "" {
			ns = DefaultNamespace
		}
		v.add(fieldPath{"kind"}, fmt.Sprintf("No processor recognized the entity %s:%s/%s as valid, possibly caused by a foreign kind or apiVersion (%s %s)", e.Kind, ns, md.Name, e.APIVersion, e.Kind),
			kindHint(e.APIVersion, e.Kind))
		return
	}
	if e.Spec == nil {
		return
	}
	v.spec(e, kindFields(e.Kind))
	if e.Kind == KindTemplate {
		v.templateSpec(e.Spec)
	}
}

// kindHint suggests the apiVersion or kind Backstage reads.
func kindHint(apiVersion, kind string) string {
	for _, k := range Kinds() {
		if strings.EqualFold(k, kind) && k != kind {
			return "kinds are case-sensitive: write kind: " + k
		}
	}
	switch {
	case strings.EqualFold(kind, KindTemplate):
		return "templates use apiVersion: " + APIVersionScaffolder
	case kindFields(kind) != nil:
		return "use apiVersion: " + APIVersion
	}
	return "use one of " + strings.Join(Kinds(), ", ") + ", or declare the kind in the config (catalog.kinds)"
}

// spec checks the kind's spec fields as its JSON schema does, and each
// reference as the relation processor reads it.
func (v *validator) spec(e *Entity, fields []specField) {
	sp := fieldPath{"spec"}
	ns := e.Ref().Namespace
	for _, f := range fields {
		val, ok := e.Spec[f.key]
		p := sp.add(f.key)
		if !ok {
			if f.required {
				v.add(p, fmt.Sprintf("is required for kind %s", e.Kind), requiredFix(e.Kind, f))
			}
			continue
		}
		switch f.shape {
		case fieldString, fieldRef:
			s, isStr := val.(string)
			if !isStr {
				if ph, ok := urlPlaceholder(val); ok && f.shape == fieldString && ph.text {
					continue // a URL read as text when fetched: a string
				}
				fix := "quote the value"
				if f.key == "definition" {
					fix = "write definition: {$text: ./openapi.yaml} or the definition as a string"
				}
				v.add(p, fmt.Sprintf("must be a string, not %s", describe(val)), fix)
				continue
			}
			if s == "" {
				v.add(p, "must not be empty", requiredFix(e.Kind, f))
				continue
			}
			if f.shape == fieldRef {
				v.ref(p, s, f, ns)
			}
		case fieldStrings, fieldRefs:
			list, ok := val.([]any)
			if !ok {
				v.add(p, fmt.Sprintf("must be a list, not %s", describe(val)), fmt.Sprintf("write %s: [...]", f.key))
				continue
			}
			for i, x := range list {
				s, ok := x.(string)
				if !ok || s == "" {
					v.add(p.add(i), "must be a non-empty string", "")
					continue
				}
				if f.shape == fieldRefs {
					v.ref(p.add(i), s, f, ns)
				}
			}
		case fieldLooseRefs:
			v.looseRefs(p, val, f, ns)
		case fieldProfile:
			m, ok := val.(map[string]any)
			if !ok {
				v.add(p, fmt.Sprintf("must be a mapping, not %s", describe(val)), "write profile: {displayName: ..., email: ...}")
				continue
			}
			for _, k := range []string{"displayName", "email", "picture"} {
				if x, set := m[k]; set {
					if s, isStr := x.(string); !isStr || s == "" {
						v.add(p.add(k), "must be a non-empty string", "")
					}
				}
			}
		case fieldPresence:
			if s, _ := val.(string); s != "required" && s != "optional" {
				v.add(p, fmt.Sprintf("must be required or optional, not %v", val), "write presence: required (or optional)")
			}
		}
	}
}

// looseRefs checks a field no schema types (dependencyOf) as the relation
// processor reads it: nothing when empty, else one reference or a list.
func (v *validator) looseRefs(p fieldPath, val any, f specField, ns string) {
	if isFalsy(val) {
		return
	}
	list, ok := val.([]any)
	if !ok {
		list = []any{val}
		p = p[:len(p):len(p)]
	}
	for i, x := range list {
		q := p
		if ok {
			q = p.add(i)
		}
		switch x := x.(type) {
		case string:
			if x == "" {
				v.add(q, "Entity reference must not be empty", "remove the empty entry")
				continue
			}
			v.ref(q, x, f, ns)
		case map[string]any:
			kind, _ := x["kind"].(string)
			if x["kind"] == nil {
				kind = f.defaultKind
			}
			name, _ := x["name"].(string)
			if kind == "" && !truthy(x["kind"]) || name == "" && !truthy(x["name"]) || x["namespace"] != nil && !truthy(x["namespace"]) {
				v.add(q, "must be an entity reference [kind:][namespace/]name, or {kind, namespace, name}", "write "+f.key+": [component:name]")
			}
		default:
			v.add(q, fmt.Sprintf("must be an entity reference, not %s", describe(x)), "write "+f.key+": [component:name]")
		}
	}
}

// isFalsy is JavaScript's !value for a decoded YAML value.
func isFalsy(v any) bool {
	switch x := v.(type) {
	case nil:
		return true
	case bool:
		return !x
	case string:
		return x == ""
	case int:
		return x == 0
	case int64:
		return x == 0
	case uint64:
		return x == 0
	case float64:
		return x == 0 || x != x
	}
	return false
}

func truthy(v any) bool { return !isFalsy(v) }

func (v *validator) ref(p fieldPath, s string, f specField, ns string) {
	if _, err := parseBackstageRef(s, f.defaultKind, ns); err != nil {
		fix := "write [kind:][namespace/]name"
		if f.defaultKind == "" {
			fix = fmt.Sprintf("%s needs the kind, e.g. component:%s or resource:%s", f.key, s, s)
		}
		v.add(p, err.Error(), fix)
	}
}

func requiredKeys(fields []specField) []string {
	var out []string
	for _, f := range fields {
		if f.required {
			out = append(out, f.key)
		}
	}
	return out
}

func requiredFix(kind string, f specField) string {
	switch f.key {
	case "owner":
		return "add spec.owner, e.g. owner: group:payments"
	case "lifecycle":
		return "add spec.lifecycle: experimental, production or deprecated"
	case "type":
		if kind == KindGroup {
			return "add spec.type, e.g. type: team"
		}
		return "add spec.type, e.g. type: service"
	case "definition":
		return "add spec.definition, e.g. definition: {$text: ./openapi.yaml}"
	case "children":
		return "add spec.children (an empty list is fine: children: [])"
	case "memberOf":
		return "add spec.memberOf (an empty list is fine: memberOf: [])"
	}
	return "add spec." + f.key
}

func suggestTag(t string) string {
	s := strings.ToLower(strings.TrimSpace(t))
	s = strings.Map(func(r rune) rune {
		switch {
		case r >= 'a' && r <= 'z', r >= '0' && r <= '9', r == ':', r == '+', r == '#':
			return r
		}
		return '-'
	}, s)
	for strings.Contains(s, "--") {
		s = strings.ReplaceAll(s, "--", "-")
	}
	s = strings.Trim(s, "-")
	if s == "" {
		return "java"
	}
	return s
}

func sortedKeys[V any](m map[string]V) []string {
	keys := make([]string, 0, len(m))
	for k := range m {
		keys = append(keys, k)
	}
	slices.Sort(keys)
	return keys
}

// Validate checks e against Backstage's rules, as [Parse] does for a file.
func Validate(e *Entity) error {
	data, err := json.Marshal(e.Document())
	if err != nil {
		return &Error{File: e.File, Doc: e.Doc, Line: e.Line, Msg: err.Error()}
	}
	var doc map[string]any
	if err := json.Unmarshal(data, &doc); err != nil {
		return &Error{File: e.File, Doc: e.Doc, Line: e.Line, Msg: err.Error()}
	}
	_, errs := fromDocument(doc, func(p fieldPath, msg, fix string) *Error {
		return &Error{File: e.File, Doc: e.Doc, Line: e.Line, Field: p.String(), Msg: msg, Fix: fix}
	})
	return errs.ErrOrNil()
}
