//go:build !unix

package catalog

// openNonblock is 0 where opens do not block on FIFOs.
const openNonblock = 0
