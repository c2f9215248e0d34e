package catalogcmd

import (
	"bytes"
	"encoding/json"
	"testing"

	"github.com/google/go-cmp/cmp"

	"github.com/paved-dev/paved/internal/cli/cmdutil"
)

func TestWriteDocuments(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name string
		docs []json.RawMessage
	}{
		{"no documents", nil},
		{"one document", []json.RawMessage{json.RawMessage(`{"a":1,"b":[1,{"c":"x\u003cy"}],"d":{},"e":[]}`)}},
		{"several documents", []json.RawMessage{json.RawMessage(`{"kind":"Component","metadata":{"name":"a","tags":["x","y"]}}`), json.RawMessage(`{"kind":"Group","spec":{"children":[]}}`), json.RawMessage(`"s"`)}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			var want, got bytes.Buffer
			v := tt.docs
			if v == nil {
				v = []json.RawMessage{}
			}
			if err := cmdutil.WriteJSON(&want, v); err != nil {
				t.Fatal(err)
			}
			if err := writeDocuments(&got, tt.docs); err != nil {
				t.Fatal(err)
			}
			if diff := cmp.Diff(want.String(), got.String()); diff != "" {
				t.Errorf("writeDocuments (-WriteJSON +got):\n%s", diff)
			}
		})
	}
}
