// Package progress is the one shape paved's long-running use cases report
// progress in: a callback told how much of a known amount of work is done.
// Catalog imports, fleet scoring and the portal's refresh call it; how it is
// shown (a terminal bar, a status page) is the caller's business.
//
// It is a leaf: it imports nothing of paved's and nothing of a terminal.
package progress

// Func is told that done of total units of work are finished. It may be
// called from several goroutines at once, with done growing but not always
// in order; a nil Func is allowed wherever one is taken (see [Report]).
type Func func(done, total int)

// Report calls f when it is not nil.
func (f Func) Report(done, total int) {
	if f != nil {
		f(done, total)
	}
}
