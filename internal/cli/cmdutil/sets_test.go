package cmdutil

import (
	"testing"

	"github.com/google/go-cmp/cmp"
)

func TestParseSets(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name    string
		sets    []string
		want    map[string]string
		wantErr string
	}{
		{"split at the first '='", []string{"name=orders", "cmd=a=b,c"}, map[string]string{"name": "orders", "cmd": "a=b,c"}, ""},
		{"the key is trimmed, the value kept", []string{" name =  orders "}, map[string]string{"name": "  orders "}, ""},
		{"an empty value is an answer", []string{"name="}, map[string]string{"name": ""}, ""},
		{"the last of a key wins", []string{"name=a", "name=b"}, map[string]string{"name": "b"}, ""},
		{"no '=' is bad input", []string{"name"}, nil, `--set "name": want KEY=VALUE`},
		{"an empty key is bad input", []string{" =orders"}, nil, `--set " =orders": want KEY=VALUE`},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			got, err := ParseSets(tt.sets, "region=eu-west-1")
			if tt.wantErr != "" {
				if err == nil || err.Error() != tt.wantErr {
					t.Fatalf("ParseSets(%q) error = %v, want %q", tt.sets, err, tt.wantErr)
				}
				if ExitCode(err) != ExitBadInput {
					t.Errorf("ParseSets(%q) exit code = %d, want %d", tt.sets, ExitCode(err), ExitBadInput)
				}
				if got, want := Hint(err), "for example --set region=eu-west-1; repeat --set for each answer"; got != want {
					t.Errorf("ParseSets(%q) hint = %q, want %q", tt.sets, got, want)
				}
				return
			}
			if err != nil {
				t.Fatalf("ParseSets(%q) error = %v", tt.sets, err)
			}
			if diff := cmp.Diff(tt.want, got); diff != "" {
				t.Errorf("ParseSets(%q) mismatch (-want +got):\n%s", tt.sets, diff)
			}
		})
	}
}
