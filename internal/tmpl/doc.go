// Package tmpl is the only code in paved that parses templates: text/template
// with missingkey=error, sprig's hermetic functions minus the ones that still
// read the clock, the environment or a random source, and paved's helpers.
package tmpl
