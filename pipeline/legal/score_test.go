package legal

import (
	"bufio"
	"encoding/json"
	"fmt"
	"os"
	"path/filepath"
	"sort"
	"testing"
	"time"
	"unicode/utf8"
)

// The scoring test runs References and Instruments over each whole labelled
// document of testdata/legal and compares them with the hand labels.

const (
	labelDir = "../../testdata/legal"
	seedDir  = "../../seeds"
	minP     = 0.95
	minR     = 0.95
)

type goldRef struct {
	Code        string `json:"code"`
	Article     string `json:"article"`
	Part        string `json:"part"`
	ArticleName string `json:"article_name"`
	Quote       string `json:"quote"`
	Start       int    `json:"char_start"`
	End         int    `json:"char_end"`
}

type goldInst struct {
	Kind     string `json:"kind"`
	Title    string `json:"title"`
	Number   string `json:"number"`
	IssuedOn string `json:"issued_on"`
	Year     int    `json:"year"`
	Issuer   string `json:"issuer"`
	Quote    string `json:"quote"`
	Start    int    `json:"char_start"`
	End      int    `json:"char_end"`
}

type coverage struct {
	Start int    `json:"char_start"`
	End   int    `json:"char_end"`
	Note  string `json:"note"`
}

func readJSONL[T any](t *testing.T, path string) []T {
	t.Helper()
	f, err := os.Open(path)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	var out []T
	sc := bufio.NewScanner(f)
	sc.Buffer(make([]byte, 1<<20), 1<<20)
	for sc.Scan() {
		if len(sc.Bytes()) == 0 {
			continue
		}
		var v T
		if err := json.Unmarshal(sc.Bytes(), &v); err != nil {
			t.Fatalf("%s: %v", path, err)
		}
		out = append(out, v)
	}
	if err := sc.Err(); err != nil {
		t.Fatal(err)
	}
	return out
}

// cpIndex maps byte offsets of s to code-point offsets.
func cpIndex(s string) []int {
	idx := make([]int, len(s)+1)
	n := 0
	for i := range s {
		for j := i; j < len(s) && (j == i || !utf8.RuneStart(s[j])); j++ {
			idx[j] = n
		}
		n++
	}
	idx[len(s)] = n
	return idx
}

type tally struct{ tp, fp, fn int }

func (c tally) p() float64 {
	if c.tp+c.fp == 0 {
		return 1
	}
	return float64(c.tp) / float64(c.tp+c.fp)
}

func (c tally) r() float64 {
	if c.tp+c.fn == 0 {
		return 1
	}
	return float64(c.tp) / float64(c.tp+c.fn)
}

func (c *tally) add(o tally) { c.tp += o.tp; c.fp += o.fp; c.fn += o.fn }

func overlaps(a0, a1, b0, b1 int) bool { return a0 < b1 && b0 < a1 }

func loadCoverage(t *testing.T) map[string]coverage {
	b, err := os.ReadFile(filepath.Join(labelDir, "coverage.json"))
	if err != nil {
		t.Fatal(err)
	}
	cov := map[string]coverage{}
	if err := json.Unmarshal(b, &cov); err != nil {
		t.Fatal(err)
	}
	return cov
}

func TestScore(t *testing.T) {
	cov := loadCoverage(t)
	names := make([]string, 0, len(cov))
	for n := range cov {
		names = append(names, n)
	}
	sort.Strings(names)
	var allR, allI tally
	for _, name := range names {
		c := cov[name]
		raw, err := os.ReadFile(filepath.Join(seedDir, name+".txt"))
		if err != nil {
			t.Fatal(err)
		}
		text := string(raw)
		cp := cpIndex(text)
		runes := []rune(text)
		in := func(s int) bool { return s >= c.Start && s < c.End }

		// references
		gr := readJSONL[goldRef](t, filepath.Join(labelDir, name+".references.jsonl"))
		var pr []Reference
		for _, r := range References(text) {
			r.Start, r.End = cp[r.Start], cp[r.End]
			if in(r.Start) {
				pr = append(pr, r)
			}
		}
		var tr tally
		used := make([]bool, len(pr))
		for _, g := range gr {
			if string(runes[g.Start:g.End]) != g.Quote {
				t.Errorf("%s: label %q does not match its offsets", name, g.Quote)
			}
			found := false
			for i, p := range pr {
				if !used[i] && p.Code == g.Code && p.Article == g.Article && p.Part == g.Part && overlaps(p.Start, p.End, g.Start, g.End) {
					used[i], found = true, true
					break
				}
			}
			if found {
				tr.tp++
			} else {
				tr.fn++
				t.Logf("%s: MISSED reference %s art. %s part %q at %d %q", name, g.Code, g.Article, g.Part, g.Start, g.Quote)
			}
		}
		for i, p := range pr {
			if !used[i] {
				tr.fp++
				t.Logf("%s: FALSE reference %s art. %s part %q at %d %q", name, p.Code, p.Article, p.Part, p.Start, string(runes[p.Start:p.End]))
			}
		}

		// instruments
		gi := readJSONL[goldInst](t, filepath.Join(labelDir, name+".instruments.jsonl"))
		var pi []Instrument
		for _, x := range Instruments(text) {
			x.Start, x.End = cp[x.Start], cp[x.End]
			if in(x.Start) {
				pi = append(pi, x)
			}
		}
		var ti tally
		usedI := make([]bool, len(pi))
		for _, g := range gi {
			if string(runes[g.Start:g.End]) != g.Quote {
				t.Errorf("%s: label %q does not match its offsets", name, g.Quote)
			}
			found := false
			for i, p := range pi {
				date := ""
				if !p.IssuedOn.IsZero() {
					date = p.IssuedOn.Format(time.DateOnly)
				}
				if usedI[i] || p.Kind != g.Kind || p.Number != g.Number || date != g.IssuedOn || p.Year != g.Year || !overlaps(p.Start, p.End, g.Start, g.End) {
					continue
				}
				usedI[i], found = true, true
				break
			}
			if found {
				ti.tp++
			} else {
				ti.fn++
				t.Logf("%s: MISSED instrument %s no=%q date=%q year=%d at %d %q", name, g.Kind, g.Number, g.IssuedOn, g.Year, g.Start, g.Quote)
			}
		}
		for i, p := range pi {
			if !usedI[i] {
				ti.fp++
				t.Logf("%s: FALSE instrument %s no=%q date=%v year=%d at %d %q", name, p.Kind, p.Number, p.IssuedOn.Format(time.DateOnly), p.Year, p.Start, string(runes[p.Start:p.End]))
			}
		}
		fmt.Printf("%-22s references  P=%.3f R=%.3f (tp=%d fp=%d fn=%d)   instruments  P=%.3f R=%.3f (tp=%d fp=%d fn=%d)  [%s]\n",
			name, tr.p(), tr.r(), tr.tp, tr.fp, tr.fn, ti.p(), ti.r(), ti.tp, ti.fp, ti.fn, c.Note)
		for what, k := range map[string]tally{"references": tr, "instruments": ti} {
			if k.p() < minP || k.r() < minR {
				t.Errorf("%s %s: precision %.3f recall %.3f below floor %.2f/%.2f", name, what, k.p(), k.r(), minP, minR)
			}
		}
		allR.add(tr)
		allI.add(ti)
	}
	fmt.Printf("%-22s references  P=%.3f R=%.3f (tp=%d fp=%d fn=%d)   instruments  P=%.3f R=%.3f (tp=%d fp=%d fn=%d)\n",
		"OVERALL", allR.p(), allR.r(), allR.tp, allR.fp, allR.fn, allI.p(), allI.r(), allI.tp, allI.fp, allI.fn)
	for what, k := range map[string]tally{"references": allR, "instruments": allI} {
		if k.p() < minP || k.r() < minR {
			t.Errorf("overall %s: precision %.3f recall %.3f below floor %.2f/%.2f", what, k.p(), k.r(), minP, minR)
		}
	}
}
