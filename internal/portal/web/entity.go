package web

import (
	"encoding/json"
	"errors"
	"html/template"
	"maps"
	"net/http"
	"slices"
	"strings"

	"github.com/paved-dev/paved/catalog"
	"github.com/paved-dev/paved/scorecard"
)

// Limits of what one entity page gathers.
const (
	maxHistory    = 104 // two years of weekly runs
	maxAPIs       = 10
	maxGraphSide  = 14
	maxMembers    = 50
	maxRelsShown  = 200
	maxAnnotShown = 40
)

type entityData struct {
	E           *catalog.Entity
	Ref         string
	Title       string
	Owner       string
	System      string
	Links       []linkView
	Labels      []kv
	Annotations []kv
	Members     []string
	Relations   []relGroup
	Graph       template.HTML
	APIs        []apiView
	Docs        []docLink
	Readme      template.HTML
	ReadmeFile  string
	DocsNote    string
	SLOs        []sloView
	SLOProblems []string
	Score       *scoreView
	Rubric      string
}

type kv struct{ Key, Value string }

type linkView struct {
	URL, Title, Text string // URL "" when not safe to link
}

type relGroup struct {
	Type  string
	Items []graphNode
}

type apiView struct {
	Ref, Title, Type, Relation string
	Doc                        *apiDoc
	Raw                        string // the definition when it is not OpenAPI
	Missing                    bool
}

type docLink struct{ Path, Href string }

type scoreView struct {
	Level  string
	Score  float64
	At     string
	Class  string
	Checks []checkView
	Chart  template.HTML
	Runs   []catalog.ScoreRecord // newest first
}

type checkView struct {
	scorecard.CheckResult
	Evidence []string
}

// refFromPath is the entity reference of a /catalog/{kind}/{namespace}/{name} address.
func refFromPath(r *http.Request) (catalog.Ref, error) {
	ref, err := catalog.ParseRef(r.PathValue("kind")+":"+r.PathValue("namespace")+"/"+r.PathValue("name"), catalog.KindComponent, catalog.DefaultNamespace)
	if err != nil {
		return ref, notFound("%q is not an entity reference: %v", r.URL.Path, err)
	}
	return ref, nil
}

// outgoing relation types point from the entity (the right of the graph);
// their inverses come in (the left).
var outgoing = []string{"dependsOn", "consumesApi", "providesApi", "partOf", "ownedBy", "childOf", "memberOf"}

func (s *site) entityPage(r *http.Request) (*view, error) {
	ref, err := refFromPath(r)
	if err != nil {
		return nil, err
	}
	ctx := r.Context()
	e, err := s.store.Get(ctx, ref.String())
	if errors.Is(err, catalog.ErrNotFound) {
		return nil, notFound("no entity %s in the catalog", ref)
	}
	if err != nil {
		return nil, err
	}
	ru, err := s.rubric(r)
	if err != nil {
		return nil, err
	}
	d := entityData{E: e, Ref: e.Ref().String(), Title: e.DisplayTitle(), Owner: e.Owner(), System: e.System(), Rubric: ru.Metadata.Name}
	for _, l := range e.Metadata.Links {
		text := l.Title
		if text == "" {
			text = l.URL
		}
		d.Links = append(d.Links, linkView{URL: safeURL(l.URL), Title: l.Title, Text: text})
	}
	for _, k := range slices.Sorted(maps.Keys(e.Metadata.Labels)) {
		d.Labels = append(d.Labels, kv{k, e.Metadata.Labels[k]})
	}
	for _, k := range slices.Sorted(maps.Keys(e.Metadata.Annotations)) {
		if len(d.Annotations) < maxAnnotShown {
			d.Annotations = append(d.Annotations, kv{k, e.Metadata.Annotations[k]})
		}
	}

	// Relations, both ways, and the graph of the neighbours.
	groups := map[string]*relGroup{}
	var in, out []graphNode
	var apiRels []catalog.Relation
	for i, rel := range e.Relations {
		if i >= maxRelsShown {
			break
		}
		n := graphNode{Ref: rel.TargetRef, Type: rel.Type, Missing: rel.Unresolved}
		g := groups[rel.Type]
		if g == nil {
			g = &relGroup{Type: rel.Type}
			groups[rel.Type] = g
		}
		g.Items = append(g.Items, n)
		if rel.Type == "ownedBy" || rel.Type == "ownerOf" && e.Kind != catalog.KindGroup {
			continue // the owner has its own card
		}
		if slices.Contains(outgoing, rel.Type) {
			if len(out) < maxGraphSide {
				out = append(out, n)
			}
		} else if len(in) < maxGraphSide {
			in = append(in, n)
		}
		if rel.Type == "providesApi" || rel.Type == "consumesApi" {
			apiRels = append(apiRels, rel)
		}
	}
	for _, t := range slices.Sorted(maps.Keys(groups)) {
		d.Relations = append(d.Relations, *groups[t])
	}
	if len(in)+len(out) > 0 {
		d.Graph = graphChart(d.Ref, in, out)
	}

	// The owner's members.
	if d.Owner != "" {
		if g, err := s.store.Get(ctx, d.Owner); err == nil {
			for _, rel := range g.Relations {
				if rel.Type == "hasMember" && len(d.Members) < maxMembers {
					d.Members = append(d.Members, rel.TargetRef)
				}
			}
		}
	}

	// APIs: the entity's own definition, or those it provides and consumes.
	if e.Kind == catalog.KindAPI {
		d.APIs = append(d.APIs, apiOf(e, ""))
	}
	for _, rel := range apiRels[:min(len(apiRels), maxAPIs)] {
		a, err := s.store.Get(ctx, rel.TargetRef)
		if err != nil {
			d.APIs = append(d.APIs, apiView{Ref: rel.TargetRef, Relation: rel.Type, Missing: true})
			continue
		}
		d.APIs = append(d.APIs, apiOf(a, rel.Type))
	}

	// Docs and SLOs from the entity's folder on this machine.
	if root, ok := sourceRoot(e.LocalDir()); ok {
		defer root.Close()
		fsys := root.FS()
		base := entityURL(d.Ref) + "/docs/"
		for _, p := range docFiles(fsys) {
			d.Docs = append(d.Docs, docLink{Path: p, Href: base + p})
		}
		if len(d.Docs) > 0 && strings.EqualFold(d.Docs[0].Path, "README.md") {
			data, err := readDoc(fsys, d.Docs[0].Path)
			if err == nil {
				d.Readme, d.ReadmeFile = s.docs.render(data, d.Docs[0].Path, base), d.Docs[0].Path
			}
		}
		d.SLOs, d.SLOProblems = findSLOs(fsys)
	} else if e.Kind == catalog.KindComponent || e.Kind == catalog.KindAPI || e.Kind == catalog.KindResource {
		d.DocsNote = "Its source is not on this machine, so its docs and SLOs cannot be shown."
		if loc := e.SourceLocation(); loc != "" {
			d.DocsNote = "Its source (" + loc + ") is not on this machine, so its docs and SLOs cannot be shown."
		}
	}

	// The scorecard and its history.
	recs, err := s.store.Scores(ctx, d.Ref, maxHistory*len(s.o.Rubrics))
	if err != nil {
		return nil, err
	}
	d.Score = scoreOf(recs, ru)
	return &view{Page: "entity", Title: d.Title, Nav: "catalog", Data: d}, nil
}

func apiOf(a *catalog.Entity, relation string) apiView {
	v := apiView{Ref: a.Ref().String(), Title: a.DisplayTitle(), Type: a.Type(), Relation: relation}
	def := a.SpecString("definition")
	if def == "" {
		return v
	}
	if doc, ok := parseOpenAPI(def); ok {
		v.Doc = doc
	} else {
		v.Raw = truncate(def, 20000)
	}
	return v
}

// scoreOf is the latest run against ru with its checks, and the history
// of runs against ru, as a chart.
func scoreOf(recs []catalog.ScoreRecord, ru *scorecard.Rubric) *scoreView {
	var mine []catalog.ScoreRecord
	for _, r := range recs {
		if r.Rubric == ru.Metadata.Name && len(mine) < maxHistory {
			mine = append(mine, r)
		}
	}
	if len(mine) == 0 {
		return nil
	}
	last := mine[0]
	v := &scoreView{Level: levelName(last.Level), Score: last.Score, At: last.At.Format("2006-01-02 15:04 UTC"), Class: levelClass(ru.Spec.Levels, last.Level), Runs: mine}
	var res scorecard.Result
	if len(last.Report) > 0 && json.Unmarshal(last.Report, &res) == nil {
		for _, c := range res.Checks {
			cv := checkView{CheckResult: c}
			for _, ev := range c.Evidence {
				cv.Evidence = append(cv.Evidence, truncate(ev.String(), 300))
			}
			v.Checks = append(v.Checks, cv)
		}
	}
	oldest := slices.Clone(mine)
	slices.Reverse(oldest)
	v.Chart = historyChart("history", oldest, ru.Spec.Levels)
	return v
}

func (s *site) docPage(r *http.Request) (*view, error) {
	ref, err := refFromPath(r)
	if err != nil {
		return nil, err
	}
	p := r.PathValue("path")
	if !isDocPath(p) {
		return nil, notFound("%q is not a document: the portal shows README.md and docs/**/*.md", p)
	}
	e, err := s.store.Get(r.Context(), ref.String())
	if errors.Is(err, catalog.ErrNotFound) {
		return nil, notFound("no entity %s in the catalog", ref)
	}
	if err != nil {
		return nil, err
	}
	root, ok := sourceRoot(e.LocalDir())
	if !ok {
		return nil, notFound("the source of %s is not on this machine", ref)
	}
	defer root.Close()
	data, err := readDoc(root.FS(), p)
	if err != nil {
		return nil, notFound("%s has no document %s", ref, p)
	}
	d := struct {
		Ref, Title, Path string
		Body             template.HTML
	}{Ref: e.Ref().String(), Title: e.DisplayTitle(), Path: p, Body: s.docs.render(data, p, entityURL(e.Ref().String())+"/docs/")}
	return &view{Page: "doc", Title: p + " · " + d.Title, Nav: "catalog", Data: d}, nil
}
