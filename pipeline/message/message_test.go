package message

import (
	"errors"
	"strings"
	"testing"
)

func TestDecode(t *testing.T) {
	tests := []struct {
		name    string
		body    string
		unknown bool   // want ErrUnknownSchema
		errHas  string // want an error containing this; "" for none
	}{
		{"good", `{"schema":"factflow.chunk/v1","chunk_id":"d-00000","doc_id":"d","text":"x"}`, false, ""},
		{"other version", `{"schema":"factflow.chunk/v2","chunk_id":"d-00000"}`, true, "got \"factflow.chunk/v2\""},
		{"other version, other shape", `{"schema":"factflow.chunk/v2","seq":"first"}`, true, "want \"factflow.chunk/v1\""},
		{"no version", `{"chunk_id":"d-00000"}`, true, "got \"\""},
		{"truncated", `{"schema":"factflow.chunk/v1","chunk_id":`, false, "malformed factflow.chunk/v1 body"},
		{"wrong type", `{"schema":"factflow.chunk/v1","seq":"first"}`, false, "malformed"},
		{"not JSON", "\x00\xff", false, "malformed"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			var c Chunk
			err := Decode([]byte(tt.body), ChunkV1, &c)
			if tt.errHas == "" {
				if err != nil || c.ChunkID != "d-00000" {
					t.Fatalf("err %v, chunk %+v", err, c)
				}
				return
			}
			if err == nil || !strings.Contains(err.Error(), tt.errHas) || errors.Is(err, ErrUnknownSchema) != tt.unknown {
				t.Fatalf("err = %v; want one containing %q, unknown-schema %v", err, tt.errHas, tt.unknown)
			}
		})
	}
}
