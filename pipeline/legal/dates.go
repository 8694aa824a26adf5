package legal

import (
	"strings"
	"time"
)

const monthAlt = `January|February|March|April|May|June|July|August|September|October|November|December|Jan\.?|Feb\.?|Mar\.?|Apr\.?|Jun\.?|Jul\.?|Aug\.?|Sept?\.?|Oct\.?|Nov\.?|Dec\.?`

// dateCore is the unanchored date grammar.
const dateCore = `(?:` +
	`(\d{1,2})(?:st|nd|rd|th)?\s+(` + monthAlt + `)\s*,?\s+(\d{4})` +
	`|(` + monthAlt + `)\s+(\d{1,2})(?:st|nd|rd|th)?\s*,?\s+(\d{4})` +
	`|(\d{1,2})\.(\d{1,2})\.(\d{4})` +
	`|(\d{4})-(\d{2})-(\d{2})` +
	`)(?:\s+year\b)?`

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
// It implements `^` + dateCore (dateRe in the tests) by hand: the date
// grammar is small and fixed, and it is read at many places.
func parseDate(s string) (t time.Time, n int, ok bool) {
	y, m, d, n := scanDate(s)
	if n == 0 {
		return time.Time{}, 0, false
	}
	t, ok = mkDate(y, m, d)
	return t, n, ok
}

// scanDate matches `^` + dateCore at s: n is the match's length, 0 for
// none. Each alternative of dateCore starts differently (a month; one or
// two digits and a suffix or white space; one or two digits and '.'; four
// digits and '-'), so at most one can match, and that one only one way:
// the regular expression's backtracking has no choice to make.
func scanDate(s string) (y, m, d, n int) {
	k := digitRun(s, 0)
	switch {
	case k == 0:
		// "July 19, 2021"
		var p int
		if m, p = monthAt(s, 0); m == 0 {
			return 0, 0, 0, 0
		}
		q := skipSpace(s, p)
		if q == p {
			return 0, 0, 0, 0
		}
		if k = digitRun(s, q); k != 1 && k != 2 {
			return 0, 0, 0, 0
		}
		d = atoiASCII(s[q : q+k])
		e := yearSep(s, ordinalEnd(s, q+k))
		if e < 0 || digitRun(s, e) < 4 {
			return 0, 0, 0, 0
		}
		return atoiASCII(s[e : e+4]), m, d, yearTail(s, e+4)
	case k <= 2:
		d = atoiASCII(s[:k])
		if k < len(s) && s[k] == '.' {
			// "19.07.2021"
			k2 := digitRun(s, k+1)
			p := k + 1 + k2
			if (k2 == 1 || k2 == 2) && p < len(s) && s[p] == '.' && digitRun(s, p+1) >= 4 {
				return atoiASCII(s[p+1 : p+5]), atoiASCII(s[k+1 : p]), d, yearTail(s, p+5)
			}
			return 0, 0, 0, 0
		}
		// "5 July 2000", "5th July, 2000"
		p := ordinalEnd(s, k)
		q := skipSpace(s, p)
		if q == p {
			return 0, 0, 0, 0
		}
		m, p = monthAt(s, q)
		if m == 0 {
			return 0, 0, 0, 0
		}
		e := yearSep(s, p)
		if e < 0 || digitRun(s, e) < 4 {
			return 0, 0, 0, 0
		}
		return atoiASCII(s[e : e+4]), m, d, yearTail(s, e+4)
	case k == 4:
		// "2021-07-19"
		if len(s) >= 10 && s[4] == '-' && digitRun(s, 5) == 2 && s[7] == '-' && digitRun(s, 8) >= 2 {
			return atoiASCII(s[:4]), atoiASCII(s[5:7]), atoiASCII(s[8:10]), yearTail(s, 10)
		}
	}
	return 0, 0, 0, 0
}

// months are monthAlt's names; abbreviations are their first three
// letters ("Sep" also "Sept"), except for May.
var months = [...]string{"January", "February", "March", "April", "May", "June", "July", "August", "September", "October", "November", "December"}

// monthAt matches `(` + monthAlt + `)` at s[i:]: the month's number and
// the match's end, or 0. A full name is taken whole; an abbreviation can
// only match where the full name does not (the name goes on with a letter
// where the abbreviation needs '.' or white space), so the choice is the
// regular expression's.
func monthAt(s string, i int) (m, end int) {
	r := s[i:]
	if len(r) < 3 {
		return 0, 0
	}
	k := monthIndex(r[:3])
	if k < 0 {
		return 0, 0
	}
	name := months[k]
	if strings.HasPrefix(r, name) {
		return k + 1, i + len(name)
	}
	if name == "May" {
		return 0, 0
	}
	n := 3
	if name == "September" && len(r) > 3 && r[3] == 't' {
		n = 4
	}
	if len(r) > n && r[n] == '.' {
		n++
	}
	return k + 1, i + n
}

// monthIndex is the index in months of the month whose name starts with
// p (three bytes), or -1.
func monthIndex(p string) int {
	switch p {
	case "Jan":
		return 0
	case "Feb":
		return 1
	case "Mar":
		return 2
	case "Apr":
		return 3
	case "May":
		return 4
	case "Jun":
		return 5
	case "Jul":
		return 6
	case "Aug":
		return 7
	case "Sep":
		return 8
	case "Oct":
		return 9
	case "Nov":
		return 10
	case "Dec":
		return 11
	}
	return -1
}

// ordinalEnd skips an ordinal suffix ("st", "nd", "rd", "th") at s[i:].
func ordinalEnd(s string, i int) int {
	if i+2 <= len(s) {
		switch s[i : i+2] {
		case "st", "nd", "rd", "th":
			return i + 2
		}
	}
	return i
}

// yearSep matches `\s*,?\s+` at s[i:]: its end, or -1.
func yearSep(s string, i int) int {
	q := skipSpace(s, i)
	if q < len(s) && s[q] == ',' {
		if r := skipSpace(s, q+1); r > q+1 {
			return r
		}
		return -1
	}
	if q == i {
		return -1
	}
	return q
}

// yearTail is the end of `(?:\s+year\b)?` at s[i:].
func yearTail(s string, i int) int {
	q := skipSpace(s, i)
	if q > i && strings.HasPrefix(s[q:], "year") && (q+4 == len(s) || !isRxWord(s[q+4])) {
		return q + 4
	}
	return i
}

// digitRun is the number of ASCII digits at s[i:].
func digitRun(s string, i int) int {
	j := i
	for j < len(s) && s[j] >= '0' && s[j] <= '9' {
		j++
	}
	return j - i
}

// atoiASCII reads a short run of ASCII digits.
func atoiASCII(s string) int {
	v := 0
	for i := 0; i < len(s); i++ {
		v = v*10 + int(s[i]-'0')
	}
	return v
}

// parseYear reads a bare year at the start of s: `^(1[89]\d\d|20\d\d)\b`
// and an optional "year" (yearRe in the tests).
func parseYear(s string) (y, n int, ok bool) {
	if len(s) < 4 || digitRun(s, 0) < 4 || !(s[0] == '1' && (s[1] == '8' || s[1] == '9') || s[0] == '2' && s[1] == '0') {
		return 0, 0, false
	}
	if len(s) > 4 && isRxWord(s[4]) {
		return 0, 0, false
	}
	return atoiASCII(s[:4]), yearTail(s, 4), true
}
