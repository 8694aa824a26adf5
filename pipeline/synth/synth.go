// Package synth generates a deterministic synthetic corpus of report-like
// text files for benchmarks: paragraphs shaped like the seed reports'
// (numbered paragraphs, statistical series "2015 – 630, 2016 – 679",
// "(compared with … in …)", flattened tables, legal citations) with every
// number and year varied, so that no two files share content and the
// density and mix of facts stay like the seeds'.
//
// The same seed texts and the same seed number give the same bytes.
package synth

import (
	"bytes"
	"errors"
	"fmt"
	"math"
	"math/rand/v2"
	"os"
	"path/filepath"
	"sort"
	"strconv"
	"strings"
)

// File sizes, in bytes.
const (
	MinFile = 20 << 10
	MaxFile = 400 << 10
)

// Generator makes synthetic report files from seed texts.
type Generator struct {
	seed  int64
	units [][]unit // per seed text, its paragraphs in order
	sizes []int    // bytes per seed text, to pick seeds by weight
	total int
}

// unit is one paragraph of a seed, parsed into literal text and numbers.
type unit struct {
	numbered bool    // starts with a printed paragraph number (the first token)
	toks     []token // alternating literal and number tokens
	size     int
}

type tokKind uint8

const (
	lit     tokKind = iota
	year            // a year 2005–2030: shifted within 2009–2023
	value           // a count or amount: scaled
	keep            // an article, order or list number, a day of a month: kept
	paraNum         // the paragraph's printed number: renumbered
)

type token struct {
	kind     tokKind
	text     string // literal text, or the number as printed
	val      float64
	commas   bool // printed with thousands separators
	decimals int
	percent  bool // followed by % or "per cent": kept at or below 100
}

// New returns a generator over seedTexts (the seed reports' contents).
func New(seedTexts []string, seed int64) (*Generator, error) {
	g := &Generator{seed: seed}
	for _, t := range seedTexts {
		us := parseUnits(t)
		if len(us) == 0 {
			continue
		}
		n := 0
		for _, u := range us {
			n += u.size
		}
		g.units = append(g.units, us)
		g.sizes = append(g.sizes, n)
		g.total += n
	}
	if g.total == 0 {
		return nil, errors.New("synth: no seed text")
	}
	return g, nil
}

// ReadSeeds reads every .txt file in dir, in name order.
func ReadSeeds(dir string) ([]string, error) {
	names, err := filepath.Glob(filepath.Join(dir, "*.txt"))
	if err != nil {
		return nil, err
	}
	sort.Strings(names)
	var out []string
	for _, n := range names {
		b, err := os.ReadFile(n)
		if err != nil {
			return nil, err
		}
		out = append(out, string(bytes.TrimPrefix(b, []byte("\xef\xbb\xbf"))))
	}
	if len(out) == 0 {
		return nil, fmt.Errorf("synth: no .txt seed files in %s", dir)
	}
	return out, nil
}

// Generate writes synthetic .txt files made from the seed reports in
// seedDir into dir until they hold about totalBytes, and returns their
// paths.
func Generate(dir, seedDir string, totalBytes, seed int64) ([]string, error) {
	texts, err := ReadSeeds(seedDir)
	if err != nil {
		return nil, err
	}
	g, err := New(texts, seed)
	if err != nil {
		return nil, err
	}
	return g.Generate(dir, totalBytes)
}

// Generate writes files into dir until they hold about totalBytes (at
// least one file of MinFile bytes), each between MinFile and MaxFile
// bytes, and returns their paths.
func (g *Generator) Generate(dir string, totalBytes int64) ([]string, error) {
	if err := os.MkdirAll(dir, 0o755); err != nil {
		return nil, err
	}
	sizes := g.fileSizes(totalBytes)
	paths := make([]string, 0, len(sizes))
	var buf bytes.Buffer
	for i, size := range sizes {
		buf.Reset()
		g.File(&buf, i, size)
		p := filepath.Join(dir, fmt.Sprintf("synth_%06d.txt", i))
		if err := os.WriteFile(p, buf.Bytes(), 0o644); err != nil {
			return paths, err
		}
		paths = append(paths, p)
	}
	return paths, nil
}

// fileSizes plans the files' sizes: random between MinFile and MaxFile,
// the last one taking what is left (at least MinFile).
func (g *Generator) fileSizes(total int64) []int {
	r := rand.New(rand.NewPCG(uint64(g.seed), 0x5eed))
	var out []int
	for left := total; left > 0 || len(out) == 0; {
		s := MinFile + r.IntN(MaxFile-MinFile+1)
		if int64(s) > left {
			s = int(max(left, MinFile))
		}
		if left-int64(s) < MinFile && left-int64(s) > 0 && left <= MaxFile {
			s = int(left)
		}
		out = append(out, s)
		left -= int64(s)
	}
	return out
}

// Bytes returns file i of a corpus as File writes it.
func (g *Generator) Bytes(i, size int) []byte {
	var b bytes.Buffer
	g.File(&b, i, size)
	return b.Bytes()
}

// File writes synthetic file number i, about size bytes, to b. Files are
// independent of each other: file i is the same whatever else is made.
func (g *Generator) File(b *bytes.Buffer, i, size int) {
	r := rand.New(rand.NewPCG(uint64(g.seed), uint64(i)+1))
	// A header unique to the file, like a report's title block.
	y := 2009 + r.IntN(15)
	fmt.Fprintf(b, "%s\n\nSubmitted in %d (synthetic document %d-%d)\n\n", titles[r.IntN(len(titles))], y, g.seed, i)
	para := 1
	for b.Len() < size {
		// A run of consecutive paragraphs (2–16 KB) of one seed, picked
		// by size.
		s := g.pickSeed(r)
		us := g.units[s]
		at := r.IntN(len(us))
		end := min(size, b.Len()+2<<10+r.IntN(14<<10))
		for k := 0; b.Len() < end; k++ {
			if r.IntN(100) < 3 {
				para = g.synthetic(b, r, para)
			}
			g.writeUnit(b, r, &us[(at+k)%len(us)], &para)
		}
	}
}

func (g *Generator) pickSeed(r *rand.Rand) int {
	x := r.IntN(g.total)
	for i, n := range g.sizes {
		if x < n {
			return i
		}
		x -= n
	}
	return len(g.sizes) - 1
}

// writeUnit writes a seed paragraph with its numbers varied: values scaled
// by a factor around a paragraph-wide one, years shifted together so that
// ranges stay ranges and land in 2009–2023, the paragraph renumbered.
func (g *Generator) writeUnit(b *bytes.Buffer, r *rand.Rand, u *unit, para *int) {
	lo, hi := 9999, 0
	for _, t := range u.toks {
		if t.kind == year {
			lo, hi = min(lo, int(t.val)), max(hi, int(t.val))
		}
	}
	shift := 0
	if hi > 0 && hi-lo <= 14 {
		shift = 2009 - lo + r.IntN(14-(hi-lo)+1)
	}
	factor := 0.5 + r.Float64()
	for _, t := range u.toks {
		switch t.kind {
		case lit, keep:
			b.WriteString(t.text)
		case paraNum:
			b.WriteString(strconv.Itoa(*para))
			*para++
		case year:
			b.WriteString(strconv.Itoa(int(t.val) + shift))
		case value:
			v := t.val * factor * (0.9 + 0.2*r.Float64())
			if t.percent && v > 100 {
				v = t.val
			}
			writeNumber(b, v, t.commas, t.decimals)
		}
	}
}

// writeNumber prints v like the number it replaces.
func writeNumber(b *bytes.Buffer, v float64, commas bool, decimals int) {
	if decimals == 0 {
		n := int64(math.Round(v))
		if v > 0 && n == 0 {
			n = 1
		}
		if !commas || n < 1000 {
			b.WriteString(strconv.FormatInt(n, 10))
			return
		}
		s := strconv.FormatInt(n, 10)
		for i, c := range s {
			if i > 0 && (len(s)-i)%3 == 0 {
				b.WriteByte(',')
			}
			b.WriteRune(c)
		}
		return
	}
	b.WriteString(strconv.FormatFloat(v, 'f', decimals, 64))
}

// parseUnits splits a seed into paragraphs: blocks between blank lines,
// and within a block, lines that start a numbered paragraph.
func parseUnits(text string) []unit {
	text = strings.ReplaceAll(text, "\r\n", "\n")
	var out []unit
	start := 0
	lines := strings.SplitAfter(text, "\n")
	pos := 0
	flush := func(end int) {
		if end > start {
			if s := text[start:end]; strings.TrimSpace(s) != "" {
				out = append(out, parseUnit(s))
			}
		}
		start = end
	}
	prevBlank := false
	for _, ln := range lines {
		blank := strings.TrimSpace(ln) == ""
		if !blank && (prevBlank || startsNumbered(ln)) {
			flush(pos)
		}
		prevBlank = blank
		pos += len(ln)
	}
	flush(len(text))
	return out
}

// startsNumbered reports whether a line starts with "12." or "12.\t".
func startsNumbered(ln string) bool {
	s := strings.TrimLeft(ln, " \t")
	i := 0
	for i < len(s) && i < 4 && s[i] >= '0' && s[i] <= '9' {
		i++
	}
	return i > 0 && i < len(s)-1 && s[i] == '.' && (s[i+1] == ' ' || s[i+1] == '\t')
}

func isDigit(c byte) bool { return c >= '0' && c <= '9' }

var keepBefore = []string{"article ", "articles ", "art. ", "art ", "no. ", "no ", "paragraph ", "paragraphs ", "part ", "chapter ",
	"resolution ", "order ", "decree ", "law ", "code ", "item ", "section ", "point ", "(", "№ ", "№"}

var months = []string{"january", "february", "march", "april", "may", "june", "july", "august", "september", "october", "november", "december"}

// parseUnit tokenises one paragraph.
func parseUnit(s string) unit {
	u := unit{size: len(s)}
	lead := len(s) - len(strings.TrimLeft(s, " \t"))
	last := 0
	for i := 0; i < len(s); {
		if !isDigit(s[i]) || (i > 0 && (isLetter(s[i-1]) || isDigit(s[i-1]) || s[i-1] == '.' || s[i-1] == ',' || s[i-1] == '-')) {
			i++
			continue
		}
		// A number: digits, thousands groups, decimals.
		j := i
		for j < len(s) && isDigit(s[j]) {
			j++
		}
		commas := false
		if j-i <= 3 {
			for j+3 < len(s) && s[j] == ',' && isDigit(s[j+1]) && isDigit(s[j+2]) && isDigit(s[j+3]) && (j+4 >= len(s) || !isDigit(s[j+4])) {
				j += 4
				commas = true
			}
		}
		decimals := 0
		if j+1 < len(s) && s[j] == '.' && isDigit(s[j+1]) {
			k := j + 1
			for k < len(s) && isDigit(s[k]) {
				k++
			}
			decimals = k - j - 1
			j = k
		}
		if j < len(s) && (isLetter(s[j]) || s[j] == '-' || s[j] == '/') {
			i = j // part of a code or identifier: leave it
			continue
		}
		num := s[i:j]
		t := token{text: num, commas: commas, decimals: decimals}
		t.val, _ = strconv.ParseFloat(strings.ReplaceAll(num, ",", ""), 64)
		rest := strings.ToLower(s[j:min(len(s), j+12)])
		before := strings.ToLower(s[max(0, i-12):i])
		switch {
		case i == lead && !commas && decimals == 0 && j < len(s) && (s[j] == '.' || s[j] == ')') && len(num) <= 4 && len(u.toks) == 0:
			t.kind = paraNum
			u.numbered = true
		case !commas && decimals == 0 && len(num) == 4 && t.val >= 2005 && t.val <= 2030:
			t.kind = year
		case !commas && decimals == 0 && len(num) == 4 && t.val >= 1900 && t.val < 2005:
			t.kind = keep
		case hasSuffixAny(before, keepBefore):
			t.kind = keep
		case t.val <= 31 && decimals == 0 && startsMonth(rest):
			t.kind = keep
		default:
			t.kind = value
			t.percent = strings.HasPrefix(rest, "%") || strings.HasPrefix(rest, " per cent") || strings.HasPrefix(rest, " percent") || strings.HasPrefix(rest, " %")
		}
		if i > last {
			u.toks = append(u.toks, token{kind: lit, text: s[last:i]})
		}
		u.toks = append(u.toks, t)
		last, i = j, j
	}
	if last < len(s) {
		u.toks = append(u.toks, token{kind: lit, text: s[last:]})
	}
	return u
}

func isLetter(c byte) bool { return c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c >= 0x80 }

func hasSuffixAny(s string, sufs []string) bool {
	for _, x := range sufs {
		if strings.HasSuffix(s, x) {
			return true
		}
	}
	return false
}

func startsMonth(s string) bool {
	s = strings.TrimLeft(s, " ")
	for _, m := range months {
		if strings.HasPrefix(s, m[:3]) {
			return true
		}
	}
	return false
}
