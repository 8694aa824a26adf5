// Package extract finds statistical observations in report text.
//
// It is pure code: no I/O, no NATS, no DuckDB, so every rule can be tested
// on a string. Offsets are byte offsets into the text given; callers that
// need code-point offsets into a whole document convert them.
package extract

// Version names the extraction rules. It changes whenever the rules change,
// so that a re-extraction of the same text can be told apart from the old one.
const Version = "obs/2"

// Doc is what the extractor knows of the document a piece of text belongs
// to. It lets a figure without a year of its own take the document's year
// (a 2019 country profile's figures are 2019's) and resolves relative
// periods such as "over the past five years".
type Doc struct {
	// Year is the document's own (reporting or publication) year; 0 if unknown.
	Year int
	// PeriodStart and PeriodEnd are the reporting period the document says
	// it covers ("covers the period 2009–2013"); 0 if not stated.
	PeriodStart, PeriodEnd int
}

// Observation is one stated value tied to a time.
type Observation struct {
	Metric      string  // canonical id from the metric catalogue (schemas/metrics.json) or derived from the label
	MetricLabel string  // the phrase of the text that names what is counted
	YearStart   int     // first year of the period
	YearEnd     int     // last year of the period; equal to YearStart for a single year
	Period      string  // finer period when stated ("first half", "as at January", "4 months"); empty otherwise
	Value       float64 // the stated value, scale words applied (18.28 million = 18280000)
	Unit        string  // from the unit vocabulary (persons, cases, crimes, count, percent, KZT, USD, ...)
	Qualifier   string  // more than, over, about, less than, up to, ...; empty when exact
	Start, End  int     // byte span in the text of the words that state the value, End exclusive
}
