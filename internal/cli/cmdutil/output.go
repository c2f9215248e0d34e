package cmdutil

import (
	"encoding/json"
	"fmt"
	"io"
	"slices"
	"strings"

	"github.com/spf13/cobra"
)

// OutputFlag adds -o/--output with the allowed formats, the first being the
// default, and shell completion for them.
func OutputFlag(cmd *cobra.Command, target *string, formats ...string) {
	*target = formats[0]
	cmd.Flags().StringVarP(target, "output", "o", formats[0], "output format: "+strings.Join(formats, "|"))
	_ = cmd.RegisterFlagCompletionFunc("output", cobra.FixedCompletions(formats, cobra.ShellCompDirectiveNoFileComp))
}

// CheckOutput returns a bad-input error when format is not one of formats.
func CheckOutput(format string, formats ...string) error {
	if slices.Contains(formats, format) {
		return nil
	}
	return WithHint(BadInputf("unknown output format %q", format), "use -o "+strings.Join(formats, ", -o "))
}

// WriteJSON writes v as indented JSON with a final newline.
func WriteJSON(w io.Writer, v any) error {
	enc := json.NewEncoder(w)
	enc.SetIndent("", "  ")
	enc.SetEscapeHTML(false)
	if err := enc.Encode(v); err != nil {
		return fmt.Errorf("write json: %w", err)
	}
	return nil
}

// Plural picks one when n is 1, else many: "1 file", "2 files".
func Plural(n int, one, many string) string {
	if n == 1 {
		return one
	}
	return many
}
