package docmeta_test

import (
	"fmt"

	"github.com/factflow/factflow/pipeline/docmeta"
)

func ExampleAnalyze() {
	doc := "  I. Introduction\n\n1. This report is the initial report of the Republic of Kazakhstan to the " +
		"Committee on Enforced Disappearances and is submitted in accordance with article 29.\n" +
		" (2) This report covers the period 2009–2013;\n" +
		" (3) The report was prepared by the Ministry of Internal Affairs of Kazakhstan.\n"
	m := docmeta.Analyze(doc)
	fmt.Println(m.Title)
	fmt.Println(m.Type, "|", m.Issuer, "|", m.Year, m.PeriodStart, m.PeriodEnd)
	// Output:
	// Initial report of the Republic of Kazakhstan to the Committee on Enforced Disappearances
	// state report | Ministry of Internal Affairs | 2013 2009 2013
}
