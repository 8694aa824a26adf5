package extract

import (
	"os"
	"path/filepath"
	"testing"
)

// obs is the part of an Observation a rule test pins down.
type obs struct {
	quote      string
	y0, y1     int
	value      float64
	unit, qual string
}

func check(t *testing.T, text string, doc Doc, want []obs) {
	t.Helper()
	got := Observations(text, doc)
	if len(got) != len(want) {
		t.Errorf("%q: got %d observations, want %d", text, len(got), len(want))
		for _, o := range got {
			t.Logf("  got %q %d-%d %v %s %q label=%q", text[o.Start:o.End], o.YearStart, o.YearEnd, o.Value, o.Unit, o.Qualifier, o.MetricLabel)
		}
		return
	}
	for k, w := range want {
		o := got[k]
		if text[o.Start:o.End] != w.quote || o.YearStart != w.y0 || o.YearEnd != w.y1 || o.Value != w.value || o.Unit != w.unit || o.Qualifier != w.qual {
			t.Errorf("%q [%d]: got %q %d-%d %v %s %q, want %+v", text, k, text[o.Start:o.End], o.YearStart, o.YearEnd, o.Value, o.Unit, o.Qualifier, w)
		}
		if o.Metric == "" {
			t.Errorf("%q [%d]: empty metric", text, k)
		}
	}
}

func TestObservationRules(t *testing.T) {
	d := Doc{Year: 2021}
	for _, c := range []struct {
		name string
		text string
		doc  Doc
		want []obs
	}{
		{"plain", "In 2019, 312 complaints of ill-treatment were received by the Ombudsman.", d,
			[]obs{{"312", 2019, 2019, 312, "complaints", ""}}},
		{"series dash", "Registered cases of trafficking: 2016 – 41, 2017 - 38, 2018 — 52.", d,
			[]obs{{"41", 2016, 2016, 41, "cases", ""}, {"38", 2017, 2017, 38, "cases", ""}, {"52", 2018, 2018, 52, "cases", ""}}},
		{"distributive", "The inspectors closed 8 shelters in 2018, 7 in 2019 and 11 in 2020.", d,
			[]obs{{"8", 2018, 2018, 8, "count", ""}, {"7", 2019, 2019, 7, "count", ""}, {"11", 2020, 2020, 11, "count", ""}}},
		{"compared with", "In 2020, 1,410 children were placed in foster care (compared with 1,122 children in 2018 and 980 in 2019).", d,
			[]obs{{"1,410", 2020, 2020, 1410, "persons", ""}, {"1,122", 2018, 2018, 1122, "persons", ""}, {"980", 2019, 2019, 980, "persons", ""}}},
		{"period range", "Between 2016 and 2020, about T 2.5 billion was spent on legal aid.", d,
			[]obs{{"T 2.5 billion", 2016, 2020, 2.5e9, "KZT", "about"}}},
		{"from to period", "From 2015 to 2019, more than 4 300 prisoners were released on parole.", d,
			[]obs{{"4 300", 2015, 2019, 4300, "persons", "more than"}}},
		{"percent with parent", "In 2017, 204 judges (45.4 per cent) were women.", d,
			[]obs{{"204", 2017, 2017, 204, "persons", ""}, {"45.4 per cent", 2017, 2017, 45.4, "percent", ""}}},
		{"currency pair", "In 2020 the budget was 12.4 million tenge or 30 thousand US dollars.", d,
			[]obs{{"12.4 million tenge", 2020, 2020, 12.4e6, "KZT", ""}, {"30 thousand US dollars", 2020, 2020, 30000, "USD", ""}}},
		{"document year", "The commission employs 57 inspectors.", d,
			[]obs{{"57", 2021, 2021, 57, "persons", ""}}},
		{"no time at all", "The commission employs 57 inspectors.", Doc{}, nil},
		{"number word", "In 2018, nine facilities were inspected and three complaints filed.", d,
			[]obs{{"nine", 2018, 2018, 9, "count", ""}, {"three", 2018, 2018, 3, "complaints", ""}}},
		{"past years", "Over the past three years, 45 journalists were prosecuted.", d,
			[]obs{{"45", 2018, 2020, 45, "persons", ""}}},
		{"as at", "As at 1 January 2020, 19,800 persons were held in prisons.", d,
			[]obs{{"19,800", 2020, 2020, 19800, "persons", ""}}},
		{"not observations", "Under article 146 of the Criminal Code (No. 226 of 3 July 2014), torture is punishable by up to 10 years' imprisonment; a detainee must see a doctor within 3 hours.", d, nil},
		{"law threshold", "Candidates must include not less than 30 per cent women.", d, nil},
		{"list numbers", "12.\tIn 2019 the courts heard 14 cases.\n(3) Other matters.", d,
			[]obs{{"14", 2019, 2019, 14, "cases", ""}}},
		{"ages", "In 2019, 12 children aged 14 were detained.", d,
			[]obs{{"12", 2019, 2019, 12, "persons", ""}}},
		{"legal date is no period", "The Act of 5 July 2000 created 14 centres.", d,
			[]obs{{"14", 2021, 2021, 14, "count", ""}}},
		{"table", "Year Arrests Releases\n2017 120 45\n2018 98 51\n", d,
			[]obs{{"120", 2017, 2017, 120, "count", ""}, {"45", 2017, 2017, 45, "count", ""}, {"98", 2018, 2018, 98, "count", ""}, {"51", 2018, 2018, 51, "count", ""}}},
		{"profile line", "Prison population (convicted) - 31\n\n402\n", Doc{Year: 2018},
			[]obs{{"31\n\n402", 2018, 2018, 31402, "persons", ""}}},
	} {
		t.Run(c.name, func(t *testing.T) { check(t, c.text, c.doc, c.want) })
	}
}

// TestTortureSeries is the must-have of the seeds: document 004's series of
// torture registrations 2015–2023.
func TestTortureSeries(t *testing.T) {
	b, err := os.ReadFile(filepath.Join("..", "..", "seeds", "004_835ade598945407e.txt"))
	if err != nil {
		t.Skip("seed not available")
	}
	text := string(b)
	want := []float64{630, 679, 686, 647, 850, 766, 685, 920, 195}
	k := 0
	for _, o := range Observations(text, Doc{Year: 2023}) {
		if o.Metric != "torture_registered" {
			continue
		}
		if k >= len(want) {
			t.Fatalf("extra torture_registered observation %+v", o)
		}
		if o.Value != want[k] || o.YearStart != 2015+k || o.YearEnd != 2015+k || o.Unit != "cases" || text[o.Start:o.End] != o.MetricLabel[:0]+formatInt(want[k]) {
			t.Errorf("item %d: got %+v (%q)", k, o, text[o.Start:o.End])
		}
		k++
	}
	if k != len(want) {
		t.Errorf("got %d series items, want %d", k, len(want))
	}
}

func formatInt(v float64) string {
	n := int(v)
	if n == 0 {
		return "0"
	}
	var b []byte
	for n > 0 {
		b = append([]byte{byte('0' + n%10)}, b...)
		n /= 10
	}
	return string(b)
}

func TestInvariants(t *testing.T) {
	files, _ := filepath.Glob(filepath.Join("..", "..", "seeds", "*.txt"))
	for _, f := range files {
		b, _ := os.ReadFile(f)
		text := string(b)
		prev := -1
		for _, o := range Observations(text, Doc{Year: 2020}) {
			if o.Start < prev || o.Start < 0 || o.End > len(text) || o.Start >= o.End {
				t.Fatalf("%s: bad span %+v", f, o)
			}
			prev = o.Start
			if o.YearStart == 0 || o.YearEnd < o.YearStart || o.Unit == "" || o.Metric == "" {
				t.Errorf("%s: incomplete observation %+v", f, o)
			}
		}
	}
}

func BenchmarkObservations(b *testing.B) {
	files, _ := filepath.Glob(filepath.Join("..", "..", "seeds", "*.txt"))
	var texts []string
	size := 0
	for _, f := range files {
		data, err := os.ReadFile(f)
		if err != nil {
			b.Fatal(err)
		}
		texts = append(texts, string(data))
		size += len(data)
	}
	if size == 0 {
		b.Skip("no seeds")
	}
	b.SetBytes(int64(size))
	b.ReportAllocs()
	for b.Loop() {
		for _, s := range texts {
			_ = Observations(s, Doc{Year: 2023})
		}
	}
}
