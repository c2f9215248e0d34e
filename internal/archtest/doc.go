// Package archtest holds no code, only the test that keeps paved's layers
// pointing down: nothing outside internal/cli and cmd/paved may depend on
// cobra, huh, go-isatty, internal/iostreams or internal/cli/... It imports
// nothing of paved's itself, so it never hides a dependency.
package archtest
