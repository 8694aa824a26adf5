package chunk_test

import (
	"fmt"

	"github.com/factflow/factflow/pipeline/chunk"
)

// A report splits on its numbered paragraphs; each chunk knows its printed
// paragraph number and its exact offsets, and the chunks give the text
// back when joined.
func ExampleSplit() {
	text := "1. In 2022, 945 cases were registered.\n" +
		"2. Statistical data: 2015 – 630, 2016 – 679.\n" +
		"3. The courts convicted 1,273 persons.\n"
	for _, c := range chunk.Split(text, chunk.Options{Target: 40, Max: 200}) {
		fmt.Printf("seq %d paragraph %d chars [%d,%d): %q\n", c.Seq, *c.Paragraph, c.CharStart, c.CharEnd, text[c.Start:c.End])
	}
	// Output:
	// seq 0 paragraph 1 chars [0,39): "1. In 2022, 945 cases were registered.\n"
	// seq 1 paragraph 2 chars [39,84): "2. Statistical data: 2015 – 630, 2016 – 679.\n"
	// seq 2 paragraph 3 chars [84,123): "3. The courts convicted 1,273 persons.\n"
}
