// Package answers collects a template's answers: from --set flags, a values
// file, a [Prompter] and the defaults, in that order of precedence, coerced
// to each parameter's type and validated the same way whichever way they
// arrived ([Resolve]). It also reads values files ([LoadValuesFile]) and
// writes the non-interactive command that gives the same answers
// ([CommandLine]).
//
// It owns answer precedence and validation, not the asking: the huh form
// that implements [Prompter] lives in internal/cli/form. It must not import
// huh, cobra, isatty, iostreams or anything under internal/cli; a portal
// asks its questions its own way and calls the same [Resolve].
package answers
