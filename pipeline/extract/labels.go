package extract

import (
	"strings"
	"unicode"
	"unicode/utf8"

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
		"policemen", "guards", "males", "females", "civilians", "witnesses", "managers", "appointees", "directors", "owners",
		"parents", "pupils", "adults", "representatives", "deputy", "head", "servants", "nationals", "citizens'", "tourists",
		"lawyers'", "persons,", "entrepreneurs", "convicted persons", "mediators", "social workers", "psychologists", "judges'",
		"teenagers", "deaths", "death", "kazakhs", "uzbeks", "tatars", "kurds", "azeris", "chechens", "uighurs", "uyghurs",
		"turks", "tajiks", "convictions", "conviction", "juvenile", "adolescent", "student", "orphan", "spouses", "husbands", "wives", "elderly", "inspectors", "monitors", "activists", "defenders", "prisoners'", "interns", "graduates", "trafficked", "perpetrators", "heads", "mothers")
	for _, n := range [...]string{"kazakh", "russian", "german", "ukrainian", "uzbek", "tatar", "uighur", "uyghur", "korean",
		"azerbaijani", "azeri", "belarusian", "tajik", "turk", "chechen", "kurd", "lithuanian", "dungan", "armenian",
		"georgian", "bashkir", "pole", "jew", "foreign national", "stateless person"} {
		add("persons", n, n+"s") // nationalities in a breakdown: "46 Kazakhs, … 1 Tatar"
	}
	add("persons", "kyrgyz", "staffing", "headcount", "workforce")
	add("cases", "case", "cases", "proceedings", "registrations", "registration", "suicides", "suicide", "investigations", "facts")
	add("crimes", "crime", "crimes", "offences", "offence", "offenses", "offense", "murders", "murder", "homicides",
		"robberies", "thefts", "rapes", "assaults", "burglaries", "frauds", "kidnappings", "abductions", "killings")
	add("complaints", "complaints", "complaint")
	add("count", "families", "households", "judgments", "judgements", "communications", "sentences", "verdicts", "reports",
		"appeals", "applications", "petitions", "requests", "claims", "prosecutions", "violations", "incidents", "installations", "calls", "regions", "visits",
		"facilities", "facility", "institutions", "institution", "centres", "centre", "centers", "center",
		"colonies", "prisons", "shelters", "offices", "schools", "hospitals", "units", "establishments", "branches",
		"organizations", "organisations", "ngos", "associations", "courts", "bodies", "agencies", "parties", "clinics")
	add("count", "events", "rallies", "meetings", "trainings", "training", "seminars", "sessions", "inspections",
		"visits", "conferences", "courses", "campaigns", "checks", "raids", "demonstrations", "assemblies", "workshops")
}

// nonPersons are plurals with a person-like ending that name things.
var nonPersons = map[string]bool{
	"registers": true, "centers": true, "letters": true, "papers": true, "orders": true, "numbers": true,
	"matters": true, "chambers": true, "containers": true, "computers": true, "quarters": true, "headquarters": true,
	"degrees": true, "fees": true, "committees": true, "guarantees": true, "factors": true, "sectors": true,
	"indicators": true, "corridors": true, "monitors": true, "errors": true, "vectors": true, "others": true,
	"colors": true, "doors": true, "floors": true, "layers": true, "filters": true, "members'": true, "towers": true,
	"chapters": true, "borders": true, "powers": true, "answers": true, "posters": true, "banners": true, "markers": true,
	"parameters": true, "shelters": true, "trainers": true, "barriers": true, "programmes": true, "ministers": false,
}

// unitOf classifies a word: the vocabulary first, then plural endings
// that name people (-ers, -ors, -ists, -ians, -ees: "owners", "directors",
// "journalists", "Ukrainians", "appointees").
func unitOf(w string) (string, bool) {
	if u, ok := nounUnits[w]; ok {
		return u, true
	}
	if len(w) > 4 && !nonPersons[w] {
		for _, suf := range [...]string{"ers", "ors", "ists", "ians", "ees"} {
			if strings.HasSuffix(w, suf) {
				return "persons", true
			}
		}
	}
	return "", false
}

// countNounAfter reports whether a counted noun follows at once
// ("2000 persons"): the number is then a count, not a year.
func countNounAfter(text string, i, start int) bool {
	switch prevWord(text, start) {
	case "in", "since", "of", "from", "by", "to", "until", "during", "for", "and", "or", "between", "year", "early", "late", "mid":
		return false
	}
	if isMonth(prevWord(text, start)) {
		return false // "the January 2022 events"
	}
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
	"recommendations": true, "law": true, "hotline": true, "helpline": true, "number": true, "telephone": true,
	"tel": true, "phone": true, "fax": true, "ext": true, "form": true, "decision": true, "level": true, "group": true, "sub": true, "line": true,
}

var durations = map[string]bool{
	"year": true, "years": true, "month": true, "months": true, "week": true, "weeks": true, "day": true,
	"days": true, "hour": true, "hours": true, "minute": true, "minutes": true, "times": true, "fold": true,
	"seconds": true, "decades": true, "am": true, "pm": true, "o'clock": true, "places": true, "percentage": true,
}

// notObservation applies the rules for numbers that never state an
// observed value: list and paragraph numbers, references to articles and
// documents, parts of dates, ages, durations and sentence lengths,
// multipliers, thresholds, document symbols and phone lines. ref reports
// a reference (lastRef, the last one, continues lists such as "articles
// 121, 122 and 123").
func notObservation(text string, qs []quantity.Quantity, k int, lastRef int) (not, ref bool) {
	q := &qs[k]
	n := len(text)
	// Paragraph and list numbers: "12." or "3)" at line start, "(3)".
	ls := q.Start
	for ls > 0 && (text[ls-1] == ' ' || text[ls-1] == '\t' || text[ls-1] == '(') {
		ls--
	}
	if (ls == 0 || text[ls-1] == '\n') && q.End < n && (text[q.End] == '.' || text[q.End] == ')') &&
		(q.End+1 == n || isSpace(text[q.End+1])) && q.Unit == "" {
		return true, false
	}
	if q.Unit == "" && q.Start > 0 && text[q.Start-1] == '(' && q.End < n && text[q.End] == ')' && !q.Decimal && q.Value < 100 {
		return true, false
	}
	// Document symbols and identifiers: "CCPR/C/KAZ/QPR/3", "SCP-173".
	if (q.Start > 0 && (text[q.Start-1] == '/' || text[q.Start-1] == '-' && q.Start > 1 && (isLetter(text[q.Start-2]) || isDigit(text[q.Start-2])))) ||
		(q.End < n && text[q.End] == '/') {
		return true, false
	}
	// Identifiers and page furniture: "GE.14-07541", "CED/C/KAZ/1 18".
	if q.End+1 < n && text[q.End] == '-' && isDigit(text[q.End+1]) && !q.Year && q.Unit == "" {
		return true, false
	}
	if q.Start > 1 && text[q.Start-1] == '.' && isLetter(text[q.Start-2]) {
		return true, false
	}
	tok := prevToken(text, q.QualStart)
	if strings.IndexByte(tok, '/') > 0 {
		return true, false
	}
	// The words around the number, read once for the rules below.
	pw, nw := prevWord(text, q.QualStart), nextWord(text, q.End)
	_, counted := unitOf(nw) // a counted noun follows: "5 persons under article 258"
	// References: "article 146", "Art. 362", "No. 622", lists thereof.
	if q.Unit == "" {
		if refWords[pw] || phoneWordSet.has(trimRightAny(tok, ",:")) {
			return true, true
		}
		// long numbers written without separators are identifiers or
		// telephone numbers ("the NGO-run 11616")
		if !q.Grouped && !q.Decimal && !q.Scaled && !q.Word && q.NumEnd-q.NumStart >= 5 {
			return true, false
		}
		if lastRef >= 0 && listGlue(text[qs[lastRef].End:q.Start]) && !counted {
			return true, true
		}
	}
	// Parts of dates: "5 July 2000", "July 19, 2021", "from 11 to 23 February".
	if q.Unit == "" && !q.Decimal && !q.Grouped && q.Value >= 1 && q.Value <= 31 {
		if w, _ := prevWordRaw(text, q.Start); isMonth(w) {
			return true, false
		}
		if isMonth(nw) {
			return true, false
		}
		if k+1 < len(qs) && qs[k+1].Value <= 31 && isRangeSep(text[q.End:qs[k+1].QualStart]) && isMonth(nextWord(text, qs[k+1].End)) {
			return true, false
		}
	}
	// Times of day.
	if rest := strings.TrimLeft(text[q.End:min(n, q.End+6)], " "); strings.HasPrefix(rest, "p.m") || strings.HasPrefix(rest, "a.m") {
		return true, false
	}
	// Ranks: "sixty-fifth out of 142 countries".
	if pre := strings.TrimRight(text[:q.QualStart], " "); strings.HasSuffix(pre, "out of") {
		w, _ := prevWordRaw(text, len(pre)-len("out of"))
		for _, suf := range [...]string{"th", "st", "nd", "rd"} {
			if strings.HasSuffix(w, suf) {
				return true, false
			}
		}
	}
	// Targets: "increasing to 30 per cent the proportion of …".
	switch pw {
	case "to":
		p2 := strings.ToLower(strings.TrimSpace(text[max(0, q.QualStart-20):q.QualStart]))
		for _, v := range [...]string{"increasing to", "increase to", "raise to", "raising to", "reduce to", "reducing to", "bring it to", "aim to"} {
			if strings.HasSuffix(p2, v) {
				return true, false
			}
		}
	}
	// A range or list of durations: "from 3 to 5 days", "(10, 15 and 20 days)".
	if q.Unit == "" {
		j := k
		for j+1 < len(qs) && j < k+8 && (isRangeSep(text[qs[j].End:qs[j+1].QualStart]) || listGlue(text[qs[j].End:qs[j+1].QualStart])) {
			j++
		}
		if j > k && durations[nextWord(text, qs[j].End)] {
			return true, false
		}
	}
	// A difference: "involving five persons fewer".
	// (counted first: it is known, and the words after cost a search)
	if counted {
		if w1e := wordEnd(text, q.End); w1e > q.End {
			if w2 := nextWord(text, w1e); w2 == "fewer" || w2 == "more" && nextWord(text, wordEnd(text, w1e)) == "than" {
				return true, false
			}
		}
	}
	if q.Unit == "" || q.Unit == "percent" && false {
		if durations[nw] || strings.HasPrefix(text[q.End:], "-year") || strings.HasPrefix(text[q.End:], "‑year") {
			return true, false
		}
		if pw == "aged" || pw == "age" || hasSuffixFold(strings.TrimRight(text[max(0, q.QualStart-12):q.QualStart], " "), "age of") {
			return true, false
		}
		// helplines: "the 119 national helpline", "1414 Single Point of Contact line"
		if strings.HasPrefix(text[q.End:], " or more times") || strings.HasPrefix(text[q.End:], " or more years") {
			return true, false
		}
		rest := text[q.End:min(n, q.End+40)]
		if i := indexPunct(rest); i >= 0 {
			rest = rest[:i]
		}
		// (each of the three names a "line": look for one first)
		if indexFold(rest, "line") >= 0 && !counted && (singularAt(rest, "helpline") || singularAt(rest, "hotline") || strings.HasSuffix(strings.TrimSpace(rest), " line")) {
			return true, false
		}
	}
	switch strings.ToLower(q.QualText) {
	case "not less than", "no less than", "not more than", "no more than", "not fewer than":
		return true, false
	}
	// A comparison with a period the text does not name: "(compared with
	// 1,663 inspections in the equivalent period)".
	if rest := text[q.End:min(n, q.End+60)]; strings.Contains(rest, "period") && (indexFold(rest, "equivalent period") >= 0 || indexFold(rest, "same period") >= 0) {
		if i := strings.Index(rest, "period"); i >= 0 && !hasDigit(rest[i:min(len(rest), i+20)]) {
			return true, false
		}
	}
	return false, false
}

// listGlue matches what separates the items of a list of references:
// ", ", " and ", "–", with parenthesised glosses removed
// ("125 (Abduction), 126").
func listGlue(s string) bool {
	if strings.IndexByte(s, '(') >= 0 {
		// remove the glosses into a small buffer: a glue is a few bytes
		var buf [32]byte
		n := 0
		for k := 0; k < len(s); k++ {
			if s[k] == '(' {
				j := strings.IndexByte(s[k:], ')')
				if j < 0 || j > 80 {
					return false
				}
				k += j
				continue
			}
			if n == 0 && isSpace(s[k]) {
				continue
			}
			if n == len(buf) {
				return false
			}
			buf[n] = s[k]
			n++
		}
		return glueWord(strings.TrimSpace(string(buf[:n])))
	}
	return glueWord(strings.TrimSpace(s))
}

func glueWord(s string) bool {
	switch s {
	case "", ",", "and", ", and", "or", ", or", "–", "-", "—", "to", "/", "&":
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

// Word classes of phraseAfter, which reads them with one lookup a word
// rather than one a set.
const (
	classStop   = 1 << iota // stopAfter
	classAux                // aux
	classPrep               // preps
	classNounEd             // nounEd
)

var wordClasses = func() map[string]uint8 {
	m := map[string]uint8{}
	for cls, set := range map[uint8]map[string]bool{classStop: stopAfter, classAux: aux, classPrep: preps, classNounEd: nounEd} {
		for w, in := range set {
			if in {
				m[w] |= cls
			}
		}
	}
	return m
}()

// phraseAfter reads the noun phrase naming what a number counts:
// "945 cases of torture were registered in …" → "cases of torture
// registered". It also returns the unit of the first counted noun, found
// before any preposition or verb.
func phraseAfter(text string, i int) (string, string) {
	// The phrase is the words read, one space apart. Most often that is a
	// piece of text as it stands, so it is only built when it is not.
	var pb [64]byte // the phrase when it must be built, on the stack while it fits
	b := phrase{text: text, s: -1, buf: pb[:0]}
	unit := ""
	nounSearch := true
	words := 0
	n := len(text)
	for words < 12 {
		// skip spaces and single line breaks
		j := i
		nl := 0
		for j < n {
			if isSpace(text[j]) {
				if text[j] == '\n' {
					nl++
				}
				j++
			} else if k := skipFwd(text, j); k > j {
				j = k
			} else {
				break
			}
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
		lw := lowerWord(w) // ASCII letters, hyphens and apostrophes
		cls := wordClasses[lw]
		if cls&classStop != 0 {
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
		if lw == "plus" && words == 0 {
			i = e // "19,000 plus children"
			continue
		}
		if cls&classAux != 0 {
			// "were registered": keep the participle, drop the auxiliary.
			nw := nextWord(text, e)
			if nw == "been" {
				e2 := strings.Index(text[e:], "been") + e + 4
				nw = nextWord(text, e2)
				e = e2
			}
			if strings.HasSuffix(nw, "ed") || participles[nw] {
				b = b.add(nw, skipFwd(text, e))
			}
			break
		}
		if nounSearch && words == 0 && (strings.HasSuffix(lw, "ed") && cls&classNounEd == 0 || strings.HasSuffix(lw, "ing")) {
			nounSearch = false // "28 received suspended sentences": a verb, the number is the subject
		}
		// The counted noun is the head of the noun phrase after the
		// number: its last noun before a preposition, verb or
		// conjunction ("265 internal affairs officers", "4,200 volunteer
		// youth police auxiliary detachments", "222,000 decisions
		// terminating cases").
		if nounSearch {
			if cls&(classPrep|classAux) != 0 || lw == "and" || lw == "or" || words >= 5 || words > 0 && (strings.HasSuffix(lw, "ing") || strings.HasSuffix(lw, "ed") && cls&classNounEd == 0) {
				nounSearch = false
			} else if u, ok := unitOf(strings.TrimSuffix(strings.TrimSuffix(lw, "’"), "'")); ok {
				unit = u
				if u == "crimes" && strings.HasSuffix(strings.ToLower(b.String()), "administrative") {
					unit = "count" // administrative offences are not crimes
				}
				if u == "cases" && strings.HasPrefix(lw, "investigation") && internalCheck(b.String()) {
					unit = "count" // internal (official, disciplinary) investigations are not criminal cases
				}
			} else if len(lw) > 3 && strings.HasSuffix(lw, "s") && !strings.HasSuffix(lw, "ss") && !strings.HasSuffix(lw, "ous") && !strings.HasSuffix(lw, "ics") {
				unit = "count" // an unknown plural
			}
		}
		b = b.add(w, j)
		words++
		i = e
	}
	// (from text, not b.text: the phrase then leaves no way for pb to escape)
	switch {
	case b.built:
		return string(b.buf), unit
	case b.s >= 0:
		return text[b.s:b.e], unit
	}
	return "", unit
}

// phrase collects words one space apart. While they stand so in text it
// only tracks their span text[s:e]; buf holds the words once they do not.
type phrase struct {
	text  string
	s, e  int  // span in text of the words so far; s < 0 when there are none
	built bool // buf holds the words
	buf   []byte
}

// add appends w, which stands at text[at:] when it equals text there. (It
// returns the phrase rather than change it through a pointer, so that a
// buffer of the caller's stays on the stack.)
func (p phrase) add(w string, at int) phrase {
	inText := at >= 0 && at+len(w) <= len(p.text) && p.text[at:at+len(w)] == w
	if !p.built {
		switch {
		case p.s < 0 && inText:
			p.s, p.e = at, at+len(w)
			return p
		case p.s >= 0 && inText && at == p.e+1 && p.text[p.e] == ' ':
			p.e = at + len(w)
			return p
		}
		p.built = true
		p.buf = p.buf[:0]
		if p.s >= 0 {
			p.buf = append(p.buf, p.text[p.s:p.e]...)
		}
	}
	if len(p.buf) > 0 {
		p.buf = append(p.buf, ' ')
	}
	p.buf = append(p.buf, w...)
	return p
}

func (p phrase) String() string {
	switch {
	case p.built:
		return string(p.buf)
	case p.s >= 0:
		return p.text[p.s:p.e]
	}
	return ""
}

// internalCheck reports a phrase ending in an adjective that makes an
// investigation an internal check rather than a criminal case.
func internalCheck(before string) bool {
	w := strings.ToLower(before[strings.LastIndexByte(before, ' ')+1:])
	return w == "internal" || w == "official" || w == "service" || w == "disciplinary" || w == "departmental"
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
	s := joinFields(text[j:i])
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
	s := trimBlanks(text[:i])
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
func parentOf(cs []cand, qs []quantity.Quantity, k, ss int, unit string) int {
	for j := k - 1; j >= 0 && j >= k-maxLookBack; j-- {
		if qs[j].Start < ss {
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
func describe(text string, cs []cand, qs []quantity.Quantity, k, ss int) {
	c := &cs[k]
	q := &qs[k]
	switch {
	case q.Unit != "":
		c.unit = q.Unit
		if c.label != "" {
			return
		}
		// "54.5 million tenge or 117 thousand US dollars": one label.
		if k > 0 && !cs[k-1].skip && qs[k-1].Start >= ss && cs[k-1].unit != "percent" && q.Unit != "percent" {
			switch strings.TrimSpace(text[qs[k-1].End:q.QualStart]) {
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
			if k+1 < len(cs) && strings.TrimSpace(text[q.End:qs[k+1].QualStart]) == "or" {
				from = qs[k+1].End
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
				if p := parentOf(cs, qs, k, ss, ""); p >= 0 && cs[p].unit != "percent" {
					lab = cs[p].label
				}
			}
		} else if !hasLetters(lab) || pronoun[strings.ToLower(lab)] || isCompare(lab) {
			if p := parentOf(cs, qs, k, ss, q.Unit); p >= 0 {
				lab = cs[p].label
			}
		}
		c.label = lab
		return
	}
	after, unit := phraseAfter(text, q.End)
	if unit == "" && k+1 < len(cs) {
		nq := &qs[k+1]
		switch g := strings.TrimSpace(text[q.End:nq.QualStart]); {
		case g == "(" && nq.End < len(text) && text[nq.End] == ')' && nq.Unit == "":
			// "1,053 (1,224) complaints": the noun follows the bracket
			after, unit = phraseAfter(text, nq.End+1)
		case g == "out of" || g == "of the" || g == "of":
			// "40 out of 310 applicants", "74 of the 78 institutions"
			if a, u := phraseAfter(text, nq.End); u != "" {
				after, unit = a, u
			}
		}
	}
	// (after is ASCII letters, hyphens and apostrophes: ASCII folding is
	// strings.ToLower on it)
	if head, _, _ := strings.Cut(after, " "); notCountedSet.has(head) && !c.series && c.label == "" {
		return // "4 types of measure": a kind, not a count
	}
	if q.Decimal && !q.Scaled && c.label == "" && !c.series && !(k > 0 && !cs[k-1].skip && strings.TrimSpace(text[qs[k-1].End:q.Start]) == "(") &&
		!(k+1 < len(cs) && qs[k+1].Unit != "" && isRangeSep(text[q.End:qs[k+1].QualStart])) {
		return // "3.04" with nothing counted: an index or score
	}
	if c.label != "" { // table column: the unit its caption or header names
		if _, u := phraseUnit(c.label); u != "" {
			unit = u
		}
		if unit == "" {
			unit = "count"
		}
		c.unit = unit
		return
	}
	if c.series {
		// items of one series share its lead-in
		if k > 0 && cs[k-1].series && qs[k-1].Start >= ss && cs[k-1].label != "" && qs[k-1].End+40 > q.Start {
			c.label, c.unit = cs[k-1].label, cs[k-1].unit
			return
		}
		// "1,200 (2021: 1,050)": the bracketed year gives an earlier value
		// of the figure before it
		if openParen(text, ss, q.Start) >= 0 {
			if p := parentOf(cs, qs, k, ss, ""); p >= 0 && !cs[p].series {
				c.label, c.unit = cs[p].label, cs[p].unit
				return
			}
		}
		lead := seriesLead(text, ss, q.Start)
		c.label = lead
		_, u := phraseUnit(lead)
		if u == "" {
			if p := parentSeries(cs, qs, k, text); p >= 0 {
				u = cs[p].unit
			} else {
				u = "cases"
			}
		}
		c.unit = u
		return
	}
	if dashBefore(text, q.QualStart) {
		s := trimBlanks(text[:q.QualStart])
		for _, d := range [...]string{"–", "—", "-"} {
			if strings.HasSuffix(s, d) {
				s = strings.TrimRight(s[:len(s)-len(d)], " ")
				break
			}
		}
		ls := ss
		if ss < len(s) {
			if j := strings.LastIndexByte(text[ss:len(s)], '\n'); j >= 0 {
				ls = ss + j + 1
			}
		}
		lab := clauseBefore(text, len(s), ls)
		if strings.HasPrefix(strings.ToLower(lab), "including ") {
			lab = lab[len("including "):]
		}
		c.label = lab
		_, u := phraseUnit(lab)
		if ll := strings.ToLower(lab); u == "" && (strings.Contains(ll, "detention") || strings.Contains(ll, "prison") || strings.Contains(ll, "detained")) {
			u = "persons" // a profile's "In pre-trial detention - 5 288"
		}
		if u == "" {
			if p := parentOf(cs, qs, k, ss, ""); p >= 0 {
				u = cs[p].unit
			} else {
				u = "count"
			}
		}
		c.unit = u
		return
	}
	if unit != "" {
		// "(compared with 152 offences in 2022)", "fewer than the 194
		// offences": the same noun as an earlier figure of the sentence is
		// counted the same way
		// (only a bare noun: "14 criminal investigations" says its own kind)
		if w, _ := phraseUnit(after); w != "" && hasPrefixFold(after, w) {
			for p := k - 1; p >= 0 && p >= k-maxLookBack && qs[p].Start >= ss; p-- {
				if cs[p].skip || unitClass(cs[p].unit) != "count" {
					continue
				}
				if pw, _ := phraseUnit(cs[p].label); pw == w {
					unit = cs[p].unit
					break
				}
			}
		}
		c.unit, c.label = unit, after
		// "(compared with 262 persons in 2020)": the whole's label
		if !strings.Contains(after, " ") {
			if p := parentOf(cs, qs, k, ss, unit); p >= 0 && cs[p].label != "" {
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
		// A number word counts only a plural noun ("nine regions") or,
		// in a breakdown, the whole's unit ("one on grounds of sex").
		first, rest, _ := strings.Cut(lowerASCII(after), " ")
		second, _, _ := strings.Cut(rest, " ")
		if q.Value > 1 && !preps[first] && !aux[first] {
			for _, w := range [...]string{first, second} {
				if len(w) > 3 && strings.HasSuffix(w, "s") && !strings.HasSuffix(w, "ss") && !notCounted[w] {
					c.unit, c.label = "count", after // "eight housing units"
					return
				}
				if preps[w] {
					break
				}
			}
		}
		// "four conferences and one round table", "(140 fines and one
		// warning)": the last item of a list of counted things is counted
		// too, even in the singular.
		if q.Value >= 1 && first != "" && !preps[first] && !aux[first] && !notCounted[first] && k > 0 && !cs[k-1].skip &&
			qs[k-1].Start >= ss && unitClass(cs[k-1].unit) == "count" && cs[k-1].unit != "" {
			// "<noun> and", "<noun>, and": the previous item's noun, then the conjunction
			gap := text[qs[k-1].End:q.QualStart]
			var g [4]string
			if n := fields(gap, g[:]); n >= 2 && n <= 4 && (g[n-1] == "and" || g[n-1] == "or") && !strings.ContainsAny(gap, ".;:()") {
				c.unit, c.label = "count", after
				return
			}
		}
		if first == "on" || first == "in" || first == "for" || first == "from" {
			if p := parentOf(cs, qs, k, ss, ""); p >= 0 {
				c.unit = cs[p].unit
				c.label = cs[p].label + " " + after
			}
		}
		return
	}
	// "between 8.3 and 8.5 per cent", "from 1.9 to 1.3 per cent"
	if k+1 < len(cs) && qs[k+1].Unit != "" && !qs[k+1].Scaled {
		switch strings.TrimSpace(text[q.End:qs[k+1].QualStart]) {
		case "and", "to", "–", "-", "—":
			c.unit = qs[k+1].Unit
			lab := clauseBefore(text, q.QualStart, ss)
			for _, w := range [...]string{" between", " from", " at"} {
				lab = strings.TrimSuffix(lab, w)
			}
			c.label = lab
			return
		}
	}
	if q.Decimal && !q.Scaled {
		// "5005 (49,2)": a share given without its per cent sign
		if k > 0 && !cs[k-1].skip && strings.TrimSpace(text[qs[k-1].End:q.Start]) == "(" && q.Value <= 100 {
			c.unit, c.label = "percent", cs[k-1].label
		}
		return // else "3.04" with nothing counted: an index or score
	}
	first, _, _ := strings.Cut(lowerASCII(after), " ")
	// "violations have been reduced by 16 per cent (from 148 to 124)": the
	// bracketed values of a change count what the changed quantity counts.
	if lab, ok := changeSubject(text, cs, qs, k, ss); ok {
		_, u := phraseUnit(lab)
		if u == "" {
			u = "count"
		}
		c.unit, c.label = u, lab
		return
	}
	// "…, and the number of members from 108 to 147": the clause names
	// what is counted, whatever figures came before it.
	if lab := clauseBefore(text, q.QualStart, ss); len(lab) < 120 {
		if i := strings.LastIndex(strings.ToLower(lab), "number of "); i >= 0 {
			if _, u := phraseUnit(lab[i+len("number of "):]); u != "" {
				c.unit, c.label = u, lab
				return
			}
		}
	}
	// No counted noun after the number: the whole it is part of ("1,273
	// persons, 543 of them …"), else the noun of the clause before ("the
	// number of victims … was 348"), else a plain count.
	p := parentOf(cs, qs, k, ss, "")
	if p < 0 && (after == "" || preps[first] || aux[first]) {
		p = parentOf(cs, qs, k, paragraphStart(text, ss), "")
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
	from := q.QualStart
	pre := strings.TrimRight(text[ss:from], " ")
	for _, w := range [...]string{"from", "compared with", "including", "of which", "of whom"} {
		if strings.HasSuffix(pre, w) {
			pre = strings.TrimRight(pre[:len(pre)-len(w)], " ")
		}
	}
	if strings.HasSuffix(pre, "(") {
		from = ss + len(pre) - 1
	}
	lab := clauseBefore(text, from, ss)
	if _, u := phraseUnit(lab); u == "" && from < q.QualStart {
		// "The number of trafficking offences fell … (from 276 in 2018, …)":
		// the subject of the sentence names what the list counts
		if i := strings.LastIndex(strings.ToLower(text[ss:from]), "number of "); i >= 0 {
			subj := text[ss+i+len("number of ") : min(from, ss+i+len("number of ")+60)]
			if _, u2 := phraseUnit(subj); u2 != "" {
				c.unit, c.label = u2, strings.TrimSpace(lab+" "+after)
				return
			}
		}
	}
	if _, u := phraseUnit(lab); u != "" {
		c.unit = u
		c.label = strings.TrimSpace(lab + " " + after)
		return
	}
	c.unit = "count"
	if hasLetters(lab) && (after == "" || preps[first]) {
		after = strings.TrimSpace(lab + " " + after)
	}
	c.label = after
}

// changeSubject reads "SUBJECT … by N per cent (from A to B)" for A or B
// at cs[k] and returns the subject of the change.
func changeSubject(text string, cs []cand, qs []quantity.Quantity, k, ss int) (string, bool) {
	q := &qs[k]
	o := openParen(text, ss, q.QualStart)
	if o < 0 {
		return "", false
	}
	if !strings.Contains(text[o+1:q.QualStart], "from") {
		return "", false // the test below needs a "from"
	}
	var in [3]string
	if n := fields(text[o+1:q.QualStart], in[:]); !(n == 1 && in[0] == "from" || n == 3 && in[0] == "from" && in[2] == "to") {
		return "", false
	}
	j := k - 1
	for j >= 0 && qs[j].End > o {
		j--
	}
	if j < 0 || qs[j].Unit != "percent" || strings.TrimSpace(text[qs[j].End:o]) != "" || qs[j].Start < ss {
		return "", false
	}
	lab := clauseBefore(text, qs[j].QualStart, ss)
	for _, w := range [...]string{" by", " reduced", " increased", " decreased", " fell", " rose", " grew", " been", " have", " has"} {
		lab = strings.TrimSuffix(lab, w)
	}
	return lab, hasLetters(lab)
}

// notCounted are plurals after a number word that name kinds, not counts.
var notCounted = map[string]bool{
	"types": true, "kinds": true, "forms": true, "ways": true, "times": true, "categories": true, "principles": true,
	"levels": true, "stages": true, "parts": true, "aspects": true, "areas": true, "directions": true, "priorities": true,
	"components": true, "elements": true, "pillars": true, "years": true, "months": true, "days": true, "weeks": true, "hours": true, "minutes": true,
	"others": true, "options": true, "steps": true, "tiers": true, "phases": true, "rounds": true, "languages": true,
	"readings": true, "instances": true, "occasions": true, "goals": true, "objectives": true, "tasks": true, "is": true,
	"was": true, "has": true, "blocks": true, "sets": true, "dimensions": true, "criteria": true, "grounds": true,
	"conditions": true, "models": true, "methods": true, "things": true, "decades": true, "seconds": true,
}

func isCompare(s string) bool {
	l := strings.ToLower(s)
	return l == "compared" || strings.HasPrefix(l, "compared with") || l == "as against" || l == "against" || l == "versus"
}

// phraseUnit finds the unit of the first counted noun in a label.
func phraseUnit(s string) (string, string) {
	for i := 0; i < len(s); {
		i = skipFwd(s, i)
		j := i
		for j < len(s) && !isSpace(s[j]) && !(s[j] == 0xc2 && strings.HasPrefix(s[j:], "\u00a0")) && !(s[j] == 0xe2 && strings.HasPrefix(s[j:], "\u202f")) {
			j++
		}
		w := trimAny(s[i:j], "(),.;:\"")
		i = j
		if w == "" || !isLetter(w[0]) {
			continue
		}
		w = lowerWord(w) // allocates only for capitalised words the rules do not know
		if u, ok := unitOf(w); ok {
			return w, u
		}
	}
	return "", ""
}

// parentSeries is the previous series item of the same paragraph, whose
// unit a following series without a noun of its own shares ("Sent to
// court: 2015 – 12").
func parentSeries(cs []cand, qs []quantity.Quantity, k int, text string) int {
	ps := paragraphStart(text, qs[k].Start)
	for j := k - 1; j >= 0 && j >= k-maxLookBack; j-- {
		if qs[j].Start < ps {
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
	s = joinFields(s)
	if i := strings.LastIndex(s, ": "); i >= 0 && i > len(s)/2 {
		s = s[:i]
	}
	return s
}

// prevToken is the whitespace-delimited token before i.
func prevToken(text string, i int) string {
	for i > 0 && isSpace(text[i-1]) {
		i--
	}
	j := i
	for j > 0 && !isSpace(text[j-1]) {
		j--
	}
	return text[j:i]
}

var pronoun = map[string]bool{"which": true, "whom": true, "them": true, "these": true, "those": true, "it": true, "this": true}

// nounEd are nouns and adjectives ending in -ed that may follow a number.
var nounEd = map[string]bool{"hundred": true, "convicted": true, "accused": true, "detained": true, "disabled": true, "displaced": true}

// phoneWords name the telephone numbers that may follow them.
var phoneWords = map[string]bool{"hotline": true, "helpline": true, "telephone": true, "phone": true, "tel": true, "tel.": true}

// wordEnd returns the end of the word after i (spaces skipped), or i.
func wordEnd(text string, i int) int {
	j := skipFwd(text, i)
	e := j
	for e < len(text) && (isLetter(text[e]) || text[e] == '\'') {
		e++
	}
	if e == j {
		return i
	}
	return e
}

// indexPunct is strings.IndexAny(s, ",.;()") without building a set per call.
func indexPunct(s string) int {
	for i := 0; i < len(s); i++ {
		switch s[i] {
		case ',', '.', ';', '(', ')':
			return i
		}
	}
	return -1
}

// hasDigit reports an ASCII digit in s.
func hasDigit(s string) bool {
	for i := 0; i < len(s); i++ {
		if isDigit(s[i]) {
			return true
		}
	}
	return false
}

// indexFold is strings.Index for a lower-case ASCII sub, ignoring the
// case of s, without allocating.
func indexFold(s, sub string) int {
	n := len(sub)
	for i := 0; i+n <= len(s); i++ {
		if s[i]|0x20 != sub[0] {
			continue
		}
		j := 1
		for ; j < n; j++ {
			c := s[i+j]
			if c >= 'A' && c <= 'Z' {
				c += 32
			}
			if c != sub[j] {
				break
			}
		}
		if j == n {
			return i
		}
	}
	return -1
}

// hasSuffixFold reports whether s ends with the lower-case ASCII suffix,
// ignoring the case of s.
func hasSuffixFold(s, suffix string) bool {
	return len(s) >= len(suffix) && hasPrefixFold(s[len(s)-len(suffix):], suffix)
}

// singularAt reports w in s not followed by a plural "s" ("the 119
// national helpline", not "210 telephone helplines").
func singularAt(s, w string) bool {
	i := indexFold(s, w)
	return i >= 0 && (i+len(w) == len(s) || s[i+len(w)]|0x20 != 's')
}

// joinFields is strings.Join(strings.Fields(s), " ") without allocating
// when s already is words one ASCII space apart, as it mostly is, and
// with one allocation when it is ASCII (wrapped lines).
func joinFields(s string) string {
	clean := s != "" && s[0] != ' ' && s[len(s)-1] != ' '
	for k := 0; k < len(s); k++ {
		switch c := s[k]; {
		case c >= 0x80:
			return strings.Join(strings.Fields(s), " ") // Unicode spaces
		case c == '\t', c == '\n', c == '\v', c == '\f', c == '\r', c == ' ' && k+1 < len(s) && s[k+1] == ' ':
			clean = false
		}
	}
	if clean || s == "" {
		return s
	}
	var buf [256]byte // the words are joined here and copied once into the string
	b := buf[:0]
	for k := 0; k < len(s); {
		for k < len(s) && asciiSpace(s[k]) {
			k++
		}
		j := k
		for j < len(s) && !asciiSpace(s[j]) {
			j++
		}
		if j > k {
			if len(b) > 0 {
				b = append(b, ' ')
			}
			b = append(b, s[k:j]...)
		}
		k = j
	}
	return string(b)
}

// fields is strings.Fields for a caller that reads a few fields, without
// allocating: it puts the first len(dst) fields of s in dst and returns
// how many s has, or len(dst)+1 when it has more.
func fields(s string, dst []string) int {
	n, start := 0, -1
	for i := 0; i <= len(s); {
		r, size := ' ', 1 // the end of s ends a field
		if i < len(s) {
			if r = rune(s[i]); r >= utf8.RuneSelf {
				r, size = utf8.DecodeRuneInString(s[i:])
			}
		}
		switch {
		case !unicode.IsSpace(r):
			if start < 0 {
				start = i
			}
		case start >= 0:
			if n == len(dst) {
				return n + 1
			}
			dst[n] = s[start:i]
			n++
			start = -1
		}
		i += size
	}
	return n
}

// asciiSpace is unicode.IsSpace for ASCII bytes.
func asciiSpace(c byte) bool {
	return c == ' ' || c == '\t' || c == '\n' || c == '\v' || c == '\f' || c == '\r'
}
