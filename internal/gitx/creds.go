package gitx

import (
	"fmt"

	"github.com/go-git/go-git/v5/plumbing/transport"
	githttp "github.com/go-git/go-git/v5/plumbing/transport/http"
	gitssh "github.com/go-git/go-git/v5/plumbing/transport/ssh"
)

// Credential is what paved may present to one host over HTTPS.
type Credential struct {
	Host     string // host[:port] in the form [CanonicalHost] gives
	TokenEnv string // the environment variable the token came from, for messages
	Token    string // sent as basic auth (user x-access-token); "" sends none
	CABundle []byte // PEM certificates trusted for this host besides the system's
}

// Credentials are the hosts the user named for tokens. A token goes only
// over https, only to the host it is listed for (after a redirect, go-git
// drops it unless the redirect stays on that origin); a nil *Credentials
// names no host.
type Credentials struct {
	List []Credential
	// ConfigPath is the config file, named in hints.
	ConfigPath string
	// Defaulted is set when the list came from GITHUB_TOKEN or
	// PAVED_GIT_TOKEN alone (no credentials section in the config).
	Defaulted bool
}

// For returns the credential listed for ep's host, for https only.
func (c *Credentials) For(ep Endpoint) (Credential, bool) {
	if c == nil || ep.Scheme != "https" {
		return Credential{}, false
	}
	for _, cr := range c.List {
		if cr.Host == ep.Host {
			return cr, true
		}
	}
	return Credential{}, false
}

// Secrets lists every token, for scrubbing error text.
func (c *Credentials) Secrets() []string {
	if c == nil {
		return nil
	}
	var s []string
	for _, cr := range c.List {
		if cr.Token != "" {
			s = append(s, cr.Token)
		}
	}
	return s
}

// Auth is how a request to ep authenticates and which extra CA
// certificates it trusts: over https the URL's own credentials, else the
// token listed for ep's host; over http nothing, and credentials in an
// http URL are an error (they would travel in clear text); over ssh the
// agent's keys.
func (c *Credentials) Auth(ep Endpoint) (transport.AuthMethod, []byte, error) {
	switch ep.Scheme {
	case "http":
		if ep.User != "" || ep.Password != "" {
			return nil, nil, newError(ErrAuth, 2, fmt.Sprintf("%s: credentials in an http:// URL would be sent in clear text", ep.URL),
				"use https://, with the token under credentials in the config rather than in the URL")
		}
		return nil, nil, nil
	case "https":
		cr, _ := c.For(ep)
		switch {
		case ep.User != "" || ep.Password != "":
			return &githttp.BasicAuth{Username: ep.User, Password: ep.Password}, cr.CABundle, nil
		case cr.Token != "":
			return &githttp.BasicAuth{Username: "x-access-token", Password: cr.Token}, cr.CABundle, nil
		}
		return nil, cr.CABundle, nil
	case "ssh":
		if a, err := gitssh.NewSSHAgentAuth(ep.User); err == nil {
			return a, nil, nil
		}
	}
	return nil, nil, nil
}

// AuthHint says how to get access to ep, given what was sent: which host
// got no token and how to name it in the config.
func (c *Credentials) AuthHint(ep Endpoint) string {
	switch ep.Scheme {
	case "ssh", "git":
		return "start ssh-agent and load a key that can read the repository (ssh-add), or use an https URL with a token under credentials in the config"
	case "http":
		return "paved never sends a token over http://: use the https:// URL, and name its host under credentials in the config"
	}
	if ep.User != "" || ep.Password != "" {
		return "the credentials in the URL were refused by " + ep.Host + ": check them, or drop them and name the host under credentials in the config"
	}
	where := "the config file"
	if c != nil && c.ConfigPath != "" {
		where = c.ConfigPath
	}
	cr, ok := c.For(ep)
	switch {
	case !ok:
		hint := fmt.Sprintf("no token was sent to %s: paved sends one only to a host named for it; add to %s: credentials: [{host: %s, tokenEnv: PAVED_GIT_TOKEN}]",
			ep.Host, where, ep.Host)
		if c == nil || c.Defaulted {
			hint += " (without a credentials section, PAVED_GIT_TOKEN or GITHUB_TOKEN goes to github.com only)"
		}
		return hint
	case cr.Token == "" && cr.TokenEnv != "":
		return fmt.Sprintf("set %s (named for %s under credentials in %s) to a token that can read the repository", cr.TokenEnv, ep.Host, where)
	case cr.Token == "":
		return fmt.Sprintf("%s has no tokenEnv under credentials in %s: add one naming the variable that holds its token", ep.Host, where)
	}
	return fmt.Sprintf("%s refused the token in %s: check that it can read the repository", ep.Host, cr.TokenEnv)
}
