package synth

import (
	"bytes"
	"fmt"
	"math/rand/v2"
	"strconv"
)

var titles = []string{
	"INFORMATION to the list of issues in connection with the consideration of the periodic report of Kazakhstan",
	"Periodic report of the Republic of Kazakhstan under the Convention against Torture",
	"Replies of Kazakhstan to the list of issues of the Human Rights Committee",
	"National report on the implementation of the International Covenant on Civil and Political Rights",
	"Report of the Human Rights Commissioner of the Republic of Kazakhstan",
	"Country profile: Republic of Kazakhstan",
}

// metricPhrases are ways the reports name what they count, each with the
// noun that follows a number in a sentence.
var metricPhrases = []struct{ label, noun string }{
	{"registration of torture in the Unified Register of Pre-Trial Investigations", "cases of torture were registered"},
	{"cases of torture sent to court", "cases of torture were sent to court"},
	{"complaints of torture and ill-treatment", "complaints of torture were received"},
	{"persons convicted of torture", "persons were convicted of torture"},
	{"cases of self-harm by inmates in penal institutions", "cases of self-harm were recorded in penal institutions"},
	{"victims who received compensation from the Victims Compensation Fund", "victims received compensation"},
	{"criminal cases related to domestic violence", "criminal cases related to domestic violence were disposed of"},
	{"victims of trafficking in persons", "victims of trafficking in persons were identified"},
	{"persons held in pre-trial detention", "persons were held in pre-trial detention"},
	{"crimes registered", "crimes were registered"},
	{"citizens provided with free legal assistance", "citizens were provided with State-guaranteed free legal assistance"},
	{"communications received by the Human Rights Commissioner", "communications were received by the Human Rights Commissioner"},
	{"hate crimes recorded by the police", "hate crimes were recorded by the police"},
	{"judges brought to disciplinary liability", "judges were brought to disciplinary liability"},
	{"cases of bride kidnapping", "cases of abduction were registered"},
}

// synthetic writes one made-up paragraph of a shape the seeds use, and
// returns the next paragraph number.
func (g *Generator) synthetic(b *bytes.Buffer, r *rand.Rand, para int) int {
	m := metricPhrases[r.IntN(len(metricPhrases))]
	base := 20 + r.IntN(2000)
	if r.IntN(4) == 0 {
		base *= 10 + r.IntN(40)
	}
	vals := func(n int) []int {
		out := make([]int, n)
		v := float64(base)
		for i := range out {
			v *= 0.8 + 0.4*r.Float64()
			out[i] = max(1, int(v))
		}
		return out
	}
	switch r.IntN(4) {
	case 0: // a series: "2015 – 630, 2016 – 679, …"
		n := 3 + r.IntN(7)
		y0 := 2009 + r.IntN(15-n+1)
		fmt.Fprintf(b, "%d. Statistical data on the %s: ", para, m.label)
		for i, v := range vals(n) {
			if i > 0 {
				b.WriteString(", ")
			}
			dash := " – "
			if r.IntN(8) == 0 {
				dash = " - "
			}
			fmt.Fprintf(b, "%d%s%s", y0+i, dash, group(v, r.IntN(2) == 0))
		}
		b.WriteString(".\n")
	case 1: // "In 2023, 348 … (compared with 262 in 2020, 944 in 2021 and 1,058 in 2022)."
		n := 2 + r.IntN(3)
		y := 2009 + n + r.IntN(15-n)
		vs := vals(n + 1)
		fmt.Fprintf(b, "%d.\tIn %d, %s %s (compared with ", para, y, group(vs[n], true), m.noun)
		for i := 0; i < n; i++ {
			switch {
			case i == n-1:
				b.WriteString(" and ")
			case i > 0:
				b.WriteString(", ")
			}
			fmt.Fprintf(b, "%s in %d", group(vs[i], true), y-n+i)
		}
		b.WriteString(").\n")
	case 2: // a flattened table: a label, then the years and values a line each
		n := 2 + r.IntN(4)
		y0 := 2009 + r.IntN(15-n+1)
		fmt.Fprintf(b, "\nTable %d\nNumber of %s\n\n", 1+r.IntN(20), m.label)
		b.WriteString("Year")
		for i := 0; i < n; i++ {
			b.WriteString("\t" + strconv.Itoa(y0+i))
		}
		b.WriteString("\nTotal")
		for _, v := range vals(n) {
			b.WriteString("\t" + group(v, false))
		}
		b.WriteString("\n\n")
		return para
	default: // a period total: "In the period 2020–2023, 630,879 citizens …"
		y0 := 2009 + r.IntN(12)
		y1 := y0 + 1 + r.IntN(min(4, 2023-y0))
		fmt.Fprintf(b, "%d.\tIn the period %d–%d, %s %s, of which %s in %d.\n", para, y0, y1,
			group(vals(1)[0]*(y1-y0+1), true), m.noun, group(vals(1)[0], true), y1)
	}
	return para + 1
}

// group prints n, with thousands separators if commas.
func group(n int, commas bool) string {
	var b bytes.Buffer
	writeNumber(&b, float64(n), commas, 0)
	return b.String()
}
