package scorecard

import (
	"context"
	"path"
	"strings"
)

// Dockerfile is one parsed Dockerfile of the `dockerfiles` fact. User,
// Healthcheck and Expose describe the final stage, the image that ships.
type Dockerfile struct {
	Path        string   `cel:"path"`
	Stages      []Stage  `cel:"stages"`
	Base        string   `cel:"base"`        // the final stage's FROM image
	User        string   `cel:"user"`        // the final stage's last USER, "" when unset
	NonRootUser bool     `cel:"nonRootUser"` // User is set and is neither root nor 0
	Healthcheck bool     `cel:"healthcheck"` // the final stage has a HEALTHCHECK other than NONE
	Expose      []string `cel:"expose"`
}

// Stage is one FROM … stage of a Dockerfile.
type Stage struct {
	From         string        `cel:"from"`
	Name         string        `cel:"name"` // the AS name, "" when unnamed
	User         string        `cel:"user"`
	Healthcheck  bool          `cel:"healthcheck"`
	Expose       []string      `cel:"expose"`
	Instructions []Instruction `cel:"instructions"`
}

// Instruction is one Dockerfile instruction, continuation lines joined.
type Instruction struct {
	Cmd  string `cel:"cmd"` // upper case: FROM, RUN, USER, …
	Args string `cel:"args"`
	Line int    `cel:"line"`
}

// DockerfilesFact exposes `dockerfiles`: every Dockerfile, Containerfile,
// Dockerfile.* and *.dockerfile, parsed into stages.
func DockerfilesFact() Fact {
	return Fact{
		Name: "dockerfiles",
		Doc:  "Dockerfiles parsed into stages; user, nonRootUser, healthcheck, expose and base describe the final stage",
		Go:   []Dockerfile(nil),
		Load: func(ctx context.Context, s *Snapshot) (any, error) {
			out := []Dockerfile{}
			for _, f := range s.files {
				if !isDockerfile(f) {
					continue
				}
				data, err := s.ReadText(f)
				if err != nil {
					return nil, err
				}
				d := parseDockerfile(string(data))
				d.Path = f
				out = append(out, d)
			}
			return out, nil
		},
	}
}

func isDockerfile(p string) bool {
	b := strings.ToLower(path.Base(p))
	return b == "dockerfile" || b == "containerfile" || strings.HasPrefix(b, "dockerfile.") || strings.HasSuffix(b, ".dockerfile")
}

func parseDockerfile(src string) Dockerfile {
	d := Dockerfile{Stages: []Stage{}, Expose: []string{}}
	escape := byte('\\')
	var cur strings.Builder
	start := 0
	directives := true
	var stage *Stage
	flush := func() {
		text := strings.TrimSpace(cur.String())
		cur.Reset()
		if text == "" {
			return
		}
		cmd, args, _ := strings.Cut(text, " ")
		in := Instruction{Cmd: strings.ToUpper(cmd), Args: strings.TrimSpace(args), Line: start}
		if in.Cmd == "FROM" {
			d.Stages = append(d.Stages, Stage{Expose: []string{}, Instructions: []Instruction{}})
			stage = &d.Stages[len(d.Stages)-1]
			f := strings.Fields(in.Args)
			for len(f) > 0 && strings.HasPrefix(f[0], "--") {
				f = f[1:]
			}
			if len(f) > 0 {
				stage.From = f[0]
			}
			if len(f) >= 3 && strings.EqualFold(f[1], "as") {
				stage.Name = f[2]
			}
		}
		if stage == nil {
			return // ARG before the first FROM
		}
		stage.Instructions = append(stage.Instructions, in)
		switch in.Cmd {
		case "USER":
			stage.User = in.Args
		case "HEALTHCHECK":
			stage.Healthcheck = !strings.EqualFold(strings.TrimSpace(in.Args), "none")
		case "EXPOSE":
			stage.Expose = append(stage.Expose, strings.Fields(in.Args)...)
		}
	}
	for i, line := range strings.Split(src, "\n") {
		line = strings.TrimRight(line, "\r")
		trimmed := strings.TrimSpace(line)
		if strings.HasPrefix(trimmed, "#") {
			if directives && strings.HasPrefix(strings.ToLower(strings.ReplaceAll(trimmed, " ", "")), "#escape=") {
				if v := strings.TrimSpace(trimmed[strings.Index(trimmed, "=")+1:]); v != "" {
					escape = v[0]
				}
			}
			continue // comments also sit inside continued instructions
		}
		directives = false
		if cur.Len() == 0 {
			if trimmed == "" {
				continue
			}
			start = i + 1
		}
		if strings.HasSuffix(trimmed, string(escape)) {
			cur.WriteString(strings.TrimSuffix(trimmed, string(escape)))
			cur.WriteByte(' ')
			continue
		}
		cur.WriteString(trimmed)
		flush()
	}
	flush()
	if n := len(d.Stages); n > 0 {
		last := d.Stages[n-1]
		d.Base, d.User, d.Healthcheck, d.Expose = last.From, last.User, last.Healthcheck, last.Expose
		d.NonRootUser = nonRoot(last.User)
	}
	return d
}

func nonRoot(user string) bool {
	u, _, _ := strings.Cut(strings.TrimSpace(user), ":")
	return u != "" && u != "root" && u != "0"
}
