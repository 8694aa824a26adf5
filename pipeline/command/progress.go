package command

import (
	"context"
	"fmt"
	"os"
	"sync"
	"time"

	"github.com/mattn/go-isatty"
	"github.com/rs/zerolog"
	"github.com/schollz/progressbar/v3"

	"github.com/factflow/factflow/pipeline/runner"
)

// progress shows a run's progress: a bar on a terminal, a log line every
// interval otherwise. Its update method is the runner's Progress hook.
type progress struct {
	mu   sync.Mutex
	last runner.Progress
	bar  *progressbar.ProgressBar
}

// newProgress starts showing progress until ctx ends; stop clears the bar.
func newProgress(ctx context.Context, log zerolog.Logger, interval time.Duration) (*progress, func()) {
	p := &progress{}
	if isatty.IsTerminal(os.Stderr.Fd()) {
		p.bar = progressbar.NewOptions(-1,
			progressbar.OptionSetWriter(os.Stderr),
			progressbar.OptionSetDescription("files"),
			progressbar.OptionShowCount(),
			progressbar.OptionThrottle(100*time.Millisecond),
			progressbar.OptionClearOnFinish(),
		)
		return p, func() { _ = p.bar.Finish() }
	}
	ctx, cancel := context.WithCancel(ctx)
	go func() {
		t := time.NewTicker(interval)
		defer t.Stop()
		for {
			select {
			case <-ctx.Done():
				return
			case <-t.C:
				p.mu.Lock()
				s := p.last
				p.mu.Unlock()
				log.Info().Int("files", s.Files).Int("files_done", s.FilesDone).Int("documents_published", s.Published).
					Int("documents_loaded", s.Loaded).Int("documents_failed", s.Failed).Int("chunks", s.Chunks).
					Int64("facts", s.Facts).Float64("facts_per_s", rate(s)).Msg("progress")
			}
		}
	}()
	return p, cancel
}

func rate(s runner.Progress) float64 {
	if s.Elapsed <= 0 {
		return 0
	}
	return float64(s.Facts) / s.Elapsed.Seconds()
}

func (p *progress) update(s runner.Progress) {
	p.mu.Lock()
	defer p.mu.Unlock()
	p.last = s
	if p.bar == nil {
		return
	}
	if s.Files > 0 && p.bar.GetMax() != s.Files {
		p.bar.ChangeMax(s.Files)
	}
	p.bar.Describe(fmt.Sprintf("loaded %d/%d docs · %d chunks · %d facts · %.0f facts/s · files read",
		s.Loaded, s.Published, s.Chunks, s.Facts, rate(s)))
	_ = p.bar.Set(s.FilesDone)
}
