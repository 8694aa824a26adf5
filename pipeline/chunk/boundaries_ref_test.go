package chunk

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
	"unicode"
	"unicode/utf8"
)

// The line ranking as first written, kept as the definition that
// boundaries is held to (FuzzBoundaries): the rewrite reads each line
// once, where this read the previous line again for every line.

func boundariesRef(text string) []cand {
	var out []cand
	prevLineEnd := -1 // index of the '\n' ending the previous line
	blankBefore := false
	for i := 0; i < len(text); {
		nl := strings.IndexByte(text[i:], '\n')
		lineEnd := len(text)
		if nl >= 0 {
			lineEnd = i + nl
		}
		line := text[i:lineEnd]
		isBlank := strings.TrimSpace(line) == ""
		if i > 0 && !isBlank {
			out = append(out, cand{i, rankRef(text[:prevLineEnd], line, blankBefore)})
		}
		if !isBlank {
			blankBefore = false
		} else if i > 0 {
			blankBefore = true
		}
		if nl < 0 {
			break
		}
		prevLineEnd = lineEnd
		i = lineEnd + 1
		if !isBlank {
			continue
		}
	}
	return out
}

func rankRef(before, line string, blankBefore bool) int {
	prev := lastLineRef(before)
	if prev == "" {
		return none
	}
	last, _ := utf8.DecodeLastRuneInString(prev)
	first, _ := utf8.DecodeRuneInString(strings.TrimLeft(line, " \t"))
	finished := strings.ContainsRune(".;:!?)»\"”", last)
	// A number or a sentence carried over a line break ("23\n\n635",
	// "is less\n\nthan") continues: not a boundary.
	if unicode.IsDigit(last) && unicode.IsDigit(first) {
		return none
	}
	if _, ok := ParagraphNumber(line); ok {
		return para
	}
	// A heading belongs with what follows it, so the line after a heading
	// is no boundary unless it opens a numbered paragraph.
	if isHeadingRef(prev) && !finished {
		return none
	}
	if isHeadingRef(line) && (finished || blankBefore) {
		return para
	}
	if unicode.IsLower(first) && !finished {
		return none
	}
	if blankBefore {
		return blank
	}
	if finished {
		return sentence
	}
	return none
}

func lastLineRef(s string) string {
	s = strings.TrimRight(s, " \t\r\n\f")
	if i := strings.LastIndexByte(s, '\n'); i >= 0 {
		s = s[i+1:]
	}
	return strings.TrimSpace(s)
}

func isHeadingRef(line string) bool {
	t := strings.TrimSpace(line)
	if t == "" || len(t) > 120 {
		return false
	}
	if j := strings.IndexAny(t, ".\t "); j > 0 && j <= 5 && j < len(t)-1 && t[j] == '.' {
		head := t[:j]
		if strings.Trim(head, "IVXLC") == "" || (len(head) == 1 && head[0] >= 'A' && head[0] <= 'Z') {
			return true
		}
	}
	last, _ := utf8.DecodeLastRuneInString(t)
	if strings.ContainsRune(".,;:", last) {
		return false
	}
	// The word count last: it reads the whole line.
	first, _ := utf8.DecodeRuneInString(t)
	return unicode.IsUpper(first) && !moreFieldsThan(t, 12)
}

func FuzzBoundaries(f *testing.F) {
	for _, s := range []string{"", "a\nb", "12. One.\n\n13. Two\nthree\n", "II. General\nText here.\n  \t\r\nNext line\n",
		"A HEADING\n\nbody text.\nMore text\n\u00a0\nx", "23\n\n635 cases", "is less\n\nthan", "Ещё:\n Дело\n\f\n» ok\n"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		got, want := boundaries(s), boundariesRef(s)
		if len(got) != len(want) {
			t.Fatalf("boundaries(%q) = %v, want %v", s, got, want)
		}
		for i := range got {
			if got[i] != want[i] {
				t.Fatalf("boundaries(%q) = %v, want %v", s, got, want)
			}
		}
	})
}

func TestBoundariesSeeds(t *testing.T) {
	files, _ := filepath.Glob("../../seeds/*.txt")
	if len(files) == 0 {
		t.Fatal("no seeds found")
	}
	for _, f := range files {
		data, err := os.ReadFile(f)
		if err != nil {
			t.Fatal(err)
		}
		text := string(data)
		got, want := boundaries(text), boundariesRef(text)
		if len(got) != len(want) {
			t.Fatalf("%d boundaries, want %d", len(got), len(want))
		}
		for i := range got {
			if got[i] != want[i] {
				t.Fatalf("boundary %d = %v, want %v", i, got[i], want[i])
			}
		}
	}
}
