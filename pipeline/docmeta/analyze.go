package docmeta

import (
	"regexp"
	"strconv"
	"strings"
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
	}{
		{regexp.MustCompile(`(?i)\brepl(?:y|ies)\s+(?:of\s+[\w\s]+?\s+)?to\s+(?:the\s+)?list\s+of\s+issues\b`), "reply to list of issues", false, "repl"},
		{regexp.MustCompile(`(?i)\bconcluding\s+observations\b`), "concluding observations", true, "concluding"},
		{regexp.MustCompile(`(?i)\b(?:shadow|alternative|parallel)\s+report\b`), "shadow report", false, "report"},
		{regexp.MustCompile(`(?i)\b(?:additional\s+information|information\s+received\s+from)\b`), "additional information", true, "information"},
		{regexp.MustCompile(`(?i)\b(?:information\s+(?:to|on|in\s+response\s+to)\s+the\s+list\s+of\s+additional\s+(?:questions|issues)|follow-up\s+information)\b`), "additional information", false, "information"},
		{regexp.MustCompile(`(?i)\bcountry\s+profile\b`), "country profile", false, "profile"},
		{regexp.MustCompile(`(?i)\b(?:this|the\s+present)\s+(?:web\s*)?page\s+(?:provides|presents|contains|gives|shows)\b`), "web page", false, "page"},
		{regexp.MustCompile(`(?i)\b(?:initial|periodic|combined\s+[\w\s]{0,40}?)\s+report\s+(?:of|submitted\s+by)\b|\bthis\s+report\s+is\s+the\b|\bstate\s+party\s+report\b`), "state report", false, "report"},
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
	m.Title = title(text)
	head := collapseSpace(prefix(text, 4000))
	m.Type = docType(heading(text), head)
	// "prepared by", "submitted by", ...: head's white space is single spaces
	if pm := preparedBy(head); pm != nil {
		m.Issuer = countryTail.ReplaceAllString(pm[1], "")
	} else if m.Type == "state report" || m.Type == "reply to list of issues" {
		if rm := reportOfRe.FindStringSubmatch(head); rm != nil && rm[1] != "the" {
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
	switch y := statedYear(text); {
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
		l = strings.TrimSpace(collapseSpace(l))
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

// title is the document's heading: its first meaningful line(s), or, when
// it opens with a numbered section, the report's own self-description.
func title(text string) string {
	lines := meaningfulLines(text, 3)
	if len(lines) == 0 {
		return ""
	}
	if sectionRe.MatchString(lines[0]) {
		if m := selfDescRe.FindStringSubmatch(collapseSpace(prefix(text, 5000))); m != nil {
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

// statedYear is a year the heading states: a heading line that is or ends
// with a year ("Facts and Assessments. 2019").
func statedYear(text string) int {
	for _, l := range meaningfulLines(text, 8) {
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
		if w := text[max(0, i-80):i]; mayBeFuture(w) && futureRe.MatchString(w) {
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

// periodNear runs periodRe around offset i.
func periodNear(text string, i int) []string {
	lo, hi := max(0, i-160), min(len(text), i+60)
	if countYears(text[lo:hi]) < 2 {
		return nil // periodRe needs two years
	}
	return periodRe.FindStringSubmatch(collapseSpace(text[lo:hi]))
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
	for _, r := range typeRules {
		if indexFold(heading, r.key) >= 0 && r.re.MatchString(heading) {
			return r.typ
		}
	}
	for _, r := range typeRules {
		if !r.headingOnly && indexFold(head, r.key) >= 0 && r.re.MatchString(head) {
			return r.typ
		}
	}
	return "other"
}

var paraStartRe = regexp.MustCompile(`^(?:\d+\.|\(\d+\)|•)\s`)

// heading is the document's opening lines before its first numbered
// paragraph (at most 5 lines, each shorter than 200 bytes).
func heading(text string) string {
	var h []string
	for _, l := range meaningfulLines(text, 5) {
		if paraStartRe.MatchString(l) || len(l) > 200 {
			break
		}
		h = append(h, l)
	}
	return strings.Join(h, " ")
}
