package extract

import (
	"strings"

	"github.com/factflow/factflow/pipeline/quantity"
)

// nounUnits classifies the counted noun (see schemas/units.md).
var nounUnits = map[string]string{}

func init() {
	add := func(unit string, words ...string) {
		for _, w := range words {
			nounUnits[w] = unit
		}
	}
	add("persons", "person", "persons", "people", "individuals", "individual", "victims", "victim", "convicts", "convict",
		"inmates", "inmate", "prisoners", "prisoner", "detainees", "detainee", "children", "child", "minors", "minor",
		"women", "woman", "men", "man", "girls", "boys", "citizens", "citizen", "lawyers", "lawyer", "judges", "judge",
		"officers", "officer", "officials", "official", "employees", "employee", "staff", "migrants", "migrant",
		"refugees", "refugee", "juveniles", "defendants", "defendant", "suspects", "suspect", "accused", "offenders",
		"offender", "students", "doctors", "workers", "deputies", "candidates", "teachers", "journalists", "applicants",
		"complainants", "foreigners", "nationals", "patients", "volunteers", "advisers", "advisors", "investigators",
		"prosecutors", "procurators", "servicemen", "soldiers", "orphans", "adolescents", "convicted", "population",
		"residents", "users", "specialists", "experts", "participants", "trainees", "survivors", "persons'", "asylum-seekers",
		"stateless", "beneficiaries", "recipients", "pensioners", "voters", "members", "member", "personnel", "police",
		"policemen", "guards", "inspectors", "monitors", "activists", "defenders", "prisoners'", "interns", "graduates", "trafficked", "perpetrators", "heads", "mothers", "families", "households")
	add("cases", "case", "cases", "proceedings", "registrations", "registration", "investigations", "investigation",
		"prosecutions", "convictions", "sentences", "verdicts", "judgments", "judgements", "acquittals")
	add("crimes", "crime", "crimes", "offences", "offence", "offenses", "offense", "murders", "murder", "homicides",
		"violations", "incidents", "facts")
	add("complaints", "complaints", "complaint", "appeals", "appeal", "applications", "petitions", "communications",
		"requests", "claims", "reports", "allegations", "grievances", "submissions")
	add("count", "facilities", "facility", "institutions", "institution", "centres", "centre", "centers", "center",
		"colonies", "prisons", "shelters", "offices", "schools", "hospitals", "units", "establishments", "branches",
		"organizations", "organisations", "ngos", "associations", "courts", "bodies", "agencies", "parties", "clinics")
	add("count", "events", "rallies", "meetings", "trainings", "training", "seminars", "sessions", "inspections",
		"visits", "conferences", "courses", "campaigns", "checks", "raids", "demonstrations", "assemblies", "workshops")
}

// countNounAfter reports whether a counted noun follows at once
// ("2000 persons"): the number is then a count, not a year.
func countNounAfter(text string, i int) bool {
	w := nextWord(text, i)
	u, ok := nounUnits[w]
	return ok && u != "" && strings.HasSuffix(w, "s")
}

var refWords = map[string]bool{
	"article": true, "articles": true, "art": true, "arts": true, "paragraph": true, "paragraphs": true, "para": true,
	"paras": true, "chapter": true, "chapters": true, "section": true, "sections": true, "part": true, "parts": true,
	"clause": true, "clauses": true, "item": true, "no": true, "nos": true, "resolution": true, "resolutions": true,
	"order": true, "decree": true, "page": true, "pages": true, "p": true, "pp": true, "annex": true, "rule": true,
	"point": true, "subparagraph": true, "subparagraphs": true, "goal": true, "goals": true, "category": true,
	"protocol": true, "code": true, "session": true, "grade": true, "class": true, "phase": true, "stage": true,
	"volume": true, "vol": true, "room": true, "cell": true, "target": true, "indicator": true, "recommendation": true,
	"recommendations": true, "law": true, "decision": true, "level": true, "group": true, "sub": true, "line": true,
}

var durations = map[string]bool{
	"year": true, "years": true, "month": true, "months": true, "week": true, "weeks": true, "day": true,
	"days": true, "hour": true, "hours": true, "minute": true, "minutes": true, "times": true, "fold": true,
	"seconds": true, "decades": true, "am": true, "pm": true, "o'clock": true,
}

// notObservation applies the rules for numbers that never state an
// observed value: list and paragraph numbers, references to articles and
// documents, parts of dates, ages, durations and sentence lengths,
// multipliers, thresholds, document symbols and phone lines. refs marks
// the quantities already found to be references (for lists such as
// "articles 121, 122 and 123").
func notObservation(text string, qs []quantity.Quantity, k int, refs []bool, lastRef int) bool {
	q := &qs[k]
	n := len(text)
	// Paragraph and list numbers: "12." or "3)" at line start, "(3)".
	ls := lineStart(text, q.Start)
	if strings.TrimSpace(strings.TrimLeft(text[ls:q.Start], "( \t")) == "" && q.End < n && (text[q.End] == '.' || text[q.End] == ')') &&
		(q.End+1 == n || isSpace(text[q.End+1])) && q.Unit == "" {
		return true
	}
	if q.Unit == "" && q.Start > 0 && text[q.Start-1] == '(' && q.End < n && text[q.End] == ')' && !q.Decimal && q.Value < 100 {
		return true
	}
	// Document symbols and identifiers: "CCPR/C/KAZ/QPR/3", "SCP-173".
	if (q.Start > 0 && (text[q.Start-1] == '/' || text[q.Start-1] == '-' && q.Start > 1 && (isLetter(text[q.Start-2]) || isDigit(text[q.Start-2])))) ||
		(q.End < n && text[q.End] == '/') {
		return true
	}
	// References: "article 146", "Art. 362", "No. 622", lists thereof.
	if q.Unit == "" {
		if refWords[prevWord(text, q.QualStart)] {
			refs[k] = true
			return true
		}
		if lastRef >= 0 && listGlue(text[qs[lastRef].End:q.Start]) {
			refs[k] = true
			return true
		}
	}
	// Parts of dates: "5 July 2000", "July 19, 2021".
	if q.Unit == "" && !q.Decimal && !q.Grouped && q.Value >= 1 && q.Value <= 31 {
		if w, _ := prevWordRaw(text, q.Start); isMonth(w) {
			return true
		}
		if isMonth(nextWord(text, q.End)) {
			return true
		}
	}
	if q.Unit == "" || q.Unit == "percent" && false {
		nw := nextWord(text, q.End)
		if durations[nw] || strings.HasPrefix(text[q.End:], "-year") || strings.HasPrefix(text[q.End:], "‑year") {
			return true
		}
		pw := prevWord(text, q.QualStart)
		if pw == "aged" || pw == "age" || strings.HasSuffix(strings.ToLower(strings.TrimRight(text[:q.QualStart], " ")), "age of") {
			return true
		}
		// helplines: "the 119 national helpline", "1414 Single Point of Contact line"
		if strings.HasPrefix(text[q.End:], " or more times") || strings.HasPrefix(text[q.End:], " or more years") {
			return true
		}
		rest := strings.ToLower(text[q.End:min(n, q.End+40)])
		if i := strings.IndexAny(rest, ",.;()"); i >= 0 {
			rest = rest[:i]
		}
		if strings.Contains(rest, "helpline") || strings.Contains(rest, "hotline") || strings.HasSuffix(strings.TrimSpace(rest), " line") {
			return true
		}
	}
	switch strings.ToLower(q.QualText) {
	case "not less than", "no less than", "not more than", "no more than", "not fewer than":
		return true
	}
	return false
}

// listGlue matches what separates the items of a list of references:
// ", ", " and ", "–", with parenthesised glosses removed
// ("125 (Abduction), 126").
func listGlue(s string) bool {
	for {
		i := strings.IndexByte(s, '(')
		if i < 0 {
			break
		}
		j := strings.IndexByte(s[i:], ')')
		if j < 0 || j > 80 {
			return false
		}
		s = s[:i] + s[i+j+1:]
	}
	s = strings.TrimSpace(s)
	switch s {
	case ",", "and", ", and", "or", ", or", "–", "-", "—", "to", "/", "&":
		return true
	}
	return false
}

var stopAfter = map[string]bool{
	"compared": true, "including": true, "which": true, "who": true, "whom": true, "while": true, "whereas": true,
	"against": true, "respectively": true, "than": true, "as": true, "during": true, "since": true, "from": false,
	"whose": true, "where": true, "when": true, "according": true,
}

var aux = map[string]bool{
	"were": true, "was": true, "have": true, "has": true, "had": true, "been": true, "are": true, "is": true, "be": true,
}

var participles = map[string]bool{
	"sent": true, "brought": true, "held": true, "made": true, "given": true, "taken": true, "found": true,
	"seen": true, "shown": true, "built": true, "done": true, "put": true, "kept": true, "paid": true,
}

var preps = map[string]bool{
	"on": true, "for": true, "in": true, "of": true, "from": true, "at": true, "to": true, "by": true, "with": true,
	"under": true, "among": true, "out": true, "per": true,
}

// phraseAfter reads the noun phrase naming what a number counts:
// "945 cases of torture were registered in …" → "cases of torture
// registered". It also returns the unit of the first counted noun, found
// before any preposition or verb.
func phraseAfter(text string, i int) (string, string) {
	var b strings.Builder
	unit := ""
	nounSearch := true
	words := 0
	n := len(text)
	for words < 12 {
		// skip spaces and single line breaks
		j := i
		nl := 0
		for j < n && isSpace(text[j]) {
			if text[j] == '\n' {
				nl++
			}
			j++
		}
		if nl > 1 || j >= n {
			break
		}
		c := text[j]
		if !isLetter(c) {
			break
		}
		e := j
		for e < n && (isLetter(text[e]) || text[e] == '-' || text[e] == '\'' || strings.HasPrefix(text[e:], "’") || strings.HasPrefix(text[e:], "‑")) {
			if text[e] >= 0x80 {
				e += 3
				continue
			}
			e++
		}
		if e == j {
			break
		}
		w := text[j:e]
		lw := strings.ToLower(w)
		if stopAfter[lw] {
			break
		}
		if lw == "in" || lw == "on" || lw == "at" {
			if nw := nextWord(text, e); nw == "" || nw == "the" && strings.HasPrefix(strings.TrimSpace(text[e:]), "the period") || months[nw] {
				break
			}
		}
		if (lw == "and" || lw == "or") && words > 0 {
			k := e
			for k < n && text[k] == ' ' {
				k++
			}
			if k < n && isDigit(text[k]) {
				break
			}
		}
		if aux[lw] {
			// "were registered": keep the participle, drop the auxiliary.
			nw := nextWord(text, e)
			if nw == "been" {
				e2 := strings.Index(text[e:], "been") + e + 4
				nw = nextWord(text, e2)
				e = e2
			}
			if strings.HasSuffix(nw, "ed") || participles[nw] {
				if b.Len() > 0 {
					b.WriteByte(' ')
				}
				b.WriteString(nw)
			}
			break
		}
		if nounSearch {
			if u, ok := nounUnits[lw]; ok {
				unit = u
				nounSearch = false
			} else if preps[lw] || words >= 4 {
				nounSearch = false
			}
		}
		if b.Len() > 0 {
			b.WriteByte(' ')
		}
		b.WriteString(w)
		words++
		i = e
	}
	return b.String(), unit
}

var trailingFunc = map[string]bool{
	"is": true, "was": true, "are": true, "were": true, "amounted": true, "amounting": true, "totalled": true,
	"totalling": true, "totaling": true, "totaled": true, "reached": true, "of": true, "at": true, "to": true,
	"by": true, "constitute": true, "constitutes": true, "constituted": true, "account": true, "accounts": true,
	"accounted": true, "for": true, "represent": true, "represents": true, "represented": true, "comprised": true,
	"stood": true, "equal": true, "equals": true, "with": true, "from": true, "in": true, "than": true, "and": true,
	"the": true, "a": true, "an": true, "be": true, "been": true, "has": true, "have": true, "had": true,
	"rose": true, "fell": true, "increased": true, "decreased": true, "grew": true, "amounts": true, "made": true,
	"up": true, "some": true, "around": true, "compared": true, "between": true, "within": true, "on": true, "only": true,
}

// clauseBefore reads the words before i back to a clause boundary: the
// subject of "the proportion of women among civil servants is 55.4 per
// cent", or a profile's line label "Law enforcement budget 417 611 910 KZT".
func clauseBefore(text string, i, ss int) string {
	j := i
	depth := 0
	words := 0
	for j > ss {
		c := text[j-1]
		if c == ')' {
			depth++
		} else if c == '(' {
			if depth == 0 {
				break
			}
			depth--
		} else if depth == 0 && (c == ',' || c == ';' || c == ':' || c == '"' || isDigit(c) || c == '%') {
			break
		} else if depth == 0 && c == '\n' && j-2 >= 0 && text[j-2] == '\n' {
			break
		} else if depth == 0 && c == ' ' {
			words++
			if words > 12 {
				break
			}
		}
		if c == 0x93 && j >= 3 && strings.HasPrefix(text[j-3:], "–") && depth == 0 {
			break
		}
		j--
	}
	s := strings.Join(strings.Fields(text[j:i]), " ")
	// trim function words at both ends
	for {
		k := strings.LastIndexByte(s, ' ')
		last := s[k+1:]
		if trailingFunc[strings.ToLower(last)] || last == "-" || last == "–" || last == "—" {
			if k < 0 {
				return ""
			}
			s = s[:k]
			continue
		}
		break
	}
	for {
		k := strings.IndexByte(s, ' ')
		if k < 0 {
			break
		}
		first := strings.ToLower(s[:k])
		if first == "the" || first == "and" || first == "or" || first == "which" || first == "of" || first == "while" || first == "whereas" {
			s = s[k+1:]
			continue
		}
		break
	}
	return s
}

func hasLetters(s string) bool {
	for k := 0; k < len(s); k++ {
		if isLetter(s[k]) {
			return true
		}
	}
	return false
}

// dashBefore reports "LABEL – N": a dash, with spaces, right before i,
// after a word (not after a year: those are series items).
func dashBefore(text string, i int) bool {
	s := strings.TrimRight(text[:i], " \n")
	for _, d := range [...]string{"–", "—", "-"} {
		if strings.HasSuffix(s, d) {
			p := strings.TrimRight(s[:len(s)-len(d)], " ")
			return len(p) < len(s)-len(d) && len(p) > 0 && (isLetter(p[len(p)-1]) || p[len(p)-1] == ')')
		}
	}
	return false
}

// parentOf is the nearest earlier candidate of the same sentence that has
// a unit: the whole of which a later figure is a part ("1,273 persons, 543
// of them …", "11 complaints …: 4 on grounds of sex").
func parentOf(cs []cand, k, ss int, unit string) int {
	for j := k - 1; j >= 0; j-- {
		if cs[j].q.Start < ss {
			if j+1 < k || ss == 0 {
				return -1
			}
			// the sentence before, in the same paragraph ("In particular,
			// 4,780 (47%) of them …")
			return -1
		}
		if cs[j].unit != "" && !cs[j].skip && (unit == "" && cs[j].unit != "percent" || cs[j].unit == unit) {
			return j
		}
	}
	return -1
}

// describe fills the unit and label of cs[k].
func describe(text string, cs []cand, k, ss int) {
	c := &cs[k]
	q := c.q
	switch {
	case q.Unit != "":
		c.unit = q.Unit
		if c.label != "" {
			return
		}
		// "54.5 million tenge or 117 thousand US dollars": one label.
		if k > 0 && !cs[k-1].skip && cs[k-1].q.Start >= ss && cs[k-1].unit != "percent" && q.Unit != "percent" {
			switch strings.TrimSpace(text[cs[k-1].q.End:q.QualStart]) {
			case "or", "(", "/", ", or", "i.e.", "(or", "and":
				if cs[k-1].label != "" {
					c.label = cs[k-1].label
					return
				}
			}
		}
		lab := clauseBefore(text, q.QualStart, ss)
		if !hasLetters(lab) && q.Unit != "percent" {
			from := q.End
			if k+1 < len(cs) && strings.TrimSpace(text[q.End:cs[k+1].q.QualStart]) == "or" {
				from = cs[k+1].q.End
			}
			if after, _ := phraseAfter(text, from); hasLetters(after) {
				lab = after
			}
		}
		if q.Unit == "percent" {
			after, _ := phraseAfter(text, q.End)
			if strings.HasPrefix(after, "of ") && !strings.HasPrefix(after, "of which") {
				lab = strings.TrimSpace(lab + " " + after)
			}
			if !hasLetters(lab) || pronoun[strings.ToLower(lab)] || strings.HasSuffix(strings.TrimRight(text[:q.QualStart], " "), "(") {
				if p := parentOf(cs, k, ss, ""); p >= 0 && cs[p].unit != "percent" {
					lab = cs[p].label
				}
			}
		} else if !hasLetters(lab) || pronoun[strings.ToLower(lab)] || isCompare(lab) {
			if p := parentOf(cs, k, ss, q.Unit); p >= 0 {
				lab = cs[p].label
			}
		}
		c.label = lab
		return
	}
	after, unit := phraseAfter(text, q.End)
	if c.label != "" { // table column
		if unit == "" {
			unit = "count"
		}
		c.unit = unit
		return
	}
	if c.series {
		lead := seriesLead(text, ss, q.Start)
		c.label = lead
		_, u := phraseUnit(lead)
		if u == "" {
			if p := parentSeries(cs, k, text); p >= 0 {
				u = cs[p].unit
			} else {
				u = "cases"
			}
		}
		c.unit = u
		return
	}
	if dashBefore(text, q.QualStart) {
		s := strings.TrimRight(text[:q.QualStart], " \n")
		s = strings.TrimRight(s[:len(s)-1], " \x80\x93\x94\xe2-")
		lab := clauseBefore(text, len(s), max(ss, lineStart(text, len(s))))
		if strings.HasPrefix(strings.ToLower(lab), "including ") {
			lab = lab[len("including "):]
		}
		c.label = lab
		_, u := phraseUnit(lab)
		if u == "" {
			if p := parentOf(cs, k, ss, ""); p >= 0 {
				u = cs[p].unit
			} else {
				u = "count"
			}
		}
		c.unit = u
		return
	}
	if unit != "" {
		c.unit, c.label = unit, after
		// "(compared with 262 persons in 2020)": the whole's label
		if !strings.Contains(after, " ") {
			if p := parentOf(cs, k, ss, unit); p >= 0 && cs[p].label != "" {
				c.label = cs[p].label
				return
			}
		}
		// "The courts convicted 1,273 persons" → "persons convicted"
		if !strings.Contains(after, " ") {
			if lab := clauseBefore(text, q.QualStart, ss); lab != "" {
				v := lab[strings.LastIndexByte(lab, ' ')+1:]
				if strings.HasSuffix(v, "ed") && v != "need" {
					c.label = after + " " + v
				}
			}
		}
		return
	}
	if q.Word {
		return // a number word needs a counted noun
	}
	// "between 8.3 and 8.5 per cent", "from 1.9 to 1.3 per cent"
	if k+1 < len(cs) && cs[k+1].q.Unit != "" && !cs[k+1].q.Scaled {
		switch strings.TrimSpace(text[q.End:cs[k+1].q.QualStart]) {
		case "and", "to", "–", "-", "—":
			c.unit = cs[k+1].q.Unit
			lab := clauseBefore(text, q.QualStart, ss)
			for _, w := range [...]string{" between", " from", " at"} {
				lab = strings.TrimSuffix(lab, w)
			}
			c.label = lab
			return
		}
	}
	lw := strings.ToLower(after)
	first, _, _ := strings.Cut(lw, " ")
	if after == "" || preps[first] || aux[first] || strings.HasSuffix(first, "ed") {
		p := parentOf(cs, k, ss, "")
		if p < 0 {
			p = parentOf(cs, k, paragraphStart(text, ss), "")
		}
		if p >= 0 {
			c.unit = cs[p].unit
			head, _, _ := strings.Cut(cs[p].label, " ")
			switch {
			case after == "" || strings.HasPrefix(after, "of them") || strings.HasPrefix(after, "of these") || strings.HasPrefix(after, "of whom"):
				c.label = cs[p].label
			case aux[first] || strings.HasSuffix(first, "ed"):
				c.label = head + " " + strings.TrimSpace(after)
			default:
				c.label = cs[p].label + " " + after
			}
			return
		}
	}
	c.unit = "count"
	if after == "" || preps[first] {
		if lab := clauseBefore(text, q.QualStart, ss); hasLetters(lab) {
			after = strings.TrimSpace(lab + " " + after)
		}
	}
	c.label = after
}

var pronoun = map[string]bool{"which": true, "whom": true, "them": true, "these": true, "those": true, "it": true, "this": true}

func isCompare(s string) bool {
	l := strings.ToLower(s)
	return l == "compared" || strings.HasPrefix(l, "compared with") || l == "as against" || l == "against" || l == "versus"
}

// phraseUnit finds the unit of the first counted noun in a label.
func phraseUnit(s string) (string, string) {
	for _, w := range strings.Fields(strings.ToLower(s)) {
		w = strings.Trim(w, "(),.;:\"")
		if u, ok := nounUnits[w]; ok {
			return w, u
		}
	}
	return "", ""
}

// parentSeries is the previous series item of the same paragraph, whose
// unit a following series without a noun of its own shares ("Sent to
// court: 2015 – 12").
func parentSeries(cs []cand, k int, text string) int {
	ps := paragraphStart(text, cs[k].q.Start)
	for j := k - 1; j >= 0; j-- {
		if cs[j].q.Start < ps {
			return -1
		}
		if cs[j].series && cs[j].unit != "" {
			return j
		}
	}
	return -1
}

// seriesLead is the lead-in of a series "Statistical data on X: 2015 –
// 630, 2016 – 679": the sentence up to its first item.
func seriesLead(text string, ss, at int) string {
	s := text[ss:at]
	// cut at the first "YEAR –" of the series
	for i := 0; i+4 <= len(s); i++ {
		if isDigit(s[i]) && (i == 0 || !isDigit(s[i-1])) && i+4 <= len(s) && isDigit(s[i+1]) && isDigit(s[i+2]) && isDigit(s[i+3]) && (i+4 == len(s) || !isDigit(s[i+4])) {
			rest := strings.TrimLeft(s[i+4:], " ")
			if strings.HasPrefix(rest, "–") || strings.HasPrefix(rest, "-") || strings.HasPrefix(rest, "—") || strings.HasPrefix(rest, ":") {
				s = s[:i]
				break
			}
		}
	}
	s = strings.TrimSpace(s)
	s = strings.TrimRight(s, ":,;( ")
	s = strings.Join(strings.Fields(s), " ")
	if i := strings.LastIndex(s, ": "); i >= 0 && i > len(s)/2 {
		s = s[:i]
	}
	return s
}
