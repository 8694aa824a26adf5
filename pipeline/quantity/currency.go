package quantity

import "strings"

// currencyCode reads a currency code next to a number, in any case ("usd
// 200", "USD115"). Codes that are also common words (ALL, TRY, CUP) are
// left out on purpose: "All 70 of us" is not 70 Albanian lek.
func currencyCode(w string) (string, bool) {
	if len(w) != 3 {
		return "", false
	}
	var b [3]byte
	for k := 0; k < 3; k++ {
		b[k] = w[k] | 0x20
	}
	// a switch, not the map: this runs for every three-letter word
	// next to a number, and hashing costs more than comparing
	switch string(b[:]) {
	case "kzt":
		return "KZT", true
	case "usd":
		return "USD", true
	case "eur":
		return "EUR", true
	case "rub":
		return "RUB", true
	case "gbp":
		return "GBP", true
	case "jpy":
		return "JPY", true
	case "cny", "rmb":
		return "CNY", true
	case "chf":
		return "CHF", true
	case "aud":
		return "AUD", true
	case "cad":
		return "CAD", true
	case "nzd":
		return "NZD", true
	case "uah":
		return "UAH", true
	case "kgs":
		return "KGS", true
	case "uzs":
		return "UZS", true
	case "tjs":
		return "TJS", true
	case "byn":
		return "BYN", true
	case "inr":
		return "INR", true
	case "hkd":
		return "HKD", true
	}
	return "", false
}

// Currency names after a number, longest first within a shared prefix.
var currencyWords = [...]struct{ text, code string }{
	{"united states dollars", "USD"}, {"u.s. dollars", "USD"}, {"us dollars", "USD"}, {"us dollar", "USD"},
	{"u.s. dollar", "USD"}, {"dollars", "USD"}, {"dollar", "USD"}, {"tenge", "KZT"}, {"euros", "EUR"},
	{"euro", "EUR"}, {"roubles", "RUB"}, {"rouble", "RUB"}, {"rubles", "RUB"}, {"ruble", "RUB"},
	{"pounds sterling", "GBP"}, {"pound sterling", "GBP"}, {"pounds", "GBP"}, {"chinese yuan", "CNY"},
	{"yuan", "CNY"}, {"yen", "JPY"}, {"swiss francs", "CHF"}, {"turkish lira", "TRY"}, {"hryvnias", "UAH"},
	{"hryvnia", "UAH"}, {"som", "KGS"}, {"soms", "KGS"},
}

var currencySymbols = [...]struct{ text, code string }{
	{"$", "USD"}, {"€", "EUR"}, {"£", "GBP"}, {"¥", "JPY"}, {"₸", "KZT"}, {"₽", "RUB"}, {"元", "CNY"},
}

// currencyAfter reads a currency name, code or symbol after i.
func currencyAfter(text string, i int) (string, int) {
	k := i
	if k < len(text) && text[k] == ' ' {
		k++
	}
	if k < len(text) && (text[k] == '$' || text[k] >= 0x80) { // the symbols are '$' or non-ASCII
		for _, s := range currencySymbols {
			if strings.HasPrefix(text[k:], s.text) {
				return s.code, k + len(s.text)
			}
		}
	}
	if k == i || k >= len(text) || !isLetter(text[k]) {
		return "", i
	}
	w := wordAt(text, k)
	if c, ok := currencyCode(w); ok {
		return c, k + 3
	}
	switch w[0] | 0x20 {
	case 'u', 'd', 't', 'e', 'r', 'p', 'c', 'y', 's', 'h':
	default:
		return "", i
	}
	if len(w) < 2 {
		return "", i
	}
	a, b := w[0]|0x20, w[1]|0x20
	for _, cw := range currencyWords {
		if cw.text[0] == a && cw.text[1] == b && hasFoldPrefix(text[k:], cw.text) && (k+len(cw.text) == len(text) || !isWordByte(text[k+len(cw.text)])) {
			return cw.code, k + len(cw.text)
		}
	}
	return "", i
}

// currencyBefore reads a currency sign or code just before the numeral at
// i: "$20", "US$ 5", "€ 10", "T 49,456,000" (the tenge sign used in UN
// translations), "USD 200", "dollar 22.5". It returns the code and the new
// start.
func currencyBefore(text string, i int) (string, int) {
	k := i
	if k > 0 && text[k-1] == ' ' {
		k--
	}
	if k == 0 || !(text[k-1] == '$' || text[k-1] >= 0x80 || isLetter(text[k-1])) {
		return "", i // no sign, code or word can end here
	}
	if isLetter(text[k-1]) {
		// only "T", a three-letter code or "dollar(s)" can stand before a number
		w := lastWord(text[:k])
		if l := len(w); l != 1 && l != 3 && l != 6 && l != 7 {
			return "", i
		}
	}
	for _, s := range currencySymbols {
		if strings.HasSuffix(text[:k], s.text) {
			p := k - len(s.text)
			code := s.code
			if s.text == "$" {
				// "US$", "hk $", "nzd$"
				q := p
				if q > 0 && text[q-1] == ' ' {
					q--
				}
				w := lastWord(text[:q])
				switch strings.ToLower(w) {
				case "us":
					return "USD", q - 2
				case "hk":
					return "HKD", q - 2
				case "nz", "nzd":
					return "NZD", q - len(w)
				case "a", "aud":
					return "AUD", q - len(w)
				case "c", "cad":
					return "CAD", q - len(w)
				}
			}
			return code, p
		}
	}
	w := lastWord(text[:k])
	p := k - len(w)
	if p > 0 && isWordByte(text[p-1]) || w == "" {
		return "", i
	}
	if w == "T" && k < i {
		return "KZT", p
	}
	// "15 dollars 50", "17 USD 25": the word belongs to the number before.
	if b := strings.TrimRight(text[:p], " "); len(b) > 0 && isDigit(b[len(b)-1]) {
		return "", i
	}
	if k < i {
		if c, ok := currencyCode(w); ok {
			return c, p
		}
		if strings.EqualFold(w, "dollar") || strings.EqualFold(w, "dollars") {
			return "USD", p
		}
	}
	return "", i
}

func lastWord(s string) string {
	j := len(s)
	for j > 0 && isLetter(s[j-1]) {
		j--
	}
	return s[j:]
}
