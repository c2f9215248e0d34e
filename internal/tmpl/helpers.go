package tmpl

import (
	"encoding/json"
	"strings"
	"text/template"

	"gopkg.in/yaml.v3"
)

// helpers are paved's own template functions, on top of sprig's.
func helpers() template.FuncMap {
	return template.FuncMap{
		"dnsLabel":  DNSLabel,
		"toYaml":    toYAML,
		"quoteYaml": quoteYAML,
	}
}

// DNSLabel turns s into an RFC 1123 label: lowercase letters, digits and
// dashes, starting with a letter, at most 63 characters ("My_Service 2" →
// "my-service-2"). Kubernetes names, hostnames and Backstage names accept it.
func DNSLabel(s string) string {
	var b strings.Builder
	dash := false
	for _, r := range strings.ToLower(s) {
		switch {
		case r >= 'a' && r <= 'z', r >= '0' && r <= '9':
			if r <= '9' && b.Len() == 0 {
				continue // a label starts with a letter
			}
			if dash && b.Len() > 0 {
				b.WriteByte('-')
			}
			dash = false
			b.WriteRune(r)
		default:
			dash = true
		}
	}
	out := b.String()
	if len(out) > 63 {
		out = strings.TrimRight(out[:63], "-")
	}
	return out
}

// toYAML renders v as block YAML without a trailing newline, for use with
// nindent: `{{ .Values.tags | toYaml | nindent 4 }}`.
func toYAML(v any) (string, error) {
	data, err := yaml.Marshal(v)
	if err != nil {
		return "", err
	}
	return strings.TrimSuffix(string(data), "\n"), nil
}

// quoteYAML renders s as a YAML scalar that reads back as the same string
// (quoted only when it must be: "yes", "1.0", ": x", a leading "*").
func quoteYAML(s string) (string, error) {
	if strings.ContainsAny(s, "\n\r") {
		// A block scalar would break an inline `key: {{ quoteYaml .x }}`;
		// a JSON string is a valid double-quoted YAML scalar.
		data, err := json.Marshal(s)
		return string(data), err
	}
	data, err := yaml.Marshal(s)
	if err != nil {
		return "", err
	}
	return strings.TrimSuffix(string(data), "\n"), nil
}
