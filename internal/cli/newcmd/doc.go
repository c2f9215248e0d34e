// Package newcmd implements `paved new`: resolve a template, collect the
// answers, render, run the trusted hooks, move the result into place, make
// the first commit and register the service in the catalog.
package newcmd
