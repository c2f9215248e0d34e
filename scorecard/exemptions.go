package scorecard

import (
	"bytes"
	"errors"
	"fmt"
	"io/fs"
	"time"

	"gopkg.in/yaml.v3"
)

// ExemptionsFile is where a scored repository records deliberate decisions.
const ExemptionsFile = ".paved/exemptions.yaml"

// Exemption excuses one check until it expires.
type Exemption struct {
	Check      string `yaml:"check" json:"check"`
	Rubric     string `yaml:"rubric,omitempty" json:"rubric,omitempty"` // the rubric it is for; "" for whichever has the check
	Reason     string `yaml:"reason" json:"reason"`
	ApprovedBy string `yaml:"approvedBy" json:"approvedBy"`
	Expires    string `yaml:"expires" json:"expires"` // YYYY-MM-DD; the exemption stops counting after this day
	Expired    bool   `yaml:"-" json:"expired"`
	Line       int    `yaml:"-" json:"-"`
}

// loadExemptions reads .paved/exemptions.yaml. A missing file is no
// exemptions; a malformed one is an error naming the file and line.
func loadExemptions(s *Snapshot, r *Rubric) ([]Exemption, error) {
	data, err := s.ReadText(ExemptionsFile)
	if errors.Is(err, fs.ErrNotExist) {
		return nil, nil
	}
	if err != nil {
		return nil, err
	}
	return parseExemptions(data, r, s.Now.UTC().Format(time.DateOnly))
}

// parseExemptions decodes an exemptions file for rubric r as of today (YYYY-MM-DD).
func parseExemptions(data []byte, r *Rubric, today string) ([]Exemption, error) {
	var doc struct {
		Exemptions []Exemption `yaml:"exemptions"`
	}
	root, err := parseYAML(data)
	if err != nil {
		return nil, fmt.Errorf("%s: %s", ExemptionsFile, yamlMsg(err))
	}
	if root.Kind == 0 {
		return nil, nil // an empty file
	}
	dec := yaml.NewDecoder(bytes.NewReader(data))
	dec.KnownFields(true)
	if err := dec.Decode(&doc); err != nil {
		return nil, fmt.Errorf("%s: %s", ExemptionsFile, yamlMsg(err))
	}
	items := seqItems(root, "exemptions")
	var out []Exemption
	for i := range doc.Exemptions {
		e := &doc.Exemptions[i]
		if i < len(items) {
			e.Line = items[i].Line
		}
		where := fmt.Sprintf("%s:%d", ExemptionsFile, e.Line)
		switch {
		case e.Check == "":
			return nil, fmt.Errorf("%s: check: missing (the id of the exempted check)", where)
		case e.Rubric != "" && e.Rubric != r.Metadata.Name:
			continue // for another rubric
		case r.Check(e.Check) == nil && e.Rubric == "":
			continue // one file serves every rubric: the check belongs to another one
		case r.Check(e.Check) == nil:
			return nil, fmt.Errorf("%s: check: %q is not a check of rubric %s", where, e.Check, r.Metadata.Name)
		case e.Reason == "":
			return nil, fmt.Errorf("%s: reason: missing (say why the check does not apply)", where)
		case e.ApprovedBy == "":
			return nil, fmt.Errorf("%s: approvedBy: missing (who approved the exemption)", where)
		}
		if _, err := time.Parse(time.DateOnly, e.Expires); err != nil {
			return nil, fmt.Errorf("%s: expires: %q is not a date like 2026-12-31", where, e.Expires)
		}
		e.Expired = e.Expires < today
		out = append(out, *e)
	}
	return out, nil
}
