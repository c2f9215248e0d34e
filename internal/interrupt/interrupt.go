// Package interrupt keeps the processes paved starts (template hooks, in
// process groups of their own) from outliving paved: cli.Main puts a
// [Children] in the context, whoever starts a process group registers how to
// kill it, and when a second signal makes paved exit at once Main kills
// every group still registered.
package interrupt

import (
	"context"
	"sync"
)

// Children is the set of process groups paved started that are still
// running, each with the function that kills it.
type Children struct {
	mu    sync.Mutex
	next  int
	kills map[int]func()
}

// NewChildren returns an empty set.
func NewChildren() *Children { return &Children{kills: map[int]func(){}} }

// Add registers kill, which must kill one process group at once; the
// returned func removes it once the group is gone.
func (c *Children) Add(kill func()) (remove func()) {
	c.mu.Lock()
	defer c.mu.Unlock()
	id := c.next
	c.next++
	c.kills[id] = kill
	return func() {
		c.mu.Lock()
		defer c.mu.Unlock()
		delete(c.kills, id)
	}
}

// KillAll kills every registered group and reports how many there were.
func (c *Children) KillAll() int {
	c.mu.Lock()
	kills := make([]func(), 0, len(c.kills))
	for _, k := range c.kills {
		kills = append(kills, k)
	}
	c.mu.Unlock()
	for _, k := range kills {
		k()
	}
	return len(kills)
}

type key struct{}

// WithChildren returns a context that carries c to [Track].
func WithChildren(ctx context.Context, c *Children) context.Context {
	return context.WithValue(ctx, key{}, c)
}

// Track registers kill with the [Children] in ctx; without one (a test, a
// library caller) it does nothing. The returned func removes it.
func Track(ctx context.Context, kill func()) (remove func()) {
	c, ok := ctx.Value(key{}).(*Children)
	if !ok || c == nil {
		return func() {}
	}
	return c.Add(kill)
}
