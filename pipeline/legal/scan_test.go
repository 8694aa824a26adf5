package legal

import (
	"fmt"
	"math/bits"
	"regexp"
	"slices"
	"strings"
	"testing"
	"unicode"
)

// spaceRe is the definition CollapseSpace implements.
var spaceRe = mustRx(`\s+`)

// treatyStopRe is the definition treatyStop implements.
var treatyStopRe = mustRx(`[;()]|\.\s|\n[ \t]*\n|\b(?:which|that|was|were|is|are|has|have|had)\b`)

func checkTreatyStop(t *testing.T, w string) {
	want := -1
	if m := treatyStopRe.FindStringIndex(w); m != nil {
		want = m[0]
	}
	if got := treatyStop(w); got != want {
		t.Errorf("treatyStop(%q) = %d, want %d", w, got, want)
	}
}

func TestTreatyStop(t *testing.T) {
	for _, w := range []string{"", "x", "; a", "of 1926 (a)", "done.\u00a0x", "a.b", "x\n \t\nb", "x\n a\n", "which", "Whichever is", "_is", "isé", "éis", "thatch", "x was", "has-been", "a.\u202f"} {
		checkTreatyStop(t, w)
	}
}

func FuzzTreatyStop(f *testing.F) {
	f.Add("the Convention, of 1926, which")
	f.Fuzz(checkTreatyStop)
}

// TestCodeStarts checks what codeStarts assumes of the catalogue.
func TestCodeStarts(t *testing.T) {
	for _, a := range codeNames() {
		f := strings.Fields(strings.ToLower(a))[0]
		if f[0] < 'a' || f[0] > 'z' || !isASCII(f) || len(f) < 2 || f[1] < 'a' || f[1] > 'z' {
			t.Errorf("%q: first word %q is not ASCII starting with two letters", a, f)
		}
	}
	// strings.ToLower maps only U+212A KELVIN SIGN and U+0130 from
	// non-ASCII to ASCII, which the "from" test in attrs relies on.
	for r := rune(0x80); r <= unicode.MaxRune; r++ {
		if l := unicode.ToLower(r); l < 0x80 && r != '\u212A' && r != '\u0130' {
			t.Errorf("ToLower(%U) = %U", r, l)
		}
	}
}

func checkTitleCut(t *testing.T, s string) {
	want := -1
	if m := titleCutRe.FindStringIndex(s); m != nil {
		want = m[0]
	}
	if got := titleCut(s); got != want {
		t.Errorf("titleCut(%q) = %d, want %d", s, got, want)
	}
}

func TestTitleCut(t *testing.T) {
	for _, s := range []string{"", "on State Protection which was", "on X  and the Criminal Code of", "on Y of 5 May", "on Z dated\u00a0July 2000", "on the islands", "on W, is", "on it\tis", "on Law and Order", " of ", "on X in  accordance with", "on X in accordances", "on Y under which", "on Z and ratified", "on Z and  the Civil Code of", "on Z  and the Éire Law", "on Z and the law"} {
		checkTitleCut(t, s)
	}
}

func FuzzTitleCut(f *testing.F) {
	f.Add("on the Protection of Parties and the Criminal Procedure Code of 1997")
	f.Fuzz(checkTitleCut)
}

// commaRe is the definition skipCommas implements.
var commaRe = mustRx(`^[\s,]*`)

func FuzzSkipCommas(f *testing.F) {
	f.Add(", \u00a0,\u2007 x")
	f.Fuzz(func(t *testing.T, s string) {
		if got, want := skipCommas(s, 0), commaRe.FindStringIndex(s)[1]; got != want {
			t.Errorf("skipCommas(%q) = %d, want %d", s, got, want)
		}
	})
}

// checkGates asserts, for one input, that every cheap test in front of a
// regular expression is a necessary condition of its match (so skipping
// the expression when the test fails changes nothing), and that the
// hand-written matchers agree with the expressions they replace.
func checkGates(t *testing.T, s string) {
	t.Helper()
	implies := func(name string, re *regexp.Regexp, may bool) {
		t.Helper()
		if !may && re.MatchString(s) {
			t.Errorf("%s matches %q but its gate says no", name, s)
		}
	}
	nonEmpty := s != ""
	if got, want := attrsMayFind(s, 0), attrsMayFindDef(s); got != want {
		t.Errorf("attrsMayFind(%q) = %v, want %v", s, got, want)
	}
	if got, want := hasYear(s), fourDigitsRe.MatchString(s); got != want {
		t.Errorf("hasYear(%q) = %v, want %v", s, got, want)
	}
	implies("issuerBeforeRe", issuerBeforeRe, mayEndWithName(s))
	implies("issuerBeforeRe", issuerBeforeRe, mayEndWithIssuer(s))
	implies("preTitleRe", preTitleRe, mayEndWithName(s))
	implies("capWordsRe", capWordsRe, mayEndWithName(s))
	implies("prefixPartRe", prefixPartRe, endsWithOf(s))
	implies("dateIntroRe", dateIntroRe, nonEmpty && mayIntroDate(s))
	wantIntro := -1
	if m := dateIntroRe.FindStringIndex(s); m != nil {
		wantIntro = m[1]
	}
	if got := dateIntro(s); got != wantIntro {
		t.Errorf("dateIntro(%q) = %d, want %d", s, got, wantIntro)
	}
	implies("numberRe", numberRe, nonEmpty && mayNumber(s))
	implies("issuerAfterRe", issuerAfterRe, startsWithOf(s))
	implies("issuerAfterRe", issuerAfterRe, mayIssuerAfter(s))
	implies("adoptedOnRe", adoptedOnRe, endsWithAfterSpace(s, adoptionVerbs[:], articleWords[:]))
	implies("onDateArticleRe", onDateArticleRe, endsWithAfterSpace(s, theArticles[:], newWords[:]))
	implies("republicRe", republicRe, startsWithOf(s))
	implies("quotedTitleRe", quotedTitleRe, nonEmpty && startsWithQuote(s))
	implies("itemPartRe", itemPartRe, nextIs("(")(s))
	implies("itemParaRe", itemParaRe, nextIs(",")(s))
	implies("itemNameRe", itemNameRe, nextIs("(")(s))
	implies("backRe", backRe, nextIs(",", "(")(s))
	implies("colonRe", colonRe, nextIs(":")(s))
	implies("quotedRe", quotedRe, nextIs("\"", "“", "«")(s))
	if ws, we, _ := nextWord(s, 0); ws == 0 && we > 0 && isHeadWord(s[:we]) {
		m, ok := headAt(s, 0, we)
		var got []int
		if ok {
			got = m[:]
		}
		if want := headAtRe.FindStringSubmatchIndex(s); !slices.Equal(got, want) {
			t.Errorf("headAt(%q) = %v, want %v", s, got, want)
		}
	}
	if ws, we, ascii := nextWord(s, 0); ws == 0 && we > 0 && isArticleWord(s[:we], ascii) {
		implies("articlesOfRe", articlesOfRe, ofAfterWord(s))
	}
	if ws, we, ascii := nextWord(s, 0); ws == 0 && we > 0 {
		if w := s[:we]; !ascii && !lowersToASCII(w) && isASCII(strings.ToLower(w)) {
			t.Errorf("lowersToASCII(%q) = false, but it lower-cases to ASCII", w)
		}
	}
	if got, want := codeReAt(s).FindStringIndex(s), codeAtRe.FindStringIndex(s); !slices.Equal(got, want) {
		t.Errorf("codeReAt(%q) finds %v, codeAtRe %v", s, got, want)
	}
	if got, want := fmt.Sprint(lookupCode(s)), fmt.Sprint(LookupCode(s)); got != want {
		t.Errorf("lookupCode(%q) = %s, want %s", s, got, want)
	}
	if got, want := CollapseSpace(s), spaceRe.ReplaceAllString(s, " "); got != want {
		t.Errorf("CollapseSpace(%q) = %q, want %q", s, got, want)
	}
	for re := range maxText {
		if got, want := boundedFind(re, s, true), re.FindStringSubmatchIndex(s); !slices.Equal(got, want) {
			t.Errorf("boundedFind(%s, %q) = %v, want %v", re, s, got, want)
		}
	}
	for _, re := range []*regexp.Regexp{quotedRe, quotedTitleRe, itemNameRe, issuerAfterRe, republicRe} {
		if got, want := boundedFind(re, s, true), re.FindStringSubmatchIndex(s); !slices.Equal(got, want) {
			t.Errorf("boundedFind(%s, %q) = %v, want %v", re, s, got, want)
		}
	}
	checkLists(t, s)
	if got, want := lastWord(s), strings.Fields(s); len(want) > 0 && got != want[len(want)-1] || len(want) == 0 && got != "" {
		t.Errorf("lastWord(%q) = %q, want the last of %q", s, got, want)
	}
}

// longSeeds reach the ends of the windows boundedFind cuts.
var longSeeds = []string{
	" (" + strings.Repeat("Abduction of a person ", 6) + ") and",
	" (" + strings.Repeat("ſ", 130) + ")",
	"\"" + strings.Repeat("On the Healthcare System ", 13) + "\"",
	" „" + strings.Repeat("Ab ", 50) + "”x“", " «" + strings.Repeat("ab", 200) + "»", "“ab\n”", "(ab)", " (ab c1)", " (x(y))", "\u00a0(",
	", and" + strings.Repeat(" \u00a0", 200) + "articles 5",
	"  ,  has   been   introduced   into   the   above-mentioned   Code",
	"12345/1234 A (2000)" + strings.Repeat("x", 40),
	"on the rights" + strings.Repeat(" of the people", 30) + "; and",
}

// fourDigitsRe is the definition hasYear implements.
var fourDigitsRe = regexp.MustCompile(`[0-9]{4}`)

// attrsMayFindDef is attrsMayFind(s, 0) as first written: every word
// tried at every head.
func attrsMayFindDef(s string) bool {
	pos := 0
	for pos < len(s) {
		if s[pos] == ',' {
			pos++
			continue
		}
		n := spaceAt(s, pos)
		if n == 0 {
			break
		}
		pos += n
	}
	if pos == len(s) {
		return false
	}
	rest := s[pos:]
	switch c := rest[0]; {
	case c >= '0' && c <= '9', c >= 0x80, c == '"':
		return true
	}
	for _, p := range [...]string{"No", "Nr", "number", "on", "On", "concerning", "approving", "amending",
		"Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"} {
		if strings.HasPrefix(rest, p) {
			return true
		}
	}
	for _, p := range [...]string{"dated", "of", "from", "on", "was", "were", "has", "have",
		"adopted", "signed", "approved", "issued", "enacted", "passed", "dd"} {
		if foldPrefix(rest, p) {
			return true
		}
	}
	return false
}

func TestGates(t *testing.T) {
	for _, s := range append(append(fuzzSeeds, longSeeds...), "", " ", "of", "Presidential ", "the Ministry of Justice ", "Prosecutor-General’s ", "(Senate ", "xCourt ", "the Ministère of Justice ", "of the President", "of  the\u00a0Government", "of theGovernment", "of\tUN Security Council", "of the Ministry of Labour and Social Protection of the Population dated 5", "of the Prosecutor-General's Office, ", "of the Republic of Kazakhstan.", "of Ukraine2", "of the Ministry of Justice_", "of the RK\v", "of the Ministry of Éducation", "of the Ministry of Justice\u00a0of the Republic", "of thee", "on 5 May 2020 the President adopted the ", "On 1 June 2001, the Senate passed its\u00a0", "on 5 May 2020 adopted\u202f", "on 5 May 2020 signed", "On 12 October 2021, a new ", "On 12 October 2021, the  separate\t", "On 12 October 2021, an", "On 12 October 2021, a  joint", "dated 5", "DATED", "of\u00a0x", "From ", "on", "was adopted on 5", "has  been approved in  2000", "have been signed", "were issued", "was adopted on2000", "enacted in", "passed  ", "dd.  1", "dd.1", "dd 1", "waſ adopted ", "ſigned on ", "was adopted\u00a0ON\u202f5", "have adopted ", "part 2 of ", "Nr. 5", "„x“", ", and 5", " , was added to", "(art. 5", " : 4", "Criminal Code of the Republic of Kazakhstan", "Code on Marriage (Matrimony) and Family", "a\u00a0\u00a0b \t c", "Law", "Act.", "Code\u00a0of", "Treaty)", "Normative  Resolution", "Optional Protocol", "order-", "Regulations_", "art.5", "Arts. 1", "articles of the", "ARTICLES\nOF", "article\u00a05", "articles-of", "art 1", "the CRIMINAL  code", " The Labor Code\v", "CC of the RK", "Code on People's Health and the Healthcare System", "Code on People’s Health and the Healthcare System", "\u0130nternational Covenant on Civil and Political Rights", "C\u0130V\u0130L CODE", "\u212aCODE") {
		checkGates(t, s)
	}
	for _, s := range []string{"1234", "x123", "123x4567", "1234567", "abcdefg1234", "abcdef12345", "abcdefgh1234", "abcde123.4567", "abcdefghijklmno1234", "  ,NO", " Dd", "WAS", "Of", "ON", "oN", "Ax", "Feb", "FEB", "jan", "\tP", "zz"} {
		checkGates(t, s)
	}
}

func FuzzGates(f *testing.F) {
	for _, s := range append(fuzzSeeds, longSeeds...) {
		f.Add(s)
	}
	f.Fuzz(checkGates)
}

// TestByteClass checks the table against the definition of a word byte:
// letters, digits, '_' and any non-ASCII byte start and continue words,
// '-' only continues them.
func TestByteClass(t *testing.T) {
	for i := 0; i < 256; i++ {
		c := byte(i)
		word := c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c >= '0' && c <= '9' || c == '_' || c >= 0x80
		if got := byteClass[c]&wordByte != 0; got != word {
			t.Errorf("byte %#x: word byte %v, want %v", c, got, word)
		}
		if got := byteClass[c] != 0; got != (word || c == '-') {
			t.Errorf("byte %#x: in a word %v", c, got)
		}
		if got := byteClass[c]&nonASCII != 0; got != (c >= 0x80) {
			t.Errorf("byte %#x: non-ASCII %v", c, got)
		}
	}
}

// treatyYearRe is the definition nextTreatyIntro implements.
var treatyYearRe = mustRx(`(?:,?\s*(?:of|(?:adopted|signed|done|concluded)(?:\s+(?:at|in)\s+\p{Lu}\p{L}+)?\s+(?:on|in)|dated)\s+|\s*\(\s*)`)

func checkTreatyIntro(t *testing.T, w string) {
	t.Helper()
	var got [][]int
	for s, e := nextTreatyIntro(w, 0); s >= 0; s, e = nextTreatyIntro(w, e) {
		got = append(got, []int{s, e})
	}
	want := treatyYearRe.FindAllStringIndex(w, -1)
	if fmt.Sprint(got) != fmt.Sprint(want) {
		t.Errorf("nextTreatyIntro(%q) finds %v, treatyYearRe %v", w, got, want)
	}
}

func TestTreatyIntro(t *testing.T) {
	for _, w := range []string{"", ", of 1926", "  of  1926 of 1", "proof 1999", "signed in Minsk on 22 January 1993", "signed in Minsk on1993",
		"signed at Minsk 1993", "done at Éire on 5", "adopted in 1989 (", " ( 2002)", "dated\u00a01990", "concluded  on", "signed in Ab", ", , of 1",
		"a   (2002)", "x  , of 1", "  xof 1", "\u00a0 of 1", "the  Convention  adopted  in  1989", "  ", "x  ", "sof 1", "cod of", "daof", "adof"} {
		checkTreatyIntro(t, w)
	}
}

func FuzzTreatyIntro(f *testing.F) {
	f.Add("the Convention, signed at Minsk on 22 January 1993 (2002)")
	f.Fuzz(checkTreatyIntro)
}

// checkCodeMatch asserts that the hand-written code matcher agrees with
// codeAtRe at s and, for the first word there, with its codeStart.re.
func checkCodeMatch(t *testing.T, s string) {
	t.Helper()
	want := -1
	if m := codeAtRe.FindStringIndex(s); m != nil {
		want = m[1]
	}
	if got := matchCode(s); got != want {
		t.Errorf("matchCode(%q) = %d, codeAtRe %d", s, got, want)
	}
	if ws, we, ascii := nextWord(s, 0); ws == 0 && we > 0 {
		if cs := codeMayStart(s, 0, we, ascii); cs != nil {
			if end, sure := matchSpellings(s, cs.spellings); sure && end != want {
				t.Errorf("matchSpellings(%q) = %d, codeAtRe %d", s, end, want)
			}
		}
	}
}

func TestCodeMatch(t *testing.T) {
	for _, s := range []string{"", "x", "Criminal Code", "criminal  code of the Republic of Kazakhstan.", "Criminal Code of the Russian Federation",
		"Criminal Code of Uzbekistani", "Criminal Code of Ustan", "Criminal Code of Kazakhstanstan", "Criminal Codes", "Criminal Code_", "Criminal-Executive Code of RK",
		"CC of the RK", "CC RKs", "Code on Marriage (Matrimony) and Family", "Code on People's Health and the Healthcare System", "Code of Criminal Procedures",
		"Code of Criminal Procedure of the Republic of Éire", "Convention against Torture and Other Cruel,\u00a0Inhuman or Degrading Treatment or Punishment",
		"United Nations Convention against Torture", "UN Convention against Torture", "Criminal Code of the Republic ofKazakhstan", "Criminal Code of Republic of Kazakhstan",
		"CRIMINAL CODE", "Criminal Code of the the Republic of X", "Tax Code of the Republic of K", "Criminal Codé", "Criminal ſtate", "Labor Code\u212a"} {
		checkCodeMatch(t, s)
	}
	// a first word before ASCII white space (matchCode reads only its
	// spellings) and before anything else
	for _, s := range []string{"Criminal\tCode", "Criminal\fCode of RK", "Criminal \u212aode", "Crimina Code", "Criminals Code", "Constitution based", "Constitution-based",
		"Constitution\v", "Code\nof Criminal Procedure", "Code  of Administrative Offen\u017fes", "Penal Enforcement Code", "Penalties Enforcement Code", "Penal  Executive Code",
		"UN Convention against Torture", "United Nations Convention against Torture", "Un Convention", "cc of the RK", "CC\rRK", "Civil  Code", "Codex", "Cod e", "The Code",
		"Optional Protocol to the Convention against Torture and Other Cruel, Inhuman or Degrading Treatment or Punishment", "International Covenant on Civil and Political Rights",
		"Health Code", "Criminal-Executive Code", "Criminal Procedure Code", "Criminal Procedural Code", "Administrative Procedural and Process Code", "Tax Code\u00a0of Ukraine"} {
		checkCodeMatch(t, s)
		checkCodeMatch(t, strings.ToLower(s))
		checkCodeMatch(t, strings.ToUpper(s))
	}
	for _, a := range codeNames() {
		checkCodeMatch(t, a)
		checkCodeMatch(t, a+" of the Republic of Kazakhstan")
		checkCodeMatch(t, strings.ToUpper(a)+"x")
	}
}

func FuzzCodeMatch(f *testing.F) {
	f.Add("Code of Administrative Offences of the Republic of Kazakhstan")
	f.Fuzz(checkCodeMatch)
}

// The definitions capRunStart implements.
var (
	preTitleRe = mustRx(`((?:\p{Lu}[\p{L}-]*\s+(?:(?:and|of|on|for|the|in|to)\s+)*)*\p{Lu}[\p{L}-]*\s+)$`)
	capWordsRe = mustRx(`((?:(?:UN|United\s+Nations|\p{Lu}[\p{L}-]*)\s+)+)$`)
)

// checkBefore asserts that the finders of words before a head agree with
// the expressions they stand for.
func checkBefore(t *testing.T, s string) {
	t.Helper()
	same := func(name string, got, want []int) {
		t.Helper()
		if !slices.Equal(got, want) {
			t.Errorf("%s(%q) = %v, want %v", name, s, got, want)
		}
	}
	var got, want []int
	if d, is, ok := findAdoptedOn(s); ok {
		got = []int{d[0], d[1], is[0], is[1]}
	}
	if m := adoptedOnRe.FindStringSubmatchIndex(s); m != nil {
		d, is := 2*adoptedOnRe.SubexpIndex("date"), 2*adoptedOnRe.SubexpIndex("issuer")
		want = []int{m[d], m[d+1], m[is], m[is+1]}
	}
	same("findAdoptedOn", got, want)
	got, want = nil, nil
	if d, ok := findOnDateArticle(s); ok {
		got = d[:]
	}
	if m := onDateArticleRe.FindStringSubmatchIndex(s); m != nil {
		want = m[2:4]
	}
	same("findOnDateArticle", got, want)
	if !hasOnDate(s) && (adoptedOnRe.MatchString(s) || onDateArticleRe.MatchString(s)) {
		t.Errorf("a date after \"on\" matches in %q, but hasOnDate says no", s)
	}
	ib, ok := findIssuerBefore(s)
	same("findIssuerBefore", asFound(ib[:], ok), issuerBeforeRe.FindStringSubmatchIndex(s))
	var pt []int
	if i := preTitleStart(s); i >= 0 {
		pt = []int{i, len(s), i, len(s)}
	}
	same("preTitleStart", pt, preTitleRe.FindStringSubmatchIndex(s))
	var cw []int
	if i := capRunStart(s, false); i >= 0 {
		cw = []int{i, len(s), i, len(s)}
	}
	same("capRunStart", cw, capWordsRe.FindStringSubmatchIndex(s))
}

func TestBefore(t *testing.T) {
	for _, s := range []string{"", " ", "Law ", "the Law ", "theState Law ", "State of Law ", "of Law ", "State of ", "xState of the Law\u00a0",
		"(Law ", "-Law ", "Law-X  Y ", "É Law ", "Ébc of Law ", "Law\xc3 ", "\xc3Law ", "A  B\tC ",
		"On 25 January 2022, the President signed ", "on 5 May 2000 the Supreme Court adopted a ", "On 12 October 2021, a ", "upon 5 May 2000 a ",
		"by the President ", "(Government's ", "decree of the Ministry of Justice and Internal Affairs ", "UN Security Council ", "Presidential ", "\u00a0President ", "the UN ", "United Nations  Slavery ", "of UN Human Rights "} {
		checkBefore(t, s)
	}
}

// onDateSeeds reach the choices findAdoptedOn and findOnDateArticle make.
var onDateSeeds = []string{
	"On 5 May 2020 year adopted ", "On 5 May 2020 year, the Government adopted the ", "on 5 May 2020  year year adopted a ",
	"On 2020-05-05, the Ministry of Justice and Internal Affairs of the Republic adopted its ",
	"On 1.2.2003 the the Senate x y adopted an  ", "On 1.2.2003 the Senate a b c d adopted ", "On 1.2.2003 Senate a b c adopted the ",
	"on 5 May 2020 adopted adopted the ", "On 5 May 2020 the Prosecutor-General's Office issued a ", "On 5 May 2020 UN Security Council passed ",
	"On 5th May, 2020, the Supreme Court passed an ", "On 5 May 2020, On 6 May 2021 the President signed ", "On May 5 2020 x On 6 May 2021 a new ",
	"on 5 May 2020, a", "On 12 October 2021, a  separate ", "On 12 October 2021 year, an new ", "On 12 October 2021 year a ",
	"On 12 October 2021, the new\u00a0", "On 12 Oct. 2021, a joint ", "On 12 October 20211, a ", "On\u00a012 October 2021,\u00a0the ",
	"On 5 May 2020 the Ministry of Health issued the ", "On 5 May 2020 the Ministry of Health  adopted ", "On 5 May 2020 the Governmental adopted ",
}

func TestOnDate(t *testing.T) {
	for _, s := range onDateSeeds {
		checkBefore(t, s)
		checkBefore(t, "x "+s)
	}
}

func FuzzBefore(f *testing.F) {
	for _, s := range onDateSeeds {
		f.Add(s)
	}
	f.Add("On 25 January 2022, the President of the Republic signed ")
	f.Add("the Ministry of Justice and the State of Law ")
	f.Fuzz(checkBefore)
}

// TestBarrier checks what barrierBefore assumes: no catalogued spelling
// holds a barrier byte (the country qualifier holds only letters and
// white space).
func TestBarrier(t *testing.T) {
	for _, n := range codeNames() {
		for i := 0; i < len(n); i++ {
			if isBarrier(n[i]) {
				t.Errorf("%q holds the barrier byte %q", n, n[i])
			}
		}
	}
}

// checkScanRefs compares scanRefs with the pass it replaces: every word
// for anchors, findCodes for the names. The names may differ, the
// references they give may not.
func checkScanRefs(t *testing.T, s string) {
	t.Helper()
	var want []int
	for ws, we, ascii := nextWord(s, 0); ws < len(s); ws, we, ascii = nextWord(s, we) {
		if isArticleWord(s[ws:we], ascii) {
			want = append(want, ws)
		}
	}
	codes, anchors := scanRefs(s)
	if !slices.Equal(anchors, want) {
		t.Errorf("scanRefs(%q) anchors %v, want %v", s, anchors, want)
	}
	ctx := Context{Convention: "Convention against Torture"}
	if got, want := fmt.Sprint(referencesIn(s, ctx, codes, anchors)), fmt.Sprint(referencesIn(s, ctx, findCodes(s), want)); got != want {
		t.Errorf("referencesIn(%q) with scanRefs' names:\n%s\nwith findCodes':\n%s", s, got, want)
	}
}

func TestScanRefs(t *testing.T) {
	for _, s := range append(fuzzSeeds, "", "art", "part 5", "x-art. 5", "-art. 5", "_art 5", "Criminal Code, art. 5 and (Civil Code, arts. 1 and 2).",
		"Criminal Code. Civil Code\u00a0,\u202fart.5", "Criminal Code; (article 5)", "ARTICLE 5 of the Labour Code", "ARTİCLE 5 of the Tax Code", "Optional Protocol to the Convention against Torture (art. 5)",
		"Convention against Torture and Other Cruel, Inhuman or Degrading Treatment or Punishment, art. 3", "Criminal-Code, art. 1", "Code of Criminal Procedure of the Republic of Kazakhstan, article 7", "Civil Code,\u202fartart, art. 5") {
		checkScanRefs(t, s)
	}
}

func FuzzScanRefs(f *testing.F) {
	for _, s := range fuzzSeeds {
		f.Add(s)
	}
	f.Fuzz(checkScanRefs)
}

// TestTreatyCodes checks what treatyCodes assumes of the catalogue, and
// that it finds what findCodes finds of conventions and covenants.
func TestTreatyCodes(t *testing.T) {
	for _, e := range Catalogue {
		if e.Kind != "convention" && e.Kind != "covenant" {
			continue
		}
		for _, n := range append([]string{e.Name}, e.Aliases...) {
			if l := strings.ToLower(n); !strings.Contains(l, "convention") && !strings.Contains(l, "covenant") {
				t.Errorf("%q names no Convention or Covenant", n)
			}
		}
	}
	for _, s := range append(fuzzSeeds, treatySeeds...) {
		checkTreatyCodes(t, s)
	}
}

var treatySeeds = []string{"", "v", "cov", "Conv", "the Convention against Torture; the International Covenant on Civil and Political Rights",
	"Optional Protocol to the Convention against Torture. UN Convention against Torture", "CONVENTION ON THE RIGHTS OF THE CHILD", "x-Convention on the Rights of the Child",
	"International Covenant on Economic, Social and Cultural Rights of the Republic of Kazakhstan", "conv", "Convention\u00a0against\u202fTorture"}

func checkTreatyCodes(t *testing.T, s string) {
	t.Helper()
	treaties := func(codes [][2]int) (out [][2]int) {
		for _, m := range codes {
			if e, ok := canonicalOf(s[m[0]:m[1]]); ok && (e.Kind == "convention" || e.Kind == "covenant") {
				out = append(out, m)
			}
		}
		return out
	}
	all, got := findCodes(s), treatyCodes(s)
	for _, m := range got {
		if !slices.Contains(all, m) {
			t.Errorf("treatyCodes(%q) finds %v, findCodes does not", s, m)
		}
	}
	if g, w := treaties(got), treaties(all); !slices.Equal(g, w) {
		t.Errorf("treatyCodes(%q) finds the treaties %v, findCodes %v", s, g, w)
	}
}

func FuzzTreatyCodes(f *testing.F) {
	for _, s := range append(fuzzSeeds, treatySeeds...) {
		f.Add(s)
	}
	f.Fuzz(checkTreatyCodes)
}

// TestHeadWords checks headWords against isHeadWord, and what wordLens2
// assumes of them.
func TestHeadWords(t *testing.T) {
	for _, w := range headWords {
		if !isHeadWord(w) || !isASCII(w) || len(w) < 2 || unicode.ToLower(rune(w[0])) < 'a' || unicode.ToLower(rune(w[0])) > 'z' || w[1] < 'a' || w[1] > 'z' {
			t.Errorf("head word %q", w)
		}
		if wordLens2[(w[0]|0x20)-'a'][w[1]-'a']&(1<<len(w)) == 0 {
			t.Errorf("wordLens2 lacks %q", w)
		}
		if len(w) > 2 && wordThird[(w[0]|0x20)-'a'][w[1]-'a']&thirdBit(w[2]) == 0 {
			t.Errorf("wordThird lacks %q", w)
		}
	}
	for _, a := range codeNames() {
		f := strings.Fields(strings.ToLower(a))[0]
		b := uint32(1 << 26) // a word of two letters
		if len(f) > 2 {
			b = thirdBit(f[2])
		}
		if wordThird[f[0]-'a'][f[1]-'a']&b == 0 {
			t.Errorf("wordThird lacks the catalogued %q", f)
		}
	}
	// every word isHeadWord accepts is listed: try each listed word's
	// case variants
	for _, w := range headWords {
		for _, v := range []string{w, strings.ToLower(w), strings.ToUpper(w), strings.ToUpper(w[:1]) + w[1:]} {
			if isHeadWord(v) && !slices.Contains(headWords[:], v) {
				t.Errorf("isHeadWord(%q) but not listed", v)
			}
		}
	}
}

// checkWordFilter asserts that mayHeadOrCode lets through every word of s
// that is a head word or that codeMayStart accepts.
func checkWordFilter(t *testing.T, s string) {
	t.Helper()
	for ws, we, ascii := nextWord(s, 0); ws < len(s); ws, we, ascii = nextWord(s, we) {
		if (isHeadWord(s[ws:we]) || codeMayStart(s, ws, we, ascii) != nil) && !mayHeadOrCode(s, ws) {
			t.Errorf("mayHeadOrCode(%q, %d) = false for the word %q", s, ws, s[ws:we])
		}
	}
	// headOrCodeStarts marks the words mayHeadOrCode lets through
	var want, got []int
	for ws, we, _ := nextWord(s, 0); ws < len(s); ws, we, _ = nextWord(s, we) {
		if mayHeadOrCode(s, ws) {
			want = append(want, ws)
		}
	}
	var carry uint64
	for base := 0; base < len(s); base += 64 {
		var starts uint64
		for starts, carry = headOrCodeStarts(s, base, carry); starts != 0; starts &= starts - 1 {
			got = append(got, base+bits.TrailingZeros64(starts))
		}
	}
	if !slices.Equal(got, want) {
		t.Errorf("headOrCodeStarts(%q) = %v, want %v", s, got, want)
	}
	// the tables are mayHeadOrCode where a word can start
	for ws := 0; ws+2 < len(s); ws++ {
		if byteClass[s[ws]]&wordByte == 0 {
			continue
		}
		if got := pairMask[letterIdx[s[ws]]][letterIdx[s[ws+1]]]&thirdMask[s[ws+2]] != 0; got != mayHeadOrCode(s, ws) {
			t.Errorf("tables at %d of %q say %v, mayHeadOrCode %v", ws, s, got, !got)
		}
	}
}

func TestWordFilter(t *testing.T) {
	for _, s := range append(append(fuzzSeeds, longSeeds...), "Law", "Act", "CC of the RK", "\u0130nternational Covenant", "C\u0130V\u0130L CODE", "\u212aCODE", "co\u212a x", "Code-x", "a", "é", "\xff", "Ac", "the LAW of", "Co\xff", "C\xffd", "\xffab", "C_de", "Co_e", "Co-e", "Co1", "Cod", "Co", "Co ", "Co.") {
		checkWordFilter(t, s)
	}
	for _, a := range codeNames() {
		checkWordFilter(t, a)
		checkWordFilter(t, strings.ToUpper(a))
	}
	// past 64 bytes, with hyphens before words and at block edges
	for n := 60; n < 140; n++ {
		checkWordFilter(t, strings.Repeat("-", n)+"Law -Code x-Act --Civil Code Co\xff-é Law")
		checkWordFilter(t, strings.Repeat("a", n)+"-Law Code")
	}
}

func FuzzWordFilter(f *testing.F) {
	for _, s := range fuzzSeeds {
		f.Add(s)
	}
	f.Fuzz(checkWordFilter)
}
