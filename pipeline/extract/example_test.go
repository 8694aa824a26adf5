package extract_test

import (
	"fmt"

	"github.com/factflow/factflow/pipeline/extract"
)

func ExampleObservations() {
	text := "Statistical data on the registration of torture: 2021 – 685, 2022 - 920. " +
		"In 2023, 348 victims received compensation (compared with 262 persons in 2020)."
	for _, o := range extract.Observations(text, extract.Doc{Year: 2023}) {
		fmt.Printf("%s %d-%d %v %s %s\n", text[o.Start:o.End], o.YearStart, o.YearEnd, o.Value, o.Unit, o.Metric)
	}
	// Output:
	// 685 2021-2021 685 cases torture_registered
	// 920 2022-2022 920 cases torture_registered
	// 348 2023-2023 348 persons victims_compensated_vcf
	// 262 2020-2020 262 persons victims_compensated_vcf
}
