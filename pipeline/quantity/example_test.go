package quantity_test

import (
	"fmt"

	"github.com/factflow/factflow/pipeline/quantity"
)

func ExampleFind() {
	text := "The annual budget is 54.5 million tenge or 117 thousand US dollars; about 47% of it (T 25,615,000) went to visits."
	for _, q := range quantity.Find(text) {
		fmt.Printf("%q = %v %s [%s]\n", q.Text, q.Value, q.Unit, q.Qualifier)
	}
	// Output:
	// "54.5 million tenge" = 5.45e+07 KZT []
	// "117 thousand US dollars" = 117000 USD []
	// "47%" = 47 percent [about]
	// "T 25,615,000" = 2.5615e+07 KZT []
}
