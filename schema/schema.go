// Package schema publishes the JSON Schemas of paved's own file formats, so
// that editors can validate and complete them and paved can check files
// against the very same schema it publishes.
//
// To use the template schema in an editor with the YAML language server,
// start a template.yaml with:
//
//	# yaml-language-server: $schema=https://raw.githubusercontent.com/paved-dev/paved/main/schema/template.schema.json
package schema

import _ "embed"

// TemplateURL is the template schema's $id.
const TemplateURL = "https://raw.githubusercontent.com/paved-dev/paved/main/schema/template.schema.json"

// Template is template.schema.json, the JSON Schema (draft 2020-12) of a
// template's template.yaml.
//
//go:embed template.schema.json
var Template []byte
