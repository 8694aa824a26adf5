package facts_test

import (
	"fmt"

	"github.com/factflow/factflow/pipeline/facts"
)

// Document runs the whole pure path: metadata, chunks, extraction. Every
// fact quotes the document at its code-point span.
func ExampleDocument() {
	text := "Report of 2023\n\n1. Registrations of torture: 2021 – 685, 2022 – 920.\n"
	res := facts.Document("report.txt", text)
	runes := []rune(text)
	for _, b := range res.Batches {
		for _, o := range b.Observations {
			fmt.Println(o.YearStart, o.Value, o.Unit, o.Quote == string(runes[o.CharStart:o.CharEnd]))
		}
	}
	// Output:
	// 2021 685 cases true
	// 2022 920 cases true
}
