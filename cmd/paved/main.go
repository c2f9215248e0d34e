// Command paved generates services from paved-road templates, keeps a
// Backstage-compatible service catalog and scores repositories against
// maturity rubrics.
package main

import (
	"context"
	"os"

	"github.com/paved-dev/paved/internal/cli"
	"github.com/paved-dev/paved/internal/iostreams"
)

func main() {
	os.Exit(cli.Main(context.Background(), os.Args[1:], iostreams.System(os.Getenv), os.Getenv))
}
