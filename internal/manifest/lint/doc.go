// Package lint checks a template the way `paved templates lint` reports it:
// template.yaml against the published schema and [manifest.Parse], every
// path and .tmpl file under skeleton/ with the template's delimiters, and a
// sample render with default answers through the real renderer. Every
// problem is collected, located by file and line, with its fix.
package lint
