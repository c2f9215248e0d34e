package web

import (
	"bytes"
	"errors"
	"io/fs"
	"net/url"
	"os"
	"path"
	"slices"
	"strings"

	"github.com/microcosm-cc/bluemonday"
	"github.com/yuin/goldmark"
	"github.com/yuin/goldmark/ast"
	"github.com/yuin/goldmark/extension"
	"github.com/yuin/goldmark/parser"
	"github.com/yuin/goldmark/renderer/html"
	"github.com/yuin/goldmark/text"
	"github.com/yuin/goldmark/util"
	"html/template"
)

// Limits of what the docs read from an entity's source.
const (
	maxDocFiles = 200
	maxDocBytes = 1 << 20
)

// docRenderer turns Markdown from a repository into HTML that is safe to
// put in a page: goldmark renders it (raw HTML included, as GitHub does)
// and bluemonday's UGC policy keeps only harmless markup.
type docRenderer struct {
	policy *bluemonday.Policy
}

func newDocRenderer() *docRenderer {
	p := bluemonday.UGCPolicy()
	p.AllowAttrs("class").Matching(bluemonday.SpaceSeparatedTokens).OnElements("code", "pre", "span")
	return &docRenderer{policy: p}
}

// render renders md, found at file of the source, with relative links
// turned into pages under base (the entity's docs address).
func (d *docRenderer) render(md []byte, file, base string) template.HTML {
	gm := goldmark.New(
		goldmark.WithExtensions(extension.GFM),
		goldmark.WithParserOptions(parser.WithAutoHeadingID(),
			parser.WithASTTransformers(util.Prioritized(linkRewriter{dir: path.Dir(file), base: base}, 100))),
		// READMEs hold HTML (badges, <details>, <img>): render it, and
		// let the sanitiser decide what stays.
		goldmark.WithRendererOptions(html.WithUnsafe()),
	)
	var buf bytes.Buffer
	if err := gm.Convert(md, &buf); err != nil {
		return template.HTML("<p>" + esc("this document could not be rendered: "+err.Error()) + "</p>")
	}
	return template.HTML(d.policy.SanitizeBytes(buf.Bytes()))
}

// linkRewriter points relative links and images at the docs pages.
type linkRewriter struct{ dir, base string }

func (l linkRewriter) Transform(doc *ast.Document, _ text.Reader, _ parser.Context) {
	ast.Walk(doc, func(n ast.Node, entering bool) (ast.WalkStatus, error) {
		if !entering {
			return ast.WalkContinue, nil
		}
		switch n := n.(type) {
		case *ast.Link:
			n.Destination = l.rewrite(n.Destination)
		case *ast.Image:
			n.Destination = l.rewrite(n.Destination)
		}
		return ast.WalkContinue, nil
	})
}

func (l linkRewriter) rewrite(dest []byte) []byte {
	u, err := url.Parse(string(dest))
	if err != nil || u.Scheme != "" || u.Host != "" || strings.HasPrefix(u.Path, "/") || u.Path == "" {
		return dest
	}
	p := path.Join(l.dir, u.Path)
	if strings.HasPrefix(p, "../") || p == ".." {
		return dest
	}
	out := l.base + (&url.URL{Path: p}).EscapedPath()
	if u.Fragment != "" {
		out += "#" + url.PathEscape(u.Fragment)
	}
	return []byte(out)
}

// sourceRoot opens the entity's folder on this machine, if it has one.
func sourceRoot(dir string) (*os.Root, bool) {
	if dir == "" {
		return nil, false
	}
	root, err := os.OpenRoot(dir)
	if err != nil {
		return nil, false
	}
	return root, true
}

// docFiles lists README.md and docs/**/*.md of fsys, README first.
func docFiles(fsys fs.FS) []string {
	var out []string
	entries, _ := fs.ReadDir(fsys, ".")
	for _, e := range entries {
		if !e.IsDir() && strings.EqualFold(e.Name(), "README.md") {
			out = append(out, e.Name())
			break
		}
	}
	var docs []string
	fs.WalkDir(fsys, "docs", func(p string, d fs.DirEntry, err error) error {
		if err != nil || len(docs) >= maxDocFiles {
			return fs.SkipDir
		}
		if !d.IsDir() && strings.HasSuffix(strings.ToLower(p), ".md") && d.Type().IsRegular() {
			docs = append(docs, p)
		}
		return nil
	})
	slices.Sort(docs)
	return append(out, docs...)
}

// isDocPath reports whether p is a path docFiles could list.
func isDocPath(p string) bool {
	if !fs.ValidPath(p) || !strings.HasSuffix(strings.ToLower(p), ".md") {
		return false
	}
	return strings.EqualFold(p, "README.md") || strings.HasPrefix(p, "docs/")
}

// readDoc reads one document, refusing anything too large.
func readDoc(fsys fs.FS, p string) ([]byte, error) {
	f, err := fsys.Open(p)
	if err != nil {
		return nil, err
	}
	defer f.Close()
	st, err := f.Stat()
	if err != nil {
		return nil, err
	}
	if !st.Mode().IsRegular() {
		return nil, fs.ErrNotExist
	}
	if st.Size() > maxDocBytes {
		return nil, errors.New("larger than 1 MiB: not shown")
	}
	var buf bytes.Buffer
	_, err = buf.ReadFrom(f)
	return buf.Bytes(), err
}
