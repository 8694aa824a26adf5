package legal

import (
	"regexp"
	"slices"
	"strings"
	"testing"
)

// The expressions the matchers of matchers.go implement: their definitions.
var (
	headAtRe       = mustRx(`^(?:([Nn]ormative\s+[Rr]esolution|[Rr]egulatory\s+[Dd]ecision)|(Resolution|resolution|Decree|decree|Order|order|Law|law|Act|Regulations)|(Code)|(Optional\s+Protocol|Protocol|Convention|Covenant|Charter|Agreement|Treaty))\b`)
	numberRe       = mustRx(`^(?:(?:No\.?|Nr\.?|№|number)\s*([A-Za-z]{0,6}[-‑]?\d[\w/‑-]*(?:\.\d+)*)|(\d{1,4}/\d{1,4}(?:\s*[A-Z]\b)?))`)
	quotedTitleRe  = mustRx(`^(?:"([^"]{3,300})"|“([^”]{3,300})”|«([^»]{3,300})»|„([^“”]{3,300})[“”])`)
	preStopRe      = mustRx(`^(?:(?:The|This|That|A|An|Pursuant|Under|In|By|With|According|Accordance|Since|From|On|Of|To|For|And|As|At|After|Before|Following|Through|Upon|Its|Their|New|Amended)\s+|(?:and|of|on|for|the|in|to)\s+)+`)
	itemPartRe     = mustRx(`^\s*\((\d{1,3})\)`)
	itemNameRe     = mustRx(`^\s*\(([^()\d]{2,120})\)`)
	issuerAfterRe  = mustRx(`^of\s+(?:the\s+)?(` + issuerAlt + `)\b`)
	issuerBeforeRe = mustRx(`(?:^|[\s(])((?:` + issuerAlt + `)(?:'s|’s)?)\s+$`)
	articlesOfRe   = mustRx(`(?i)^articles\s+of\s+(?:the\s+)?`)
	genericRe      = mustRx(`^(?:Code|Convention|Covenant)\b`)
	genericTitleRe = mustRx(`^(?:[ \t]+(?:on|of|for|against|relating|concerning|to|between|among|\p{Lu})|[ \t]*[“"«(]\s*\p{Lu})`)
	backRe         = mustRx(`(?i)^\s*(?:,\s*|\(\s*)(?:arts?\.?|articles?)\s*\d`)
	colonRe        = mustRx(`^\s*:\s*\d`)
	resItemRe      = mustRx(`^(\d{1,5}(?:/\d{1,4})?(?:\s*[A-Z]\b)?)\s*\(\s*((?:19|20)\d\d)\s*\)`)
	resSepRe       = mustRx(`^(?:\s*,\s*(?:and\s+)?|\s+and\s+)`)
	itemParaRe     = mustRx(`(?i)^\s*,\s*(?:part|paragraph)\s+(\d{1,3})(?:\s*,)?`)
	quotedRe       = mustRx(`^\s*(?:"([^"\n]{2,120})"|“([^”\n]{2,120})”|«([^»\n]{2,120})»)`)
	badNameRe      = mustRx(`(?i)^(?:hereinafter|as\s|see\s|in\s|the\s|a\s|an\s|on\s|of\s|with\s|which|amended|repealed|new\s|former|old\s|version|edition|ed\.|cf\.|i\.e\.|e\.g\.|former)`)
	prefixPartRe   = mustRx(`(?i)\b(?:part|paragraph|subparagraph|clause|point)\s+(\d{1,3})\s*,?\s+of\s+$`)
	republicRe     = mustRx(`^of\s+(?:the\s+)?(?:Republic\s+of\s+\p{Lu}\p{L}+|\p{Lu}\p{L}+\s+(?:Republic|Federation)|RK\b|\p{Lu}\p{L}+\b)`)
)

// asFound is a matcher's array result as the regexp package returns it.
func asFound(m []int, ok bool) []int {
	if !ok {
		return nil
	}
	return m
}

// checkMatchers asserts that each matcher of matchers.go finds what its
// expression finds in s.
func checkMatchers(t *testing.T, s string) {
	t.Helper()
	check := func(name string, got, want []int) {
		t.Helper()
		if !slices.Equal(got, want) {
			t.Errorf("%s(%q) = %v, want %v", name, s, got, want)
		}
	}
	qm, ok := quotedTitleAt(s)
	check("quotedTitleAt", asFound(qm[:], ok), quotedTitleRe.FindStringSubmatchIndex(s))
	nm, ok := numberAt(s)
	check("numberAt", asFound(nm[:], ok), numberRe.FindStringSubmatchIndex(s))
	pe, want := preStopEnd(s), preStopRe.FindStringIndex(s)
	if want == nil && pe != -1 || want != nil && pe != want[1] {
		t.Errorf("preStopEnd(%q) = %d, want %v", s, pe, want)
	}
	im, ok := itemNameAt(s)
	check("itemNameAt", asFound(im[:], ok), itemNameRe.FindStringSubmatchIndex(s))
	ip, ok := itemPartAt(s)
	check("itemPartAt", asFound(ip[:], ok), itemPartRe.FindStringSubmatchIndex(s))
	ia, ok := issuerAfterAt(s)
	check("issuerAfterAt", asFound(ia[:], ok), issuerAfterRe.FindStringSubmatchIndex(s))
	ib, ok := findIssuerBefore(s)
	check("findIssuerBefore", asFound(ib[:], ok), issuerBeforeRe.FindStringSubmatchIndex(s))
	for _, c := range []struct {
		name string
		got  int
		re   *regexp.Regexp
	}{
		{"backEnd", backEnd(s), backRe},
		{"articlesOfEnd", articlesOfEnd(s), articlesOfRe},
		{"colonEnd", colonEnd(s), colonRe},
		{"genericEnd", genericEnd(s), genericRe},
	} {
		if want := c.re.FindStringIndex(s); want == nil && c.got != -1 || want != nil && c.got != want[1] {
			t.Errorf("%s(%q) = %d, want %v", c.name, s, c.got, want)
		}
	}
	ri, ok := resItemAt(s)
	check("resItemAt", asFound(ri[:], ok), resItemRe.FindStringSubmatchIndex(s))
	if want := resSepRe.FindStringIndex(s); want == nil && resSepEnd(s) != -1 || want != nil && resSepEnd(s) != want[1] {
		t.Errorf("resSepEnd(%q) = %d, want %v", s, resSepEnd(s), want)
	}
	ip2, ok := itemParaAt(s)
	check("itemParaAt", asFound(ip2[:], ok), itemParaRe.FindStringSubmatchIndex(s))
	qa, ok := quotedAt(s)
	check("quotedAt", asFound(qa[:], ok), quotedRe.FindStringSubmatchIndex(s))
	if got, want := badName(s), badNameRe.MatchString(s); got != want {
		t.Errorf("badName(%q) = %v, want %v", s, got, want)
	}
	pp, ok := prefixPartAt(s)
	check("prefixPartAt", asFound(pp[:], ok), prefixPartRe.FindStringSubmatchIndex(s))
	if got, want := genericTitleFollows(s), genericTitleRe.MatchString(s); got != want {
		t.Errorf("genericTitleFollows(%q) = %v, want %v", s, got, want)
	}
	re, want := republicEnd(s), republicRe.FindStringIndex(s)
	if want == nil && re != -1 || want != nil && re != want[1] {
		t.Errorf("republicEnd(%q) = %d, want %v", s, re, want)
	}
	if ws, we, _ := nextWord(s, 0); ws == 0 && we > 0 && isHeadWord(s[:we]) {
		hm, ok := headAt(s, 0, we)
		check("headAt", asFound(hm[:], ok), headAtRe.FindStringSubmatchIndex(s))
	}
}

// matcherSeeds reach every branch of the matchers of matchers.go.
var matcherSeeds = []string{
	"", `"`, `"ab"`, `"abc"`, `"abc`, `"a\xffb"`, "\"" + strings.Repeat("é", 300) + "\"", "\"" + strings.Repeat("é", 301) + "\"",
	"“On the Rights”", "“ab”", "“On\n”x", "«Kidnapping»", "«ab»", "„On Health“", "„On Health”", "„ab“", "„On Health", " \"On x\"",
	"No. 622", "No.622", "No 5-1", "No. AB-12/3.4.5", "No. ABCDEFG1", "No. ABCDEF1", "No. ABC‑12", "No. ABC-x", "No. A1_b/‑-c.5.x", "No.\u00a0\u202f7",
	"Nov 5", "No.x", "Nr. 12", "№ 5", "№5", "number 7", "numbers 7", "No. 1.", "No. 1.2.", "No", "N",
	"12/34", "12/34 A", "12/34A", "12/34 AB", "12/34 A.", "12345/1", "1/12345", "12/", "/12", "12/34\u00a0B", "12/34 a", "12/34 Aé",
	"The ", "The  Law", "Pursuant to the Law", "and of the\tState", "TheLaw", "A", "An  Act", "According to", "Accordance ", "Their\u00a0new ", "the\u2007", "in", "Amended\u202fx",
	"(Abduction)", " (ab)", "(a)", "(ab1)", "(a(b))", "(" + strings.Repeat("x", 120) + ")", "(" + strings.Repeat("x", 121) + ")", "(\xff\xfe)", "\u00a0(ab)", "(ab",
	"(1)", " (123)", "(1234)", "(12", "(a)", "()", "\t(7)x",
	"Normative Resolution", "normative  resolution", "Normative Resolutions", "Normative resolution_", "NormativeResolution", "Normative", "Regulatory Decision", "regulatory\u00a0decision,", "Regulatory Decisions",
	"of the Republic of Kazakhstan", "of the Republic of K", "of the Republic of", "of the Republic", "of Republic of Ékaterina", "of the Russian Federation", "of  Russia Republic", "of the Russian Federations",
	"of RK", "of RK_", "of RK-", "of Ukraine", "of Ukraine2", "of Ukraine_", "of Uéé", "of Uxé", "of Uxé1", "of Éire", "of É1", "of Ab\xff", "of U", "of the", "of theUkraine", "of the ukraine", "of\u00a0the\u202fFrance.", "ofFrance", "of   Xé_",
	", art. 5", " (arts 5", "(article\u00a05", ",articles5", ", artſ. 5", ",  ARTICLE 5", ", art x", "; art. 5", "(art.", ",",
	"articles of the", "ARTICLES  of\tThe ", "articleſ of ", "articles of", "articles ofthe", "articles of thee", "articles of the\u00a0",
	": 5", " :\u00a05", ":x", ":", " : ", "Code", "Code_", "Code.", "Codex", "Convention ", "Covenant1", "Covenants", "Conventional",
	" on", "\ton", "  relating to", " Torture", " été", "\t «Bb", "(B", " ( b", " “\u00a0X", "\"", " x", " É", "\tamong",
	"part 2 of ", "as provided by part 3 of ", "PART 12, of\u00a0", "paragraph 1 ,\tof ", "subparagraph 4 of ", "ſubparagraph 4 of ", "xſubparagraph 4 of ", "asubparagraph 4 of ",
	"clause 1234 of ", "point 12 of", "point 12 of x ", "point12 of ", "point 1 of  ", "(part 1 of ", "_part 1 of ", "part 1,, of ", "part 1 ,of ", "part 1 OF ", "part 1 oF\n", "apart 1 of ", "part x of ",
	", part 2", " ,PARAGRAPH\u00a012 ,", ", part 1234", ", paragraph 3,x", ", part x", ",part2", ", parts 2", ", paragraph", ",  Part\t7\n,",
	"\"ab\"", " \"a\"", "\"a\nb\"", "“On Health”", "«ab»", "« a\n»", "\"" + strings.Repeat("é", 121) + "\"", "\u00a0“xy”z", "„ab“",
	"hereinafter", "HEREINAFTER", "as x", "aſ x", "as", "asx", "see\u00a0", "ſee ", "Version", "verſion", "ed.", "ed", "cf.", "I.E.", "e.g", "e.g.", "a ", "an\tx", "old\n", "Former", "whichever",
	"1325 (2000)", "1325(2000)", "12345/1234 A (2000)", "123456 (2000)", "12/12345 (2000)", "12/ (2000)", "1325 A (1999)", "1325 AB (2000)", "1325 A_ (2000)",
	"1325 a (2000)", "1325\u00a0(\u202f2019 )", "1325 (2100)", "1325 (20001)", "1325 (200)", "1325 (2000", "1325 (2000 x", "2467 B(2019)", "1/1 Z (1990)",
	", and 1820", ",1820", " , 1820", " and 1820", "and 1820", " and", ", and", ",and", ", andx", " ,\u00a0and\t", " andy",
	"Optional Protocol", "Optional  Protocol-", "Optional protocol", "Optional", "Optionally", "Resolutions", "Decree", "Code", "Treaty.",
}

// issuerSeedsAfter and issuerSeedsBefore reach the ways through issuerAlt.
var issuerNames = []string{
	"President", "Presidential", "presidential", "Presidents", "President_", "Government", "governmental", "Governmentality", "Government-",
	"United Nations Security Council", "United  Nations\u00a0Human Rights Council", "UN Security Council", "UN General Assembly", "UN  Human Rights Commissioner",
	"UN Senate", "United Nations General Assembly", "United Nations", "Security Council", "Human Rights Council", "Human Rights Commissioner",
	"Cabinet of Ministers", "Cabinet of  Ministers_", "General Prosecutor", "General Prosecutor's", "General Prosecutor’s Office", "General Prosecutor's Office", "General Prosecutor Office",
	"General Prosecutor'sx", "Prosecutor-General", "Prosecutor General's Office", "Prosecutor\u00a0General", "Prosecutor--General", "Procurator-General’s", "Procurator General Officer",
	"Supreme Court", "Supreme Courts", "Constitutional Court", "Constitutional Council", "Constitutional Councils", "Parliament", "Mazhilis", "Majilis", "Senate", "Senates",
	"Ministry of Justice", "Minister of Health", "Ministry of Labour and Social Protection of the Population", "Ministry of Internal Affairs of the Republic of Kazakhstan",
	"Ministry of Justice-", "Ministry of Ab-cd Éf", "Ministry of Xé1", "Ministry of X and y", "Ministry of X of the", "Ministry of X and  Y-Z", "Ministry of justice", "Ministry  of\tJustice's",
	"Ministery of X", "Ministry of", "Commissioner for Human Rights", "Commissioner for Human Rightsx", "General Assembly", "Central Election Commission", "National Bank", "National Banks", "Nation",
}

func TestMatchers(t *testing.T) {
	var issuerSeeds []string
	for _, n := range issuerNames {
		issuerSeeds = append(issuerSeeds, "of "+n, "of the "+n, "of the "+n+" x", "of "+n+", ", "of "+n+"1",
			n+" ", "by the "+n+" ", "("+n+"'s ", "x"+n+" ", " "+n+"\u00a0", n+"’s  ", n+"'s's ", n)
	}
	for _, s := range issuerSeeds {
		checkMatchers(t, s)
		checkBefore(t, s)
	}
	for _, s := range append(append(matcherSeeds, fuzzSeeds...), longSeeds...) {
		checkMatchers(t, s)
	}
	// the matchers agree at every offset of the seeds too
	for _, s := range fuzzSeeds {
		for i := range s {
			checkMatchers(t, s[i:])
		}
	}
}

func FuzzMatchers(f *testing.F) {
	for _, s := range matcherSeeds {
		f.Add(s)
	}
	f.Fuzz(checkMatchers)
}
