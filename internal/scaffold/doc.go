// Package scaffold turns a template and its answers into a project.
//
// [Render] builds a [Plan] in memory: every path of the template's skeleton/
// folder rendered segment by segment, .tmpl files rendered and every other
// file copied byte for byte, the files[].when rules applied, .paved.yaml
// added, and the hooks and next steps rendered. Dry runs and golden tests
// read that same plan.
//
// [Generate] writes a plan into a staging folder beside the target (through
// os.Root, so nothing can land outside it), runs the hooks there and only
// then moves the result into place. On any error or cancellation the staging
// folder is removed and the target is as it was.
package scaffold
