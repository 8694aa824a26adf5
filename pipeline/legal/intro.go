package legal

// dateIntro is findAt(dateIntroRe, s, mayIntroDate) by hand: the words
// that introduce a date ("dated", "of", "was adopted on", "dd."), read at
// most places an instrument's attributes are looked for. It returns the
// match's end, or -1. Where a letter is compared with a non-ASCII byte,
// which (?i) may fold to "s" ("ſ"), it leaves the answer to dateIntroRe.
func dateIntro(s string) int {
	end, sure := dateIntroASCII(s)
	if !sure {
		if m := findAt(dateIntroRe, s, mayIntroDate); m != nil {
			return m[1]
		}
		return -1
	}
	return end
}

// dateIntroASCII tries dateIntroRe's alternatives in its order; each can
// only go one way, except that "on"/"in" after a verb is optional.
func dateIntroASCII(s string) (end int, sure bool) {
	for _, w := range [...]string{"dated", "of", "from", "on"} {
		switch ok, sure := foldAt(s, 0, w); {
		case !sure:
			return -1, false
		case ok:
			return spacesAfter(s, len(w)), true
		}
	}
	p := 0
	for _, aux := range [...][]string{{"was"}, {"were"}, {"has", "been"}, {"have", "been"}} {
		q, sure := wordsAt(s, 0, aux)
		if !sure {
			return -1, false
		}
		if q >= 0 {
			if q = spacesAfter(s, q); q >= 0 {
				p = q
			}
			break
		}
	}
	for _, v := range [...]string{"adopted", "signed", "approved", "issued", "enacted", "passed"} {
		ok, sure := foldAt(s, p, v)
		if !sure {
			return -1, false
		}
		if !ok {
			continue
		}
		q := spacesAfter(s, p+len(v))
		if q < 0 {
			return -1, true
		}
		for _, w := range [...]string{"on", "in"} {
			ok, sure := foldAt(s, q, w)
			if !sure {
				return -1, false
			}
			if ok {
				if r := spacesAfter(s, q+2); r >= 0 {
					return r, true
				}
			}
		}
		return q, true
	}
	if ok, sure := foldAt(s, 0, "dd"); !sure {
		return -1, false
	} else if ok {
		if len(s) > 2 && s[2] == '.' {
			return spacesAfter(s, 3), true
		}
		return spacesAfter(s, 2), true
	}
	return -1, true
}

// foldAt reports whether s[i:] starts with w (lower-case ASCII letters) up
// to ASCII case; sure is false when a non-ASCII byte stood where a letter
// was compared.
func foldAt(s string, i int, w string) (ok, sure bool) {
	for j := 0; j < len(w); j++ {
		if i+j >= len(s) {
			return false, true
		}
		c := s[i+j]
		if c >= 0x80 {
			return false, false
		}
		if c|0x20 != w[j] {
			return false, true
		}
	}
	return true, true
}

// wordsAt matches words joined by `\s+` at s[i:], up to ASCII case: the
// end, or -1.
func wordsAt(s string, i int, words []string) (end int, sure bool) {
	for k, w := range words {
		if k > 0 {
			if i = spacesAfter(s, i); i < 0 {
				return -1, true
			}
		}
		ok, sure := foldAt(s, i, w)
		if !ok {
			return -1, sure
		}
		i += len(w)
	}
	return i, true
}
