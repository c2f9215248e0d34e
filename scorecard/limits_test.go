package scorecard

import (
	"context"
	"fmt"
	"runtime"
	"strings"
	"testing"
	"time"
)

// bombRubric is a one-check rubric whose expression is expr.
func bombRubric(t *testing.T, expr string) *Rubric {
	t.Helper()
	src := fmt.Sprintf(`apiVersion: paved.dev/v1alpha1
kind: Rubric
metadata: {name: bomb}
spec:
  levels: [bronze]
  checks:
    - id: bomb
      level: bronze
      title: A bomb
      remediation: Do not.
      expr: %q
`, expr)
	r, err := ParseRubric([]byte(src), "bomb.yaml")
	if err != nil {
		t.Fatal(err)
	}
	return r
}

func TestCELLimits(t *testing.T) {
	t.Parallel()
	ten := "[0,1,2,3,4,5,6,7,8,9]"
	nest := func(depth int, inner string) string {
		e := inner
		for range depth {
			e = ten + ".map(i, " + e + ")"
		}
		return e
	}
	replace := `"aaaaaaaaaa"`
	for range 12 {
		replace += `.replace("a", "aaaaaaaaaa")`
	}
	format := `"x"`
	for range 10 {
		format = `"%s%s%s%s%s%s%s%s%s%s".format(` + ten + `.map(i, ` + format + `))`
	}
	tests := []struct {
		name, expr string
		limits     Limits
		want       string // in the message
	}{
		{name: "nested map", expr: nest(9, "i") + ".size() > 0", limits: Limits{CheckTime: time.Minute}, want: "cost limit of 10000000 exceeded"},
		{name: "nested all", expr: ten + ".all(a, " + ten + ".all(b, " + ten + ".all(c, " + ten + ".all(d, " + ten + ".all(e, " + ten + ".all(f, " + ten + ".all(g, " + ten + ".all(h, a + b >= 0))))))))", limits: Limits{CheckCost: 1_000_000, CheckTime: time.Minute},
			want: "cost limit of 1000000 exceeded (a rubric this expensive is likely a mistake; raise it with --cost-limit)"},
		{name: "string replace doubling", expr: replace + `.size() > 0`, want: "cost limit"},
		{name: "format fan-out", expr: format + `.size() > 0`, limits: Limits{CheckCost: 1_000_000, CheckTime: time.Minute}, want: "cost limit"},
		{name: "grep in a loop", expr: nest(4, `grep("**", "x" + string(i))`) + ".size() > 0", limits: Limits{CheckCost: 100_000},
			want: "cost limit of 100000 exceeded"},
		{name: "time limit", expr: nest(9, "i") + ".size() > 0", limits: Limits{CheckCost: 1 << 62, RubricCost: 1 << 62, CheckTime: 50 * time.Millisecond},
			want: "time limit of 50ms exceeded (a rubric this expensive is likely a mistake; raise it with --check-timeout)"},
		{name: "rubric budget", expr: nest(9, "i") + ".size() > 0", limits: Limits{RubricCost: 1000}, want: "rubric cost limit of 1000 exceeded"},
	}
	s := mustOpen(t, repoDir(t, nodeService(), testNow), "")
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			r := bombRubric(t, tt.expr)
			r.Limits = tt.limits
			if r.Limits.CheckTime == 0 {
				// the cost limit must be what stops these, however loaded
				// the machine: give the clock plenty of room
				r.Limits.CheckTime = 2 * time.Minute
			}
			var before runtime.MemStats
			runtime.ReadMemStats(&before)
			start := time.Now()
			res := Evaluate(t.Context(), r, s, Selection{})
			took := time.Since(start)
			var after runtime.MemStats
			runtime.ReadMemStats(&after)
			c := res.Checks[0]
			if c.Outcome != Errored || !strings.Contains(c.Message, tt.want) || !strings.Contains(c.Message, "check bomb") {
				t.Errorf("outcome = %s %q, want error containing %q", c.Outcome, c.Message, tt.want)
			}
			if took > time.Minute {
				t.Errorf("took %v, want well under a minute", took)
			}
			if grown := after.TotalAlloc - before.TotalAlloc; grown > 1<<30 {
				t.Errorf("allocated %d MiB, want well under 1 GiB", grown>>20)
			}
		})
	}
}

func TestCancelStopsEvaluation(t *testing.T) {
	t.Parallel()
	r := bombRubric(t, "[0,1,2,3,4,5,6,7,8,9].all(a, [0,1,2,3,4,5,6,7,8,9].all(b, [0,1,2,3,4,5,6,7,8,9].all(c, [0,1,2,3,4,5,6,7,8,9].all(d, [0,1,2,3,4,5,6,7,8,9].all(e, [0,1,2,3,4,5,6,7,8,9].all(f, [0,1,2,3,4,5,6,7,8,9].all(g, [0,1,2,3,4,5,6,7,8,9].all(h, [0,1,2,3,4,5,6,7,8,9].all(j, a >= 0)))))))))")
	r.Limits = Limits{CheckCost: 1 << 62, RubricCost: 1 << 62, CheckTime: time.Hour}
	s := mustOpen(t, repoDir(t, nodeService(), testNow), "")
	ctx, cancel := context.WithCancel(t.Context())
	time.AfterFunc(100*time.Millisecond, cancel)
	start := time.Now()
	res := Evaluate(ctx, r, s, Selection{})
	if took := time.Since(start); took > time.Second+100*time.Millisecond {
		t.Errorf("Evaluate took %v after cancel, want under a second", took)
	}
	if c := res.Checks[0]; c.Outcome != Errored || !strings.Contains(c.Message, "canceled") {
		t.Errorf("outcome = %s %q, want errored: context canceled", c.Outcome, c.Message)
	}
}

func TestBuiltinRubricWithinDefaultLimits(t *testing.T) {
	t.Parallel()
	r := mustRubric(t, "production-readiness")
	r.Limits = Limits{CheckCost: DefaultCheckCost / 100}
	res := Evaluate(t.Context(), r, mustOpen(t, repoDir(t, nodeService(), testNow), ""), Selection{})
	for _, c := range res.Checks {
		if c.Outcome == Errored {
			t.Errorf("%s errored under a hundredth of the default cost limit: %s", c.ID, c.Message)
		}
	}
}
