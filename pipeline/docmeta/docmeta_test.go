package docmeta

import (
	"os"
	"path/filepath"
	"testing"
)

func TestAnalyze(t *testing.T) {
	cases := []struct {
		name string
		text string
		want Meta
	}{
		{"state report", "  I. Introduction\n\n1. This report is the second periodic report of the Republic of Moldova to the Committee against Torture, submitted under article 19.\n(2) This report covers the period 2015–2019;\n(3) The report was prepared by the Ministry of Justice of Moldova.\n",
			Meta{Title: "Second periodic report of the Republic of Moldova to the Committee against Torture", Type: "state report", Issuer: "Ministry of Justice", Year: 2019, PeriodStart: 2015, PeriodEnd: 2019}},
		{"replies", "Replies of Georgia to the list of issues\n\n1. In 2021, 14 cases were opened; in 2022, 20.\n",
			Meta{Title: "Replies of Georgia to the list of issues", Type: "reply to list of issues", Issuer: "Government of Georgia", Year: 2022}},
		{"profile with stated year", "country profile\n\nRepublic of Armenia\nFacts and Assessments. 2021\nPrisoners - 2 300\nIn 2019 there were 5 complaints.\n",
			Meta{Title: "country profile — Republic of Armenia", Type: "country profile", Year: 2021}},
		{"web page, future excluded", "Hate crime data\n\nThis page provides information on hate crime. In 2020, 12 cases were recorded. The plan will run until 2030 and elections are held from 2026 onwards.\n",
			Meta{Title: "Hate crime data", Type: "web page", Year: 2020}},
		{"shadow report", "Alternative report to the Committee on the Rights of the Child\nprepared by a coalition of NGOs\n\nIn 2018 ...",
			Meta{Title: "Alternative report to the Committee on the Rights of the Child prepared by a coalition of NGOs", Type: "shadow report", Year: 2018}},
		{"state report citing concluding observations", "Third periodic report of Kyrgyzstan\n\n1. This report takes into account the concluding observations on the second report (CCPR/C/KGZ/CO/2). Additional information is in the annex.\n",
			Meta{Title: "Third periodic report of Kyrgyzstan", Type: "state report", Issuer: "Government of Kyrgyzstan"}},
		{"concluding observations", "Concluding observations on the third periodic report of Kyrgyzstan\n\n1. The Committee considered the report in 2022.\n",
			Meta{Title: "Concluding observations on the third periodic report of Kyrgyzstan", Type: "concluding observations", Year: 2022}},
		{"other", "Minutes of the meeting\n\nNothing happened.", Meta{Title: "Minutes of the meeting", Type: "other"}},
		{"empty", "", Meta{Type: "other"}},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			if got := Analyze(c.text); got != c.want {
				t.Errorf("Analyze:\n got %+v\nwant %+v", got, c.want)
			}
		})
	}
}

func TestSeeds(t *testing.T) {
	want := map[string]Meta{
		"000": {Type: "web page", Year: 2014},
		"001": {Type: "state report", Issuer: "Ministry of Internal Affairs", Year: 2013, PeriodStart: 2009, PeriodEnd: 2013},
		"002": {Type: "country profile", Year: 2019},
		"003": {Type: "reply to list of issues", Year: 2024},
		"004": {Type: "additional information", Year: 2023},
	}
	files, _ := filepath.Glob("../../seeds/*.txt")
	for _, f := range files {
		w, ok := want[filepath.Base(f)[:3]]
		if !ok {
			continue
		}
		raw, err := os.ReadFile(f)
		if err != nil {
			t.Fatal(err)
		}
		got := Analyze(string(raw))
		t.Logf("%s: %+v", filepath.Base(f), got)
		if got.Title == "" {
			t.Errorf("%s: no title", f)
		}
		got.Title = ""
		if got != w {
			t.Errorf("%s:\n got %+v\nwant %+v", f, got, w)
		}
	}
}

func BenchmarkAnalyze(b *testing.B) {
	files, _ := filepath.Glob("../../seeds/*.txt")
	var texts []string
	var n int64
	for _, f := range files {
		raw, _ := os.ReadFile(f)
		texts = append(texts, string(raw))
		n += int64(len(raw))
	}
	b.SetBytes(n)
	for b.Loop() {
		for _, s := range texts {
			Analyze(s)
		}
	}
}
