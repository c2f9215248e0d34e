// Package update keeps generated projects on their paved road: [Run]
// brings a newer template version in with a three-way merge, [Check] says
// whether a project is behind, [Diff] shows how far it strayed.
//
// The merge base lives in git history, never in a re-render that may no
// longer work: the first commit of `paved new` is the pristine render of
// the template, and every update commits the new version's pristine render
// as a commit whose parent is the previous pristine commit, then merges it
// into the project with a merge commit whose second parent is that pristine
// commit. .paved.yaml records the last pristine commit. Only when it is
// missing (a shallow clone, a project that adopted paved later) is the
// recorded version rendered again.
//
// Hooks: update never runs a template's hooks (npm install, go mod tidy):
// their outputs in the first commit (package-lock.json, go.sum…) are in no
// fresh render, so lockfiles the previous pristine commit had are carried
// into the next one instead of looking removed by the template, and a
// user's lockfile is never deleted. When a dependency manifest changes, the
// result lists the hooks for the user to run.
package update
