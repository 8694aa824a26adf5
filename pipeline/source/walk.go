package source

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"os"
	"path/filepath"
	"sort"
	"strings"
	"time"
)

// File is one input file found by Walk.
type File struct {
	Path string // as found, under one of the paths given
	Abs  string // absolute path, used as the document's source URI
	Size int64
	// ModTime is when the file was last modified: with Size, what a
	// refresh compares to skip a file it loaded before without reading it.
	ModTime time.Time
}

// Problem is an input that could not be used, with why. It is recorded,
// never silently dropped.
type Problem struct {
	Path string
	Err  error
}

func (p Problem) Error() string { return fmt.Sprintf("%s: %v", p.Path, p.Err) }

// WalkOptions bound what Walk accepts.
type WalkOptions struct {
	// FollowSymlinks lets Walk follow links that point outside the paths
	// it was given. Links inside them are always followed once.
	FollowSymlinks bool
	// MaxFileBytes rejects larger files; 0 means no limit.
	MaxFileBytes int64
	// Exclude are paths (files or directories) passed over wherever they
	// are met, as if absent: a warehouse, its write-ahead log and its
	// JetStream store inside the directories read are not reports.
	Exclude []string
}

// Walk lists the regular files under paths (files or directories), in a
// stable order, each once, passing over hidden entries (names starting
// with ".") inside the directories. Unreadable entries, symlink loops, links out of
// the given paths and over-large files are returned as problems; the walk
// goes on.
func Walk(ctx context.Context, paths []string, opt WalkOptions) ([]File, []Problem) {
	var (
		files    []File
		problems []Problem
		seen     = map[string]bool{}
		roots    []string
	)
	for _, p := range paths {
		if abs, err := filepath.Abs(p); err == nil {
			if real, err := filepath.EvalSymlinks(abs); err == nil {
				roots = append(roots, real)
			} else {
				roots = append(roots, abs)
			}
		}
	}
	excluded := map[string]bool{}
	for _, p := range opt.Exclude {
		if abs, err := filepath.Abs(p); err == nil {
			excluded[abs] = true
			if real, err := filepath.EvalSymlinks(abs); err == nil {
				excluded[real] = true
			}
		}
	}
	inside := func(real string) bool {
		for _, r := range roots {
			if rel, err := filepath.Rel(r, real); err == nil && rel != ".." && !startsDotDot(rel) {
				return true
			}
		}
		return false
	}
	var visit func(path string, depth int)
	visit = func(path string, depth int) {
		if ctx.Err() != nil {
			return
		}
		if depth > 64 {
			problems = append(problems, Problem{path, errors.New("directory nesting deeper than 64: symlink loop?")})
			return
		}
		info, err := os.Lstat(path)
		if err != nil {
			problems = append(problems, Problem{path, err})
			return
		}
		if info.Mode()&fs.ModeSymlink != 0 {
			real, err := filepath.EvalSymlinks(path)
			if err != nil {
				problems = append(problems, Problem{path, fmt.Errorf("broken or looping symlink: %w", err)})
				return
			}
			if depth > 0 && !opt.FollowSymlinks && !inside(real) {
				problems = append(problems, Problem{path, fmt.Errorf("symlink to %s leads out of the given paths (allow with --follow-symlinks)", real)})
				return
			}
			if info, err = os.Stat(real); err != nil {
				problems = append(problems, Problem{path, err})
				return
			}
		}
		real, err := filepath.EvalSymlinks(path)
		if err != nil {
			problems = append(problems, Problem{path, err})
			return
		}
		if excluded[real] {
			return
		}
		if seen[real] {
			return // reached twice through links: one document, one read
		}
		seen[real] = true
		switch {
		case info.IsDir():
			entries, err := os.ReadDir(path)
			if err != nil {
				problems = append(problems, Problem{path, err})
				return
			}
			for _, e := range entries {
				// Hidden entries (".git", an editor's swap file, the
				// JetStream store factflow keeps beside its warehouse in
				// ".factflow") are no one's reports; a path given by name
				// is read whatever it is called.
				if strings.HasPrefix(e.Name(), ".") {
					continue
				}
				visit(filepath.Join(path, e.Name()), depth+1)
			}
		case info.Mode().IsRegular():
			if opt.MaxFileBytes > 0 && info.Size() > opt.MaxFileBytes {
				problems = append(problems, Problem{path, fmt.Errorf("%w: %d bytes > %d", ErrTooLarge, info.Size(), opt.MaxFileBytes)})
				return
			}
			abs, _ := filepath.Abs(path)
			files = append(files, File{Path: path, Abs: abs, Size: info.Size(), ModTime: info.ModTime()})
		default:
			problems = append(problems, Problem{path, errors.New("not a regular file or directory")})
		}
	}
	for _, p := range paths {
		visit(p, 0)
	}
	sort.SliceStable(files, func(i, j int) bool { return files[i].Path < files[j].Path })
	return files, problems
}

func startsDotDot(rel string) bool {
	return len(rel) >= 3 && rel[:3] == ".."+string(filepath.Separator)
}

// ErrChanged reports a file that changed while ingest was reading it; the
// next run reads it again.
var ErrChanged = errors.New("file changed")

// ReadFile reads a whole file, refusing one that grew past limit while it
// was read (limit 0: no limit) or whose size changed since Walk listed it
// or while it was read: half a rewrite is not a document.
func ReadFile(f File, limit int64) ([]byte, error) {
	fh, err := os.Open(f.Path)
	if err != nil {
		return nil, err
	}
	defer fh.Close()
	var r io.Reader = fh
	want := f.Size
	if limit > 0 {
		r = io.LimitReader(fh, limit+1)
		want = min(want, limit+1)
	}
	// One buffer of the listed size: io.ReadAll's doubling copies and
	// discards about twice the file. ReadFrom wants MinRead bytes free
	// before each read, the last one (that finds the end, or growth)
	// included.
	var buf bytes.Buffer
	buf.Grow(int(want) + bytes.MinRead)
	if _, err := buf.ReadFrom(r); err != nil {
		return nil, err
	}
	data := buf.Bytes()
	if limit > 0 && int64(len(data)) > limit {
		return nil, fmt.Errorf("%w: more than %d bytes", ErrTooLarge, limit)
	}
	if st, err := fh.Stat(); err == nil && st.Size() != int64(len(data)) {
		return nil, fmt.Errorf("%w while it was read (%d bytes read, now %d)", ErrChanged, len(data), st.Size())
	}
	if f.Size != int64(len(data)) {
		return nil, fmt.Errorf("%w since it was listed (%d bytes then, %d now)", ErrChanged, f.Size, len(data))
	}
	return data, nil
}
