package quantity

import "strings"

// Number words. Ordinals ("sixty-fifth") and fractions are deliberately
// absent: they never state a count.
var wordValues = map[string]float64{
	"zero": 0, "one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6, "seven": 7, "eight": 8, "nine": 9,
	"ten": 10, "eleven": 11, "twelve": 12, "thirteen": 13, "fourteen": 14, "fifteen": 15, "sixteen": 16,
	"seventeen": 17, "eighteen": 18, "nineteen": 19, "twenty": 20, "thirty": 30, "forty": 40, "fifty": 50,
	"sixty": 60, "seventy": 70, "eighty": 80, "ninety": 90, "hundred": 100, "thousand": 1e3, "million": 1e6,
	"billion": 1e9, "dozen": 12,
}

// wordValue looks a word up case-insensitively without allocating or
// hashing: a length check, then a switch on the lower-cased letters.
func wordValue(w string) (float64, bool) {
	if len(w) < 3 || len(w) > 9 {
		return 0, false
	}
	var buf [9]byte
	for k := 0; k < len(w); k++ {
		c := w[k]
		if c >= 'A' && c <= 'Z' {
			c |= 0x20
		}
		buf[k] = c
	}
	switch string(buf[:len(w)]) {
	case "zero":
		return 0, true
	case "one":
		return 1, true
	case "two":
		return 2, true
	case "three":
		return 3, true
	case "four":
		return 4, true
	case "five":
		return 5, true
	case "six":
		return 6, true
	case "seven":
		return 7, true
	case "eight":
		return 8, true
	case "nine":
		return 9, true
	case "ten":
		return 10, true
	case "eleven":
		return 11, true
	case "twelve":
		return 12, true
	case "thirteen":
		return 13, true
	case "fourteen":
		return 14, true
	case "fifteen":
		return 15, true
	case "sixteen":
		return 16, true
	case "seventeen":
		return 17, true
	case "eighteen":
		return 18, true
	case "nineteen":
		return 19, true
	case "twenty":
		return 20, true
	case "thirty":
		return 30, true
	case "forty":
		return 40, true
	case "fifty":
		return 50, true
	case "sixty":
		return 60, true
	case "seventy":
		return 70, true
	case "eighty":
		return 80, true
	case "ninety":
		return 90, true
	case "hundred":
		return 100, true
	case "thousand":
		return 1e3, true
	case "million":
		return 1e6, true
	case "billion":
		return 1e9, true
	case "dozen":
		return 12, true
	}
	return 0, false
}

// parseWords reads a number in words starting at i: "nine",
// "twenty-five", "one hundred and twenty", "two million". A bare scale
// word ("hundred", "million") or "dozen" alone is not a number, unless
// after the article "a" ("a thousand citizens": the quote is "thousand").
func parseWords(text string, i int) (Quantity, int, bool) {
	var total, cur float64
	j := i
	end := i
	words := 0
	first := ""
	var pTotal, pCur float64
	pEnd := i
	for {
		w := wordAt(text, j)
		v, ok := wordValue(w)
		if !ok {
			break
		}
		lw := strings.ToLower(w)
		pT, pC := total, cur
		switch {
		case v >= 1000:
			if words == 0 && !indefiniteBefore(text, i) {
				return Quantity{}, j + len(w), false
			}
			total += max(cur, 1) * v
			cur = 0
		case lw == "hundred":
			if words == 0 && !indefiniteBefore(text, i) {
				return Quantity{}, j + len(w), false
			}
			cur = max(cur, 1) * 100
		case lw == "dozen":
			cur = max(cur, 1) * 12
		default:
			if words > 0 && cur != 0 && int(cur)%100 != 0 && (v >= 10 || int(cur)%10 != 0) {
				// "twenty twenty": two numbers, stop before the second
				goto done
			}
			cur += v
		}
		if words == 0 {
			first = lw
		}
		pTotal, pCur, pEnd = pT, pC, end
		words++
		j += len(w)
		end = j
		// "sixty-fifth", "five-year", "one-third": a compound adjective or
		// ordinal, not a count.
		if j+1 < len(text) && (text[j] == '-' || strings.HasPrefix(text[j:], "\u2011")) {
			l := 1
			if text[j] != '-' {
				l = 3
			}
			nw := wordAt(text, j+l)
			if nw == "" {
				break
			}
			if _, ok := wordValue(nw); !ok {
				if words == 1 {
					return Quantity{}, j + l + len(nw), false
				}
				// "one hundred and five-year": keep what came before.
				total, cur, end = pTotal, pCur, pEnd
				words--
				goto done
			}
			j += l
			continue
		}
		k := j
		if k < len(text) && text[k] == ' ' {
			k++
			if w2 := wordAt(text, k); strings.EqualFold(w2, "and") {
				k2 := k + 3
				if k2 < len(text) && text[k2] == ' ' {
					if _, ok := wordValue(wordAt(text, k2+1)); ok && cur >= 100 {
						j = k2 + 1
						continue
					}
				}
				break
			}
			if _, ok := wordValue(wordAt(text, k)); ok {
				j = k
				continue
			}
		}
		break
	}
done:
	if words == 0 || (words == 1 && first == "dozen") {
		return Quantity{}, end, false
	}
	if end < len(text) && isDigit(text[end]) {
		return Quantity{}, end, false
	}
	q := Quantity{NumStart: i, NumEnd: end, Start: i, Word: true}
	v := total + cur
	e := end
	if p, ok := percentEnd(text, e); ok {
		q.Unit = "percent"
		e = p
	} else if code, p := currencyAfter(text, e); code != "" {
		q.Unit = code
		e = p
	}
	q.Value = v
	q.End = e
	q.Text = text[q.Start:q.End]
	if indefiniteBefore(text, i) {
		// "more than a thousand": the qualifier comes before the article
		q.Qualifier, q.QualText, q.QualStart = qualifierBefore(text, i-2)
		if q.Qualifier == "" {
			q.QualStart = q.Start
		}
	} else {
		q.Qualifier, q.QualText, q.QualStart = qualifierBefore(text, q.Start)
	}
	return q, e, true
}
