package scorecard

import (
	"bytes"
	"embed"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"path"
	"regexp"
	"slices"
	"strings"

	"github.com/google/cel-go/cel"

	"github.com/google/cel-go/common/ast"
	"gopkg.in/yaml.v3"

	"github.com/paved-dev/paved/internal/yamlx"
)

// Rubric kinds and versions accepted in a rubric file.
const (
	RubricAPIVersion = "paved.dev/v1alpha1"
	RubricKind       = "Rubric"
)

//go:embed rubrics/*.yaml
var builtinRubrics embed.FS

// MaxChecks is the most checks one rubric may hold.
const MaxChecks = 1000

var checkID = regexp.MustCompile(`^[a-z0-9][a-z0-9-]*$`)

// Rubric is a loaded, type-checked rubric.
type Rubric struct {
	APIVersion string         `yaml:"apiVersion" json:"apiVersion"`
	Kind       string         `yaml:"kind" json:"kind"`
	Metadata   RubricMetadata `yaml:"metadata" json:"metadata"`
	Spec       RubricSpec     `yaml:"spec" json:"spec"`
	// File is where the rubric came from: "builtin:NAME" or a path.
	File string `yaml:"-" json:"file"`
	// Limits bound each check's CEL cost and time; set them before scoring.
	Limits Limits `yaml:"-" json:"-"`

	env *cel.Env
	res *regexps
}

// RubricMetadata names a rubric.
type RubricMetadata struct {
	Name        string `yaml:"name" json:"name"`
	Title       string `yaml:"title,omitempty" json:"title,omitempty"`
	Description string `yaml:"description,omitempty" json:"description,omitempty"`
}

// RubricSpec holds the levels, lowest first, and the checks.
type RubricSpec struct {
	Levels []string `yaml:"levels" json:"levels"`
	Checks []Check  `yaml:"checks" json:"checks"`
}

// Check is one rubric check.
type Check struct {
	ID          string   `yaml:"id" json:"id"`
	Level       string   `yaml:"level" json:"level"`
	Category    string   `yaml:"category,omitempty" json:"category,omitempty"`
	Title       string   `yaml:"title" json:"title"`
	When        string   `yaml:"when,omitempty" json:"when,omitempty"` // applicability (CEL); empty means always
	Expr        string   `yaml:"expr" json:"expr"`                     // passes when true (CEL)
	Remediation string   `yaml:"remediation" json:"remediation"`
	Docs        string   `yaml:"docs,omitempty" json:"docs,omitempty"`
	Weight      *float64 `yaml:"weight,omitempty" json:"weight,omitempty"` // default 1
	// Files are where the fix usually goes (first existing one is the SARIF location).
	Files []string `yaml:"files,omitempty" json:"files,omitempty"`
	// Evidence names the fact (a CEL path such as ci.tests) whose evidence
	// explains the verdict; empty: the evidence of the facts expr touched.
	Evidence string `yaml:"evidence,omitempty" json:"evidence,omitempty"`
	Line     int    `yaml:"-" json:"line"`

	when, expr  cel.Program
	whenAST     *cel.Ast
	exprAST     *cel.Ast
	evidenceAST *cel.Ast
}

// weight returns the check's weight, 1 unless set.
func (c *Check) weight() float64 {
	if c.Weight == nil {
		return 1
	}
	return *c.Weight
}

// RubricError is one problem in a rubric file, with where it is and how to fix it.
type RubricError struct {
	File  string
	Line  int
	Check string // the check id, "" for rubric-level problems
	Field string
	Msg   string
	Fix   string
}

// Error is "FILE:LINE: check ID: FIELD: message".
func (e *RubricError) Error() string {
	var b strings.Builder
	b.WriteString(e.File)
	if e.Line > 0 {
		fmt.Fprintf(&b, ":%d", e.Line)
	}
	b.WriteString(": ")
	if e.Check != "" {
		fmt.Fprintf(&b, "check %s: ", e.Check)
	}
	if e.Field != "" {
		b.WriteString(e.Field + ": ")
	}
	b.WriteString(e.Msg)
	return b.String()
}

// Hint is the fix cli.Main prints under the error.
func (e *RubricError) Hint() string { return e.Fix }

// ExitCode marks a bad rubric as bad input (exit 2).
func (e *RubricError) ExitCode() int { return 2 }

// RubricErrors are every problem found in one rubric, reported at once.
type RubricErrors []*RubricError

// Error lists every problem, one per line.
func (es RubricErrors) Error() string {
	msgs := make([]string, len(es))
	for i, e := range es {
		msgs[i] = e.Error()
	}
	return strings.Join(msgs, "\n")
}

// Hint returns the first problem's fix.
func (es RubricErrors) Hint() string {
	for _, e := range es {
		if e.Fix != "" {
			return e.Fix
		}
	}
	return ""
}

// ExitCode marks a bad rubric as bad input (exit 2).
func (es RubricErrors) ExitCode() int { return 2 }

// BuiltinRubrics lists the names of the embedded rubrics, sorted.
func BuiltinRubrics() []string {
	entries, _ := fs.ReadDir(builtinRubrics, "rubrics")
	var names []string
	for _, e := range entries {
		names = append(names, strings.TrimSuffix(e.Name(), ".yaml"))
	}
	return names
}

// LoadRubric loads a built-in rubric by name, or a rubric file by path.
func LoadRubric(nameOrFile string) (*Rubric, error) {
	if slices.Contains(BuiltinRubrics(), nameOrFile) {
		data, err := builtinRubrics.ReadFile("rubrics/" + nameOrFile + ".yaml")
		if err != nil {
			return nil, err
		}
		return ParseRubric(data, "builtin:"+nameOrFile)
	}
	data, err := readRubricFile(nameOrFile)
	if err != nil {
		if errors.Is(err, fs.ErrNotExist) && !strings.ContainsAny(nameOrFile, "/\\.") {
			return nil, &RubricError{File: nameOrFile, Msg: "no built-in rubric or file by that name",
				Fix: "built-in rubrics: " + strings.Join(BuiltinRubrics(), ", ") + "; or pass a rubric file path"}
		}
		return nil, &RubricError{File: nameOrFile, Msg: err.Error(), Fix: "pass a readable rubric file or a built-in name (" + strings.Join(BuiltinRubrics(), ", ") + ")"}
	}
	return ParseRubric(data, nameOrFile)
}

// readRubricFile reads a rubric the user named: a regular file of at most
// [MaxYAMLSize] bytes (a FIFO or /dev/zero would hang or fill memory).
func readRubricFile(name string) ([]byte, error) {
	data, err := yamlx.ReadRegular(name, MaxYAMLSize)
	if errors.Is(err, yamlx.ErrNotRegular) {
		return nil, fmt.Errorf("%s is not a regular file", name)
	}
	if err != nil {
		return nil, err
	}
	if len(data) > MaxYAMLSize {
		return nil, fmt.Errorf("%w: over %d bytes", ErrYAMLLimit, MaxYAMLSize)
	}
	return data, nil
}

// ParseRubric decodes, validates and type-checks a rubric. Every problem is
// reported at once as [RubricErrors], each naming the file, line and check.
func ParseRubric(data []byte, file string) (*Rubric, error) {
	display := file
	if strings.HasPrefix(file, "builtin:") {
		display = path.Join("scorecard/rubrics", strings.TrimPrefix(file, "builtin:")+".yaml")
	}
	var r Rubric
	root, err := parseYAML(data)
	if errors.Is(err, ErrYAMLLimit) {
		return nil, &RubricError{File: display, Msg: err.Error(),
			Fix: "a rubric is a short list of checks: drop the aliases or split the file"}
	}
	if err == nil {
		dec := yaml.NewDecoder(bytes.NewReader(data))
		dec.KnownFields(true)
		err = dec.Decode(&r)
	}
	if err != nil {
		return nil, &RubricError{File: display, Line: yamlLine(err), Msg: yamlMsg(err),
			Fix: "see `paved rubrics show production-readiness` for the format"}
	}
	if len(r.Spec.Checks) > MaxChecks {
		return nil, &RubricError{File: display, Line: nodeLine(root, "spec", "checks"), Field: "spec.checks",
			Msg: fmt.Sprintf("%d checks, over the limit of %d", len(r.Spec.Checks), MaxChecks), Fix: "split the rubric into several"}
	}
	r.File = file
	var errs RubricErrors
	add := func(line int, check, field, msg, fix string) {
		errs = append(errs, &RubricError{File: display, Line: line, Check: check, Field: field, Msg: msg, Fix: fix})
	}
	if r.APIVersion != RubricAPIVersion {
		add(nodeLine(root, "apiVersion"), "", "apiVersion", fmt.Sprintf("%q is not supported", r.APIVersion), "use apiVersion: "+RubricAPIVersion)
	}
	if r.Kind != RubricKind {
		add(nodeLine(root, "kind"), "", "kind", fmt.Sprintf("%q is not a rubric", r.Kind), "use kind: "+RubricKind)
	}
	if r.Metadata.Name == "" {
		add(nodeLine(root, "metadata"), "", "metadata.name", "missing", "name the rubric, e.g. metadata: {name: api-guidelines}")
	}
	levelsLine := nodeLine(root, "spec", "levels")
	if len(r.Spec.Levels) == 0 {
		add(levelsLine, "", "spec.levels", "no levels", "list the levels lowest first, e.g. levels: [bronze, silver, gold]")
	}
	seenLevel := map[string]bool{}
	for _, l := range r.Spec.Levels {
		if seenLevel[l] || l == "" {
			add(levelsLine, "", "spec.levels", fmt.Sprintf("level %q is empty or listed twice", l), "list each level once")
		}
		seenLevel[l] = true
	}
	if len(r.Spec.Checks) == 0 {
		add(nodeLine(root, "spec"), "", "spec.checks", "no checks", "add at least one check")
	}
	env, err := newEnv()
	if err != nil {
		return nil, fmt.Errorf("cel environment: %w", err)
	}
	r.env, r.res = env, &regexps{batch: map[string][]*matcher{}}
	checkNodes := seqItems(root, "spec", "checks")
	seen := map[string]int{}
	for i := range r.Spec.Checks {
		c := &r.Spec.Checks[i]
		var cn *yaml.Node
		if i < len(checkNodes) {
			cn = checkNodes[i]
			c.Line = cn.Line
		}
		at := func(field string) int {
			if l := keyLine(cn, field); l > 0 {
				return l
			}
			return c.Line
		}
		id := c.ID
		if id == "" {
			id = fmt.Sprintf("#%d", i+1)
			add(c.Line, id, "id", "missing", "give every check a unique kebab-case id")
		} else if !checkID.MatchString(id) {
			add(at("id"), id, "id", "must be kebab-case (a-z, 0-9, -)", "rename it, e.g. health-endpoint")
		}
		if prev, dup := seen[c.ID]; dup && c.ID != "" {
			add(at("id"), id, "id", fmt.Sprintf("duplicate id (first at line %d)", prev), "give every check a unique id")
		}
		seen[c.ID] = c.Line
		if !seenLevel[c.Level] {
			add(at("level"), id, "level", fmt.Sprintf("unknown level %q", c.Level), "use one of: "+strings.Join(r.Spec.Levels, ", "))
		}
		if c.Title == "" {
			add(c.Line, id, "title", "missing", "say in one line what a passing repository has")
		}
		if strings.TrimSpace(c.Remediation) == "" {
			add(c.Line, id, "remediation", "missing", "say how to fix a failure, naming files a new hire can copy")
		}
		if c.Weight != nil && *c.Weight < 0 {
			add(at("weight"), id, "weight", "must not be negative", "use a weight of 0 or more (default 1)")
		}
		if strings.TrimSpace(c.Expr) == "" {
			add(at("expr"), id, "expr", "missing", "write a CEL expression that is true when the check passes")
		} else if a, msgs := r.compile(c.Expr); len(msgs) > 0 {
			for _, m := range msgs {
				add(at("expr"), id, "expr", m, "see `paved rubrics show` for facts and functions")
			}
		} else {
			c.exprAST = a
		}
		if strings.TrimSpace(c.Evidence) != "" {
			if a, iss := r.env.Compile(c.Evidence); iss != nil && iss.Err() != nil {
				add(at("evidence"), id, "evidence", iss.Err().Error(), "name a fact or a signal of one, e.g. ci.tests or logging")
			} else {
				c.evidenceAST = a
			}
		}
		if strings.TrimSpace(c.When) != "" {
			if a, msgs := r.compile(c.When); len(msgs) > 0 {
				for _, m := range msgs {
					add(at("when"), id, "when", m, "see `paved rubrics show` for facts and functions")
				}
			} else {
				c.whenAST = a
			}
		}
	}
	if len(errs) > 0 {
		return nil, errs
	}
	return &r, nil
}

// compile type-checks a boolean CEL expression and validates literal regexes.
func (r *Rubric) compile(src string) (*cel.Ast, []string) {
	a, iss := r.env.Compile(src)
	if iss != nil && iss.Err() != nil {
		var msgs []string
		for _, e := range iss.Errors() {
			msgs = append(msgs, fmt.Sprintf("%s (column %d)", e.Message, e.Location.Column()+1))
		}
		return nil, msgs
	}
	if !a.OutputType().IsExactType(cel.BoolType) {
		return nil, []string{fmt.Sprintf("is %s, want bool", a.OutputType())}
	}
	var msgs []string
	nav := ast.NavigateAST(a.NativeRep())
	for _, call := range ast.MatchDescendants(nav, ast.FunctionMatcher("grep")) {
		args := call.AsCall().Args()
		if len(args) == 2 && args[1].Kind() == ast.LiteralKind {
			if p, ok := args[1].AsLiteral().Value().(string); ok {
				m, err := r.res.matcher(p)
				if err != nil {
					msgs = append(msgs, fmt.Sprintf("bad regex %q: %v", p, err))
				} else if args[0].Kind() == ast.LiteralKind {
					if g, ok := args[0].AsLiteral().Value().(string); ok && !slices.Contains(r.res.batch[g], m) {
						r.res.batch[g] = append(r.res.batch[g], m)
					}
				}
			}
		}
		if len(args) == 2 && args[0].Kind() == ast.LiteralKind {
			if g, ok := args[0].AsLiteral().Value().(string); ok && !validGlob(g) {
				msgs = append(msgs, fmt.Sprintf("bad glob %q", g))
			}
		}
	}
	for _, name := range []string{"exists", "count"} {
		for _, call := range ast.MatchDescendants(nav, ast.FunctionMatcher(name)) {
			args := call.AsCall().Args()
			if len(args) == 1 && args[0].Kind() == ast.LiteralKind {
				if g, ok := args[0].AsLiteral().Value().(string); ok && !validGlob(g) {
					msgs = append(msgs, fmt.Sprintf("bad glob %q", g))
				}
			}
		}
	}
	return a, msgs
}

func yamlLine(err error) int {
	var te *yaml.TypeError
	msg := err.Error()
	if errors.As(err, &te) && len(te.Errors) > 0 {
		msg = te.Errors[0]
	}
	var line int
	if i := strings.Index(msg, "line "); i >= 0 {
		fmt.Sscanf(msg[i:], "line %d", &line)
	}
	return line
}

var yamlLinePrefix = regexp.MustCompile(`^(yaml: )?line \d+: `)

func yamlMsg(err error) string {
	var te *yaml.TypeError
	if errors.As(err, &te) {
		msgs := make([]string, len(te.Errors))
		for i, m := range te.Errors {
			msgs[i] = yamlLinePrefix.ReplaceAllString(m, "")
		}
		return strings.Join(msgs, "; ")
	}
	return yamlLinePrefix.ReplaceAllString(strings.TrimPrefix(err.Error(), "yaml: "), "")
}

// nodeLine finds the line of a key path in a YAML document, 0 if absent.
func nodeLine(root *yaml.Node, keys ...string) int {
	n := root
	if n.Kind == yaml.DocumentNode && len(n.Content) > 0 {
		n = n.Content[0]
	}
	line := 0
	for _, k := range keys {
		next := mapValue(n, k)
		if next == nil {
			return line
		}
		line = next.Line
		n = next
	}
	return line
}

func mapValue(n *yaml.Node, key string) *yaml.Node {
	if n == nil || n.Kind != yaml.MappingNode {
		return nil
	}
	for i := 0; i+1 < len(n.Content); i += 2 {
		if n.Content[i].Value == key {
			return n.Content[i+1]
		}
	}
	return nil
}

func keyLine(n *yaml.Node, key string) int {
	if v := mapValue(n, key); v != nil {
		return v.Line
	}
	return 0
}

func seqItems(root *yaml.Node, keys ...string) []*yaml.Node {
	n := root
	if n.Kind == yaml.DocumentNode && len(n.Content) > 0 {
		n = n.Content[0]
	}
	for _, k := range keys {
		n = mapValue(n, k)
	}
	if n == nil || n.Kind != yaml.SequenceNode {
		return nil
	}
	return n.Content
}

// Check returns the check with the given id, or nil.
func (r *Rubric) Check(id string) *Check {
	for i := range r.Spec.Checks {
		if r.Spec.Checks[i].ID == id {
			return &r.Spec.Checks[i]
		}
	}
	return nil
}

// LevelIndex is the position of a level (0 lowest), -1 when unknown.
func (r *Rubric) LevelIndex(level string) int { return slices.Index(r.Spec.Levels, level) }

// WriteRubricYAML writes the rubric back as YAML (what `paved rubrics show -o yaml` prints).
func WriteRubricYAML(w io.Writer, r *Rubric) error {
	enc := yaml.NewEncoder(w)
	enc.SetIndent(2)
	if err := enc.Encode(r); err != nil {
		return fmt.Errorf("write rubric: %w", err)
	}
	return enc.Close()
}
