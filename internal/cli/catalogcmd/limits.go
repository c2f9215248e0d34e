package catalogcmd

import (
	"strconv"
	"strings"

	"github.com/spf13/cobra"

	"github.com/paved-dev/paved/catalog"
)

// limitsValue is --limit NAME=VALUE, repeatable, into a [catalog.Limits].
type limitsValue struct{ l *catalog.Limits }

func (v limitsValue) String() string { return "" }
func (v limitsValue) Type() string   { return "NAME=VALUE" }

func (v limitsValue) Set(s string) error {
	name, val, ok := strings.Cut(s, "=")
	if !ok {
		return v.l.Set(s, "") // names the known limits
	}
	return v.l.Set(strings.TrimSpace(name), val)
}

// limitFlag adds --limit, which raises (or lowers) a bound on what one
// catalog file may cost to read.
func limitFlag(cmd *cobra.Command, l *catalog.Limits) {
	d := catalog.DefaultLimits()
	cmd.Flags().Var(limitsValue{l}, "limit", "raise a bound on catalog files, repeatable: file-bytes ("+size(d.FileBytes)+
		"), document-bytes ("+size(d.DocumentBytes)+"), placeholder-bytes ("+size(d.PlaceholderBytes)+"), alias-nodes ("+itoa(d.AliasNodes)+"), depth ("+itoa(d.Depth)+")")
}

func size(n int64) string { return strconv.FormatInt(n>>20, 10) + "MiB" }

func itoa(n int64) string { return strconv.FormatInt(n, 10) }
