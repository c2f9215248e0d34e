package web

import (
	"net/http"
	"net/url"
	"slices"
	"strconv"
	"strings"

	"github.com/paved-dev/paved/catalog"
)

// Limits of the catalog page's parameters.
const (
	defaultPageSize = 50
	maxPageSize     = 200
	maxQueryLen     = 200
)

// catalogParams are the catalog page's query parameters, validated.
type catalogParams struct {
	catalog.BrowseQuery
	Page int
}

// parseCatalogParams reads the catalog page's parameters; anything it
// cannot use is a 400 naming the parameter and what it accepts.
func parseCatalogParams(v url.Values) (catalogParams, error) {
	var p catalogParams
	for key, vals := range v {
		if len(vals) > 1 {
			return p, badRequest("parameter %s is given %d times; give it once", key, len(vals))
		}
	}
	get := func(k string) string { return strings.TrimSpace(v.Get(k)) }
	p.Query = get("q")
	if len(p.Query) > maxQueryLen {
		return p, badRequest("the search text is %d characters long; the most is %d", len(p.Query), maxQueryLen)
	}
	p.Kind, p.Type, p.Lifecycle, p.Tag = get("kind"), get("type"), get("lifecycle"), get("tag")
	if p.Kind != "" && !slices.ContainsFunc(catalog.Kinds(), func(k string) bool { return strings.EqualFold(k, p.Kind) }) {
		return p, badRequest("unknown kind %q (want one of %s)", p.Kind, strings.Join(catalog.Kinds(), ", "))
	}
	for _, rf := range []struct {
		name, kind string
		dst        *string
	}{{"owner", catalog.KindGroup, &p.Owner}, {"system", catalog.KindSystem, &p.System}} {
		val := get(rf.name)
		if val == "" {
			continue
		}
		if _, err := catalog.ParseRef(val, rf.kind, catalog.DefaultNamespace); err != nil {
			return p, badRequest("parameter %s: %v", rf.name, err)
		}
		*rf.dst = val
	}
	p.Sort = get("sort")
	if p.Sort != "" && !slices.Contains(catalog.SortOrders(), p.Sort) {
		return p, badRequest("unknown sort order %q (want one of %s)", p.Sort, strings.Join(catalog.SortOrders(), ", "))
	}
	switch get("dir") {
	case "", "asc":
	case "desc":
		p.Desc = true
	default:
		return p, badRequest("parameter dir is %q; want asc or desc", get("dir"))
	}
	num := func(name string, def, lo, hi int) (int, error) {
		s := get(name)
		if s == "" {
			return def, nil
		}
		n, err := strconv.Atoi(s)
		if err != nil || n < lo || n > hi {
			return 0, badRequest("parameter %s is %q; want a whole number from %d to %d", name, s, lo, hi)
		}
		return n, nil
	}
	var err error
	if p.Page, err = num("page", 1, 1, 1_000_000); err != nil {
		return p, err
	}
	if p.Size, err = num("size", defaultPageSize, 1, maxPageSize); err != nil {
		return p, err
	}
	p.Offset = (p.Page - 1) * p.Size
	return p, nil
}

type catalogData struct {
	Params  catalogParams
	Page    *catalog.BrowsePage
	Facets  []facetView
	Active  []activeFilter
	Sorts   []sortLink
	Prev    string
	Next    string
	First   int // 1-based index of the first item shown
	Last    int
	Pages   int
	Partial bool
}

type facetView struct {
	Name   string
	Values []facetValue
}

type facetValue struct {
	Label    string
	Count    int
	Href     string
	Selected bool
}

type activeFilter struct {
	Name, Value, Remove string
}

type sortLink struct {
	Label, Href string
	Current     bool
	Desc        bool
}

// link is the catalog page's address with p's parameters, changed by set
// ("" removes a parameter); changing anything but the page goes back to
// page 1.
func (p catalogParams) link(set map[string]string) string {
	v := url.Values{}
	put := func(k, val string) {
		if val != "" {
			v.Set(k, val)
		}
	}
	put("q", p.Query)
	put("kind", p.Kind)
	put("type", p.Type)
	put("owner", p.Owner)
	put("lifecycle", p.Lifecycle)
	put("tag", p.Tag)
	put("system", p.System)
	put("sort", p.Sort)
	if p.Desc {
		v.Set("dir", "desc")
	}
	if p.Size != defaultPageSize {
		v.Set("size", strconv.Itoa(p.Size))
	}
	for k, val := range set {
		if val == "" {
			v.Del(k)
		} else {
			v.Set(k, val)
		}
	}
	if len(v) == 0 {
		return "/catalog"
	}
	return "/catalog?" + v.Encode()
}

func (p catalogParams) value(facet string) string {
	switch facet {
	case "kind":
		return p.Kind
	case "type":
		return p.Type
	case "owner":
		return p.Owner
	case "lifecycle":
		return p.Lifecycle
	case "tag":
		return p.Tag
	case "system":
		return p.System
	}
	return ""
}

func (s *site) catalogPage(r *http.Request) (*view, error) {
	p, err := parseCatalogParams(r.URL.Query())
	if err != nil {
		return nil, err
	}
	page, facets, err := s.browsePage(r, p)
	if err != nil {
		return nil, err
	}
	d := catalogData{Params: p, Page: page, Partial: r.URL.Query().Has("partial")}
	for _, name := range catalog.FacetNames() {
		fv := facetView{Name: name}
		cur := p.value(name)
		for _, c := range facets[name] {
			label := c.Value
			if name == "owner" {
				label = shortRef(c.Value, catalog.KindGroup)
			} else if name == "system" {
				label = shortRef(c.Value, catalog.KindSystem)
			}
			sel := cur != "" && sameFacetValue(name, cur, c.Value)
			href := p.link(map[string]string{name: c.Value})
			if sel {
				href = p.link(map[string]string{name: ""})
			}
			fv.Values = append(fv.Values, facetValue{Label: label, Count: c.Count, Href: href, Selected: sel})
		}
		d.Facets = append(d.Facets, fv)
		if cur != "" {
			d.Active = append(d.Active, activeFilter{Name: name, Value: cur, Remove: p.link(map[string]string{name: ""})})
		}
	}
	for _, o := range catalog.SortOrders() {
		cur := p.Sort == o || (p.Sort == "" && o == catalog.SortName)
		dir := ""
		if cur && !p.Desc {
			dir = "desc"
		}
		d.Sorts = append(d.Sorts, sortLink{Label: o, Current: cur, Desc: cur && p.Desc, Href: p.link(map[string]string{"sort": o, "dir": dir})})
	}
	d.Pages = (page.Total + p.Size - 1) / p.Size
	if len(page.Items) > 0 {
		d.First, d.Last = p.Offset+1, p.Offset+len(page.Items)
	}
	if p.Page > 1 {
		d.Prev = p.link(map[string]string{"page": strconv.Itoa(p.Page - 1)})
	}
	if p.Offset+len(page.Items) < page.Total {
		d.Next = p.link(map[string]string{"page": strconv.Itoa(p.Page + 1)})
	}
	return &view{Page: "catalog", Title: "Catalog", Nav: "catalog", Data: d, Fragment: d.Partial}, nil
}

func sameFacetValue(facet, a, b string) bool {
	switch facet {
	case "owner", "system":
		kind := catalog.KindGroup
		if facet == "system" {
			kind = catalog.KindSystem
		}
		ra, err1 := catalog.ParseRef(a, kind, catalog.DefaultNamespace)
		rb, err2 := catalog.ParseRef(b, kind, catalog.DefaultNamespace)
		return err1 == nil && err2 == nil && ra.Key() == rb.Key()
	}
	return strings.EqualFold(a, b)
}

// browsePage asks the store for one page and the facets, or, for a store
// that is not a [catalog.Browser], filters its summaries here.
func (s *site) browsePage(r *http.Request, p catalogParams) (*catalog.BrowsePage, map[string][]catalog.FacetCount, error) {
	ctx := r.Context()
	if s.browse == nil {
		return s.fallbackBrowse(r, p)
	}
	page, err := s.browse.Browse(ctx, p.BrowseQuery)
	if err != nil {
		return nil, nil, err
	}
	if r.URL.Query().Has("partial") {
		return page, nil, nil
	}
	facets, err := s.browse.FilterFacets(ctx, p.Filter, 12)
	if err != nil {
		return nil, nil, err
	}
	return page, facets, nil
}

// fallbackBrowse serves a store without [catalog.Browser]: one page of its
// summaries, sorted by name, without facets.
func (s *site) fallbackBrowse(r *http.Request, p catalogParams) (*catalog.BrowsePage, map[string][]catalog.FacetCount, error) {
	f := p.Filter
	sums, err := s.store.Summaries(r.Context(), f)
	if err != nil {
		return nil, nil, err
	}
	page := &catalog.BrowsePage{Total: len(sums), Items: []catalog.BrowseItem{}}
	if p.Desc {
		slices.Reverse(sums)
	}
	for _, sum := range sums[min(p.Offset, len(sums)):min(p.Offset+p.Size, len(sums))] {
		page.Items = append(page.Items, catalog.BrowseItem{Summary: sum})
	}
	return page, nil, nil
}
