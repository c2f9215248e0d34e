// Package ptytest is test support for code that draws on a terminal: it
// opens a pseudo-terminal, records what the program draws on a [Screen]
// and lets the test wait for text before typing the next keys. It is
// imported only by tests, and works only on unix systems.
package ptytest
