package api

import (
	"errors"
	"reflect"
	"strings"
	"testing"
)

// FuzzParseFilter: any filter parameter is parsed or refused with an
// InputError, never a panic, and every parsed key is non-empty and safe
// to hand to the store.
func FuzzParseFilter(f *testing.F) {
	for _, s := range []string{"kind=component", "kind=component,spec.type=service", "metadata.annotations.backstage.io/x", ",", "=", "a=b=c", "kind=a,kind=b", "spec..x=1", "x\"=1", strings.Repeat("k=v,", 200)} {
		f.Add(s, "metadata.name,kind", "asc:metadata.name")
	}
	f.Fuzz(func(t *testing.T, filter, fields, order string) {
		sets, err := ParseFilter([]string{filter, filter})
		var ae *apiError
		if err != nil && (!errors.As(err, &ae) || ae.status != 400) {
			t.Fatalf("ParseFilter(%q) = %v, want an InputError", filter, err)
		}
		for _, set := range sets {
			for _, c := range set {
				if strings.TrimSpace(c.Key) == "" || checkKey(c.Key) != nil {
					t.Fatalf("ParseFilter(%q) kept key %q", filter, c.Key)
				}
			}
		}
		if _, err := ParseFields([]string{fields}); err != nil && !errors.As(err, &ae) {
			t.Fatalf("ParseFields(%q) = %v", fields, err)
		}
		if _, err := ParseOrder([]string{order}); err != nil && !errors.As(err, &ae) {
			t.Fatalf("ParseOrder(%q) = %v", order, err)
		}
		if _, err := ParseOrderFields([]string{order}); err != nil && !errors.As(err, &ae) {
			t.Fatalf("ParseOrderFields(%q) = %v", order, err)
		}
	})
}

// FuzzCursor: any cursor decodes or is an InputError; a decoded cursor
// encodes to one that decodes to the same query.
func FuzzCursor(f *testing.F) {
	for _, s := range []string{"", "eyJ2IjoxLCJvZmYiOjIwfQ", "eyJ2Ijo5fQ", "!!!", cursor{Filter: []string{"kind=user"}, Order: []string{"metadata.name,asc"}, FullText: "x", Offset: 40}.encode()} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		c, err := decodeCursor(s)
		if err != nil {
			var ae *apiError
			if !errors.As(err, &ae) || ae.status != 400 {
				t.Fatalf("decodeCursor(%q) = %v, want an InputError", s, err)
			}
			return
		}
		again, err := decodeCursor(c.encode())
		if err != nil || !reflect.DeepEqual(again, c) {
			t.Fatalf("cursor %+v did not survive a round trip: %+v, %v", c, again, err)
		}
	})
}
