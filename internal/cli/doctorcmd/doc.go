// Package doctorcmd implements `paved doctor`: it checks what paved needs
// from the machine (a git identity, a usable catalog and cache, a valid
// config file) and what the built-in templates' hooks use (node, npm, go),
// and says how to fix each thing that is missing.
package doctorcmd
