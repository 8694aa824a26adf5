package quantity

import (
	"fmt"
	"reflect"
	"strings"
	"testing"
)

// AppendFind appends what Find returns, whatever dst holds, for short
// texts (gathered on the stack) and long ones (room made at once) alike.
func TestAppendFind(t *testing.T) {
	prefix := []Quantity{{Text: "x", Value: 1}}
	for _, s := range []string{
		"", "no numbers here", "In 2022, 945 cases (3,7%) and T 49,456,000; nine judges",
		strings.Repeat("In 2019, 45 cases and 1,200 persons. ", 300), // longer than longText, more than 128 quantities
		strings.Repeat("7 ", 200),
	} {
		want := Find(s)
		got := AppendFind(append([]Quantity(nil), prefix...), s)
		if !reflect.DeepEqual(got[:1], prefix) || !(len(got) == 1 && len(want) == 0) && !reflect.DeepEqual(got[1:], want) {
			t.Errorf("AppendFind(prefix, %.40q…) differs from Find", s)
		}
		if len(want) != cap(want) && len(s) <= longText {
			t.Errorf("Find(%.40q…): cap %d, want the exact size %d", s, cap(want), len(want))
		}
	}
}

// A grouped numeral is read group by group: its value must be that of its
// digits run together, as parseDecimal reads them.
func TestGroupedValue(t *testing.T) {
	for _, c := range []struct{ int, frac string }{
		{"1,273", ""}, {"5,300", ""}, {"49,456,000", ""}, {"123,456,789,012", "5"}, {"23 635", ""}, {"417 611 910", ""},
		{"1,000,000", "25"}, {"9,007,199,254,740,993", ""}, {"999\u00a0999", ""}, {"12\u202f345", "67"},
	} {
		in := c.int
		if c.frac != "" {
			in += "." + c.frac
		}
		digits := strings.NewReplacer(",", "", " ", "", "\u00a0", "", "\u202f", "").Replace(c.int)
		qs := Find("total " + in + " cases")
		if len(qs) != 1 || !qs[0].Grouped {
			t.Errorf("Find(%q) = %+v, want one grouped quantity", in, qs)
			continue
		}
		if want := parseDecimal(digits, c.frac); qs[0].Value != want {
			t.Errorf("Find(%q) = %v, want %v", in, qs[0].Value, want)
		}
	}
	// and the line-broken group of a PDF: "23\n\n635"
	if qs := Find("Prison population (convicted) - 23\n\n635\n"); len(qs) != 1 || qs[0].Value != 23635 {
		t.Errorf("split group: got %s", fmt.Sprint(qs))
	}
}
