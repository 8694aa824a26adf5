package legal

import (
	"encoding/json"
	"regexp"
	"sort"
	"strings"
)

// CodeEntry is one entry of the code catalogue: a code, constitution,
// convention, covenant or protocol that references may cite.
type CodeEntry struct {
	Name    string   `json:"name"`    // canonical name stored in legal_references.code
	Kind    string   `json:"kind"`    // code, constitution, convention, covenant, protocol
	Aliases []string `json:"aliases"` // other spellings matched case-insensitively (the name itself is always matched)
	// Committee names the treaty body whose documents make the bare words
	// "the Convention" / "the Covenant" mean this treaty.
	Committee string `json:"committee,omitempty"`
	// Symbol is the prefix of that committee's UN document symbols
	// ("CCPR/C/"), which also settles what "the Covenant" means.
	Symbol string `json:"symbol,omitempty"`
}

// Catalogue is the documented catalogue of codes. schemas/codes.json is its
// JSON encoding (CatalogueJSON); a test asserts they agree.
//
// Aliases are only spellings that cannot mean anything else. Abbreviations
// such as "CC" and "Penal Code" are deliberately absent. The bare words
// "the Code", "the Convention" and "the Covenant" are not aliases: they are
// resolved from context (see ReferencesIn).
var Catalogue = []CodeEntry{
	{Name: "Criminal Code", Kind: "code", Aliases: []string{"CC RK", "CC of the RK", "CC of RK"}},
	{Name: "Code of Criminal Procedure", Kind: "code", Aliases: []string{"Criminal Procedure Code", "Criminal Procedural Code", "Code of Criminal Procedures", "CPC RK", "CPC of the RK", "CPC of RK"}},
	{Name: "Code of Administrative Offences", Kind: "code", Aliases: []string{"Code of Administrative Offenses", "Code on Administrative Offences", "Code on Administrative Offenses", "Administrative Offences Code", "Administrative Offenses Code", "Code of Administrative Violations", "CAO RK", "CAO of the RK", "CAO of RK"}},
	{Name: "Criminal Enforcement Code", Kind: "code", Aliases: []string{"Penal Enforcement Code", "Penalties Enforcement Code", "Criminal Executive Code", "Penal Executive Code", "Penitentiary Code", "Criminal-Executive Code"}},
	{Name: "Civil Code", Kind: "code"},
	{Name: "Civil Procedure Code", Kind: "code", Aliases: []string{"Code of Civil Procedure", "Civil Procedural Code"}},
	{Name: "Constitution", Kind: "constitution"},
	{Name: "Labour Code", Kind: "code", Aliases: []string{"Labor Code"}},
	{Name: "Code on Marriage and the Family", Kind: "code", Aliases: []string{"Marriage and Family Code", "Code on Marriage and Family", "Code on Marriage (Matrimony) and Family", "Code on Marriage (Matrimony) and the Family"}},
	{Name: "Code on Health", Kind: "code", Aliases: []string{"Code on Public Health and the Healthcare System", "Code on the Health of the People and the Healthcare System", "Code on People's Health and the Healthcare System", "Health Code"}},
	{Name: "Administrative Procedure Code", Kind: "code", Aliases: []string{"Administrative Procedural and Process Code", "Code of Administrative Procedure", "Administrative Procedural Code"}},
	{Name: "Tax Code", Kind: "code"},
	{Name: "Entrepreneurial Code", Kind: "code", Aliases: []string{"Business Code"}},
	{Name: "Land Code", Kind: "code"},
	{Name: "Environmental Code", Kind: "code", Aliases: []string{"Ecological Code"}},
	{Name: "Budget Code", Kind: "code"},
	{Name: "Convention against Torture", Kind: "convention", Committee: "Committee against Torture", Symbol: "CAT/C/", Aliases: []string{"Convention against Torture and Other Cruel, Inhuman or Degrading Treatment or Punishment", "UN Convention against Torture", "United Nations Convention against Torture"}},
	{Name: "Optional Protocol to the Convention against Torture", Kind: "protocol", Aliases: []string{"Optional Protocol to the Convention against Torture and Other Cruel, Inhuman or Degrading Treatment or Punishment", "Optional Protocol to the UN Convention against Torture"}},
	{Name: "International Covenant on Civil and Political Rights", Kind: "covenant", Committee: "Human Rights Committee", Symbol: "CCPR/C/"},
	{Name: "Optional Protocol to the International Covenant on Civil and Political Rights", Kind: "protocol"},
	{Name: "International Covenant on Economic, Social and Cultural Rights", Kind: "covenant", Committee: "Committee on Economic, Social and Cultural Rights", Symbol: "E/C.12/"},
	{Name: "International Convention for the Protection of All Persons from Enforced Disappearance", Kind: "convention", Committee: "Committee on Enforced Disappearances", Symbol: "CED/C/"},
	{Name: "Convention on the Rights of the Child", Kind: "convention", Committee: "Committee on the Rights of the Child", Symbol: "CRC/C/", Aliases: []string{"UN Convention on the Rights of the Child"}},
	{Name: "Convention on the Elimination of All Forms of Discrimination against Women", Kind: "convention", Committee: "Committee on the Elimination of Discrimination against Women", Symbol: "CEDAW/C/"},
	{Name: "International Convention on the Elimination of All Forms of Racial Discrimination", Kind: "convention", Committee: "Committee on the Elimination of Racial Discrimination", Symbol: "CERD/C/"},
	{Name: "Convention on the Rights of Persons with Disabilities", Kind: "convention", Committee: "Committee on the Rights of Persons with Disabilities", Symbol: "CRPD/C/"},
	{Name: "International Convention on the Protection of the Rights of All Migrant Workers and Members of Their Families", Kind: "convention", Committee: "Committee on Migrant Workers", Symbol: "CMW/C/"},
}

// CatalogueJSON is the canonical encoding of Catalogue, the exact content of
// schemas/codes.json.
func CatalogueJSON() []byte {
	b, err := json.MarshalIndent(Catalogue, "", "  ")
	if err != nil {
		panic(err) // cannot happen: plain strings
	}
	return append(b, '\n')
}

// LookupCode returns the catalogue entry whose name or alias equals s
// (case-insensitive, whitespace-normalised, a leading "the" ignored).
func LookupCode(s string) (CodeEntry, bool) {
	e, ok := aliasIndex[normAlias(s)]
	if !ok {
		return CodeEntry{}, false
	}
	return Catalogue[e], true
}

// lookupCode is LookupCode without allocating for ASCII s of up to 128
// bytes (canonicalOf calls it once per word of every name found): it
// lower-cases into a stack buffer, which the map index reads in place.
func lookupCode(s string) (CodeEntry, bool) {
	s = CollapseSpace(strings.TrimSpace(s))
	if len(s) > 128 || !isASCII(s) {
		return LookupCode(s)
	}
	var buf [128]byte
	b := buf[:len(s)]
	for i := 0; i < len(s); i++ {
		c := s[i]
		if c >= 'A' && c <= 'Z' {
			c += 'a' - 'A'
		}
		b[i] = c
	}
	if len(b) >= 4 && string(b[:4]) == "the " {
		b = b[4:]
	}
	e, ok := aliasIndex[string(b)]
	if !ok {
		return CodeEntry{}, false
	}
	return Catalogue[e], true
}

var (
	aliasIndex = buildAliasIndex()
	// codeRe matches any catalogued spelling, longest first.
	codeRe = buildCodeRe()
	// codeAtRe matches a catalogued spelling at the start of its input.
	codeAtRe = regexp.MustCompile(`^(?:` + codeRe.String() + `)`)
)

func normAlias(s string) string {
	s = strings.ToLower(CollapseSpace(strings.TrimSpace(s)))
	s = strings.TrimPrefix(s, "the ")
	return strings.ReplaceAll(s, "’", "'")
}

func buildAliasIndex() map[string]int {
	m := map[string]int{}
	for i, e := range Catalogue {
		m[normAlias(e.Name)] = i
		for _, a := range e.Aliases {
			m[normAlias(a)] = i
		}
	}
	return m
}

func buildCodeRe() *regexp.Regexp {
	return codeReFor(codeNames())
}

// codeNames lists every catalogued spelling, longest first: the order of
// codeRe's alternation.
func codeNames() []string {
	var names []string
	for _, e := range Catalogue {
		names = append(names, e.Name)
		names = append(names, e.Aliases...)
	}
	sort.Slice(names, func(i, j int) bool { return len(names[i]) > len(names[j]) })
	return names
}

// codeReFor is codeRe for the spellings names, in their order.
func codeReFor(names []string) *regexp.Regexp {
	var alts []string
	for _, n := range names {
		words := strings.Fields(n)
		for i, w := range words {
			words[i] = regexp.QuoteMeta(w)
		}
		alts = append(alts, strings.Join(words, `\s+`))
	}
	// (?i) for the catalogued names; a country qualifier may follow.
	return mustRx(`(?i)\b(?:` + strings.Join(alts, "|") + `)\b(?-i:(?:\s+of\s+(?:the\s+)?Republic\s+of\s+\p{Lu}\p{L}+|\s+of\s+the\s+\p{Lu}\p{L}+\s+Federation|\s+of\s+\p{Lu}\p{L}+stan))?`)
}

// canonicalOf returns the catalogue entry for a codeRe match, ignoring a
// trailing country qualifier.
func canonicalOf(m string) (CodeEntry, bool) {
	if t := strings.TrimSpace(m); len(t) <= 128 && isASCII(t) {
		return canonicalOfASCII(t)
	}
	n := CollapseSpace(strings.TrimSpace(m))
	for j := len(n); j > 0; j-- {
		if j < len(n) && n[j] != ' ' {
			continue
		}
		if e, ok := lookupCode(n[:j]); ok {
			return e, true
		}
	}
	return CodeEntry{}, false
}

// canonicalOfASCII is canonicalOf for an ASCII match t of at most 128
// bytes, trimmed: it collapses and lower-cases t once, into a buffer on
// the stack, and looks up each of its prefixes that ends before a space
// as lookupCode would (a prefix of a collapsed text is collapsed; of the
// white space TrimSpace trims, only '\v', which CollapseSpace keeps, and
// ' ' can end it).
func canonicalOfASCII(t string) (CodeEntry, bool) {
	var buf [128]byte
	b := buf[:0]
	for i := 0; i < len(t); {
		if spaceAt(t, i) > 0 {
			b = append(b, ' ')
			i = skipSpace(t, i)
			continue
		}
		c := t[i]
		if c >= 'A' && c <= 'Z' {
			c += 'a' - 'A'
		}
		b = append(b, c)
		i++
	}
	for j := len(b); j > 0; j-- {
		if j < len(b) && b[j] != ' ' {
			continue
		}
		hi := j
		for hi > 0 && (b[hi-1] == ' ' || b[hi-1] == '\v') {
			hi--
		}
		lo := 0
		if hi >= 4 && string(b[:4]) == "the " {
			lo = 4
		}
		if e, ok := aliasIndex[string(b[lo:hi])]; ok {
			return Catalogue[e], true
		}
	}
	return CodeEntry{}, false
}

// mustRx compiles a pattern in which \s also matches the no-break and narrow
// spaces that PDF conversions leave in text (RE2's \s is ASCII-only).
func mustRx(p string) *regexp.Regexp {
	const extra = `\x{00A0}\x{2007}\x{202F}`
	var b strings.Builder
	inClass := false
	for i := 0; i < len(p); i++ {
		c := p[i]
		switch {
		case c == '\\' && i+1 < len(p):
			if p[i+1] == 's' {
				if inClass {
					b.WriteString(`\s` + extra)
				} else {
					b.WriteString(`[\s` + extra + `]`)
				}
			} else {
				b.WriteByte(c)
				b.WriteByte(p[i+1])
			}
			i++
			continue
		case c == '[' && !inClass:
			inClass = true
		case c == ']' && inClass:
			inClass = false
		}
		b.WriteByte(c)
	}
	return regexp.MustCompile(b.String())
}

// findCodes returns the spans of codeRe matches in text, leftmost first and
// non-overlapping, like codeRe.FindAllStringIndex but much faster: the
// alternation is only tried where a catalogued name can start.
func findCodes(text string) [][2]int {
	var f codeFinder
	for s, e, ascii := nextWord(text, 0); s < len(text); s, e, ascii = nextWord(text, e) {
		if s >= f.last && mayCode(text[s:e], ascii) {
			f.try(text, s, e, ascii)
		}
	}
	return f.codes
}

// codeFinder collects findCodes' matches word by word, so that callers
// that look for other words too read the text once.
type codeFinder struct {
	codes [][2]int
	last  int // end of the last match: matches do not overlap
}

// try takes the next word, text[s:e], of a findCodes pass, when it is
// not inside the last match and mayCode holds (tested inline by callers,
// so the common word costs no call), and matches a catalogued name there
// if one can start there.
func (f *codeFinder) try(text string, s, e int, ascii bool) {
	if end := codeEndAt(text, s, e, ascii); end >= 0 {
		f.codes, f.last = append(f.codes, [2]int{s, end}), end
	}
}

// codeEndAt is the end of the catalogued name that starts at the word
// text[s:e], or -1.
func codeEndAt(text string, s, e int, ascii bool) int {
	cs := codeMayStart(text, s, e, ascii)
	if cs == nil {
		return -1
	}
	// an ASCII word is cs.first up to case (codeMayStart)
	n := 0
	if ascii {
		n = e - s
	}
	end, sure := matchSpellingsFrom(text[s:], cs.spellings, n)
	if !sure {
		end = -1
		if m := cs.re.FindStringIndex(text[s:]); m != nil {
			end = m[1]
		}
	}
	if end < 0 {
		return -1
	}
	return s + end
}
