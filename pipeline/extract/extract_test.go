package extract

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"
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
		{"breakdown total", "Charges were brought against 12 persons (5 in 2019 and 7 in 2020); of these, 9 persons were convicted.", d,
			[]obs{{"12", 2019, 2020, 12, "persons", ""}, {"5", 2019, 2019, 5, "persons", ""}, {"7", 2020, 2020, 7, "persons", ""}, {"9", 2019, 2020, 9, "persons", ""}}},
		{"part of a whole", "In 2019, 40 out of 310 applicants were refused.", d,
			[]obs{{"40", 2019, 2019, 40, "persons", ""}, {"310", 2019, 2019, 310, "persons", ""}}},
		{"plus", "In 2016, 3,000 plus volunteers took part.", d,
			[]obs{{"3,000", 2016, 2016, 3000, "persons", "more than"}}},
		{"previous year in brackets", "In 2020, the ombudsman closed 1,053 (1,224) complaints.", d,
			[]obs{{"1,053", 2020, 2020, 1053, "complaints", ""}, {"1,224", 2019, 2019, 1224, "complaints", ""}}},
		{"change over a stated year", "In 2020, the number of detainees fell by 4 per cent (from 2,500 to 2,400).", d,
			[]obs{{"4 per cent", 2020, 2020, 4, "percent", ""}, {"2,500", 2019, 2019, 2500, "persons", ""}, {"2,400", 2020, 2020, 2400, "persons", ""}}},
		{"ten-year change", "The number of monitors has risen from 60 to 95 over a 10-year period.", d,
			[]obs{{"60", 2011, 2011, 60, "persons", ""}, {"95", 2020, 2020, 95, "persons", ""}}},
		{"since", "Since 2017, 88 shelters have opened.", d,
			[]obs{{"88", 2017, 2021, 88, "count", ""}}},
		{"future is no observation", "By 2025, 40 new centres will be built.", d, nil},
		{"references in a list", "Under articles 125, 126 and 128 of the Code, 14 persons were charged in 2019.", d,
			[]obs{{"14", 2019, 2019, 14, "persons", ""}}},
		{"previous year after a colon", "Detentions rose to 1,200 (2021: 1,050).", d,
			[]obs{{"1,200", 2021, 2021, 1200, "count", ""}, {"1,050", 2021, 2021, 1050, "count", ""}}},
		{"breakdown of crimes", "In 2020 the police registered 4,512 offences, including 312 murders and 1,024 robberies.", d,
			[]obs{{"4,512", 2020, 2020, 4512, "crimes", ""}, {"312", 2020, 2020, 312, "crimes", ""}, {"1,024", 2020, 2020, 1024, "crimes", ""}}},
		{"date range", "From 11 to 23 February 2019, 35 officers were trained.", d,
			[]obs{{"35", 2019, 2019, 35, "persons", ""}}},
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

// FuzzObservations checks that no input makes the extractor panic or
// return a span outside the text.
func FuzzObservations(f *testing.F) {
	f.Add("In 2022, 945 cases (3,7%) T 49,456,000; 2015 – 630, 2016 - 679 (compared with 262 persons in 2020).", 2023)
	f.Add("Population - 18.28\n\nmillion\nPrison population (convicted) - 23\n\n635\n", 2019)
	f.Add("Year A B\n2009 72 0 5\n2010 69 97 15\n", 0)
	f.Fuzz(func(t *testing.T, s string, year int) {
		prev := -1
		for _, o := range Observations(s, Doc{Year: year % 3000}) {
			if o.Start < 0 || o.End > len(s) || o.Start >= o.End || o.Start < prev {
				t.Fatalf("bad span %+v in %q", o, s)
			}
			prev = o.Start
		}
	})
}

// TestNoQuadraticBlowUp guards the look-around bounds: text without
// sentence or paragraph breaks must not make each figure rescan it.
func TestNoQuadraticBlowUp(t *testing.T) {
	if testing.Short() {
		t.Skip("slow")
	}
	start := time.Now()
	for _, s := range []string{
		strings.Repeat("1 ", 50000),
		strings.Repeat("2015 – 630, ", 8000),
		strings.Repeat("In 2019; (3) 45 cases, ", 4000),
		"Year A B\n" + strings.Repeat("2019 12 13\n", 8000),
		strings.Repeat("murder – 120, ", 7000),
	} {
		_ = Observations(s, Doc{Year: 2021})
	}
	// A few hundred ms when linear; minutes when quadratic. The bound is
	// loose so that a loaded machine does not fail it.
	if d := time.Since(start); d > 20*time.Second {
		t.Errorf("500 KB of dense figures took %v", d)
	}
}
