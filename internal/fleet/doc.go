// Package fleet is the "score a fleet" use case behind `paved score`: it
// collects the repositories to score (arguments, or every catalogued
// component with a source), splits them into services and into shards,
// scores them in parallel, records the results in the catalog and decides
// the verdict against a minimum level. The CLI, `paved serve` and tests call
// the same [Score].
//
// It lives under internal, not beside the public scorecard package, because
// it is an application use case wired to paved's internals (the git layer's
// credentials and cache, the template sources that know a paved road's
// newest version, the catalog store): scorecard stays a library that scores
// one snapshot, and fleet is how paved drives it over many.
//
// It must not import cobra, huh, isatty, iostreams or anything under
// internal/cli: it reports progress through a [progress.Func], returns
// errors that carry their fix and exit code, and prints nothing.
package fleet
