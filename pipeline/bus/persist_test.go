package bus_test

import (
	"context"
	"path/filepath"
	"testing"
	"time"

	"github.com/nats-io/nats.go/jetstream"
	"github.com/rs/zerolog"

	"github.com/factflow/factflow/pipeline/bus"
)

// TestSetupPersistMode checks that AsyncPersist picks the mode of new
// streams, and that setting up again with the other choice keeps an
// existing stream's mode instead of failing (the server refuses to change
// it, and the embedded store outlives a run).
func TestSetupPersistMode(t *testing.T) {
	for _, tc := range []struct {
		name          string
		first, second bool
		want          jetstream.PersistModeType
	}{
		{"async", true, true, jetstream.AsyncPersistMode},
		{"default", false, false, jetstream.DefaultPersistMode},
		{"async kept", true, false, jetstream.AsyncPersistMode},
		{"default kept", false, true, jetstream.DefaultPersistMode},
	} {
		t.Run(tc.name, func(t *testing.T) {
			ctx := context.Background()
			srv, err := bus.StartEmbedded(filepath.Join(t.TempDir(), "nats"))
			if err != nil {
				t.Fatal(err)
			}
			defer srv.Shutdown()
			for i, async := range []bool{tc.first, tc.second} {
				b, err := bus.Connect(ctx, bus.Config{URL: srv.URL(), Timeout: 5 * time.Second, AsyncPersist: async}, "test", zerolog.Nop())
				if err != nil {
					t.Fatal(err)
				}
				err = b.Setup(ctx, 1<<20)
				if err != nil {
					b.Close()
					t.Fatalf("setup %d (async %v): %v", i+1, async, err)
				}
				if i == 0 {
					b.Close()
					continue
				}
				for _, name := range []string{b.Names.DocsStream(), b.Names.ChunksStream(), b.Names.FactsStream(), b.Names.DeadStream()} {
					st, err := b.JS.Stream(ctx, name)
					if err != nil {
						t.Fatal(err)
					}
					if got := st.CachedInfo().Config.PersistMode; got != tc.want {
						t.Errorf("%s: persist mode %v, want %v", name, got, tc.want)
					}
				}
				b.Close()
			}
		})
	}
}
