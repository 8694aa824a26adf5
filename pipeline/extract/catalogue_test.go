package extract

import (
	"bytes"
	"flag"
	"os"
	"testing"
)

var update = flag.Bool("update", false, "rewrite schemas/metrics.json from the Go catalogue")

const metricsPath = "../../schemas/metrics.json"

// TestCatalogueFile keeps schemas/metrics.json equal to the Go catalogue
// (the Go table is the source: go test ./pipeline/extract -run
// CatalogueFile -update rewrites the file).
func TestCatalogueFile(t *testing.T) {
	want, err := CatalogueJSON()
	if err != nil {
		t.Fatal(err)
	}
	if *update {
		if err := os.WriteFile(metricsPath, want, 0o644); err != nil {
			t.Fatal(err)
		}
	}
	got, err := os.ReadFile(metricsPath)
	if err != nil {
		t.Fatalf("%v (run with -update to create it)", err)
	}
	if !bytes.Equal(got, want) {
		t.Errorf("schemas/metrics.json differs from the Go catalogue; run go test ./pipeline/extract -run CatalogueFile -update")
	}
}

func TestCatalogueWellFormed(t *testing.T) {
	seen := map[string]bool{}
	for _, m := range Catalogue {
		if m.ID == "" || seen[m.ID] || len(m.Keywords) == 0 {
			t.Errorf("bad or duplicate entry %q", m.ID)
		}
		seen[m.ID] = true
		if m.ID[0] == 'x' && len(m.ID) > 1 && m.ID[1] == '_' {
			t.Errorf("%s: the x_ prefix is reserved for derived ids", m.ID)
		}
		for _, set := range m.Keywords {
			for _, kw := range set {
				if kw != normLabel(kw)[1:len(normLabel(kw))-1] {
					t.Errorf("%s: keyword %q is not normalised (lower case, single spaces)", m.ID, kw)
				}
			}
		}
	}
}

func TestMetricFor(t *testing.T) {
	for _, c := range []struct{ label, unit, want string }{
		{"registrations of torture in the Unified Register of Pre-Trial Investigations", "cases", "torture_registered"},
		{"Statistical data on the registration of torture in the Unified Register of Pre–Trial Investigations", "cases", "torture_registered"},
		{"Prison population (convicted)", "persons", "prison_population"},
		{"Population", "persons", "population"},
		{"In pre-trial detention (under investigation)", "persons", "pretrial_detention_population"},
		{"cases of self-harm by inmates", "cases", "self_harm_cases_penal"},
		{"victims who received compensation", "persons", "victims_compensated_vcf"},
		{"they received compensation totalling", "KZT", "compensation_paid_vcf"},
		{"wolves sighted in the steppe", "count", "x_wolves_sighted_steppe"},
		{"", "count", "x_count"},
	} {
		if got := metricFor(c.label, c.unit); got != c.want {
			t.Errorf("metricFor(%q, %s) = %s, want %s", c.label, c.unit, got, c.want)
		}
	}
}
