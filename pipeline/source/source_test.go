package source

import (
	"context"
	"encoding/binary"
	"errors"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"unicode/utf16"
	"unicode/utf8"
)

func utf16Bytes(s string, order binary.AppendByteOrder, bom bool) []byte {
	var out []byte
	if bom {
		out = order.AppendUint16(out, 0xFEFF)
	}
	for _, u := range utf16.Encode([]rune(s)) {
		out = order.AppendUint16(out, u)
	}
	return out
}

func TestDecode(t *testing.T) {
	const text = "1. In 2022, 945 cases — Қазақстан 😀\r\n"
	tests := []struct {
		name    string
		in      []byte
		want    string
		enc     string
		wantErr error
	}{
		{"utf-8", []byte(text), text, "utf-8", nil},
		{"utf-8 with BOM", append([]byte{0xEF, 0xBB, 0xBF}, text...), text, "utf-8-bom", nil},
		{"utf-16le with BOM", utf16Bytes(text, binary.LittleEndian, true), text, "utf-16le", nil},
		{"utf-16be with BOM", utf16Bytes(text, binary.BigEndian, true), text, "utf-16be", nil},
		{"utf-16le without BOM", utf16Bytes(text, binary.LittleEndian, false), "", "", ErrEncoding},
		{"utf-16be without BOM", utf16Bytes(text, binary.BigEndian, false), "", "", ErrEncoding},
		{"empty", nil, "", "", ErrEmpty},
		{"only a BOM", []byte{0xEF, 0xBB, 0xBF}, "", "", ErrEmpty},
		{"invalid utf-8", []byte("abc\xff\xfedef"), "", "", ErrEncoding},
		{"latin-1", []byte("caf\xe9 cr\xe8me"), "", "", ErrEncoding},
		{"binary", []byte{0x7f, 'E', 'L', 'F', 2, 1, 1, 0, 0, 0}, "", "", ErrBinary},
		{"odd utf-16", append([]byte{0xFF, 0xFE}, 'a', 0, 'b'), "", "", ErrEncoding},
		{"unpaired surrogate", append([]byte{0xFF, 0xFE}, 0x00, 0xD8, 'a', 0), "", "", ErrEncoding},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, enc, err := Decode(tt.in)
			if tt.wantErr != nil {
				if !errors.Is(err, tt.wantErr) {
					t.Fatalf("err = %v, want %v", err, tt.wantErr)
				}
				return
			}
			if err != nil || got != tt.want || enc != tt.enc {
				t.Fatalf("Decode = %q, %q, %v; want %q, %q", got, enc, err, tt.want, tt.enc)
			}
		})
	}
}

func TestDecodeNamesTheBadByte(t *testing.T) {
	_, _, err := Decode([]byte("good text\x80"))
	if err == nil || !strings.Contains(err.Error(), "offset 9") {
		t.Fatalf("err = %v, want one naming offset 9", err)
	}
}

func TestID(t *testing.T) {
	a, again, b := ID("a"), ID(string([]byte{'a'})), ID("b")
	if a == b || a != again || len(a) != 32 {
		t.Fatal("ID must be a stable 32-hex-digit content hash")
	}
	// Loaded warehouses key documents by it: the first half of SHA-256.
	if want := "ca978112ca1bbdcafac231b39a23dc4d"; a != want {
		t.Fatalf(`ID("a") = %s, want %s`, a, want)
	}
}

func TestReadFile(t *testing.T) {
	dir := t.TempDir()
	for _, tc := range []struct {
		name         string
		listed, size int // bytes when walked and when read
		limit        int64
		want         error
	}{
		{"one byte", 1, 1, 0, nil},
		{"under the first buffer", 511, 511, 0, nil},
		{"at the first buffer", 512, 512, 0, nil},
		{"large", 300_000, 300_000, 0, nil},
		{"at the limit", 4096, 4096, 4096, nil},
		{"grew after the listing", 1000, 1500, 0, ErrChanged},
		{"shrank after the listing", 1500, 1000, 0, ErrChanged},
		{"grew past the limit", 4000, 5000, 4096, ErrTooLarge},
	} {
		t.Run(tc.name, func(t *testing.T) {
			path := filepath.Join(dir, strings.ReplaceAll(tc.name, " ", "-")+".txt")
			text := strings.Repeat("In 2022, 945 cases.\n", max(tc.listed, tc.size)/20+1)
			if err := os.WriteFile(path, []byte(text[:tc.listed]), 0o644); err != nil {
				t.Fatal(err)
			}
			files, problems := Walk(context.Background(), []string{path}, WalkOptions{})
			if len(files) != 1 || len(problems) != 0 {
				t.Fatalf("walk: %v %v", files, problems)
			}
			if err := os.WriteFile(path, []byte(text[:tc.size]), 0o644); err != nil {
				t.Fatal(err)
			}
			got, err := ReadFile(files[0], tc.limit)
			if !errors.Is(err, tc.want) {
				t.Fatalf("err = %v, want %v", err, tc.want)
			}
			if err == nil && string(got) != text[:tc.size] {
				t.Fatalf("read %d bytes, not the file's %d", len(got), tc.size)
			}
		})
	}
}

func TestWalk(t *testing.T) {
	dir := t.TempDir()
	write := func(name, body string) {
		p := filepath.Join(dir, name)
		if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(p, []byte(body), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	write("a.txt", "A.")
	write("sub/b.txt", "B.")
	write("big.txt", strings.Repeat("x", 100))
	write(".hidden.txt", "H.")             // passed over inside a directory ...
	write(".factflow/nats/meta.inf", "{}") // ... as is the store beside a warehouse
	outside := t.TempDir()
	if err := os.WriteFile(filepath.Join(outside, "secret.txt"), []byte("S."), 0o644); err != nil {
		t.Fatal(err)
	}
	must := func(err error) {
		if err != nil {
			t.Fatal(err)
		}
	}
	must(os.Symlink(filepath.Join(outside, "secret.txt"), filepath.Join(dir, "out.txt")))
	must(os.Symlink(filepath.Join(dir, "a.txt"), filepath.Join(dir, "again.txt")))
	must(os.Symlink(dir, filepath.Join(dir, "sub", "loop")))

	files, problems := Walk(context.Background(), []string{dir}, WalkOptions{MaxFileBytes: 50})
	// ... but read when given by name
	if named, _ := Walk(context.Background(), []string{filepath.Join(dir, ".hidden.txt")}, WalkOptions{}); len(named) != 1 {
		t.Errorf("a hidden file given by name: %d files, want it", len(named))
	}
	var names []string
	for _, f := range files {
		names = append(names, filepath.Base(f.Path))
	}
	if strings.Join(names, ",") != "a.txt,b.txt" {
		t.Errorf("files = %v, want a.txt and b.txt once each", names)
	}
	var why []string
	for _, p := range problems {
		why = append(why, filepath.Base(p.Path)+": "+p.Err.Error())
	}
	joined := strings.Join(why, "\n")
	for _, want := range []string{"big.txt: file larger", "out.txt: symlink to"} {
		if !strings.Contains(joined, want) {
			t.Errorf("problems lack %q:\n%s", want, joined)
		}
	}

	files, _ = Walk(context.Background(), []string{dir}, WalkOptions{FollowSymlinks: true})
	found := false
	for _, f := range files {
		found = found || filepath.Base(f.Path) == "out.txt"
	}
	if !found {
		t.Error("FollowSymlinks did not follow the link out")
	}
}

func FuzzDecode(f *testing.F) {
	f.Add([]byte("plain text"))
	f.Add([]byte{0xEF, 0xBB, 0xBF, 'a'})
	f.Add(utf16Bytes("ab😀", binary.LittleEndian, true))
	f.Add(utf16Bytes("ab😀", binary.BigEndian, true))
	f.Add([]byte{0xFF, 0xFE, 0x00, 0xD8})
	f.Fuzz(func(t *testing.T, data []byte) {
		text, enc, err := Decode(data)
		if err != nil {
			return
		}
		if !utf8.ValidString(text) || text == "" || enc == "" {
			t.Fatalf("Decode accepted %q as %q (%s)", data, text, enc)
		}
	})
}

func TestReadFileRefusesAChangedFile(t *testing.T) {
	path := filepath.Join(t.TempDir(), "report.txt")
	if err := os.WriteFile(path, []byte("In 2022, 945 cases."), 0o644); err != nil {
		t.Fatal(err)
	}
	files, problems := Walk(context.Background(), []string{path}, WalkOptions{})
	if len(files) != 1 || len(problems) != 0 {
		t.Fatalf("walk: %v %v", files, problems)
	}
	if _, err := ReadFile(files[0], 0); err != nil {
		t.Fatalf("unchanged file: %v", err)
	}
	// Someone appends between the listing and the read.
	f, err := os.OpenFile(path, os.O_APPEND|os.O_WRONLY, 0)
	if err != nil {
		t.Fatal(err)
	}
	f.WriteString(" In 2023, 950 cases.")
	f.Close()
	if _, err := ReadFile(files[0], 0); !errors.Is(err, ErrChanged) {
		t.Fatalf("err = %v, want ErrChanged", err)
	}
}

// FuzzControlBytes holds the word-at-a-time count to the byte loop it
// replaces.
func FuzzControlBytes(f *testing.F) {
	for _, s := range []string{"", "plain text\n", "a\x01b\x1fc\x7f\x80\x9f", "\x00\x00\x00\x00\x00\x00\x00\x00\x00", "tab\tff\fcr\rlf\n and a long tail of text", "Ещё\x1b[0m"} {
		f.Add([]byte(s))
	}
	f.Fuzz(func(t *testing.T, data []byte) {
		for i := 0; i < len(data) && i < 9; i++ {
			if got, want := controlBytes(data[i:]), controlBytesSlow(data[i:]); got != want {
				t.Fatalf("controlBytes(%q) = %d, want %d", data[i:], got, want)
			}
		}
	})
}
