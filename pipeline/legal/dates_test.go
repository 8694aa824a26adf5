package legal

import (
	"testing"
)

// The definitions parseDate and parseYear implement.
var (
	dateRe = mustRx(`^` + dateCore)
	yearRe = mustRx(`^(1[89]\d\d|20\d\d)\b(?:\s+year\b)?`)
)

// checkDate asserts that parseDate and parseYear agree with dateRe and
// yearRe on s.
func checkDate(t *testing.T, s string) {
	t.Helper()
	wantN := 0
	if m := dateRe.FindStringIndex(s); m != nil {
		wantN = m[1]
	}
	if _, _, _, n := scanDate(s); n != wantN {
		t.Errorf("scanDate(%q) reads %d bytes, dateRe %d", s, n, wantN)
	}
	if m := yearRe.FindStringIndex(s); m != nil {
		if _, n, ok := parseYear(s); !ok || n != m[1] {
			t.Errorf("parseYear(%q) = %d, %v; yearRe reads %d", s, n, ok, m[1])
		}
	} else if _, _, ok := parseYear(s); ok {
		t.Errorf("parseYear(%q) matches, yearRe does not", s)
	}
}

func TestScanDate(t *testing.T) {
	cases := []struct {
		in      string
		y, m, d int
		n       int
	}{
		{"5 July 2000 and", 2000, 7, 5, 11},
		{"5th July, 2000", 2000, 7, 5, 14},
		{"July 19, 2021 No.", 2021, 7, 19, 13},
		{"Sept. 3rd 1999", 1999, 9, 3, 14},
		{"Sep 3 1999", 1999, 9, 3, 10},
		{"19.07.2021", 2021, 7, 19, 10},
		{"2021-07-19 year", 2021, 7, 19, 15},
		{"2021-07-19 years", 2021, 7, 19, 10},
		{"19 July 2021\u00a0year", 2021, 7, 19, 18},
		{"12 Mayo 2000", 0, 0, 0, 0},
		{"123 July 2000", 0, 0, 0, 0},
		{"July 123 2000", 0, 0, 0, 0},
		{"5 July ,2000", 0, 0, 0, 0},
		{"1.123.2000", 0, 0, 0, 0},
		{"20210-07-19", 0, 0, 0, 0},
		{"", 0, 0, 0, 0},
	}
	for _, c := range cases {
		y, m, d, n := scanDate(c.in)
		if y != c.y || m != c.m || d != c.d || n != c.n {
			t.Errorf("scanDate(%q) = %d-%d-%d (%d bytes), want %d-%d-%d (%d)", c.in, y, m, d, n, c.y, c.m, c.d, c.n)
		}
		checkDate(t, c.in)
	}
	for _, s := range []string{"1999", "1999 year", "1999year", "2000\tyear_", "1799", "2100", "20a0", "19999", "1999-", "June 5 2000", "Jun 5 2000", "Jun. 5, 2000", "March 1st 1990", "Marc 1 1990", "Septembe 1 1990", "5 Sept 2000", "5 Sept. 2000", "5\u202fJanuary\u2007,\u00a02000"} {
		checkDate(t, s)
	}
}

func FuzzScanDate(f *testing.F) {
	for _, s := range []string{"5 July 2000", "July 19, 2021", "19.07.2021", "2021-07-19 year", "1999 year"} {
		f.Add(s)
	}
	f.Fuzz(checkDate)
}
