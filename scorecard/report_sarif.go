package scorecard

import (
	"encoding/json"
	"fmt"
	"io"
	"path"
	"strings"
)

// sarif* mirror the parts of SARIF 2.1.0 that paved writes.
type sarifLog struct {
	Schema  string     `json:"$schema"`
	Version string     `json:"version"`
	Runs    []sarifRun `json:"runs"`
}

type sarifRun struct {
	Tool              sarifTool        `json:"tool"`
	AutomationDetails *sarifAutomation `json:"automationDetails,omitempty"`
	Results           []sarifResult    `json:"results"`
	Properties        map[string]any   `json:"properties,omitempty"`
	VersionControl    []sarifVCS       `json:"versionControlProvenance,omitempty"`
}

type sarifVCS struct {
	RepositoryURI string `json:"repositoryUri"`
	RevisionID    string `json:"revisionId,omitempty"`
}

type sarifAutomation struct {
	ID string `json:"id"`
}

type sarifTool struct {
	Driver sarifDriver `json:"driver"`
}

type sarifDriver struct {
	Name           string      `json:"name"`
	InformationURI string      `json:"informationUri,omitempty"`
	Version        string      `json:"version,omitempty"`
	Rules          []sarifRule `json:"rules"`
}

type sarifText struct {
	Text     string `json:"text"`
	Markdown string `json:"markdown,omitempty"`
}

type sarifRule struct {
	ID                   string         `json:"id"`
	Name                 string         `json:"name,omitempty"`
	ShortDescription     sarifText      `json:"shortDescription"`
	FullDescription      sarifText      `json:"fullDescription"`
	Help                 sarifText      `json:"help"`
	HelpURI              string         `json:"helpUri,omitempty"`
	DefaultConfiguration sarifConfig    `json:"defaultConfiguration"`
	Properties           map[string]any `json:"properties,omitempty"`
}

type sarifConfig struct {
	Level string `json:"level"`
}

type sarifResult struct {
	RuleID              string            `json:"ruleId"`
	RuleIndex           int               `json:"ruleIndex"`
	Level               string            `json:"level"`
	Message             sarifText         `json:"message"`
	Locations           []sarifLocation   `json:"locations"`
	PartialFingerprints map[string]string `json:"partialFingerprints,omitempty"`
}

type sarifLocation struct {
	PhysicalLocation sarifPhysical `json:"physicalLocation"`
}

type sarifPhysical struct {
	ArtifactLocation sarifArtifact `json:"artifactLocation"`
	Region           *sarifRegion  `json:"region,omitempty"`
}

type sarifArtifact struct {
	URI       string `json:"uri"`
	URIBaseID string `json:"uriBaseId,omitempty"`
}

type sarifRegion struct {
	StartLine int `json:"startLine"`
}

// sarifLevel maps a rubric level to a SARIF level: failing the lowest level
// is an error, the next a warning, anything above a note.
func sarifLevel(levelIndex int) string {
	switch levelIndex {
	case 0:
		return "error"
	case 1:
		return "warning"
	}
	return "note"
}

// WriteSARIF writes SARIF 2.1.0 for GitHub code scanning: one run per
// repository, the rubric's checks as rules, a result per failing or errored
// check pointing at the most relevant file. version is paved's own.
func WriteSARIF(w io.Writer, rep *Report, r *Rubric, version string) error {
	log := sarifLog{Schema: "https://json.schemastore.org/sarif-2.1.0.json", Version: "2.1.0", Runs: []sarifRun{}}
	rules := make([]sarifRule, 0, len(r.Spec.Checks)+1)
	index := map[string]int{}
	addRule := func(id, title, level, category, remediation, docs string) {
		index[id] = len(rules)
		rules = append(rules, sarifRule{
			ID: id, Name: ruleName(id),
			ShortDescription:     sarifText{Text: title},
			FullDescription:      sarifText{Text: fmt.Sprintf("%s (%s level of %s)", title, level, r.Metadata.Name)},
			Help:                 sarifText{Text: oneLine(remediation), Markdown: oneLine(remediation)},
			HelpURI:              docs,
			DefaultConfiguration: sarifConfig{Level: sarifLevel(r.LevelIndex(level))},
			Properties:           map[string]any{"tags": []string{"paved", level, category}, "level": level, "category": category},
		})
	}
	for _, c := range r.Spec.Checks {
		addRule(c.ID, c.Title, c.Level, c.Category, c.Remediation, c.Docs)
	}
	for _, res := range rep.Results {
		run := sarifRun{
			Tool:              sarifTool{Driver: sarifDriver{Name: "paved", InformationURI: "https://paved.dev", Version: version, Rules: rules}},
			AutomationDetails: &sarifAutomation{ID: "paved/" + r.Metadata.Name + "/" + strings.Trim(res.Repo, "/") + "/"},
			Results:           []sarifResult{},
			Properties:        map[string]any{"repository": res.Repo, "level": levelName(res.Level), "score": res.Score},
		}
		if res.Source != "" {
			run.VersionControl = []sarifVCS{{RepositoryURI: res.Source, RevisionID: res.Commit}}
		}
		for _, c := range res.Checks {
			if c.Outcome != Fail && c.Outcome != Errored {
				continue
			}
			if _, ok := index[c.ID]; !ok {
				addRule(c.ID, c.Title, c.Level, c.Category, c.Remediation, c.Docs)
				run.Tool.Driver.Rules = rules
			}
			msg := c.Title + " — not met. " + oneLine(c.Remediation)
			level := sarifLevel(r.LevelIndex(c.Level))
			if c.Outcome == Errored {
				msg = c.Title + " — could not be evaluated: " + c.Message
				level = "warning"
			}
			if c.LookedFor != "" {
				msg += " Looked for: " + c.LookedFor + "."
			}
			file, line := c.File, 1
			if len(c.Evidence) > 0 && c.Evidence[0].Line > 0 {
				line = c.Evidence[0].Line
			}
			if file == "" {
				file = "README.md" // GitHub needs a location; the README is where a fix is explained
			}
			uri := path.Join(res.Subpath, file)
			if strings.HasPrefix(file, "/") {
				uri = strings.TrimPrefix(file, "/") // a repository-root file of a monorepo package
			}
			run.Results = append(run.Results, sarifResult{
				RuleID: c.ID, RuleIndex: index[c.ID], Level: level, Message: sarifText{Text: msg},
				Locations: []sarifLocation{{PhysicalLocation: sarifPhysical{
					ArtifactLocation: sarifArtifact{URI: uri, URIBaseID: "%SRCROOT%"},
					Region:           &sarifRegion{StartLine: line},
				}}},
				PartialFingerprints: map[string]string{"pavedCheck/v1": r.Metadata.Name + "/" + path.Join(res.Subpath, c.ID)},
			})
		}
		log.Runs = append(log.Runs, run)
	}
	enc := json.NewEncoder(w)
	enc.SetIndent("", "  ")
	enc.SetEscapeHTML(false)
	if err := enc.Encode(log); err != nil {
		return fmt.Errorf("write sarif: %w", err)
	}
	return nil
}

func ruleName(id string) string {
	var b strings.Builder
	for part := range strings.SplitSeq(id, "-") {
		if part != "" {
			b.WriteString(strings.ToUpper(part[:1]) + part[1:])
		}
	}
	return b.String()
}

func oneLine(s string) string { return strings.Join(strings.Fields(s), " ") }
