package report

import (
	"testing"
)

func TestMarkText(t *testing.T) {
	for _, tc := range []struct {
		name  string
		text  string
		facts []fact
		want  string
	}{
		{"none", "a < b & c", nil, "a &lt; b &amp; c"},
		{"one", "was 630 cases", []fact{{Kind: "observation", ID: "x", Start: 4, End: 7}},
			`was <mark id="f-x" class="k-obs">630</mark> cases`},
		{"overlapping: the inner one gets an anchor", "Law No. 5 of 2020",
			[]fact{{Kind: "legal reference", ID: "in", Start: 4, End: 9}, {Kind: "instrument", ID: "out", Start: 0, End: 17}},
			`<mark id="f-out" class="k-ins">Law <a id="f-in"></a>No. 5 of 2020</mark>`},
		{"adjacent", "12", []fact{{Kind: "observation", ID: "a", Start: 0, End: 1}, {Kind: "observation", ID: "b", Start: 1, End: 2}},
			`<mark id="f-a" class="k-obs">1</mark><mark id="f-b" class="k-obs">2</mark>`},
		{"code points, not bytes", "Всего 26 <дел>", []fact{{Kind: "observation", ID: "r", Start: 6, End: 8}},
			`Всего <mark id="f-r" class="k-obs">26</mark> &lt;дел&gt;`},
		{"id and text escaped", `"<>"`, []fact{{Kind: "observation", ID: `"><script>`, Start: 1, End: 3}},
			`&#34;<mark id="f-&#34;&gt;&lt;script&gt;" class="k-obs">&lt;&gt;</mark>&#34;`},
		{"offsets past the end are clamped", "ab", []fact{{Kind: "observation", ID: "z", Start: 1, End: 99}},
			`a<mark id="f-z" class="k-obs">b</mark>`},
		{"empty span", "ab", []fact{{Kind: "observation", ID: "e", Start: 1, End: 1}}, `a<a id="f-e"></a>b`},
	} {
		t.Run(tc.name, func(t *testing.T) {
			if got := string(markText([]rune(tc.text), tc.facts)); got != tc.want {
				t.Errorf("got  %s\nwant %s", got, tc.want)
			}
		})
	}
}

func TestSentence(t *testing.T) {
	text := "First one. In 2022 there were 920 cases of torture. Third <one>.\nNext line"
	for _, tc := range []struct {
		name       string
		start, end int
		want       string
	}{
		{"middle sentence", 30, 33, "In 2022 there were <mark>920</mark> cases of torture."},
		{"first sentence", 0, 5, "<mark>First</mark> one."},
		{"escaped, stops at the line's end", 59, 63, "Third &lt;<mark>one&gt;</mark>."},
		{"last line", 65, 69, "<mark>Next</mark> line"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			if got := string(sentence([]rune(text), tc.start, tc.end)); got != tc.want {
				t.Errorf("got  %s\nwant %s", got, tc.want)
			}
		})
	}
}
