package docmeta

import (
	"regexp"
	"strconv"
	"strings"

	"github.com/factflow/factflow/pipeline/legal"
)

// Version names the rules; it changes whenever they change.
const Version = "docmeta/1"

var (
	sectionRe  = regexp.MustCompile(`^(?:[IVXLC]+|\d+|[A-Z])\.\s`)
	selfDescRe = regexp.MustCompile(`(?i)\bthis\s+(?:report|document)\s+is\s+the\s+((?:initial|combined|(?:first|second|third|fourth|fifth|sixth|seventh|eighth|ninth|tenth)(?:\s+(?:and|to)\s+\w+)?\s+periodic|periodic|\w+\s+periodic)\s+report\s+of\s+[^,.;]+?)(?:\s+and\s+(?:is|was)\b|[,.;(])`)

	// typeRules are tried on the heading first, then (those not marked
	// headingOnly) on the first 4000 bytes.
	typeRules = []struct {
		re          *regexp.Regexp
		typ         string
		headingOnly bool
		// key is a word every match holds (up to ASCII case: it has no
		// "k" or "s", the only letters (?i) folds with non-ASCII ones), so
		// re is only run on text that holds it.
		key string
		// starts are the words (lower-case ASCII) a match starts with, at
		// a word boundary: see typeMatch.
		starts []string
	}{
		{regexp.MustCompile(`(?i)\brepl(?:y|ies)\s+(?:of\s+[\w\s]+?\s+)?to\s+(?:the\s+)?list\s+of\s+issues\b`), "reply to list of issues", false, "repl", []string{"repl"}},
		{regexp.MustCompile(`(?i)\bconcluding\s+observations\b`), "concluding observations", true, "concluding", []string{"concluding"}},
		{regexp.MustCompile(`(?i)\b(?:shadow|alternative|parallel)\s+report\b`), "shadow report", false, "report", []string{"shadow", "alternative", "parallel"}},
		{regexp.MustCompile(`(?i)\b(?:additional\s+information|information\s+received\s+from)\b`), "additional information", true, "information", []string{"additional", "information"}},
		{regexp.MustCompile(`(?i)\b(?:information\s+(?:to|on|in\s+response\s+to)\s+the\s+list\s+of\s+additional\s+(?:questions|issues)|follow-up\s+information)\b`), "additional information", false, "information", []string{"information", "follow-up"}},
		{regexp.MustCompile(`(?i)\bcountry\s+profile\b`), "country profile", false, "profile", []string{"country"}},
		{regexp.MustCompile(`(?i)\b(?:this|the\s+present)\s+(?:web\s*)?page\s+(?:provides|presents|contains|gives|shows)\b`), "web page", false, "page", []string{"this", "the"}},
		{regexp.MustCompile(`(?i)\b(?:initial|periodic|combined\s+[\w\s]{0,40}?)\s+report\s+(?:of|submitted\s+by)\b|\bthis\s+report\s+is\s+the\b|\bstate\s+party\s+report\b`), "state report", false, "report", []string{"initial", "periodic", "combined", "this", "state"}},
	}

	preparedByRe = regexp.MustCompile(`(?i)\b(?:prepared|submitted|compiled|drafted|issued|published)\s+by\s+(?:the\s+)?((?-i:Ministry\s+of\s+\p{Lu}[\p{L}-]*(?:\s+(?:and\s+)?\p{Lu}[\p{L}-]*)*|Government\s+of\s+(?:the\s+)?(?:Republic\s+of\s+)?\p{Lu}\p{L}+|Office\s+of\s+the\s+\p{Lu}[\p{L}-]*(?:[\s-]+\p{Lu}[\p{L}-]*)*|\p{Lu}[\p{L}-]*(?:\s+\p{Lu}[\p{L}-]*){0,5}\s+(?:Committee|Commission|Foundation|Office|Bureau|Centre|Center|Agency)))`)
	// preparedByAtRe is preparedByRe anchored at the start.
	preparedByAtRe = regexp.MustCompile(`^(?:` + preparedByRe.String() + `)`)
	reportOfRe     = regexp.MustCompile(`(?i)\b(?:report|replies|reply|information)\s+of\s+(?:the\s+)?(?:Republic\s+of\s+)?(\p{Lu}\p{L}+)`)
	countryTail    = regexp.MustCompile(`\s+of\s+(?:the\s+)?(?:Republic\s+of\s+)?\p{Lu}\p{L}+stan$`)

	periodRe   = regexp.MustCompile(`(?i)\b(?:report|document|information|replies|reply|profile|page)\b[^.;]{0,60}?\b(?:covers?|covering|relates?\s+to|spans?|for)\s+the\s+(?:reporting\s+)?period\s+(?:from\s+|of\s+)?((?:19|20)\d\d)\s*(?:[–—-]|to|until|through|and)\s*((?:19|20)\d\d)\b|\breporting\s+period\s*(?:is\s+|was\s+|:\s*|of\s+|from\s+)?((?:19|20)\d\d)\s*(?:[–—-]|to|until|through|and)\s*((?:19|20)\d\d)\b`)
	headYearRe = regexp.MustCompile(`(?:^|[\s.,(])((?:19|20)\d\d)\s*\)?\s*$`)
	futureRe   = regexp.MustCompile(`(?i)(?:\b(?:until|till|by|through|up\s+to|to|before|for\s+the\s+period|[–—-])\s*|\b(?:concept|plan|planned|plans|programme|program|strategy|vision|roadmap|will|scheduled|expected|envisaged|envisages|intends?|due)\b[^.;]{0,60})$`)
	countAfter = regexp.MustCompile(`^(?:\s*(?:persons|people|cases|victims|crimes|offences|offenses|children|women|men|members|tenge|KZT|USD|dollars|euros|units|times|onwards?|and\s+beyond)\b|[,.]\d)`)
)

// Analyze reads a whole document's description of itself.
func Analyze(text string) Meta {
	var m Meta
	// the opening lines, read once for the title, the heading and a year
	// the heading states
	lines := meaningfulLines(text, 8)
	m.Title = title(text, lines[:min(len(lines), 3)])
	head := legal.CollapseSpace(prefix(text, 4000))
	m.Type = docType(heading(lines[:min(len(lines), 5)]), head)
	// "prepared by", "submitted by", ...: head's white space is single spaces
	if pm := preparedBy(head); pm != nil {
		m.Issuer = countryTail.ReplaceAllString(pm[1], "")
	} else if m.Type == "state report" || m.Type == "reply to list of issues" {
		if rm := reportOf(head); rm != nil && rm[1] != "the" {
			m.Issuer = "Government of " + rm[1]
		}
	}
	if pm := findPeriod(text); pm != nil {
		a, b := pm[1], pm[2]
		if a == "" {
			a, b = pm[3], pm[4]
		}
		m.PeriodStart, _ = strconv.Atoi(a)
		m.PeriodEnd, _ = strconv.Atoi(b)
		if m.PeriodEnd < m.PeriodStart {
			m.PeriodStart, m.PeriodEnd = 0, 0
		}
	}
	switch y := statedYear(lines); {
	case y > 0:
		m.Year = y
	case m.PeriodEnd > 0:
		m.Year = m.PeriodEnd
	default:
		m.Year = latestYear(text)
	}
	return m
}

func prefix(s string, n int) string {
	if len(s) > n {
		return s[:n]
	}
	return s
}

func meaningfulLines(text string, n int) []string {
	var out []string
	rest := prefix(text, 8000)
	for more := true; more; {
		var l string
		l, rest, more = strings.Cut(rest, "\n")
		l = strings.TrimSpace(legal.CollapseSpace(l))
		if l == "" || strings.Trim(l, "0123456789-–—. ") == "" {
			continue
		}
		out = append(out, l)
		if len(out) == n {
			break
		}
	}
	return out
}

// title is the document's heading: its first meaningful line(s) (lines,
// from meaningfulLines), or, when it opens with a numbered section, the
// report's own self-description.
func title(text string, lines []string) string {
	if len(lines) == 0 {
		return ""
	}
	if sectionRe.MatchString(lines[0]) {
		if m := selfDescRe.FindStringSubmatch(legal.CollapseSpace(prefix(text, 5000))); m != nil {
			t := m[1]
			return strings.ToUpper(t[:1]) + t[1:]
		}
		return lines[0]
	}
	t := lines[0]
	for _, l := range lines[1:] {
		r := []rune(l)[0]
		switch {
		case r >= 'a' && r <= 'z':
			t += " " + l // the heading continues
		case len([]rune(t)) < 25 && len([]rune(l)) <= 80 && !strings.ContainsAny(l[len(l)-1:], ".!?;:"):
			t += " — " + l // a short heading and its subtitle
		default:
			return clip(t)
		}
		if len([]rune(t)) >= 25 {
			break
		}
	}
	return clip(t)
}

func clip(s string) string {
	r := []rune(s)
	if len(r) > 300 {
		return strings.TrimSpace(string(r[:300]))
	}
	return s
}

// statedYear is a year the heading states: one of the opening lines that
// is or ends with a year ("Facts and Assessments. 2019").
func statedYear(lines []string) int {
	for _, l := range lines {
		if len(l) > 120 {
			continue
		}
		if m := headYearRe.FindStringSubmatch(l); m != nil {
			// the line holds no other figures
			if strings.Count(l, m[1]) == 1 && len(strings.FieldsFunc(l, func(r rune) bool { return r < '0' || r > '9' })) == 1 {
				y, _ := strconv.Atoi(m[1])
				return y
			}
		}
	}
	return 0
}

// latestYear is the latest plausible year the text states figures for,
// ignoring targets ("until 2030", "from 2025 onwards") and counts.
func latestYear(text string) int {
	best := 0
	for i := nextYear(text, 0); i >= 0; i = nextYear(text, i+4) {
		y, _ := strconv.Atoi(text[i : i+4])
		if y < 1990 || y > 2035 || y <= best {
			continue
		}
		if countAfter.MatchString(text[i+4 : min(len(text), i+44)]) {
			continue
		}
		if i > 0 && (text[i-1] == ',' || text[i-1] == '.') {
			continue
		}
		if w := text[max(0, i-80):i]; mayBeFuture(w) && futureRe.MatchString(afterLastStop(w)) {
			continue
		}
		best = y
	}
	return best
}

// findPeriod runs periodRe only around the word "period".
func findPeriod(text string) []string {
	// findPeriodLower lower-cases the whole text and uses offsets of
	// "period" in it as offsets into text. While lower-casing keeps every
	// character's length (sameLengthLower) the offsets agree, and "period"
	// is found in text itself up to ASCII case (no non-ASCII letter then
	// lower-cases to one of its letters); past the first character that
	// changes length, lower-case it all as before.
	checked := 0
	for off := 0; ; {
		i := indexFold(text[off:], "period")
		if i < 0 {
			return nil
		}
		i += off
		if !sameLengthLower(text[checked : i+len("period")]) {
			return findPeriodLower(text)
		}
		checked = i + len("period")
		if pm := periodNear(text, i); pm != nil {
			return pm
		}
		off = i + len("period")
	}
}

// findPeriodLower is findPeriod for any text.
func findPeriodLower(text string) []string {
	low := strings.ToLower(text)
	for off := 0; ; {
		i := strings.Index(low[off:], "period")
		if i < 0 {
			return nil
		}
		i += off
		if pm := periodNear(text, i); pm != nil {
			return pm
		}
		off = i + len("period")
	}
}

// periodAtRe is periodRe anchored at the start.
var periodAtRe = regexp.MustCompile(`(?i)^(?:` + strings.TrimPrefix(periodRe.String(), `(?i)`) + `)`)

// periodNear is periodRe.FindStringSubmatch of the collapsed text around
// offset i. Every match starts with one of a few words at a word boundary
// (periodWordAt), so periodAtRe is only tried there, left to right: the
// first match is the leftmost one, which the unanchored search finds.
func periodNear(text string, i int) []string {
	lo, hi := max(0, i-160), min(len(text), i+60)
	if countYears(text[lo:hi]) < 2 {
		return nil // periodRe needs two years
	}
	w := legal.CollapseSpace(text[lo:hi])
	for p := 0; p < len(w); p++ {
		if p > 0 && isWord(w[p-1]) || !periodWordAt(w, p) {
			continue
		}
		if m := periodAtRe.FindStringSubmatch(w[p:]); m != nil {
			return m
		}
	}
	return nil
}

// periodWordAt reports whether a word periodRe starts with ("report",
// "reporting", "document", "information", "replies", "reply", "profile",
// "page") starts at w[p:], up to ASCII case. None has the letters "k" and
// "s" that (?i) folds with non-ASCII characters.
func periodWordAt(w string, p int) bool {
	for _, k := range [...]string{"report", "document", "information", "repl", "profile", "page"} {
		if len(w)-p >= len(k) && foldEqual(w[p:p+len(k)], k) {
			return true
		}
	}
	return false
}

// preparedBy is preparedByRe.FindStringSubmatch(head) for a head whose
// white space is single spaces. Every match holds a verb ending in "ed",
// a space and "by": the expression is only tried, anchored, where such a
// verb starts, leftmost first, which finds the leftmost match as the
// unanchored search does. With an "ſ" (which (?i) folds to "s") in head
// it is run as it is.
func preparedBy(head string) []string {
	if strings.Contains(head, "ſ") {
		return preparedByRe.FindStringSubmatch(head)
	}
	for off := 0; ; {
		k := indexFold(head[off:], "ed by")
		if k < 0 {
			return nil
		}
		k += off
		off = k + len("ed by")
		for _, v := range [...]string{"prepared", "submitted", "compiled", "drafted", "issued", "published"} {
			start := k + len("ed") - len(v)
			if start < 0 || !foldEqual(head[start:start+len(v)], v) || start > 0 && isWord(head[start-1]) {
				continue
			}
			if m := preparedByAtRe.FindStringSubmatch(head[start:]); m != nil {
				return m
			}
		}
	}
}

// docType decides the document's kind from its heading, else from its
// opening text.
func docType(heading, head string) string {
	if len(heading) > 600 {
		heading = heading[:600]
	}
	for i, r := range typeRules {
		if indexFold(heading, r.key) >= 0 && typeMatch(i, heading) {
			return r.typ
		}
	}
	for i, r := range typeRules {
		if !r.headingOnly && indexFold(head, r.key) >= 0 && typeMatch(i, head) {
			return r.typ
		}
	}
	return "other"
}

var paraStartRe = regexp.MustCompile(`^(?:\d+\.|\(\d+\)|•)\s`)

// heading is the document's opening lines before its first numbered
// paragraph (at most 5 lines, each shorter than 200 bytes).
func heading(lines []string) string {
	var h []string
	for _, l := range lines {
		if paraStartRe.MatchString(l) || len(l) > 200 {
			break
		}
		h = append(h, l)
	}
	return strings.Join(h, " ")
}

// typeRulesAt are typeRules' expressions anchored at the start; built
// once, never changed.
var typeRulesAt = func() []*regexp.Regexp {
	var at []*regexp.Regexp
	for _, r := range typeRules {
		at = append(at, regexp.MustCompile(`(?i)^(?:`+strings.TrimPrefix(r.re.String(), `(?i)`)+`)`))
	}
	return at
}()

// typeMatch is typeRules[i].re.MatchString(s). An unanchored search over
// the 4000 bytes of a document's head cost more than all else in Analyze;
// a match starts with one of the rule's start words at a word boundary,
// so the anchored expression is only tried there. With an "ſ" or a
// KELVIN SIGN in s, which (?i) folds to "s" and "k", the words are not
// found by ASCII folding, and the rule's expression runs as it is.
func typeMatch(i int, s string) bool {
	r := typeRules[i]
	if strings.Contains(s, "ſ") || strings.Contains(s, "\u212a") {
		return r.re.MatchString(s)
	}
	for _, w := range r.starts {
		for off := 0; off < len(s); {
			k := indexFold(s[off:], w)
			if k < 0 {
				break
			}
			k += off
			off = k + 1
			if k > 0 && isWord(s[k-1]) {
				continue
			}
			if typeRulesAt[i].MatchString(s[k:]) {
				return true
			}
		}
	}
	return false
}

// reportOfAtRe is reportOfRe anchored at the start.
var reportOfAtRe = regexp.MustCompile(`(?i)^(?:` + strings.TrimPrefix(reportOfRe.String(), `(?i)`) + `)`)

// reportOf is reportOfRe.FindStringSubmatch(head), tried only where one
// of its first words ("report", "replies", "reply", "information") starts
// at a word boundary, left to right, so the first match is the leftmost.
// With an "ſ" in head, which (?i) folds to the "s" of "replies", the
// expression runs as it is.
func reportOf(head string) []string {
	if strings.Contains(head, "ſ") {
		return reportOfRe.FindStringSubmatch(head)
	}
	for p := 0; p < len(head); p++ {
		if p > 0 && isWord(head[p-1]) || !reportWordAt(head, p) {
			continue
		}
		if m := reportOfAtRe.FindStringSubmatch(head[p:]); m != nil {
			return m
		}
	}
	return nil
}

func reportWordAt(s string, p int) bool {
	for _, k := range [...]string{"report", "repl", "information"} {
		if len(s)-p >= len(k) && foldEqual(s[p:p+len(k)], k) {
			return true
		}
	}
	return false
}

// afterLastStop is w from its last '.' or ';' on. futureRe ends with `$`
// and neither of its alternatives can hold a '.' or ';', so it matches w
// if and only if it matches there (the stop stays, for \b to see it).
func afterLastStop(w string) string {
	if j := strings.LastIndexAny(w, ".;"); j >= 0 {
		return w[j:]
	}
	return w
}
