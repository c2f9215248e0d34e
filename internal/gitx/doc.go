// Package gitx holds paved's git work, all done in-process with go-git (no
// git binary): the commit identity ([Author]), the first commit of a
// generated project ([InitCommit]), and template sources fetched into a
// cache keyed by URL and commit ([Clone], [RemoteTags]).
//
// Git remotes and sources have one parser here ([ParseURL], [ParseSource]):
// it puts every spelling of a remote into one canonical form, so what trust
// and [Credentials] are matched on is what is fetched. A token is sent only
// over https, only to a host the user named for it ([Credentials.For]).
//
// Credentials never leave this package in text: URLs are stripped of
// passwords before they are recorded, printed or hashed, and error messages
// are scrubbed of every secret they were given.
package gitx
