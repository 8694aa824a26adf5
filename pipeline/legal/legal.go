// Package legal finds references to legal provisions and mentions of legal
// instruments in report text.
//
// It is pure code: no I/O, no NATS, no DuckDB. Offsets are byte offsets into
// the text given, End exclusive.
package legal

import "time"

// Version names the rules; it changes whenever they change.
const Version = "legal/1"

// Reference is one cited provision: an article (and part) of a code,
// constitution, convention or covenant.
type Reference struct {
	Code        string // canonical name from the code catalogue (schemas/codes.json)
	Article     string // "146", "73-1"
	Part        string // "2"; empty when none is cited
	ArticleName string // the article's name where the text gives it ("Abduction")
	Start, End  int    // byte span of the words that cite it
}

// Instrument is one act, law, decree, order, resolution, code or treaty
// mentioned in the text.
type Instrument struct {
	Kind       string    // act, law, decree, order, resolution, regulatory decision, code, convention, protocol, covenant, ...
	Title      string    // its title where given
	Number     string    // its number where given ("622")
	IssuedOn   time.Time // its date when a full date is given; zero otherwise
	Year       int       // its year when known
	Issuer     string    // President, General Prosecutor, Supreme Court, Government, ...
	Start, End int       // byte span of the words that name it
}
