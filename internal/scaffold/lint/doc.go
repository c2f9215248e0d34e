// Package lint checks a template the way `paved templates lint` reports it:
// template.yaml against the published schema and [manifest.Parse], every
// path and .tmpl file under skeleton/ with the template's delimiters, and a
// sample render with default answers through the real renderer. Every
// problem is collected, located by file and line, with its fix.
//
// It sits above [scaffold] (it renders a sample through it) and [manifest];
// neither of them may import it. Like everything below internal/cli it must
// not import cobra, huh, isatty or iostreams: a report is data, printing it
// is the command's job.
package lint
