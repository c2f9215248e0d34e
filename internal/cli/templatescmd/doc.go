// Package templatescmd implements `paved templates`: list the built-in
// templates, show what any template asks and wires in, and lint a template
// being written.
package templatescmd
