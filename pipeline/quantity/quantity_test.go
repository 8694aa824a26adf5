package quantity

import (
	"math"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

type want struct {
	text  string
	value float64
	unit  string
	qual  string
}

func TestFind(t *testing.T) {
	for _, c := range []struct {
		in   string
		want []want
	}{
		{"The shelter housed 1,273 people.", []want{{"1,273", 1273, "", ""}}},
		{"A total of 23 635 convicts and 10\u00a0169 detainees.", []want{{"23 635", 23635, "", ""}, {"10\u00a0169", 10169, "", ""}}},
		{"more than 5,300 crimes", []want{{"5,300", 5300, "", "more than"}}},
		{"a share of (3,7%) and 3,7 per cent", []want{{"3,7%", 3.7, "percent", ""}, {"3,7 per cent", 3.7, "percent", ""}}},
		{"Population - 18.28\n\nmillion", []want{{"18.28\n\nmillion", 18280000, "", ""}}},
		{"Prisoners (convicted) - 23\n\n635\nnext", []want{{"23\n\n635", 23635, "", ""}}},
		{"worth 33 million 545 thousand tenge", []want{{"33 million 545 thousand tenge", 33545000, "KZT", ""}}},
		{"totalling T 49,456,000 and about T 8 billion", []want{{"T 49,456,000", 49456000, "KZT", ""}, {"T 8 billion", 8e9, "KZT", "about"}}},
		{"54.5 million tenge or 117 thousand US dollars", []want{{"54.5 million tenge", 54.5e6, "KZT", ""}, {"117 thousand US dollars", 117000, "USD", ""}}},
		{"2 million 750 thousand US dollars", []want{{"2 million 750 thousand US dollars", 2.75e6, "USD", ""}}},
		{"rose to 72.1 per cent, 47% and 12 percent", []want{{"72.1 per cent", 72.1, "percent", ""}, {"47%", 47, "percent", ""}, {"12 percent", 12, "percent", ""}}},
		{"nine facilities and twenty-five inspections", []want{{"nine", 9, "", ""}, {"twenty-five", 25, "", ""}}},
		{"one hundred and twenty wardens", []want{{"one hundred and twenty", 120, "", ""}}},
		{"Budget 417 611 910 KZT", []want{{"417 611 910 KZT", 417611910, "KZT", ""}}},
		{"€ 12.5 million and $300 and EUR 40", []want{{"€ 12.5 million", 12.5e6, "EUR", ""}, {"$300", 300, "USD", ""}, {"EUR 40", 40, "EUR", ""}}},
		{"approximately 40 and nearly 7 and over 8 and less than 9 and up to 10 and at least 11", []want{
			{"40", 40, "", "about"}, {"7", 7, "", "almost"}, {"8", 8, "", "more than"}, {"9", 9, "", "less than"}, {"10", 10, "", "up to"}, {"11", 11, "", "at least"}}},
		{"not less than\n30 per cent", []want{{"30 per cent", 30, "percent", "at least"}}},
		// not quantities of ours: glued to letters, ordinals, compound adjectives
		{"the A4 sheet, 180ml, 1st place, a five-year plan, the sixty‑fifth place", nil},
		{"In 2023", []want{{"2023", 2023, "", ""}}},
	} {
		got := Find(c.in)
		if len(got) != len(c.want) {
			t.Errorf("Find(%q): got %d quantities %v, want %d", c.in, len(got), got, len(c.want))
			continue
		}
		for k, w := range c.want {
			g := got[k]
			if g.Text != w.text || math.Abs(g.Value-w.value) > 1e-6 || g.Unit != w.unit || g.Qualifier != w.qual {
				t.Errorf("Find(%q)[%d] = %q %v %q %q, want %q %v %q %q", c.in, k, g.Text, g.Value, g.Unit, g.Qualifier, w.text, w.value, w.unit, w.qual)
			}
			if c.in[g.Start:g.End] != g.Text {
				t.Errorf("span mismatch for %q", g.Text)
			}
		}
	}
}

func TestYearFlag(t *testing.T) {
	q := Find("in 2019 and 2,019 and 2019%")
	if len(q) != 3 || !q[0].Year || q[1].Year || q[2].Year {
		t.Errorf("year flags wrong: %+v", q)
	}
}

func TestNoPanicOnEdges(t *testing.T) {
	for _, s := range []string{"", "1", ".", ".5", "5.", "1,", "1, ", "T ", "$", "one-", "23\n\n", "23\n\n63", "twenty-", "5 million", "3,7", "\u00a0"} {
		_ = Find(s)
	}
}

func FuzzFind(f *testing.F) {
	f.Add("In 2022, 945 cases (3,7%) T 49,456,000 over 23\n\n635")
	f.Fuzz(func(t *testing.T, s string) {
		prev := -1
		for _, q := range Find(s) {
			if q.Start < 0 || q.End > len(s) || q.Start >= q.End || s[q.Start:q.End] != q.Text || q.Start < prev {
				t.Fatalf("bad span %+v in %q", q, s)
			}
			prev = q.Start
		}
	})
}

func BenchmarkFind(b *testing.B) {
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
			_ = Find(s)
		}
	}
}

func TestIndefiniteScale(t *testing.T) {
	for _, c := range []struct {
		in   string
		want []want
	}{
		{"more than a thousand volunteers", []want{{"thousand", 1000, "", "more than"}}},
		{"A hundred and twenty wardens", []want{{"hundred and twenty", 120, "", ""}}},
		{"about a million people", []want{{"million", 1e6, "", "about"}}},
		// a bare scale word without the article is still no number
		{"thousands of people and hundred ways", nil},
	} {
		got := Find(c.in)
		if len(got) != len(c.want) {
			t.Errorf("Find(%q): got %v, want %d quantities", c.in, got, len(c.want))
			continue
		}
		for k, w := range c.want {
			g := got[k]
			if g.Text != w.text || g.Value != w.value || g.Unit != w.unit || g.Qualifier != w.qual || c.in[g.Start:g.End] != g.Text {
				t.Errorf("Find(%q)[%d] = %q %v %q %q, want %+v", c.in, k, g.Text, g.Value, g.Unit, g.Qualifier, w)
			}
		}
	}
}

// TestWordValueTable keeps the switch of wordValue equal to the table.
func TestWordValueTable(t *testing.T) {
	for w, v := range wordValues {
		for _, form := range []string{w, strings.ToUpper(w[:1]) + w[1:], strings.ToUpper(w)} {
			if got, ok := wordValue(form); !ok || got != v {
				t.Errorf("wordValue(%q) = %v, %v; want %v", form, got, ok, v)
			}
		}
	}
	for _, w := range []string{"the", "then", "thirds", "tens", "nin", "onestop", ""} {
		if _, ok := wordValue(w); ok {
			t.Errorf("wordValue(%q) is a number", w)
		}
	}
}
