package message

import (
	stdjson "encoding/json"
	"reflect"
	"strings"
	"testing"
)

// TestReadPlain: the bodies the stages write take the hand-written path,
// and it reads them as encoding/json does.
func TestReadPlain(t *testing.T) {
	p := 12
	text := "Art. 5 «quoted»\n\t\"x\" <b> & \\ \u2028 é 😀 " + strings.Repeat("In 2021, 1,234 cases. ", 20)
	ch := Chunk{Schema: ChunkV1, ChunkID: "d-00001", DocID: "d", Seq: 1, Chunks: 3, Paragraph: &p, CharStart: -0, CharEnd: 4096,
		Text: text, Context: "before\n", DocYear: 2021, PeriodStart: 2019, PeriodEnd: 2021, Convention: "CAT", Covenant: "ICCPR"}
	batches := map[string]FactBatch{
		"empty lists": {Schema: FactBatchV1, DocID: "d", Chunk: ch, Observations: []Observation{}, References: []LegalReference{}, Instruments: []Instrument{}},
		"nil lists":   {Schema: FactBatchV1, DocID: "d", Chunk: Chunk{Schema: ChunkV1, Text: ""}},
		"facts": {Schema: FactBatchV1, DocID: "d", Chunk: ch,
			Observations: []Observation{{ObsID: "o1", Paragraph: &p, Metric: "m", Value: 1.5e-7, Unit: "%", Quote: "q\"", CharEnd: 3},
				{ObsID: "o2", Value: -12345678.25, YearStart: 2009, YearEnd: 2023, Period: "first half", Qualifier: "about"}},
			References:  []LegalReference{{RefID: "r", Code: "Criminal Code", Article: "146", Part: "2", ArticleName: "Torture", Paragraph: &p}},
			Instruments: []Instrument{{MentionID: "m", InstrumentID: "law|1|2021-07-01", Kind: "law", Title: "On <x>", IssuedOn: "2021-07-01", Year: 2021, Issuer: "President"}}},
	}
	for name, fb := range batches {
		t.Run(name, func(t *testing.T) {
			data, err := Encode(fb)
			if err != nil {
				t.Fatal(err)
			}
			var got, want FactBatch
			if !readFactBatch(data, &got) {
				t.Fatalf("readFactBatch gave up on %s", data)
			}
			if err := stdjson.Unmarshal(data, &want); err != nil {
				t.Fatal(err)
			}
			if !reflect.DeepEqual(got, want) {
				t.Fatalf("read\n%+v\nencoding/json\n%+v", got, want)
			}
		})
	}
	for _, body := range [][]byte{AppendChunk(nil, &ch), must(Encode(ch))} {
		var got, want Chunk
		if !readChunk(body, &got) {
			t.Fatalf("readChunk gave up on %s", body)
		}
		if err := stdjson.Unmarshal(body, &want); err != nil || !reflect.DeepEqual(got, want) {
			t.Fatalf("read %+v, encoding/json %+v (%v)", got, want, err)
		}
	}
}

// TestReadGivesUp: what is not the plain shape is left to the general
// decoder, untouched.
func TestReadGivesUp(t *testing.T) {
	for _, body := range []string{
		`{"schema":"factflow.chunk/v1","Text":"x"}`, // another case
		`{"schema":"factflow.chunk/v1","extra":1}`,  // unknown key
		`{"schema":null}`,                           // null for a string
		`{"seq":1.0}`,                               // not an integer
		`{"seq":01}`,                                // not JSON
		`{"seq":1234567890123456789}`,               // could overflow
		`{"text":"\ud83d\ude00"}`,                   // surrogates
		`{"text":"a` + "\x01" + `"}`,                // control character
		`{"text":"a"} x`,                            // trailing
		`{"text":"a",}`,                             // trailing comma
		`{"text":"a"`,                               // truncated
		`["text"]`,                                  // not an object
	} {
		c := Chunk{DocID: "untouched"}
		if readChunk([]byte(body), &c) {
			t.Errorf("readChunk read %s as %+v", body, c)
		}
		if c.DocID != "untouched" {
			t.Errorf("readChunk wrote into its target on %s", body)
		}
	}
	for _, body := range []string{
		`{"observations":[],"observations":[]}`, // encoding/json reuses the first
		`{"chunk":{},"chunk":{}}`,               // encoding/json merges them
		`{"observations":[{"value":1e400}]}`,    // out of range
		`{"observations":[{"value":-}]}`,
		`{"observations":[{"value":1.}]}`,
	} {
		var fb FactBatch
		if readFactBatch([]byte(body), &fb) {
			t.Errorf("readFactBatch read %s", body)
		}
	}
}

func must[T any](v T, err error) T {
	if err != nil {
		panic(err)
	}
	return v
}
