package answers

import "testing"

// FuzzParseValuesFile feeds --values documents to ParseValuesFile: answers
// or an error, never a panic.
func FuzzParseValuesFile(f *testing.F) {
	for _, s := range []string{
		"name: orders\nport: 8080\nfeatures: [metrics, tracing]\n",
		"name: &n orders\nalias: *n\n",
		"a: &a [x, x, x]\nb: *a\n",
		"- a\n- b\n",
		"name: {a: 1}\n",
		"name: orders\nname: again\n",
		"",
		"~\n",
		"a: !!binary aGVsbG8=\n",
	} {
		f.Add([]byte(s))
	}
	f.Fuzz(func(t *testing.T, data []byte) {
		vf, err := ParseValuesFile("values.yaml", data)
		if err == nil && vf == nil {
			t.Fatal("ParseValuesFile returned neither answers nor an error")
		}
	})
}
