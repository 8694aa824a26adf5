package command

import (
	"bufio"
	"encoding/json"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"unicode/utf8"

	"github.com/factflow/factflow/pipeline/facts"
	"github.com/factflow/factflow/pipeline/quantity"
	"github.com/factflow/factflow/pipeline/source"
)

// Extract is `factflow extract`: a file's facts as JSON lines, with no
// NATS and no DuckDB.
type Extract struct {
	File       string `arg:"" help:"The file to read; - for standard input."`
	Quantities bool   `help:"Print every quantity the number grammar recognises instead, tied to a time or not."`
}

// Run runs it.
func (c *Extract) Run(g *Globals) error {
	var (
		data []byte
		err  error
		name = filepath.Base(c.File)
	)
	if c.File == "-" {
		data, err = io.ReadAll(os.Stdin)
		name = "stdin"
	} else {
		data, err = os.ReadFile(c.File)
	}
	if err != nil {
		return err
	}
	text, _, err := source.Decode(data)
	if err != nil {
		return fmt.Errorf("%s: %w", c.File, err)
	}
	w := bufio.NewWriter(os.Stdout)
	defer w.Flush()
	enc := json.NewEncoder(w)
	enc.SetEscapeHTML(false)
	if c.Quantities {
		return writeQuantities(enc, text)
	}
	res := facts.Document(name, text)
	for _, b := range res.Batches {
		for _, o := range b.Observations {
			if err := enc.Encode(tagged("observations", o)); err != nil {
				return err
			}
		}
	}
	for _, b := range res.Batches {
		for _, r := range b.References {
			if err := enc.Encode(tagged("legal_references", r)); err != nil {
				return err
			}
		}
		for _, in := range b.Instruments {
			if err := enc.Encode(tagged("instrument_mentions", in)); err != nil {
				return err
			}
		}
	}
	return nil
}

// tagged is v's JSON object with a leading "table" member naming the
// warehouse table the row belongs to.
func tagged(table string, v any) json.RawMessage {
	body, err := json.Marshal(v)
	if err != nil || len(body) < 2 || body[0] != '{' {
		return body
	}
	head, _ := json.Marshal(table)
	out := append([]byte(`{"table":`), head...)
	if len(body) > 2 {
		out = append(out, ',')
	}
	return append(out, body[1:]...)
}

// writeQuantities prints the layer under observations: every quantity,
// with code-point offsets into text.
func writeQuantities(enc *json.Encoder, text string) error {
	pos, chars := 0, 0
	at := func(off int) int { // quantities come in order: count on from the last
		chars += utf8.RuneCountInString(text[pos:off])
		pos = off
		return chars
	}
	for _, q := range quantity.Find(text) {
		start := at(q.Start)
		end := at(q.End)
		row := struct {
			Text      string  `json:"text"`
			Value     float64 `json:"value"`
			Unit      string  `json:"unit,omitempty"`
			Qualifier string  `json:"qualifier,omitempty"`
			CharStart int     `json:"char_start"`
			CharEnd   int     `json:"char_end"`
			Words     bool    `json:"in_words,omitempty"`
			Year      bool    `json:"looks_like_year,omitempty"`
		}{q.Text, q.Value, q.Unit, q.Qualifier, start, end, q.Word, q.Year}
		if err := enc.Encode(row); err != nil {
			return err
		}
	}
	return nil
}
