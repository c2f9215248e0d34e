// Package scorecard scores repositories against maturity rubrics.
//
// A [Snapshot] is a repository to score: a local work tree or a git source,
// read through one file abstraction so checks do not care which. Facts about
// it ([Fact], listed by [Facts]) are computed lazily and at most once per
// snapshot; every file is read at most once, however many checks use it.
// A [Rubric] is YAML whose checks are CEL expressions over the facts, type
// checked when loaded. [Evaluate] turns a rubric and a snapshot into a
// [Result]: an [Outcome] per check, the level reached and a weighted score.
// Results are written as a table, JSON (schema/report.schema.json), SARIF
// 2.1.0, Markdown or one self-contained HTML page.
//
// The package has no terminal or cobra code: callers hand it plain values,
// a clock and writers.
package scorecard
