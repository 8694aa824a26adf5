package chunk

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
	"unicode/utf8"
)

// checkPartition asserts the invariants every split must keep.
func checkPartition(t *testing.T, text string, cs []Chunk, opt Options) {
	t.Helper()
	var b strings.Builder
	pos, char := 0, 0
	for i, c := range cs {
		if c.Seq != i || c.Start != pos || c.CharStart != char {
			t.Fatalf("chunk %d: seq %d start %d charStart %d, want %d %d %d", i, c.Seq, c.Start, c.CharStart, i, pos, char)
		}
		if c.End <= c.Start {
			t.Fatalf("chunk %d is empty", i)
		}
		if c.End-c.Start > opt.Max {
			t.Fatalf("chunk %d has %d bytes, over the cap %d", i, c.End-c.Start, opt.Max)
		}
		if n := utf8.RuneCountInString(text[c.Start:c.End]); c.CharEnd-c.CharStart != n {
			t.Fatalf("chunk %d: %d code points, offsets say %d", i, n, c.CharEnd-c.CharStart)
		}
		b.WriteString(text[c.Start:c.End])
		pos, char = c.End, c.CharEnd
	}
	if b.String() != text {
		t.Fatal("chunks do not concatenate to the text")
	}
}

func TestSplit(t *testing.T) {
	small := Options{Target: 60, Max: 200}
	tests := []struct {
		name   string
		text   string
		opt    Options
		starts []string // each chunk's first characters
		paras  []int    // each chunk's paragraph number, 0 for none
	}{
		{
			name:   "numbered paragraphs",
			text:   "1. The first paragraph says something long enough.\n2. The second paragraph says more than that.\n3. A third.\n",
			opt:    Options{Target: 40, Max: 200},
			starts: []string{"1. The", "2. The", "3. A"},
			paras:  []int{1, 2, 3},
		},
		{
			name:   "tab after number",
			text:   "12.\tFirst paragraph with a tab after its number, long.\n13.\tSecond paragraph with a tab after its number.\n",
			opt:    small,
			starts: []string{"12.\tFirst", "13.\tSecond"},
			paras:  []int{12, 13},
		},
		{
			name:   "never inside a wrapped sentence",
			text:   "This sentence is wrapped over\nseveral lines by a PDF converter and\nonly ends here. Next one starts\nhere and ends here.",
			opt:    Options{Target: 20, Max: 200},
			starts: []string{"This sentence"},
			paras:  []int{0},
		},
		{
			name:   "number split over a blank line stays whole",
			text:   "Prison population (convicted) - 23\n\n635\n\nIn pre-trial detention - 5\n\n288\n",
			opt:    Options{Target: 10, Max: 200},
			starts: []string{"Prison", "In pre-trial"},
			paras:  []int{0, 0},
		},
		{
			name:   "small text is one chunk",
			text:   "Just one line.",
			opt:    DefaultOptions(),
			starts: []string{"Just"},
			paras:  []int{0},
		},
		{
			name:   "multibyte offsets",
			text:   "1. Реформа — 2015 – 630.\n2. Ещё один абзац — 2016 – 679.\n",
			opt:    Options{Target: 10, Max: 200},
			starts: []string{"1. Реформа", "2. Ещё"},
			paras:  []int{1, 2},
		},
		{
			name:   "headings start chunks",
			text:   "Some introduction that ends here.\n\nII. General information\n\nText under the heading ends.\n",
			opt:    Options{Target: 30, Max: 200},
			starts: []string{"Some", "II. General"},
			paras:  []int{0, 0},
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			cs := Split(tt.text, tt.opt)
			checkPartition(t, tt.text, cs, tt.opt)
			if len(cs) != len(tt.starts) {
				var got []string
				for _, c := range cs {
					got = append(got, tt.text[c.Start:c.End])
				}
				t.Fatalf("got %d chunks %q, want %d", len(cs), got, len(tt.starts))
			}
			for i, c := range cs {
				if !strings.HasPrefix(tt.text[c.Start:c.End], tt.starts[i]) {
					t.Errorf("chunk %d starts %q, want %q", i, tt.text[c.Start:min(c.End, c.Start+20)], tt.starts[i])
				}
				got := 0
				if c.Paragraph != nil {
					got = *c.Paragraph
				}
				if got != tt.paras[i] {
					t.Errorf("chunk %d paragraph %d, want %d", i, got, tt.paras[i])
				}
			}
		})
	}
}

func TestSplitHardCap(t *testing.T) {
	// One endless sentence: the cap still holds, cuts fall at spaces.
	text := strings.Repeat("word ", 10000)
	opt := Options{Target: 1000, Max: 4000}
	cs := Split(text, opt)
	checkPartition(t, text, cs, opt)
	for _, c := range cs[:len(cs)-1] {
		if text[c.End-1] != ' ' {
			t.Fatalf("cut inside a word at %d", c.End)
		}
	}
	// No spaces at all: cut at rune boundaries.
	text = strings.Repeat("ж", 5000)
	cs = Split(text, opt)
	checkPartition(t, text, cs, opt)
}

func TestSplitSeeds(t *testing.T) {
	files, _ := filepath.Glob("../../seeds/*.txt")
	if len(files) == 0 {
		t.Fatal("no seeds found")
	}
	opt := DefaultOptions()
	for _, f := range files {
		data, err := os.ReadFile(f)
		if err != nil {
			t.Fatal(err)
		}
		text := string(data)
		cs := Split(text, opt)
		checkPartition(t, text, cs, opt)
		for _, c := range cs[1:] {
			// Every cut follows a finished sentence or a blank line.
			before := strings.TrimRight(text[:c.Start], " \t\r\n")
			last, _ := utf8.DecodeLastRuneInString(before)
			if !strings.ContainsRune(".;:!?)»\"”", last) && !strings.HasSuffix(text[:c.Start], "\n\n") && !strings.HasSuffix(text[:c.Start], "\n \n") {
				if _, ok := ParagraphNumber(text[c.Start:c.End]); !ok && !isHeading(strings.SplitN(text[c.Start:c.End], "\n", 2)[0]) {
					t.Errorf("%s: cut at %d after %q", filepath.Base(f), c.Start, before[max(0, len(before)-30):])
				}
			}
		}
	}
}

func TestParagraphNumber(t *testing.T) {
	tests := []struct {
		in   string
		want int
		ok   bool
	}{
		{"12. Text", 12, true},
		{"1.\tText", 1, true},
		{"  7. Indented", 7, true},
		{"12.5 per cent", 0, false},
		{"(3) item", 0, false},
		{"2015 – 630", 0, false},
		{"Text 12. more", 0, false},
		{"12345. too long", 0, false},
	}
	for _, tt := range tests {
		got, ok := ParagraphNumber(tt.in)
		if got != tt.want || ok != tt.ok {
			t.Errorf("ParagraphNumber(%q) = %d, %v; want %d, %v", tt.in, got, ok, tt.want, tt.ok)
		}
	}
}

func BenchmarkSplit(b *testing.B) {
	files, _ := filepath.Glob("../../seeds/*.txt")
	var texts []string
	n := 0
	for _, f := range files {
		data, err := os.ReadFile(f)
		if err != nil {
			b.Fatal(err)
		}
		texts = append(texts, string(data))
		n += len(data)
	}
	b.SetBytes(int64(n))
	b.ReportAllocs()
	for b.Loop() {
		for _, t := range texts {
			Split(t, DefaultOptions())
		}
	}
}

func FuzzSplit(f *testing.F) {
	f.Add("1. First.\n2. Second.\n\nII. Heading\nText 23\n\n635 more.", 16, 64)
	f.Add(strings.Repeat("ж word. ", 200), 100, 300)
	f.Add("", 1, 1)
	f.Fuzz(func(t *testing.T, text string, target, max int) {
		if !utf8.ValidString(text) || target < 1 || max < 1 || max > 1<<16 || target > 1<<16 {
			return
		}
		opt := Options{Target: target, Max: max}
		cs := Split(text, opt)
		if text == "" {
			if len(cs) != 0 {
				t.Fatal("chunks of an empty text")
			}
			return
		}
		if opt.Target > opt.Max {
			opt.Target = opt.Max
		}
		if opt.Max < utf8.UTFMax {
			opt.Max = utf8.UTFMax // a chunk holds at least one rune
		}
		checkPartition(t, text, cs, opt)
	})
}

// FuzzMoreFieldsThan holds moreFieldsThan to its definition,
// len(strings.Fields(s)) > n.
func FuzzMoreFieldsThan(f *testing.F) {
	for _, s := range []string{"", " ", "a", "A B C", "  two\u00a0words\u2003here \t", "x\xffy z", strings.Repeat("w ", 13)} {
		f.Add(s, 2)
		f.Add(s, 12)
	}
	f.Fuzz(func(t *testing.T, s string, n int) {
		if got, want := moreFieldsThan(s, n), len(strings.Fields(s)) > n; got != want {
			t.Fatalf("moreFieldsThan(%q, %d) = %v, want %v", s, n, got, want)
		}
	})
}

// RuneCount counts what utf8.RuneCountInString counts, invalid bytes too.
func TestRuneCount(t *testing.T) {
	for _, s := range []string{"", "a", "abcdefgh", "abcdefghi", "Ещё 12 дел", "12345678Ещё", "\xff\xfe", "abcdefg\xe2\x80", "“quoted” text of some length …"} {
		checkRuneCount(t, s)
	}
}

func FuzzRuneCount(f *testing.F) {
	f.Add("Ещё 12 дел — 2021: “5 persons”")
	f.Fuzz(checkRuneCount)
}

func checkRuneCount(t *testing.T, s string) {
	for i := 0; i <= len(s); i++ {
		if got, want := RuneCount(s[i:]), utf8.RuneCountInString(s[i:]); got != want {
			t.Fatalf("RuneCount(%q) = %d, want %d", s[i:], got, want)
		}
	}
}
