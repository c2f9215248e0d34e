package gitx

import (
	"testing"

	"github.com/google/go-cmp/cmp"
)

// TestParseSourceForScoring pins what `paved score` fetches (Raw, with
// credentials) and shows (Redact of the argument), as scorecard's own
// parser did before it folded into this one.
func TestParseSourceForScoring(t *testing.T) {
	t.Parallel()
	type scored struct{ URL, Subdir, Ref, Display string }
	tests := []struct {
		arg  string
		want scored
	}{
		{"https://github.com/acme/orders.git", scored{URL: "https://github.com/acme/orders.git", Display: "https://github.com/acme/orders.git"}},
		{"git::https://tok:secret@github.com/acme/mono.git//services/orders?ref=v1.2.0",
			scored{URL: "https://tok:secret@github.com/acme/mono.git", Subdir: "services/orders", Ref: "v1.2.0", Display: "git::https://github.com/acme/mono.git//services/orders?ref=v1.2.0"}},
		{"file:///srv/repo", scored{URL: "file:///srv/repo", Display: "file:///srv/repo"}},
	}
	for _, tt := range tests {
		t.Run(tt.arg, func(t *testing.T) {
			t.Parallel()
			src, ok, err := ParseSource(tt.arg)
			if err != nil || !ok {
				t.Fatal(ok, err)
			}
			got := scored{URL: src.Raw, Subdir: src.Subdir, Ref: src.Ref, Display: Redact(tt.arg)}
			if diff := cmp.Diff(tt.want, got); diff != "" {
				t.Errorf("ParseSource (-want +got):\n%s", diff)
			}
		})
	}
	for _, a := range []string{"https://x", "git::file:///x", "git@github.com:a/b.git"} {
		if !IsSource(a) {
			t.Errorf("IsSource(%q) = false", a)
		}
	}
	if IsSource("./services/orders") {
		t.Error("IsSource(folder) = true")
	}
}

func TestFromBrowseURL(t *testing.T) {
	t.Parallel()
	for in, want := range map[string]string{
		"https://github.com/acme/orders/tree/main/":                       "git::https://github.com/acme/orders.git?ref=main",
		"https://github.com/acme/mono/tree/v1.2.0/services/orders":        "git::https://github.com/acme/mono.git//services/orders?ref=v1.2.0",
		"https://github.com/acme/orders/blob/main/catalog-info.yaml":      "git::https://github.com/acme/orders.git?ref=main",
		"https://gitlab.com/acme/team/orders/-/tree/main/api":             "git::https://gitlab.com/acme/team/orders.git//api?ref=main",
		"https://gitlab.com/acme/orders/-/blob/dev/svc/catalog-info.yaml": "git::https://gitlab.com/acme/orders.git//svc?ref=dev",
		"https://github.com/acme/orders.git":                              "https://github.com/acme/orders.git",
		"git::https://github.com/acme/orders.git?ref=v1":                  "git::https://github.com/acme/orders.git?ref=v1",
		"/srv/services/orders":                                            "/srv/services/orders",
	} {
		if got := FromBrowseURL(in); got != want {
			t.Errorf("FromBrowseURL(%q) = %q, want %q", in, got, want)
		}
	}
}
