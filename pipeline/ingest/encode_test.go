package ingest

import (
	"bytes"
	"strings"
	"testing"

	"github.com/factflow/factflow/pipeline/message"
)

// TestEncodeChunks holds each body to message.Encode's bytes, whether the
// escapes fit the first buffer's room or overflow it into another.
func TestEncodeChunks(t *testing.T) {
	for _, tc := range []struct {
		name string
		text func(i int) string
	}{
		{"no escapes", func(i int) string { return strings.Repeat("In 2022 the courts heard 945 cases. ", 100+i) }},
		{"a newline a line", func(i int) string { return strings.Repeat("In 2022, 945 cases;\n", 200+i) }},
		// every byte escaped to six: far past any room left for escapes
		{"all escapes", func(i int) string { return strings.Repeat("<&>\x01", 300+i) }},
		{"mixed", func(i int) string {
			if i%3 == 0 {
				return strings.Repeat("\"quoted\" <b>&amp;</b>\n", 50)
			}
			return strings.Repeat("plain words ", 80)
		}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			chunks := make([]message.Chunk, 12)
			for i := range chunks {
				chunks[i] = message.Chunk{Schema: message.ChunkV1, ChunkID: "doc:" + strings.Repeat("x", i), DocID: "doc",
					Seq: i, Chunks: len(chunks), Text: tc.text(i), Context: tc.text(i + 1)[:40], DocYear: 2022}
			}
			bodies := encodeChunks(chunks)
			if len(bodies) != len(chunks) {
				t.Fatalf("%d bodies for %d chunks", len(bodies), len(chunks))
			}
			for i := range chunks {
				want, err := message.Encode(&chunks[i])
				if err != nil {
					t.Fatal(err)
				}
				if !bytes.Equal(bodies[i], want) {
					t.Fatalf("chunk %d: body %.80q…, want %.80q…", i, bodies[i], want)
				}
				if cap(bodies[i]) != len(bodies[i]) {
					t.Fatalf("chunk %d: body has spare capacity %d, so an append to it would overwrite the next", i, cap(bodies[i])-len(bodies[i]))
				}
			}
		})
	}
}
