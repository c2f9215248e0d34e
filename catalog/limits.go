package catalog

import (
	"fmt"
	"strconv"
	"strings"
)

// Limits bound what one catalog file may cost to read. A stranger writes
// catalog files (every repository has one), so each has a ceiling; a zero
// field takes its default from [DefaultLimits].
type Limits struct {
	// FileBytes is the size of one catalog file ("file-bytes").
	FileBytes int64
	// DocumentBytes is the size of one entity once its YAML aliases and
	// placeholders are expanded, as stored ("document-bytes").
	DocumentBytes int64
	// PlaceholderBytes is the size of a file a $text, $json or $yaml
	// placeholder reads ("placeholder-bytes").
	PlaceholderBytes int64
	// AliasNodes is how many YAML nodes one document may expand through
	// aliases (*name) ("alias-nodes"): nested aliases grow exponentially.
	AliasNodes int64
	// Depth is how deeply mappings and lists may nest ("depth").
	Depth int64
}

// DefaultLimits are the limits unless the user raises them.
func DefaultLimits() Limits {
	return Limits{
		FileBytes:        16 << 20,
		DocumentBytes:    1 << 20,
		PlaceholderBytes: 1 << 20,
		AliasNodes:       10_000,
		Depth:            100,
	}
}

// orDefault fills the zero fields of l from [DefaultLimits].
func (l Limits) orDefault() Limits {
	d := DefaultLimits()
	for _, f := range []struct{ v, d *int64 }{
		{&l.FileBytes, &d.FileBytes}, {&l.DocumentBytes, &d.DocumentBytes},
		{&l.PlaceholderBytes, &d.PlaceholderBytes}, {&l.AliasNodes, &d.AliasNodes}, {&l.Depth, &d.Depth},
	} {
		if *f.v <= 0 {
			*f.v = *f.d
		}
	}
	return l
}

// limitNames lists the names [Limits.Set] takes, in order.
var limitNames = []string{"file-bytes", "document-bytes", "placeholder-bytes", "alias-nodes", "depth"}

func (l *Limits) field(name string) *int64 {
	switch name {
	case "file-bytes":
		return &l.FileBytes
	case "document-bytes":
		return &l.DocumentBytes
	case "placeholder-bytes":
		return &l.PlaceholderBytes
	case "alias-nodes":
		return &l.AliasNodes
	case "depth":
		return &l.Depth
	}
	return nil
}

// Set sets the limit called name ("document-bytes") from text: a number,
// or for sizes a number with KiB, MiB or GiB ("4MiB").
func (l *Limits) Set(name, text string) error {
	f := l.field(name)
	if f == nil {
		return fmt.Errorf("unknown catalog limit %q (known: %s)", name, strings.Join(limitNames, ", "))
	}
	n, err := parseSize(text)
	if err != nil || n <= 0 {
		return fmt.Errorf("catalog limit %s=%s: want a positive number such as 1000 or 4MiB", name, text)
	}
	*f = n
	return nil
}

func parseSize(s string) (int64, error) {
	s = strings.TrimSpace(s)
	mult := int64(1)
	for _, u := range []struct {
		suffix string
		mult   int64
	}{{"KiB", 1 << 10}, {"MiB", 1 << 20}, {"GiB", 1 << 30}, {"KB", 1000}, {"MB", 1000_000}, {"GB", 1000_000_000}} {
		if strings.HasSuffix(s, u.suffix) {
			s, mult = strings.TrimSpace(strings.TrimSuffix(s, u.suffix)), u.mult
			break
		}
	}
	n, err := strconv.ParseInt(s, 10, 64)
	if err != nil {
		return 0, err
	}
	if n > (1<<62)/mult {
		return 0, fmt.Errorf("too large")
	}
	return n * mult, nil
}

// LimitError reports input beyond one of the [Limits]: which limit, and
// how to raise it.
type LimitError struct {
	Limit string // the limit's name, as --limit takes it
	Max   int64
	What  string // what went over: "x.txt", "YAML aliases"
}

func (e *LimitError) Error() string {
	return fmt.Sprintf("%s: over the %s limit (%s)", e.What, e.Limit, e.format(e.Max))
}

// Hint says how to raise the limit.
func (e *LimitError) Hint() string {
	return fmt.Sprintf("if the file is trusted, raise the limit: --limit %s=%s", e.Limit, e.format(e.Max*4))
}

// ExitCode makes input over a limit bad input (exit 2).
func (e *LimitError) ExitCode() int { return 2 }

func (e *LimitError) format(n int64) string {
	if !strings.HasSuffix(e.Limit, "-bytes") {
		return strconv.FormatInt(n, 10)
	}
	switch {
	case n >= 1<<30 && n%(1<<30) == 0:
		return strconv.FormatInt(n>>30, 10) + "GiB"
	case n >= 1<<20 && n%(1<<20) == 0:
		return strconv.FormatInt(n>>20, 10) + "MiB"
	case n >= 1<<10 && n%(1<<10) == 0:
		return strconv.FormatInt(n>>10, 10) + "KiB"
	}
	return strconv.FormatInt(n, 10) + " bytes"
}
