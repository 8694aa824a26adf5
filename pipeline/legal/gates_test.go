package legal

import "strings"

// Cheap tests that stood in front of expressions now replaced by
// hand-written matchers. They stay as necessary conditions of those
// expressions, which checkGates asserts.

// mayNumber: numberRe starts with "No", "Nr", "№", "number" or a digit.
func mayNumber(s string) bool {
	return s[0] >= '0' && s[0] <= '9' || strings.HasPrefix(s, "No") || strings.HasPrefix(s, "Nr") ||
		strings.HasPrefix(s, "№") || strings.HasPrefix(s, "number")
}

// startsWithQuote: quotedTitleRe starts with an opening quote.
func startsWithQuote(s string) bool {
	return s[0] == '"' || strings.HasPrefix(s, "“") || strings.HasPrefix(s, "«") || strings.HasPrefix(s, "„")
}

// ofAfterWord: at an anchor word, articlesOfRe needs the word, white
// space and "of" in any case.
func ofAfterWord(s string) bool {
	_, e, _ := nextWord(s, 0)
	p := skipSpace(s, e)
	return p > e && len(s) >= p+2 && foldEq(s[p:p+2], "of")
}

// nextIs returns a test that s, after \s characters, starts with one of
// prefixes: expressions such as `^\s*\(` need that.
func nextIs(prefixes ...string) func(string) bool {
	return func(s string) bool {
		s = s[skipSpace(s, 0):]
		for _, p := range prefixes {
			if strings.HasPrefix(s, p) {
				return true
			}
		}
		return false
	}
}

// startsWithOf: issuerAfterRe and republicRe start with "of".
func startsWithOf(s string) bool { return strings.HasPrefix(s, "of") }

// mayIssuerAfter is a necessary condition of issuerAfterRe
// (`^of\s+(?:the\s+)?(` + issuerAlt + `)\b`): "of", white space, maybe
// "the" and white space, and an issuer's first letter.
func mayIssuerAfter(s string) bool {
	if !strings.HasPrefix(s, "of") {
		return false
	}
	p := skipSpace(s, 2)
	if p == 2 || p == len(s) {
		return false
	}
	if issuerMayStart(s, p) {
		return true
	}
	if !strings.HasPrefix(s[p:], "the") {
		return false
	}
	q := skipSpace(s, p+3)
	return q > p+3 && issuerMayStart(s, q)
}
