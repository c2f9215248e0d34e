// Package prompt collects a template's answers: from --set flags, a values
// file, the interactive form and the defaults, in that order of precedence,
// coerced to each parameter's type and validated the same way whichever way
// they arrived ([Answers]). The huh form lives here too ([NewForm]), and
// [CommandLine] writes the non-interactive command that gives the same
// answers.
package prompt
