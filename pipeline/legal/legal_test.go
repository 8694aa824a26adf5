package legal

import (
	"bytes"
	"os"
	"path/filepath"
	"reflect"
	"testing"
	"time"
)

type refWant struct{ code, article, part, name, span string }

func TestReferences(t *testing.T) {
	cases := []struct {
		name string
		text string
		want []refWant
	}{
		{"single", "He was charged under article 146 of the Criminal Code last year.",
			[]refWant{{"Criminal Code", "146", "", "", "article 146 of the Criminal Code"}}},
		{"part of article", "as provided by part 3 of article 107 of the Code of Criminal Procedure.",
			[]refWant{{"Code of Criminal Procedure", "107", "3", "", "part 3 of article 107 of the Code of Criminal Procedure"}}},
		{"paragraph after article", "under article 12, paragraph 4, of the Convention against Torture, the State",
			[]refWant{{"Convention against Torture", "12", "4", "", "article 12, paragraph 4, of the Convention against Torture"}}},
		{"backward", "The fine was raised (Code of Administrative Offences, art. 73-1).",
			[]refWant{{"Code of Administrative Offences", "73-1", "", "", "Code of Administrative Offences, art. 73-1"}}},
		{"backward list", "equality before the law (Constitution, arts. 13 and 14).",
			[]refWant{{"Constitution", "13", "", "", "13"}, {"Constitution", "14", "", "", "14"}}},
		{"forward list", "Offences under articles 120, 121 and 124 of the Criminal Code were reclassified.",
			[]refWant{{"Criminal Code", "120", "", "", "120"}, {"Criminal Code", "121", "", "", "121"}, {"Criminal Code", "124", "", "", "124"}}},
		{"code-first list with names", "the following articles of the Labour Code: 22 (Working hours), 23 (Rest) and 31.",
			[]refWant{{"Labour Code", "22", "", "Working hours", "22 (Working hours)"}, {"Labour Code", "23", "", "Rest", "23 (Rest)"}, {"Labour Code", "31", "", "", "31"}}},
		{"range", "articles 5–7 of the Civil Code apply.",
			[]refWant{{"Civil Code", "5", "", "", "5–7"}, {"Civil Code", "6", "", "", "5–7"}, {"Civil Code", "7", "", "", "5–7"}}},
		{"same code resolved", "Under article 120 of the Criminal Code 12 persons were convicted, and under article 121 of the same Code 4.",
			[]refWant{{"Criminal Code", "120", "", "", "article 120 of the Criminal Code"}, {"Criminal Code", "121", "", "", "article 121 of the same Code"}}},
		{"same code unresolved", "Under article 121 of the same Code 4 persons were convicted.", nil},
		{"no code", "Article 5 guarantees the right to life; see also article 6.", nil},
		{"act is not a catalogued code", "Under article 17 of the Act of 30 March 1999 detainees may see counsel.", nil},
		{"covenant unresolved", "The court applied article 14 of the Covenant.", nil},
		{"covenant resolved by committee", "Replies to the Human Rights Committee. The court applied article 14 of the Covenant.",
			[]refWant{{"International Covenant on Civil and Political Rights", "14", "", "", "article 14 of the Covenant"}}},
		{"name after code", "under Article 105 of the Criminal Code (Incitement to suicide) for all cases",
			[]refWant{{"Criminal Code", "105", "", "Incitement to suicide", "Article 105 of the Criminal Code (Incitement to suicide)"}}},
		{"parenthesised part", "under article 147 (3) of the Code of Criminal Procedure, procurators",
			[]refWant{{"Code of Criminal Procedure", "147", "3", "", "article 147 (3) of the Code of Criminal Procedure"}}},
		{"abbreviated alias", "Art. 12 of the Penal Enforcement Code of the Republic of Kazakhstan states",
			[]refWant{{"Criminal Enforcement Code", "12", "", "", "Art. 12 of the Penal Enforcement Code of the Republic of Kazakhstan"}}},
		{"no-break space", "Criminal Code, art.\u00a0125",
			[]refWant{{"Criminal Code", "125", "", "", "Criminal Code, art.\u00a0125"}}},
		{"code of conduct is not a code", "article 3 of the code of conduct", nil},
		{"added to the code", "Article 456-2 (“False information”) has been introduced in the Code of Administrative Offences.",
			[]refWant{{"Code of Administrative Offences", "456-2", "", "False information", "Article 456-2 (“False information”) has been introduced in the Code of Administrative Offences"}}},
		{"code then parenthesised articles", "criminalized by the Criminal Code (article 146) and the Code of Criminal Procedure (articles 11 and 12).",
			[]refWant{{"Criminal Code", "146", "", "", "Criminal Code (article 146)"}, {"Code of Criminal Procedure", "11", "", "", "11"}, {"Code of Criminal Procedure", "12", "", "", "12"}}},
		{"certain abbreviation", "under art. 145, part 2, of the CC RK",
			[]refWant{{"Criminal Code", "145", "2", "", "art. 145, part 2, of the CC RK"}}},
		{"decimal article", "Article 3.1 of the Criminal Code provides",
			[]refWant{{"Criminal Code", "3.1", "", "", "Article 3.1 of the Criminal Code"}}},
		{"the Code without antecedent", "Articles 128 and 135 of the Code contain provisions on trafficking", nil},
		{"uncatalogued convention is not the Convention", "Replies to the Committee against Torture. Under article 5 of the Convention against Transnational Organized Crime and article 3 of the Convention, ...",
			[]refWant{{"Convention against Torture", "3", "", "", "article 3 of the Convention"}}},
		{"whole-treaty range", "the implementation of articles 1–27 of the Covenant on Civil and Political Rights", nil},
		{"sub-article vs range", "arts. 5-1 and 7–8 of the Tax Code",
			[]refWant{{"Tax Code", "5-1", "", "", "5-1"}, {"Tax Code", "7", "", "", "7–8"}, {"Tax Code", "8", "", "", "7–8"}}},
		{"convention resolved by the only full name", "Kazakhstan ratified the Convention on the Rights of the Child. Under article 3 of the Convention, the best interests of the child prevail.",
			[]refWant{{"Convention on the Rights of the Child", "3", "", "", "article 3 of the Convention"}}},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			var got []refWant
			for _, r := range References(c.text) {
				got = append(got, refWant{r.Code, r.Article, r.Part, r.ArticleName, c.text[r.Start:r.End]})
			}
			if !reflect.DeepEqual(got, c.want) {
				t.Errorf("References(%q)\n got %q\nwant %q", c.text, got, c.want)
			}
		})
	}
}

type instWant struct {
	kind, number, date string
	year               int
	issuer, span       string
}

func TestInstruments(t *testing.T) {
	cases := []struct {
		name string
		text string
		want []instWant
	}{
		{"decree us date", "By Decree of the President of the Republic of Kazakhstan dated March 2, 2020 No. 12 \"On the Concept\", the",
			[]instWant{{"decree", "12", "2020-03-02", 2020, "President", "Decree of the President of the Republic of Kazakhstan dated March 2, 2020 No. 12 \"On the Concept\""}}},
		{"numeric date", "Government Resolution No. 1011 of 18.12.2015 approved the rules.",
			[]instWant{{"resolution", "1011", "2015-12-18", 2015, "Government", "Government Resolution No. 1011 of 18.12.2015"}}},
		{"iso date and year word", "the order of the Minister of Justice dated 2019-05-03 No. 5-a and the Law of 3 May 2019 year on Courts",
			[]instWant{{"order", "5-a", "2019-05-03", 2019, "Ministry of Justice", "order of the Minister of Justice dated 2019-05-03 No. 5-a"}, {"law", "", "2019-05-03", 2019, "", "Law of 3 May 2019 year on Courts"}}},
		{"law with number", "the Law of the Republic of Kazakhstan \"On Prisons\" dated 18 March 2019 No. 233-VI was adopted",
			[]instWant{{"law", "233-VI", "2019-03-18", 2019, "", "Law of the Republic of Kazakhstan \"On Prisons\" dated 18 March 2019 No. 233-VI"}}},
		{"code with date", "The Penal Code? No: the Civil Code of 27 December 1994 governs contracts.",
			[]instWant{{"code", "", "1994-12-27", 1994, "", "Civil Code of 27 December 1994"}}},
		{"convention with year", "It acceded to the Convention on the Rights of Persons with Disabilities (2006) in 2015.",
			[]instWant{{"convention", "", "", 2006, "", "Convention on the Rights of Persons with Disabilities (2006)"}}},
		{"normative resolution lower case", "normative resolution of the Supreme Court No. 7 of 28 December 2009 on torture",
			[]instWant{{"normative resolution", "7", "2009-12-28", 2009, "Supreme Court", "normative resolution of the Supreme Court No. 7 of 28 December 2009 on torture"}}},
		{"was adopted on", "The Public Oversight Act was adopted on 2 October 2023, and a joint order was adopted on 1 February 2022.",
			[]instWant{{"act", "", "2023-10-02", 2023, "", "Public Oversight Act was adopted on 2 October 2023"}, {"order", "", "2022-02-01", 2022, "", "order was adopted on 1 February 2022"}}},
		{"lower-case law with date", "Pursuant to a law of 19 December 2023, Kazakhstan ratified it; a separate law on the Commissioner followed.",
			[]instWant{{"law", "", "2023-12-19", 2023, "", "law of 19 December 2023"}}},
		{"date before head", "On 25 January 2022, the President signed Decree No. 1037, which regulates",
			[]instWant{{"decree", "1037", "2022-01-25", 2022, "President", "Decree No. 1037"}}},
		{"agreement", "The Agreement between Kazakhstan and Viet Nam on Mutual Legal Assistance in Civil Matters, of 31 October 2011.",
			[]instWant{{"agreement", "", "2011-10-31", 2011, "", "Agreement between Kazakhstan and Viet Nam on Mutual Legal Assistance in Civil Matters, of 31 October 2011"}}},
		{"minister order with sign", "Order of the Minister of Internal Affairs of the Republic of Kazakhstan dated 30 March 2020 № 254",
			[]instWant{{"order", "254", "2020-03-30", 2020, "Ministry of Internal Affairs", "Order of the Minister of Internal Affairs of the Republic of Kazakhstan dated 30 March 2020 № 254"}}},
		{"UN resolution", "the UN General Assembly resolution 70/175 of 17 December 2015",
			[]instWant{{"resolution", "70/175", "2015-12-17", 2015, "UN General Assembly", "UN General Assembly resolution 70/175 of 17 December 2015"}}},
		{"UN resolutions list", "a plan for Security Council resolutions 1325 (2000), 1820 (2008) and 2467 (2019).",
			[]instWant{{"resolution", "1325", "", 2000, "UN Security Council", "1325 (2000)"}, {"resolution", "1820", "", 2008, "UN Security Council", "1820 (2008)"}, {"resolution", "2467", "", 2019, "UN Security Council", "2467 (2019)"}}},
		{"UN resolution single", "obligations under Security Council resolution 2178 (2014). This",
			[]instWant{{"resolution", "2178", "", 2014, "UN Security Council", "Security Council resolution 2178 (2014)"}}},
		{"date before head, verb after", "On 20 April 2023, a law was adopted defining periods of detention.",
			[]instWant{{"law", "", "2023-04-20", 2023, "", "law was adopted"}}},
		{"other country", "the Law of Ukraine \"On Prevention of Torture\" of 12 May 2019 applies",
			[]instWant{{"law", "", "2019-05-12", 2019, "", "Law of Ukraine \"On Prevention of Torture\" of 12 May 2019"}}},
		{"treaty signed at", "the Convention on Legal Assistance in Civil Matters, signed at Minsk on 22 January 1993, applies",
			[]instWant{{"convention", "", "1993-01-22", 1993, "", "Convention on Legal Assistance in Civil Matters, signed at Minsk on 22 January 1993"}}},
		{"court order is not an instrument", "by order of the court of 5 May 2020, the case was closed", nil},
		{"in order to", "In order to protect victims, the order was enforced and the Act was applied.", nil},
		{"rule of law", "the Rule of Law, of 2019 vintage", nil},
		{"bare convention", "the Convention, of which article 5 is relevant", nil},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			var got []instWant
			for _, x := range Instruments(c.text) {
				d := ""
				if !x.IssuedOn.IsZero() {
					d = x.IssuedOn.Format(time.DateOnly)
				}
				got = append(got, instWant{x.Kind, x.Number, d, x.Year, x.Issuer, c.text[x.Start:x.End]})
			}
			if !reflect.DeepEqual(got, c.want) {
				t.Errorf("Instruments(%q)\n got %+v\nwant %+v", c.text, got, c.want)
			}
		})
	}
}

func TestKey(t *testing.T) {
	a := Instruments("By the Decree of the President dated July 19, 2021 No. 622 \"On measures\"")
	b := Instruments("Presidential Decree No. 622 of 19 July 2021 on measures to improve")
	if len(a) != 1 || len(b) != 1 {
		t.Fatalf("got %v and %v", a, b)
	}
	if a[0].Key() != "decree|622|2021-07-19" || a[0].Key() != b[0].Key() {
		t.Errorf("keys %q and %q", a[0].Key(), b[0].Key())
	}
	c := Instruments("the Act of 5 July 2000 on State Protection of Parties to Criminal Proceedings;")
	d := Instruments("The Act of 5 July 2000 on State protection of parties to criminal proceedings.")
	if len(c) != 1 || len(d) != 1 || c[0].Key() != d[0].Key() {
		t.Errorf("untitled keys differ: %v %v", c, d)
	} else if c[0].Key() != "act|2000-07-05|state protection of parties to criminal proceedings" {
		t.Errorf("key %q", c[0].Key())
	}
}

func TestDates(t *testing.T) {
	for in, want := range map[string]string{
		"5 July 2000": "2000-07-05", "July 19, 2021": "2021-07-19", "19.07.2021": "2021-07-19",
		"2021-07-19": "2021-07-19", "19 July 2021 year": "2021-07-19", "1st Sept. 2003": "2003-09-01",
	} {
		d, n, ok := parseDate(in)
		if !ok || n != len(in) || d.Format(time.DateOnly) != want {
			t.Errorf("parseDate(%q) = %v %d %v", in, d, n, ok)
		}
	}
	for _, bad := range []string{"31 February 2020", "13.13.2020", "July 2020"} {
		if _, _, ok := parseDate(bad); ok {
			t.Errorf("parseDate(%q) accepted", bad)
		}
	}
}

// TestCatalogueJSON asserts schemas/codes.json is the catalogue's encoding.
// Run with FACTFLOW_WRITE_CODES=1 to regenerate it.
func TestCatalogueJSON(t *testing.T) {
	path := filepath.Join("..", "..", "schemas", "codes.json")
	want := CatalogueJSON()
	if os.Getenv("FACTFLOW_WRITE_CODES") != "" {
		if err := os.WriteFile(path, want, 0o644); err != nil {
			t.Fatal(err)
		}
	}
	got, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	if !bytes.Equal(got, want) {
		t.Errorf("%s differs from legal.Catalogue; regenerate with FACTFLOW_WRITE_CODES=1 go test -run TestCatalogueJSON ./pipeline/legal/", path)
	}
	seen := map[string]string{}
	for _, e := range Catalogue {
		for _, a := range append([]string{e.Name}, e.Aliases...) {
			if prev, dup := seen[normAlias(a)]; dup {
				t.Errorf("alias %q of %q already names %q", a, e.Name, prev)
			}
			seen[normAlias(a)] = e.Name
		}
	}
}

func BenchmarkSeeds(b *testing.B) {
	files, _ := filepath.Glob(filepath.Join(seedDir, "*.txt"))
	var texts []string
	var n int64
	for _, f := range files {
		raw, err := os.ReadFile(f)
		if err != nil {
			b.Fatal(err)
		}
		texts = append(texts, string(raw))
		n += int64(len(raw))
	}
	b.SetBytes(n)
	b.ResetTimer()
	for b.Loop() {
		for _, s := range texts {
			References(s)
			Instruments(s)
		}
	}
}
