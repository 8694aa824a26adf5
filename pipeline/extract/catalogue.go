package extract

import (
	"bytes"
	"encoding/json"
	"strings"
	"unicode/utf8"
)

// CatalogueVersion versions the metric catalogue; it is part of the JSON
// in schemas/metrics.json.
const CatalogueVersion = "metrics/1"

// Metric is one entry of the metric catalogue. A label matches the entry
// when it contains every keyword of at least one of Keywords (lower case,
// hyphens and dashes read as spaces, substring match so that "regist"
// covers registered/registration).
type Metric struct {
	ID       string     `json:"id"`
	Label    string     `json:"label"`
	Unit     string     `json:"unit"`
	Keywords [][]string `json:"keywords"`
}

// Catalogue is the metric catalogue, most specific entries first. It is
// the source of schemas/metrics.json (a test keeps the two equal).
var Catalogue = []Metric{
	{"torture_cases_discontinued_rehabilitating", "Torture cases discontinued on rehabilitating grounds", "cases", [][]string{{"discontinu", "rehabilitat"}, {"terminat", "rehabilitat"}}},
	{"cases_discontinued_nonrehabilitating", "Cases terminated on non-rehabilitating grounds", "cases", [][]string{{"non rehabilitat"}}},
	{"torture_cases_sent_to_court", "Torture cases sent to court", "cases", [][]string{{"torture", "sent to court"}, {"torture", "referred to court"}}},
	{"cases_sent_to_court", "Cases sent to court", "cases", [][]string{{"sent to court"}, {"referred to court"}, {"sent to the court"}}},
	{"torture_registered", "Registrations of torture (Unified Register of Pre-Trial Investigations)", "cases", [][]string{{"torture", "regist"}}},
	{"torture_complaints", "Complaints of torture and ill-treatment", "complaints", [][]string{{"complaint", "torture"}, {"allegation", "torture"}}},
	{"torture_criminal_cases_initiated", "Criminal cases of torture initiated", "cases", [][]string{{"criminal cases initiated"}, {"torture", "initiated"}}},
	{"self_harm_cases_penal", "Cases of self-harm by inmates in penal institutions", "cases", [][]string{{"self harm"}, {"bodily harm", "prisoner"}, {"bodily harm", "inmate"}}},
	{"compensation_paid_vcf", "Compensation paid to victims", "KZT", [][]string{{"compensat", "amount"}, {"compensation", "total"}, {"received compensation"}, {"compensation", "payments"}}},
	{"victims_compensated_vcf", "Victims who received compensation from the Victims Compensation Fund", "persons", [][]string{{"victim", "compensat"}}},
	{"pretrial_detention_population", "Persons in pre-trial detention", "persons", [][]string{{"pre trial detention"}, {"pretrial detention"}, {"remand"}}},
	{"prison_population", "Prison population", "persons", [][]string{{"prison population"}, {"prisoners", "held"}, {"inmates", "held"}, {"number of prisoners"}}},
	{"population", "Population", "persons", [][]string{{"population"}}},
	{"persons_convicted", "Persons convicted", "persons", [][]string{{"convicted"}}},
	{"hate_crimes_recorded", "Hate crimes recorded", "crimes", [][]string{{"hate crime"}}},
	{"crimes_registered", "Crimes registered", "crimes", [][]string{{"crimes", "regist"}, {"offences", "regist"}}},
	{"discrimination_complaints", "Complaints of discrimination", "complaints", [][]string{{"complaint", "discriminat"}}},
	{"legal_aid_recipients", "Persons provided with State-guaranteed free legal assistance", "persons", [][]string{{"free legal assistance"}, {"legal aid", "provided"}}},
	{"legal_aid_budget", "Budget for State-guaranteed legal assistance", "KZT", [][]string{{"allocated", "legal assistance"}}},
	{"lawyers", "Lawyers (advocates)", "persons", [][]string{{"lawyers"}, {"advocates"}}},
	{"legal_advisers", "Legal advisers", "persons", [][]string{{"legal advisers"}}},
	{"law_enforcement_budget", "Law enforcement budget", "KZT", [][]string{{"law enforcement budget"}}},
	{"women_judges", "Women judges", "persons", [][]string{{"women judges"}, {"female", "judges"}}},
	{"women_civil_servants_share", "Share of women among civil servants", "percent", [][]string{{"women", "civil servants"}}},
	{"women_parliament", "Women deputies in Parliament", "persons", [][]string{{"women deputies"}}},
	{"women_armed_forces", "Women in the armed forces", "persons", [][]string{{"women", "armed forces"}}},
	{"referendum_support", "Share of votes in a referendum", "percent", [][]string{{"those who voted"}, {"referendum"}}},
	{"domestic_violence", "Domestic violence", "count", [][]string{{"domestic violence"}}},
	{"trafficking_victims", "Victims of trafficking in persons", "persons", [][]string{{"trafficking", "victim"}}},
	{"trafficking_crimes", "Crimes of trafficking in persons", "crimes", [][]string{{"trafficking"}}},
	{"judges_disciplined", "Judges subjected to disciplinary measures", "persons", [][]string{{"judges", "disciplin"}}},
	{"ngos", "Non-governmental organizations", "count", [][]string{{"ngos"}, {"non governmental organizations"}}},
	{"mass_riots_convicted", "Persons convicted for mass riots", "persons", [][]string{{"mass riots"}}},
	{"abduction_cases", "Cases of abduction", "cases", [][]string{{"abduction"}, {"art 125"}}},
}

// CatalogueJSON is the canonical encoding of the catalogue, as stored in
// schemas/metrics.json.
func CatalogueJSON() ([]byte, error) {
	b, err := json.MarshalIndent(struct {
		Version string   `json:"version"`
		Metrics []Metric `json:"metrics"`
	}{CatalogueVersion, Catalogue}, "", "  ")
	if err != nil {
		return nil, err
	}
	return append(b, '\n'), nil
}

// normLabel lower-cases a label and reads hyphens, dashes and
// punctuation as spaces, so that "Pre–Trial" matches "pre trial".
func normLabel(s string) string { return string(appendNormLabel(nil, s)) }

// appendNormLabel appends the normLabel form of s to dst: metricFor works
// on it in a buffer of its own rather than a new string per label.
func appendNormLabel(dst []byte, s string) []byte {
	dst = append(dst, ' ')
	space := true
	for i := 0; i < len(s); {
		r, size := rune(s[i]), 1
		if r >= utf8.RuneSelf {
			r, size = utf8.DecodeRuneInString(s[i:])
		}
		i += size
		switch {
		case r >= 'A' && r <= 'Z':
			dst = append(dst, byte(r+32))
			space = false
		case r >= 'a' && r <= 'z' || r >= '0' && r <= '9':
			dst = append(dst, byte(r))
			space = false
		case r == '\'' || r == '’':
		default:
			if !space {
				dst = append(dst, ' ')
				space = true
			}
		}
	}
	if !space {
		dst = append(dst, ' ')
	}
	return dst
}

// metricFor maps a label to a catalogue id, or derives a stable id from
// the label's content words so that no figure is dropped.
func metricFor(label, unit string) string {
	var buf [256]byte
	n := appendNormLabel(buf[:0], label)
	cls := unitClass(unit)
	// Only entries one of whose keyword sets starts with a word of the
	// label are tried (keyIndex is built from the sets' first keywords).
	var cand [64]bool
	hit := false
	for i := 0; i < len(n); i++ {
		if n[i] != ' ' || i+1 >= len(n) {
			continue
		}
		j := i + 1
		for j < len(n) && n[j] != ' ' {
			j++
		}
		key := n[i+1 : j]
		if len(key) > keyLen {
			key = key[:keyLen]
		}
		for _, e := range keyIndex[string(key)] {
			if e < len(cand) {
				cand[e] = true
				hit = true
			}
		}
	}
	for ei := range Catalogue {
		m := &Catalogue[ei] // (not a copy of each entry)
		if ei < len(cand) && !cand[ei] || !hit || unitClass(m.Unit) != cls {
			continue
		}
		for _, set := range m.Keywords {
			ok := true
			for _, kw := range set {
				if !bytes.Contains(n, []byte(kw)) {
					ok = false
					break
				}
			}
			if ok {
				return m.ID
			}
		}
	}
	return derivedID(n, unit)
}

var stopWords = map[string]bool{
	"the": true, "of": true, "a": true, "an": true, "in": true, "on": true, "for": true, "to": true, "and": true,
	"by": true, "with": true, "were": true, "was": true, "is": true, "are": true, "been": true, "have": true,
	"has": true, "had": true, "which": true, "that": true, "their": true, "its": true, "these": true, "those": true,
	"who": true, "them": true, "at": true, "from": true, "or": true, "as": true, "this": true, "total": true,
	"number": true, "some": true, "all": true, "any": true, "they": true, "there": true, "be": true, "it": true,
}

// derivedID is "x_" plus up to six content words of the label.
func derivedID(n []byte, unit string) string {
	var buf [128]byte // the id is built here and copied once into its string
	b := append(buf[:0], 'x')
	words := 0
	for i := 0; i < len(n) && words < 6; {
		for i < len(n) && n[i] == ' ' {
			i++
		}
		j := i
		for j < len(n) && n[j] != ' ' {
			j++
		}
		w := n[i:j]
		i = j
		if len(w) == 0 || stopWords[string(w)] || isDigit(w[0]) || len(w) < 2 {
			continue
		}
		b = append(b, '_')
		b = append(b, w...)
		words++
	}
	if words == 0 {
		b = append(b, '_')
		b = append(b, strings.ToLower(unit)...)
	}
	return string(b)
}

// unitClass groups units so that a money figure never takes a head-count
// metric: "money", "percent" or "count".
func unitClass(u string) string {
	switch u {
	case "percent":
		return "percent"
	case "persons", "cases", "crimes", "complaints", "count", "":
		return "count"
	}
	return "money"
}

// keyLen is the length of the keyIndex keys: the first letters of a word.
const keyLen = 4

// keyIndex maps the first letters of each keyword set's first word to the
// catalogue entries holding that set.
var keyIndex = func() map[string][]int {
	m := map[string][]int{}
	for ei, e := range Catalogue {
		for _, set := range e.Keywords {
			w, _, _ := strings.Cut(set[0], " ")
			if len(w) > keyLen {
				w = w[:keyLen]
			}
			m[w] = append(m[w], ei)
		}
	}
	return m
}()
