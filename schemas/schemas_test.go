package schemas_test

import (
	"bytes"
	"encoding/json"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/santhosh-tekuri/jsonschema/v6"

	"github.com/factflow/factflow/pipeline/facts"
	"github.com/factflow/factflow/pipeline/message"
	"github.com/factflow/factflow/schemas"
)

const base = "https://github.com/factflow/factflow/schemas/"

func compile(t *testing.T) *jsonschema.Compiler {
	t.Helper()
	c := jsonschema.NewCompiler()
	entries, err := schemas.Messages.ReadDir(".")
	if err != nil {
		t.Fatal(err)
	}
	for _, e := range entries {
		data, _ := schemas.Messages.ReadFile(e.Name())
		doc, err := jsonschema.UnmarshalJSON(bytes.NewReader(data))
		if err != nil {
			t.Fatalf("%s: %v", e.Name(), err)
		}
		if err := c.AddResource(base+e.Name(), doc); err != nil {
			t.Fatalf("%s: %v", e.Name(), err)
		}
	}
	return c
}

func validate(t *testing.T, sch *jsonschema.Schema, v any) {
	t.Helper()
	data, err := json.Marshal(v)
	if err != nil {
		t.Fatal(err)
	}
	inst, err := jsonschema.UnmarshalJSON(bytes.NewReader(data))
	if err != nil {
		t.Fatal(err)
	}
	if err := sch.Validate(inst); err != nil {
		t.Fatalf("%.200s…\n%v", data, err)
	}
}

// TestMessagesMatchTheirSchemas checks that what the stages publish for the
// seeds is what schemas/*.schema.json promise, so the files stay the
// contract.
func TestMessagesMatchTheirSchemas(t *testing.T) {
	c := compile(t)
	schema := func(name string) *jsonschema.Schema {
		s, err := c.Compile(base + name)
		if err != nil {
			t.Fatalf("%s: %v", name, err)
		}
		return s
	}
	docS, chunkS, factS, deadS := schema("document.schema.json"), schema("chunk.schema.json"), schema("facts.schema.json"), schema("dead_letter.schema.json")
	files, _ := filepath.Glob("../seeds/*.txt")
	if len(files) == 0 {
		t.Fatal("no seeds")
	}
	for _, f := range files {
		data, err := os.ReadFile(f)
		if err != nil {
			t.Fatal(err)
		}
		res := facts.Document(filepath.Base(f), string(data))
		validate(t, docS, res.Doc)
		for _, c := range res.Chunks {
			validate(t, chunkS, c)
		}
		for _, b := range res.Batches {
			validate(t, factS, b)
		}
	}
	validate(t, deadS, message.DeadLetter{Schema: message.DeadV1, Stage: "transform", Source: "x", Error: "e",
		Payload: []byte{0xff, 0}, FailedAt: "2026-11-22T00:00:00Z"})
	// And a body that breaks the contract is caught.
	bad := map[string]any{"schema": "factflow.chunk/v1", "chunk_id": "x"}
	inst, _ := jsonschema.UnmarshalJSON(strings.NewReader(mustJSON(t, bad)))
	if err := chunkS.Validate(inst); err == nil {
		t.Fatal("a chunk without doc_id and text passed its schema")
	}
}

func mustJSON(t *testing.T, v any) string {
	t.Helper()
	b, err := json.Marshal(v)
	if err != nil {
		t.Fatal(err)
	}
	return string(b)
}
