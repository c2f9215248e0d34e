package cmdutil

import "strings"

// ParseSets splits each --set KEY=VALUE at the first '=', so a value may
// hold '=' and commas. A malformed one is bad input whose hint shows
// example, a KEY=VALUE that fits the command (name=orders).
func ParseSets(sets []string, example string) (map[string]string, error) {
	out := make(map[string]string, len(sets))
	for _, s := range sets {
		k, v, ok := strings.Cut(s, "=")
		k = strings.TrimSpace(k)
		if !ok || k == "" {
			return nil, WithHint(BadInputf("--set %q: want KEY=VALUE", s),
				"for example --set "+example+"; repeat --set for each answer")
		}
		out[k] = v
	}
	return out, nil
}
