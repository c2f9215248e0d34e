// Package catalog is paved's service catalog: Backstage-compatible entities
// (apiVersion backstage.io/v1alpha1), their validation with Backstage's own
// rules, the relations derived from their specs, and the [Store] that keeps
// them (SQLite today, through [Open]).
//
// The package has no cobra or terminal code: commands in
// internal/cli/catalogcmd drive it with plain values.
//
// An [Entity] keeps every field of the document it was read from, including
// spec fields paved does not know, so a catalog exported with [Export] reads
// back into Backstage unchanged.
package catalog
