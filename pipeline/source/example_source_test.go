package source_test

import (
	"fmt"

	"github.com/factflow/factflow/pipeline/source"
)

// Decode accepts UTF-8 with or without a byte-order mark and UTF-16 with
// one, and says why it refuses anything else.
func ExampleDecode() {
	for _, data := range [][]byte{
		[]byte("In 2022, 945 cases."),
		{0xFF, 0xFE, 'I', 0, 'n', 0},
		[]byte("caf\xe9"),
		{},
	} {
		text, enc, err := source.Decode(data)
		fmt.Printf("%q %s %v\n", text, enc, err)
	}
	// Output:
	// "In 2022, 945 cases." utf-8 <nil>
	// "In" utf-16le <nil>
	// ""  not valid UTF-8 or UTF-16 text: invalid byte 0xe9 at offset 3
	// ""  empty file
}
