package legal_test

import (
	"fmt"

	"github.com/factflow/factflow/pipeline/legal"
)

func ExampleReferences() {
	text := "The Criminal Law (part 2 of Article 52 of the Criminal Code) applies, as do the following " +
		"articles of the Criminal Code: 125 (Abduction) and 126 (Unlawful deprivation of liberty) " +
		"(see also Code of Administrative Offences, art. 73-1)."
	for _, r := range legal.References(text) {
		fmt.Printf("%s | art. %s | part %q | %q | %q\n", r.Code, r.Article, r.Part, r.ArticleName, text[r.Start:r.End])
	}
	// Output:
	// Criminal Code | art. 52 | part "2" | "" | "part 2 of Article 52 of the Criminal Code"
	// Criminal Code | art. 125 | part "" | "Abduction" | "125 (Abduction)"
	// Criminal Code | art. 126 | part "" | "Unlawful deprivation of liberty" | "126 (Unlawful deprivation of liberty)"
	// Code of Administrative Offences | art. 73-1 | part "" | "" | "Code of Administrative Offences, art. 73-1"
}

func ExampleInstruments() {
	text := `By the Decree of the President of the Republic of Kazakhstan dated July 19, 2021 No. 622 "On measures ` +
		`to further improve the system of public administration", functions were transferred. Kazakhstan ratified ` +
		`the Slavery Convention, of 25 September 1926, pursuant to the Act of 15 December 2008.`
	for _, in := range legal.Instruments(text) {
		fmt.Printf("%s | no. %q | %d | %s | %s\n", in.Kind, in.Number, in.Year, in.Issuer, in.Key())
	}
	// Output:
	// decree | no. "622" | 2021 | President | decree|622|2021-07-19
	// convention | no. "" | 1926 |  | convention|1926-09-25|slavery convention
	// act | no. "" | 2008 |  | act|2008-12-15|
}
