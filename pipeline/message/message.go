// Package message defines the versioned JSON bodies that travel between the
// stages. Their JSON Schemas live in schemas/; field names are the warehouse's
// column names so that a body reads like the row it becomes.
package message

import (
	stdjson "encoding/json"
	"errors"
	"fmt"
	"unicode/utf8"

	// Encoding: the same output as encoding/json, faster.
	json "github.com/goccy/go-json"
	// Decoding what read.go leaves: encoding/json's checks and results
	// in one pass, with strings left in the body.
	segjson "github.com/segmentio/encoding/json"
)

// Schema versions. A worker dead-letters a body whose version it does not know
// rather than guess at it.
const (
	DocumentV1  = "factflow.document/v1"
	ChunkV1     = "factflow.chunk/v1"
	FactBatchV1 = "factflow.facts/v1"
	DeadV1      = "factflow.dead_letter/v1"
)

// Document announces a document: its metadata and how many chunks follow.
type Document struct {
	Schema      string `json:"schema"`
	DocID       string `json:"doc_id"`
	FileName    string `json:"file_name"`
	SourceURI   string `json:"source_uri"`
	Title       string `json:"title,omitempty"`
	DocType     string `json:"doc_type,omitempty"`
	Issuer      string `json:"issuer,omitempty"`
	DocYear     int    `json:"doc_year,omitempty"`
	PeriodStart int    `json:"period_start,omitempty"`
	PeriodEnd   int    `json:"period_end,omitempty"`
	Encoding    string `json:"encoding"`
	Bytes       int64  `json:"bytes"`
	Chars       int    `json:"chars"`
	Chunks      int    `json:"chunks"`
	RunID       string `json:"run_id,omitempty"`
	IngestedAt  string `json:"ingested_at"`
	// ModifiedAt is the file's modification time, RFC 3339.
	ModifiedAt string `json:"modified_at,omitempty"`
}

// Chunk is one piece of a document's text. The chunks of a document
// partition its text: concatenated in Seq order they give it back exactly.
type Chunk struct {
	Schema    string `json:"schema"`
	ChunkID   string `json:"chunk_id"`
	DocID     string `json:"doc_id"`
	Seq       int    `json:"seq"`
	Chunks    int    `json:"chunks"`              // how many chunks the document has
	Paragraph *int   `json:"paragraph,omitempty"` // printed number of the paragraph the chunk starts with
	CharStart int    `json:"char_start"`          // code-point offset into the document text
	CharEnd   int    `json:"char_end"`            // exclusive
	Text      string `json:"text"`
	// Context is the text just before the chunk (up to 1 KiB, from a line
	// start): the extractors read it so that a year stated before a cut
	// still applies, but no fact is taken from it.
	Context string `json:"context,omitempty"`
	// Document context the extractor needs, carried so that a transform
	// worker never has to look anything up.
	DocYear     int `json:"doc_year,omitempty"`
	PeriodStart int `json:"period_start,omitempty"`
	PeriodEnd   int `json:"period_end,omitempty"`
	// What "the Convention" and "the Covenant" mean in this document
	// (canonical code names), when the document makes it unambiguous.
	Convention string `json:"convention,omitempty"`
	Covenant   string `json:"covenant,omitempty"`
}

// Observation is one stated value tied to a time (table observations).
type Observation struct {
	ObsID       string  `json:"obs_id"`
	DocID       string  `json:"doc_id"`
	ChunkID     string  `json:"chunk_id"`
	Paragraph   *int    `json:"paragraph"`
	Metric      string  `json:"metric"`
	MetricLabel string  `json:"metric_label"`
	YearStart   int     `json:"year_start"`
	YearEnd     int     `json:"year_end"`
	Period      string  `json:"period,omitempty"`
	Value       float64 `json:"value"`
	Unit        string  `json:"unit"`
	Qualifier   string  `json:"qualifier,omitempty"`
	Quote       string  `json:"quote"`
	CharStart   int     `json:"char_start"`
	CharEnd     int     `json:"char_end"`
	Extractor   string  `json:"extractor"`
}

// LegalReference is one cited provision (table legal_references).
type LegalReference struct {
	RefID       string `json:"ref_id"`
	DocID       string `json:"doc_id"`
	ChunkID     string `json:"chunk_id"`
	Paragraph   *int   `json:"paragraph"`
	Code        string `json:"code"`
	Article     string `json:"article"`
	Part        string `json:"part,omitempty"`
	ArticleName string `json:"article_name,omitempty"`
	Quote       string `json:"quote"`
	CharStart   int    `json:"char_start"`
	CharEnd     int    `json:"char_end"`
	Extractor   string `json:"extractor"`
}

// Instrument is one mention of a legal instrument (table instruments).
type Instrument struct {
	MentionID    string `json:"mention_id"`
	InstrumentID string `json:"instrument_id"` // same instrument, same id, across documents
	DocID        string `json:"doc_id"`
	ChunkID      string `json:"chunk_id"`
	Paragraph    *int   `json:"paragraph"`
	Kind         string `json:"kind"`
	Title        string `json:"title,omitempty"`
	Number       string `json:"number,omitempty"`
	IssuedOn     string `json:"issued_on,omitempty"` // YYYY-MM-DD
	Year         int    `json:"year,omitempty"`
	Issuer       string `json:"issuer,omitempty"`
	Quote        string `json:"quote"`
	CharStart    int    `json:"char_start"`
	CharEnd      int    `json:"char_end"`
	Extractor    string `json:"extractor"`
}

// FactBatch holds every fact extracted from one chunk, possibly none, and
// the chunk itself (without which the loader could not rebuild the
// document's text).
type FactBatch struct {
	Schema       string           `json:"schema"`
	DocID        string           `json:"doc_id"`
	Chunk        Chunk            `json:"chunk"`
	Observations []Observation    `json:"observations"`
	References   []LegalReference `json:"legal_references"`
	Instruments  []Instrument     `json:"instruments"`
}

// DeadLetter is a message that could not be handled, kept with why.
type DeadLetter struct {
	Schema     string `json:"schema"`
	Stage      string `json:"stage"`   // ingest, transform, load
	Subject    string `json:"subject"` // where the message was read from; empty for an input file
	Source     string `json:"source"`  // file name, chunk id or message id the error names
	Error      string `json:"error"`
	Deliveries int    `json:"deliveries"`
	Payload    []byte `json:"payload,omitempty"`
	FailedAt   string `json:"failed_at"`
}

// ErrUnknownSchema marks a body whose schema version this build does not know.
var ErrUnknownSchema = errors.New("unknown schema version")

// Decode parses a body and checks that its schema field is want. A body
// that is not JSON, or that carries another version, is an error that a
// retry cannot fix. The body is parsed once; only a failure parses its
// schema field alone, to say which of the two it is.
//
// The strings of v point into data, uncopied: data must not change while
// v is in use. Every caller keeps the body anyway (to acknowledge it, or
// dead-letter it), so copying would hold each body twice.
func Decode(data []byte, want string, v Versioned) (err error) {
	defer func() {
		// A decoder bug on one poison body must cost that body, not the
		// worker.
		if r := recover(); r != nil {
			err = fmt.Errorf("malformed %s body: decoder panicked: %v", want, r)
		}
	}()
	if err := unmarshal(data, v); err != nil {
		var head struct {
			Schema string `json:"schema"`
		}
		if stdjson.Unmarshal(data, &head) == nil && head.Schema != want {
			return fmt.Errorf("%w: got %q, want %q", ErrUnknownSchema, head.Schema, want)
		}
		return fmt.Errorf("malformed %s body: %w", want, err)
	}
	if got := v.SchemaVersion(); got != want {
		return fmt.Errorf("%w: got %q, want %q", ErrUnknownSchema, got, want)
	}
	return nil
}

// unmarshal is encoding/json's Unmarshal into a zero v, faster. Chunks
// and fact batches as the stages write them are read by hand (read.go);
// other bodies by a general decoder that validates as it parses, so one
// pass both checks and reads the body. That decoder would keep invalid
// UTF-8 where encoding/json writes U+FFFD (as the warehouse needs), so
// such bodies, rare, take encoding/json itself.
func unmarshal(data []byte, v any) error {
	if !utf8.Valid(data) {
		return stdjson.Unmarshal(data, v)
	}
	switch v := v.(type) {
	case *Chunk:
		if readChunk(data, v) {
			return nil
		}
	case *FactBatch:
		if readFactBatch(data, v) {
			return nil
		}
	}
	rest, err := segjson.Parse(data, v, segjson.ZeroCopy)
	if err == nil && len(rest) > 0 {
		err = fmt.Errorf("invalid character %q after top-level value", rest[0])
	}
	return err
}

// Encode is the JSON encoding of a body, as Decode reads it.
func Encode(v any) ([]byte, error) {
	return json.Marshal(v)
}

// Versioned is a message body that names its schema version.
type Versioned interface {
	SchemaVersion() string
}

// SchemaVersion implements Versioned.
func (d *Document) SchemaVersion() string { return d.Schema }

// SchemaVersion implements Versioned.
func (c *Chunk) SchemaVersion() string { return c.Schema }

// SchemaVersion implements Versioned.
func (b *FactBatch) SchemaVersion() string { return b.Schema }

// SchemaVersion implements Versioned.
func (d *DeadLetter) SchemaVersion() string { return d.Schema }
