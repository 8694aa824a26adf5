package message

import (
	stdjson "encoding/json"
	"errors"
	"fmt"
	"reflect"
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
		{"trailing value", `{"schema":"factflow.chunk/v1","chunk_id":"d-00000"} {}`, false, "after top-level value"},
		{"malformed where skipped", `{"schema":"factflow.chunk/v1","chunk_id":"d-00000","extra":[1,,2]}`, false, "malformed"},
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

// TestDecodeText: text reads as encoding/json reads it, escapes and
// invalid UTF-8 (U+FFFD, as the warehouse stores it) included.
func TestDecodeText(t *testing.T) {
	for _, tt := range []struct{ name, json, want string }{
		{"ascii", `"In 2022, 5 cases."`, "In 2022, 5 cases."},
		{"escapes", `"a\n\"b\" \u00e9 \ud83d\ude00"`, "a\n\"b\" \u00e9 \U0001F600"},
		{"raw non-ASCII", `"« 12 % »"`, "« 12 % »"},
		{"invalid UTF-8", "\"a\xffb\"", "a\uFFFDb"},
	} {
		t.Run(tt.name, func(t *testing.T) {
			var c Chunk
			body := `{"schema":"factflow.chunk/v1","text":` + tt.json + `}`
			if err := Decode([]byte(body), ChunkV1, &c); err != nil {
				t.Fatal(err)
			}
			if c.Text != tt.want {
				t.Fatalf("text %q, want %q", c.Text, tt.want)
			}
		})
	}
}

// FuzzDecode: Decode never panics, and whatever it accepts it reads as
// encoding/json does (the reference the fast decoder stands in for).
func FuzzDecode(f *testing.F) {
	for _, s := range []string{
		`{"schema":"factflow.facts/v1","doc_id":"d","chunk":{"schema":"factflow.chunk/v1","chunk_id":"d-00000","doc_id":"d","text":"In 2022, 5 cases."},"observations":[{"obs_id":"o","value":1.5,"paragraph":3}],"legal_references":[],"instruments":[]}`,
		`{"schema":"factflow.facts/v1","chunk":{"text":"\u00e9\ud83d\ude00 \\n"}}`,
		`{"schema":"factflow.facts/v2"}`,
		`{"schema":"factflow.facts/v1","observations":[{"value":1e400}]}`,
		`{"schema":"factflow.facts/v1","chunk":{"text":"` + "\xff\xfe" + `"}}`,
		`[1,2]`, `{"schema":`, ``,
		`{"schema":"factflow.facts/v1","chunk":{"text":"a\nb \"c\" « d » \u00e9\u2028","paragraph":null},"observations":[{"value":-0.5e+3,"paragraph":7,"paragraph":null}],"instruments":null}`,
		`{"schema":"factflow.facts/v1","chunk":{"seq":12,"seq":-3,"text":"x\/y\\"},"legal_references":[{"quote":"\ud800"}]}`,
		`{"schema":"factflow.facts/v1","observations":[],"observations":[{}]}`,
		// Malformed inside a field the decoder skips: it must still be
		// rejected.
		`{"sChemA":"factflow.facts/v1","":{""}}`,
		`{"schema":"factflow.facts/v1","unknown":[1,,2]}`,
	} {
		f.Add([]byte(s))
	}
	f.Fuzz(func(t *testing.T, data []byte) {
		var got FactBatch
		err := Decode(data, FactBatchV1, &got)
		var want FactBatch
		stdErr := stdjson.Unmarshal(data, &want)
		if err != nil {
			// Nor may it reject a body the reference reads: that would
			// dead-letter good facts.
			if stdErr == nil && want.Schema == FactBatchV1 {
				t.Fatalf("Decode rejected what encoding/json reads (%v): %q", err, data)
			}
			return
		}
		if err := stdErr; err != nil {
			// The fast decoder may accept what the reference rejects
			// only where the reference is stricter about a field it
			// would drop anyway; report it so that it is looked at.
			t.Fatalf("Decode accepted what encoding/json rejects (%v): %q", err, data)
		}
		if !reflect.DeepEqual(got, want) {
			t.Fatalf("Decode read %q as\n%+v\nencoding/json as\n%+v", data, got, want)
		}
	})
}

// BenchmarkDecodeFactBatch decodes a fact batch shaped like the seeds'
// average: a 4 KB chunk of paragraphs with non-ASCII letters, with 17
// observations, 2 references, 2 mentions.
func BenchmarkDecodeFactBatch(b *testing.B) {
	p := 12
	fb := FactBatch{Schema: FactBatchV1, DocID: "0123456789abcdef0123456789abcdef",
		Chunk: Chunk{Schema: ChunkV1, ChunkID: "0123456789abcdef0123456789abcdef-00007", DocID: "0123456789abcdef0123456789abcdef",
			Seq: 7, Chunks: 20, Paragraph: &p, CharStart: 28000, CharEnd: 32096, Text: strings.Repeat("In 2021, 1,234 cases were registered – «so-called» 12 % of them.\n", 60)}}
	for i := range 17 {
		fb.Observations = append(fb.Observations, Observation{ObsID: fmt.Sprintf("%032x", i), DocID: fb.DocID, ChunkID: fb.Chunk.ChunkID,
			Paragraph: &p, Metric: "x_cases_registered", MetricLabel: "cases registered", YearStart: 2021, YearEnd: 2021,
			Value: 1234, Unit: "count", Quote: "1,234 cases were registered", CharStart: 28010, CharEnd: 28037, Extractor: "obs/2"})
	}
	for i := range 2 {
		fb.References = append(fb.References, LegalReference{RefID: fmt.Sprintf("r%031x", i), DocID: fb.DocID, ChunkID: fb.Chunk.ChunkID,
			Code: "Criminal Code", Article: "146", Quote: "article 146 of the Criminal Code", CharStart: 28100, CharEnd: 28132, Extractor: "legal/1"})
		fb.Instruments = append(fb.Instruments, Instrument{MentionID: fmt.Sprintf("m%031x", i), InstrumentID: "law|123|2021-07-01", DocID: fb.DocID,
			ChunkID: fb.Chunk.ChunkID, Kind: "law", Number: "123", IssuedOn: "2021-07-01", Year: 2021,
			Quote: "Law No. 123 of 1 July 2021", CharStart: 28200, CharEnd: 28226, Extractor: "legal/1"})
	}
	data, err := Encode(fb)
	if err != nil {
		b.Fatal(err)
	}
	b.SetBytes(int64(len(data)))
	b.ReportAllocs()
	for b.Loop() {
		var got FactBatch
		if err := Decode(data, FactBatchV1, &got); err != nil {
			b.Fatal(err)
		}
	}
}
