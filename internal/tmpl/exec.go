package tmpl

import (
	"context"
	"fmt"
	"io"
	"reflect"
	"text/template"
	"text/template/parse"

	"github.com/paved-dev/paved/internal/limits"
)

// text/template has no context and no budget: a range over a big number,
// or a named template calling itself twice, runs for ever, and its own depth
// limit (100,000 nested calls) costs far more stack than a render may. So
// paved rewrites each parsed tree before executing it:
//
//   - every range body starts with {{__pavedStep}}, which counts steps
//     (maxRenderSteps) and checks the context: cancellation (Ctrl-C,
//     SIGTERM) and renderTimeout stop a loop within microseconds;
//   - every template body (the file's own and each define/block) starts
//     with {{__pavedEnter}} and ends with {{__pavedLeave}}, which count the
//     depth of nested {{template}} calls (maxTemplateDepth);
//   - every action that prints gets a last command, {{... | __pavedOut}},
//     which measures the value before text/template formats it;
//   - the output goes through a writer that stops at maxFileBytes.
const (
	stepFunc  = "__pavedStep"
	enterFunc = "__pavedEnter"
	leaveFunc = "__pavedLeave"
	outFunc   = "__pavedOut"
)

// probes are the nodes injected into parsed trees; they are never changed
// by execution, so one set serves every template of an Engine.
type probes struct {
	step, enter, leave *parse.ActionNode
	out                *parse.CommandNode
}

func newProbes() *probes {
	placeholder := func() string { return "" }
	parseOne := func(text string) *parse.ActionNode {
		t := template.Must(template.New("").Funcs(template.FuncMap{
			stepFunc: placeholder, enterFunc: placeholder, leaveFunc: placeholder, outFunc: func(v any) any { return v },
		}).Parse(text))
		return t.Tree.Root.Nodes[0].(*parse.ActionNode)
	}
	return &probes{
		step:  parseOne("{{" + stepFunc + "}}"),
		enter: parseOne("{{" + enterFunc + "}}"),
		leave: parseOne("{{" + leaveFunc + "}}"),
		out:   parseOne("{{. | " + outFunc + "}}").Pipe.Cmds[1],
	}
}

// loops reports whether a tree can run for longer than its length: a range
// or a call of a named template.
func loops(n parse.Node) bool {
	switch n := n.(type) {
	case *parse.ListNode:
		if n == nil {
			return false
		}
		for _, c := range n.Nodes {
			if loops(c) {
				return true
			}
		}
	case *parse.RangeNode, *parse.TemplateNode:
		return true
	case *parse.IfNode:
		return loops(n.List) || loops(n.ElseList)
	case *parse.WithNode:
		return loops(n.List) || loops(n.ElseList)
	}
	return false
}

// instrument adds the probes to tree; counting says whether the step and
// depth probes go in (only in a template of its own, see [Engine.parse]).
func (p *probes) instrument(tree *parse.Tree, counting bool) {
	if tree == nil || tree.Root == nil {
		return
	}
	p.list(tree.Root, counting)
	if counting {
		tree.Root.Nodes = append(append([]parse.Node{p.enter}, tree.Root.Nodes...), p.leave)
	}
}

func (p *probes) list(l *parse.ListNode, counting bool) {
	if l == nil {
		return
	}
	for _, n := range l.Nodes {
		switch n := n.(type) {
		case *parse.ActionNode:
			if n.Pipe != nil && len(n.Pipe.Decl) == 0 && len(n.Pipe.Cmds) > 0 {
				n.Pipe.Cmds = append(n.Pipe.Cmds, p.out)
			}
		case *parse.IfNode:
			p.list(n.List, counting)
			p.list(n.ElseList, counting)
		case *parse.WithNode:
			p.list(n.List, counting)
			p.list(n.ElseList, counting)
		case *parse.RangeNode:
			p.list(n.List, counting)
			p.list(n.ElseList, counting)
			if counting && n.List != nil {
				n.List.Nodes = append([]parse.Node{p.step}, n.List.Nodes...)
			}
		}
	}
}

// run executes t into w within the Engine's limits. t must have been made
// by [Engine.parse]; when it counts, its probe functions are bound here,
// to this one execution.
func (e *Engine) run(ctx context.Context, t *template.Template, counting bool, w io.Writer, data any) error {
	lw := &limitWriter{w: w, max: e.lim.MaxFileBytes, ctx: ctx}
	if counting {
		ctx, cancel := context.WithTimeoutCause(ctx, e.lim.RenderTimeout, &limits.Error{
			Key: "renderTimeout", Limit: e.lim.RenderTimeout.String(), Msg: "rendering took too long"})
		defer cancel()
		lw.ctx = ctx
		var steps int64
		depth := 0
		step := func() (string, error) {
			steps++
			if steps > e.lim.MaxRenderSteps {
				return "", &limits.Error{Key: "maxRenderSteps", Limit: fmt.Sprint(e.lim.MaxRenderSteps),
					Msg: "too many range iterations and template calls"}
			}
			if steps%64 == 0 && ctx.Err() != nil {
				return "", context.Cause(ctx)
			}
			return "", nil
		}
		t.Funcs(template.FuncMap{
			stepFunc: step,
			enterFunc: func() (string, error) {
				if depth++; depth > e.lim.MaxTemplateDepth {
					return "", &limits.Error{Key: "maxTemplateDepth", Limit: fmt.Sprint(e.lim.MaxTemplateDepth),
						Msg: "named templates call each other too deep (a define that calls itself?)"}
				}
				return step()
			},
			leaveFunc: func() string { depth--; return "" },
		})
	}
	return t.Execute(lw, data)
}

// out is __pavedOut: it lets a value through to be printed only when
// printing it stays within maxFileBytes.
func (e *Engine) out(v any) (reflect.Value, error) {
	if v == nil {
		return reflect.Value{}, nil // prints as text/template would: <no value>
	}
	rv := reflect.ValueOf(v)
	if err := check("printing a value", e.lim.MaxFileBytes, rv); err != nil {
		return reflect.Value{}, err
	}
	return rv, nil
}

// limitWriter fails the write that would pass max bytes, and any write
// once ctx is done.
type limitWriter struct {
	w   io.Writer
	n   int64
	max int64
	ctx context.Context
}

func (l *limitWriter) Write(p []byte) (int, error) {
	if l.n+int64(len(p)) > l.max {
		return 0, &limits.Error{Key: "maxFileBytes", Limit: limits.Bytes(l.max), Msg: "the rendered file is too big"}
	}
	if err := l.ctx.Err(); err != nil {
		return 0, context.Cause(l.ctx)
	}
	l.n += int64(len(p))
	return l.w.Write(p)
}
