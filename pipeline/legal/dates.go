package legal

import (
	"strconv"
	"strings"
	"time"
)

const monthAlt = `January|February|March|April|May|June|July|August|September|October|November|December|Jan\.?|Feb\.?|Mar\.?|Apr\.?|Jun\.?|Jul\.?|Aug\.?|Sept?\.?|Oct\.?|Nov\.?|Dec\.?`

// dateRe matches one date at the start of the input: "5 July 2000",
// "July 19, 2021", "19.07.2021", "2021-07-19", "19 July 2021 year".
var dateRe = mustRx(`^` + dateCore)

// dateCore is the unanchored date grammar.
const dateCore = `(?:` +
	`(\d{1,2})(?:st|nd|rd|th)?\s+(` + monthAlt + `)\s*,?\s+(\d{4})` +
	`|(` + monthAlt + `)\s+(\d{1,2})(?:st|nd|rd|th)?\s*,?\s+(\d{4})` +
	`|(\d{1,2})\.(\d{1,2})\.(\d{4})` +
	`|(\d{4})-(\d{2})-(\d{2})` +
	`)(?:\s+year\b)?`

func monthNum(s string) int {
	s = strings.ToLower(strings.TrimSuffix(s, "."))
	if len(s) < 3 {
		return 0
	}
	for i, m := range []string{"jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec"} {
		if s[:3] == m {
			return i + 1
		}
	}
	return 0
}

func mkDate(y, m, d int) (time.Time, bool) {
	if y < 1800 || y > 2100 || m < 1 || m > 12 || d < 1 || d > 31 {
		return time.Time{}, false
	}
	t := time.Date(y, time.Month(m), d, 0, 0, 0, 0, time.UTC)
	if t.Day() != d {
		return time.Time{}, false
	}
	return t, true
}

// parseDate reads a full date at the start of s; n is its length in bytes.
func parseDate(s string) (t time.Time, n int, ok bool) {
	m := findSubAt(dateRe, s, mayDate)
	if m == nil {
		return time.Time{}, 0, false
	}
	g := func(i int) string {
		if m[2*i] < 0 {
			return ""
		}
		return s[m[2*i]:m[2*i+1]]
	}
	atoi := func(x string) int { v, _ := strconv.Atoi(x); return v }
	switch {
	case g(1) != "":
		t, ok = mkDate(atoi(g(3)), monthNum(g(2)), atoi(g(1)))
	case g(4) != "":
		t, ok = mkDate(atoi(g(6)), monthNum(g(4)), atoi(g(5)))
	case g(7) != "":
		t, ok = mkDate(atoi(g(9)), atoi(g(8)), atoi(g(7)))
	default:
		t, ok = mkDate(atoi(g(10)), atoi(g(11)), atoi(g(12)))
	}
	return t, m[1], ok
}

var yearRe = mustRx(`^(1[89]\d\d|20\d\d)\b(?:\s+year\b)?`)

// parseYear reads a bare year at the start of s.
func parseYear(s string) (y, n int, ok bool) {
	m := findSubAt(yearRe, s, func(s string) bool { return s[0] == '1' || s[0] == '2' })
	if m == nil {
		return 0, 0, false
	}
	y, _ = strconv.Atoi(s[m[2]:m[3]])
	return y, m[1], true
}
