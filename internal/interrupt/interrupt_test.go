package interrupt

import (
	"context"
	"testing"
)

func TestTrack(t *testing.T) {
	t.Parallel()
	t.Run("kill all runs every registered kill once", func(t *testing.T) {
		t.Parallel()
		c := NewChildren()
		ctx := WithChildren(context.Background(), c)
		var a, b int
		Track(ctx, func() { a++ })
		removeB := Track(ctx, func() { b++ })
		if n := c.KillAll(); n != 2 {
			t.Errorf("KillAll() = %d, want 2", n)
		}
		removeB()
		if n := c.KillAll(); n != 1 {
			t.Errorf("KillAll() after remove = %d, want 1", n)
		}
		if a != 2 || b != 1 {
			t.Errorf("kills ran a=%d b=%d times, want 2 and 1", a, b)
		}
	})
	t.Run("a context without children tracks nothing", func(t *testing.T) {
		t.Parallel()
		ran := false
		Track(context.Background(), func() { ran = true })()
		if ran {
			t.Error("kill ran without a KillAll")
		}
	})
}
