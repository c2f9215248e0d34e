// Package manifest reads, validates and describes a template's
// template.yaml (apiVersion paved.dev/v1alpha1, kind Template).
//
// [Parse] decodes the YAML by hand from its node tree, so every problem —
// an unknown field, a wrong type, a pattern that does not compile, a `when`
// that reads a parameter declared after it — is reported with the file, the
// line, the field path and the fix, and all of them are returned at once as
// [Errors].
package manifest
