// Package gitx is paved's one git layer, all done in-process with go-git
// (no git binary). It owns:
//
//   - parsing git remotes and sources, one parser ([ParseURL],
//     [ParseSource], [IsSource], [FromBrowseURL]): every spelling of a
//     remote has one canonical form, so what trust and [Credentials] are
//     matched on is what is fetched;
//   - redacting: [Redact] strips credentials from URLs in text, and every
//     [Error] is scrubbed of the secrets it was given;
//   - fetching, into one cache keyed by URL and commit: template trees
//     ([Clone], [RemoteTags]) and scored repositories with their history
//     ([FetchRepo]);
//   - reading and writing repositories ([Repo]: history, trees as an
//     [io/fs.FS] ([Repo.TreeFS]), object writes, refs, work-tree status),
//     the commit identity ([Author]) and the first commit of a generated
//     project ([InitCommit]).
//
// A token is sent only over https, only to a host the user named for it
// ([Credentials.For]). URLs are stripped of passwords before they are
// recorded, printed or hashed.
//
// gitx imports no other paved package, and never cobra, huh, isatty or
// internal/iostreams: templates (internal/source), `paved update` and
// scorecard call it, not the other way round.
package gitx
