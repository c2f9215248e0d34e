package scorecard

import (
	"testing"

	"github.com/google/go-cmp/cmp"
)

func TestParseDockerfile(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name string
		src  string
		want Dockerfile
	}{
		{
			name: "multi-stage: the final stage decides",
			src:  "# syntax=docker/dockerfile:1\nARG NODE=22\nFROM --platform=$BUILDPLATFORM node:${NODE} AS build\nUSER node\nRUN npm ci && \\\n    npm run build\nHEALTHCHECK CMD curl -f localhost\n\nfrom gcr.io/distroless/nodejs22 as run\nexpose 8080 9464\nuser 65532:65532\nhealthcheck --interval=5s \\\n  CMD [\"/nodejs/bin/node\", \"hc.js\"]\n",
			want: Dockerfile{Base: "gcr.io/distroless/nodejs22", User: "65532:65532", NonRootUser: true, Healthcheck: true, Expose: []string{"8080", "9464"}},
		},
		{
			name: "root user and disabled healthcheck",
			src:  "FROM alpine\nUSER root\nHEALTHCHECK NONE\n",
			want: Dockerfile{Base: "alpine", User: "root", Expose: []string{}},
		},
		{
			name: "no user",
			src:  "FROM scratch\nCOPY x /x\n",
			want: Dockerfile{Base: "scratch", Expose: []string{}},
		},
		{
			name: "escape directive",
			src:  "# escape=`\nFROM mcr.microsoft.com/windows AS w\nRUN dir `\n  c:\\\nUSER ContainerUser\n",
			want: Dockerfile{Base: "mcr.microsoft.com/windows", User: "ContainerUser", NonRootUser: true, Expose: []string{}},
		},
		{name: "empty", src: "", want: Dockerfile{Expose: []string{}}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			got := parseDockerfile(tt.src)
			got.Stages = nil
			want := tt.want
			if diff := cmp.Diff(want, got); diff != "" {
				t.Errorf("parseDockerfile() mismatch (-want +got):\n%s", diff)
			}
		})
	}
	t.Run("stages and instructions", func(t *testing.T) {
		t.Parallel()
		d := parseDockerfile("FROM a AS one\nRUN x \\\n  y\nFROM one\nCMD z\n")
		if len(d.Stages) != 2 || d.Stages[0].Name != "one" || d.Stages[1].From != "one" {
			t.Fatalf("stages = %+v", d.Stages)
		}
		if got := d.Stages[0].Instructions[1]; got.Cmd != "RUN" || got.Args != "x  y" || got.Line != 2 {
			t.Errorf("instruction = %+v, want RUN on line 2 with continuation joined", got)
		}
	})
}
