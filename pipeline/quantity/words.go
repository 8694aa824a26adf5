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

// wordValue looks a word up case-insensitively without allocating for the
// common lower-case and capitalised forms.
func wordValue(w string) (float64, bool) {
	if v, ok := wordValues[w]; ok {
		return v, true
	}
	if len(w) > 0 && w[0] >= 'A' && w[0] <= 'Z' {
		var buf [16]byte
		if len(w) > len(buf) {
			return 0, false
		}
		b := buf[:len(w)]
		for k := 0; k < len(w); k++ {
			c := w[k]
			if c >= 'A' && c <= 'Z' {
				c |= 0x20
			}
			b[k] = c
		}
		v, ok := wordValues[string(b)]
		return v, ok
	}
	return 0, false
}

// parseWords reads a number in words starting at i: "nine",
// "twenty-five", "one hundred and twenty", "two million". A bare scale
// word ("hundred", "million") or "dozen" alone is not a number.
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
			if words == 0 {
				return Quantity{}, j + len(w), false
			}
			total += max(cur, 1) * v
			cur = 0
		case lw == "hundred":
			if words == 0 {
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
	q.Qualifier, q.QualText, q.QualStart = qualifierBefore(text, q.Start)
	return q, e, true
}
