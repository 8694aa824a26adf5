package legal

import "testing"

// fuzzSeeds are short texts that reach every matcher.
var fuzzSeeds = []string{
	"He was charged under article 146 of the Criminal Code last year.",
	"as provided by part 3 of article 107 of the Code of Criminal Procedure.",
	"The fine was raised (Code of Administrative Offences, art. 73-1).",
	"the following articles of the Labour Code: 22 (Working hours), 23 (Rest) and 31.",
	"articles 1–27 of the Covenant; article 83-1 was added to the Constitution",
	"By the Decree of the President dated July 19, 2021 No. 622 \"On measures\"",
	"On 25 January 2022, the President signed Decree No. 1037, which regulates",
	"a plan for Security Council resolutions 1325 (2000), 1820 (2008) and 2467 (2019).",
	"the Convention on Legal Assistance in Civil Matters, signed at Minsk on 22 January 1993, applies",
	"Code \"On the Health of the People and the Healthcare System\" of 7 July 2020",
	"the Civil Code of 27 December 1994 governs contracts; Committee against Torture CAT/C/KAZ",
	"normative resolution of the Supreme Court No. 7 of 28 December 2009 on torture",
}

// checkSpans asserts what every result promises: spans inside text,
// sorted by Start, quoting something.
func checkSpans(t *testing.T, text, what string, spans [][2]int) {
	t.Helper()
	prev := 0
	for i, sp := range spans {
		if sp[0] < 0 || sp[1] > len(text) || sp[0] >= sp[1] {
			t.Fatalf("%s[%d] of %q: span %v out of bounds or empty", what, i, text, sp)
		}
		if sp[0] < prev {
			t.Fatalf("%s[%d] of %q: starts at %d before %d", what, i, text, sp[0], prev)
		}
		prev = sp[0]
	}
}

func FuzzReferences(f *testing.F) {
	for _, s := range fuzzSeeds {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, text string) {
		var spans [][2]int
		for _, r := range References(text) {
			spans = append(spans, [2]int{r.Start, r.End})
		}
		checkSpans(t, text, "References", spans)
		spans = spans[:0]
		for _, r := range ReferencesIn(text, Context{Convention: "Convention against Torture", Covenant: "International Covenant on Civil and Political Rights"}) {
			spans = append(spans, [2]int{r.Start, r.End})
		}
		checkSpans(t, text, "ReferencesIn", spans)
		ResolveContext(text)
	})
}

func FuzzInstruments(f *testing.F) {
	for _, s := range fuzzSeeds {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, text string) {
		var spans [][2]int
		for _, in := range Instruments(text) {
			if in.Kind == "" {
				t.Fatalf("Instruments(%q): %+v has no kind", text, in)
			}
			spans = append(spans, [2]int{in.Start, in.End})
		}
		checkSpans(t, text, "Instruments", spans)
	})
}
