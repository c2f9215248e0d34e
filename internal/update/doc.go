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
// Hooks: the first commit of `paved new` holds what the template's hooks
// wrote (npm install's package-lock.json, go mod tidy's go.mod and go.sum),
// which no fresh render has. So when the template is trusted (the rules of
// `paved new`), update runs the hooks on each render in a temporary folder
// and the pristine commit holds their output too. Otherwise (untrusted,
// --no-hooks) lockfiles the previous pristine commit had are carried into
// the next one, so a user's lockfile is never deleted, and the hooks are
// listed for the user to run when a dependency manifest changed.
package update
