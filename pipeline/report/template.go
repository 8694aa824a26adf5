package report

import (
	_ "embed"
	"html/template"
)

// pageHTML is the report's page. html/template escapes every value for
// the place it goes (text, attribute, URL, script), which is what keeps
// document text, labels and quotes from ever becoming markup or code; the
// few pieces built as HTML in Go (sentences, marked text) escape their
// text with html.EscapeString.
//
//go:embed page.html
var pageHTML string

// pageTemplate is parsed once; templates are safe for concurrent use.
var pageTemplate = template.Must(template.New("report").Parse(pageHTML))

// chartSpec is what the page's script needs to draw one chart.
type chartSpec struct {
	ID     string         `json:"id"`
	Option map[string]any `json:"option"`
}

// Specs are the charts' specs, for the page's script.
func (p page) Specs() []chartSpec {
	out := make([]chartSpec, len(p.Charts))
	for i, c := range p.Charts {
		out[i] = chartSpec{ID: c.ID, Option: c.Option}
	}
	return out
}
