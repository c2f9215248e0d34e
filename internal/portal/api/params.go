package api

import (
	"fmt"
	"net/url"
	"strconv"
	"strings"

	"github.com/paved-dev/paved/catalog"
)

// Limits on what one request may ask for; past them a request is an
// InputError naming the limit, so a stranger cannot make one query cost
// the whole server.
const (
	MaxLimit         = 10000 // entities in one page
	DefaultPageLimit = 20    // by-query's page when none is asked for, as Backstage
	maxFilterParams  = 50    // filter=... parameters in one request
	maxStatements    = 100   // key=value statements in one filter
	maxParamLen      = 4096  // bytes in one filter, fields or order parameter
	maxFields        = 100
	maxRefs          = 1000 // entityRefs in one by-refs request
)

// ParseFilter reads Backstage's filter parameters: each "filter" value is
// a set of comma-separated statements that must all hold, "key=value" or
// just "key" (the key exists); a key given twice in one set matches either
// value; separate filter parameters are alternatives.
func ParseFilter(params []string) ([]catalog.FilterSet, error) {
	if len(params) > maxFilterParams {
		return nil, inputError(fmt.Sprintf("too many filter parameters (%d, at most %d)", len(params), maxFilterParams))
	}
	var out []catalog.FilterSet
	for _, p := range params {
		if len(p) > maxParamLen {
			return nil, inputError(fmt.Sprintf("filter %.40q... is longer than %d bytes", p, maxParamLen))
		}
		stmts := strings.Split(p, ",")
		if len(stmts) > maxStatements {
			return nil, inputError(fmt.Sprintf("filter has %d statements, at most %d", len(stmts), maxStatements))
		}
		var set catalog.FilterSet
		index := map[string]int{}
		for _, st := range stmts {
			key, value, hasValue := strings.Cut(st, "=")
			key = strings.TrimSpace(key)
			if key == "" {
				return nil, inputError(fmt.Sprintf("invalid filter: %q is not a valid statement (want key=value or key)", st))
			}
			if err := checkKey(key); err != nil {
				return nil, err
			}
			i, seen := index[strings.ToLower(key)]
			if !seen {
				i = len(set)
				index[strings.ToLower(key)] = i
				set = append(set, catalog.FilterCondition{Key: key})
			}
			if hasValue {
				set[i].Values = append(set[i].Values, strings.TrimSpace(value))
			}
		}
		out = append(out, set)
	}
	return out, nil
}

// checkKey refuses field names no entity field can have, before they
// reach the store.
func checkKey(key string) error {
	if strings.ContainsAny(key, "\"\\\x00") || strings.HasPrefix(key, ".") || strings.HasSuffix(key, ".") || strings.Contains(key, "..") {
		return inputError(fmt.Sprintf("invalid field %q: want a dotted field name like spec.type", key))
	}
	return nil
}

// ParseFields reads the fields parameters ("kind,metadata.name"; several
// parameters add up). None means whole entities.
func ParseFields(params []string) ([]string, error) {
	var out []string
	for _, p := range params {
		if len(p) > maxParamLen {
			return nil, inputError(fmt.Sprintf("fields parameter is longer than %d bytes", maxParamLen))
		}
		for f := range strings.SplitSeq(p, ",") {
			f = strings.TrimSpace(f)
			if f == "" {
				continue
			}
			if err := checkKey(f); err != nil {
				return nil, err
			}
			out = append(out, f)
		}
	}
	if len(out) > maxFields {
		return nil, inputError(fmt.Sprintf("too many fields (%d, at most %d)", len(out), maxFields))
	}
	return out, nil
}

// ParseOrder reads /entities order parameters: "asc:metadata.name" or
// "desc:spec.type".
func ParseOrder(params []string) ([]catalog.OrderField, error) {
	var out []catalog.OrderField
	for _, p := range params {
		dir, field, ok := strings.Cut(p, ":")
		if o, err := orderField(field, dir, ok); err != nil {
			return nil, inputError(fmt.Sprintf("invalid order %q: want asc:FIELD or desc:FIELD", p))
		} else {
			out = append(out, o)
		}
	}
	return out, nil
}

// ParseOrderFields reads by-query orderField parameters: "metadata.name,asc".
func ParseOrderFields(params []string) ([]catalog.OrderField, error) {
	var out []catalog.OrderField
	for _, p := range params {
		field, dir, ok := strings.Cut(p, ",")
		if !ok {
			dir, ok = "asc", true
		}
		o, err := orderField(field, dir, ok)
		if err != nil {
			return nil, inputError(fmt.Sprintf("invalid orderField %q: want FIELD,asc or FIELD,desc", p))
		}
		out = append(out, o)
	}
	return out, nil
}

func orderField(field, dir string, ok bool) (catalog.OrderField, error) {
	field = strings.TrimSpace(field)
	if !ok || field == "" || len(field) > maxParamLen || checkKey(field) != nil {
		return catalog.OrderField{}, inputError("bad order")
	}
	switch strings.ToLower(strings.TrimSpace(dir)) {
	case "asc":
		return catalog.OrderField{Key: field}, nil
	case "desc":
		return catalog.OrderField{Key: field, Desc: true}, nil
	}
	return catalog.OrderField{}, inputError("bad order")
}

// intParam reads a non-negative integer parameter, def when absent.
func intParam(q url.Values, name string, def, maxV int) (int, error) {
	s := q.Get(name)
	if s == "" {
		return def, nil
	}
	n, err := strconv.Atoi(s)
	if err != nil || n < 0 {
		return 0, inputError(fmt.Sprintf("invalid %s %q: want a whole number, 0 or more", name, s))
	}
	if n > maxV {
		return 0, inputError(fmt.Sprintf("%s %d is too large (at most %d); page through with offset or a cursor", name, n, maxV))
	}
	return n, nil
}
