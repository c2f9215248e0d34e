package cmdutil

import (
	"strings"

	"github.com/spf13/cobra"
)

// GroupRunE is the RunE of a command that only groups subcommands
// (`paved catalog`): with no argument it prints help, with an unknown one it
// is bad usage naming the subcommands.
func GroupRunE(cmd *cobra.Command, args []string) error {
	if len(args) == 0 {
		return cmd.Help()
	}
	var names []string
	for _, c := range cmd.Commands() {
		if c.IsAvailableCommand() {
			names = append(names, c.Name())
		}
	}
	return WithHint(BadInputf("unknown command %q for %q", args[0], cmd.CommandPath()),
		"one of: "+strings.Join(names, ", "))
}
