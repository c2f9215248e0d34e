package project

import "testing"

// FuzzParse feeds .paved.yaml documents to Parse: a record or an error,
// never a panic, and a record that marshals and parses back.
func FuzzParse(f *testing.F) {
	for _, s := range []string{
		"template:\n  name: express-service\n  source: builtin\n  version: 1.4.0\n  commit: \"\"\nvalues:\n  name: orders\n  port: 8080\n  tags: [a, b]\n",
		"template: {name: x, source: 'git::https://h/o/r.git//t', version: 1.0.0, commit: abc, ref: v1}\nvalues: {}\npristine: 0123\n",
		"template: {name: x, source: y}\nvalues: &v {a: *v}\n",
		"a: &a [x, x]\nb: &b [*a, *a]\ntemplate: {name: x, source: y}\nvalues: {l: [*b, *b]}\n",
		"values:\n",
		"",
		"template: []\n",
	} {
		f.Add([]byte(s))
	}
	f.Fuzz(func(t *testing.T, data []byte) {
		rec, err := Parse(data, FileName)
		if err != nil {
			return
		}
		out, err := rec.Marshal()
		if err != nil {
			return // values YAML cannot encode (e.g. a map with non-string keys)
		}
		if _, err := Parse(out, FileName); err != nil {
			t.Fatalf("Parse(Marshal(Parse(%q))) = %v", data, err)
		}
	})
}
