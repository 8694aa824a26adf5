// Package docmeta reads a document's own description of itself: its title,
// kind, issuer, year and the period it covers. It is pure code and works on
// the text alone, never on a table of known files.
package docmeta

// Meta is what a document says of itself. Zero values mean "not found".
type Meta struct {
	Title       string
	Type        string // state report, reply to a list of issues, country profile, web page, ...
	Issuer      string
	Year        int // the document's own (reporting or publication) year
	PeriodStart int // first year of the period the document covers
	PeriodEnd   int // last year of that period
}
