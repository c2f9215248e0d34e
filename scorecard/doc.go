// Package scorecard scores repositories against maturity rubrics.
//
// A [Snapshot] is a repository to score: an [io/fs.FS] of its root, the
// files listed in it, and [Meta] (name, commit, branch, clock, the
// templates' latest versions, and a [History] for the git facts). [Open]
// builds one from exactly that, and nothing changes it afterwards: any
// number of evaluations may share it. Facts about it ([Fact], listed by
// [Facts]) are computed lazily and at most once per snapshot; every file is
// read at most once, however many checks use it. A [Rubric] is YAML whose
// checks are CEL expressions over the facts, type checked when loaded.
// [Evaluate] turns a rubric and a snapshot into a [Result]: an [Outcome]
// per check, the level reached and a weighted score. Results are written
// as a table, JSON (schema/report.schema.json), SARIF 2.1.0, Markdown or
// one self-contained HTML page.
//
// Where a repository comes from is not this package's business: two
// adapters build the fs.FS and Meta and call [Open], [OpenLocal] (a work
// tree as the user sees it, or HEAD through gitx.Repo.TreeFS; worktree.go)
// and [OpenSource] (a git source fetched by gitx.FetchRepo; source.go).
// They, and the [History] interface naming gitx.Activity, are the only
// code here that imports internal/gitx; no file imports go-git. Facts,
// checks and reports read the snapshot only.
//
// scorecard must not import cobra, huh, isatty, internal/iostreams or
// anything under internal/cli: callers hand it plain values, a clock and
// writers.
package scorecard
