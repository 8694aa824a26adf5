package extract

import (
	"os"
	"path/filepath"
	"reflect"
	"strings"
	"testing"
)

// reportedFrom is what ObservationsFrom must return: Observations' own
// result, less what starts before from.
func reportedFrom(text string, doc Doc, from int) []Observation {
	var want []Observation
	for _, o := range Observations(text, doc) {
		if o.Start >= from {
			want = append(want, o)
		}
	}
	return want
}

func checkFrom(t *testing.T, name, text string, doc Doc, from int) {
	t.Helper()
	got, want := ObservationsFrom(text, doc, from), reportedFrom(text, doc, from)
	if len(got) == 0 && len(want) == 0 {
		return
	}
	if !reflect.DeepEqual(got, want) {
		t.Errorf("%s (from %d):\n got  %+v\n want %+v", name, from, got, want)
	}
}

func TestObservationsFrom(t *testing.T) {
	for _, tc := range []struct {
		name, context, text string
		doc                 Doc
	}{
		{"year of the paragraph before", "In 2021 the courts heard many cases.\n\n", "They convicted 345 persons.", Doc{Year: 2023}},
		{"series across the cut", "Sent to court: 2015 – 12, 2016 – ", "15, 2017 – 19 cases.", Doc{Year: 2023}},
		{"cut inside a sentence", "In 2022, 945 cases were opened and ", "1,050 persons were charged.", Doc{Year: 2023}},
		{"last year's figure in brackets", "The courts released 1,053\n", "(1,224) persons in 2022.", Doc{Year: 2023}},
		{"breakdown in the context", "Criminal cases were opened against 10 persons (4 in 2021 and 6 in 2022).\n\n",
			"Of these, 3 persons were convicted.\n\nThe Ministry trained 120 judges.", Doc{Year: 2023}},
		{"future clause in the context", "The rate will reach 45.5 per cent, or ", "13,200 persons, by 2030.", Doc{Year: 2023}},
		{"reporting period", "During the reporting period 12 centres opened.\n\n", "During the reporting period 14 more opened.", Doc{Year: 2023}},
		{"table rows", "Year A B\n2009 72 0 5\n", "2010 69 97 15\n", Doc{Year: 2023}},
		{"series unit from the paragraph before the cut", "Persons convicted:\n2015 – 12 persons. ", "2016 – 15.", Doc{Year: 2023}},
		{"series unit from the sentence before the cut", "Cases sent to court: 2015 – 12 cases, 2016 – 15 cases. ", "2017 – 19.", Doc{Year: 2023}},
		{"sentence longer than maxSentence", "In 2021 detainees by facility " + strings.Repeat("north 12 persons, south 14 persons, ", 20),
			"7 of them minors and 9 of them 4 women.", Doc{Year: 2023}},
		{"no context", "", "In 2020, 262 persons were detained.", Doc{Year: 2023}},
		{"no figures after the cut", "In 2020, 262 persons were detained.\n", "Nothing was counted.", Doc{Year: 2023}},
	} {
		checkFrom(t, tc.name, tc.context+tc.text, tc.doc, len(tc.context))
	}
	// offsets outside the text report all or nothing
	text := "In 2020, 262 persons were detained."
	for _, from := range []int{-5, 0, len(text), len(text) + 7} {
		checkFrom(t, "outside", text, Doc{Year: 2023}, from)
	}
}

// TestObservationsFromSeeds cuts the seed documents the way chunks come
// (a line-aligned context of up to 1 KiB before about 4 KB of text), and
// anywhere, at many places, so that every shape that crosses a cut is met.
func TestObservationsFromSeeds(t *testing.T) {
	files, _ := filepath.Glob(filepath.Join("..", "..", "seeds", "*.txt"))
	if len(files) == 0 {
		t.Skip("no seeds")
	}
	step, anyStep := 1500, 131
	if testing.Short() {
		step, anyStep = 6000, 997
	}
	for _, f := range files {
		data, err := os.ReadFile(f)
		if err != nil {
			t.Fatal(err)
		}
		s := string(data)
		for cut := step; cut < len(s); cut += step {
			// cuts fall at line starts, contexts start at one
			nl := strings.IndexByte(s[cut:], '\n')
			if nl < 0 {
				break
			}
			start := cut + nl + 1
			from := max(0, start-1024)
			if i := strings.IndexByte(s[from:start], '\n'); i >= 0 && from > 0 {
				from += i + 1
			}
			end := min(len(s), start+4096)
			checkFrom(t, filepath.Base(f), s[from:end], Doc{Year: 2023}, start-from)
		}
		// … and anywhere, mid-sentence too, with a reporting period
		for cut := 1100; cut < len(s); cut += anyStep {
			from := cut - 1000 - cut%37
			end := min(len(s), cut+3000)
			checkFrom(t, filepath.Base(f), s[from:end], Doc{Year: 2023, PeriodStart: 2019, PeriodEnd: 2022}, cut-from)
		}
	}
}

// AppendObservationsFrom appends what ObservationsFrom returns and leaves
// what dst holds alone.
func TestAppendObservationsFrom(t *testing.T) {
	prefix := []Observation{{Metric: "m", Start: -1}}
	for _, tc := range []struct {
		text string
		from int
	}{
		{"", 0},
		{"No figures at all.", 0},
		{"In 2021 the courts heard 12 cases. In 2022, 945 cases (3,7%) were registered and 262 persons convicted.", 0},
		{"In 2021 the courts heard 12 cases. In 2022, 945 cases (3,7%) were registered and 262 persons convicted.", 36},
		{"Year A B\n2009 72 0 5\n2010 69 97 15\n", 0},
	} {
		doc := Doc{Year: 2023}
		want := ObservationsFrom(tc.text, doc, tc.from)
		got := AppendObservationsFrom(append([]Observation(nil), prefix...), tc.text, doc, tc.from)
		if !reflect.DeepEqual(got[:1], prefix) || !(len(got) == 1 && len(want) == 0) && !reflect.DeepEqual(got[1:], want) {
			t.Errorf("%q from %d:\n got  %+v\n want %+v", tc.text, tc.from, got[1:], want)
		}
	}
}

// The metric cache answers as metricFor does, also once labels outnumber
// its entries.
func TestMetricCache(t *testing.T) {
	var m metricCache
	units := []string{"persons", "cases", "KZT", "percent", ""}
	for i := 0; i < 400; i++ {
		label := []string{"torture complaints", "persons convicted", "prison population", "x"}[i%4] + strings.Repeat(" more", i%97)
		unit := units[i%len(units)]
		if got, want := m.get(label, unit), metricFor(label, unit); got != want {
			t.Fatalf("get(%q, %q) = %q, want %q", label, unit, got, want)
		}
	}
}
