package command

import (
	"context"
	"errors"
	"time"

	"github.com/rs/zerolog"

	"github.com/factflow/factflow/pipeline/bus"
	"github.com/factflow/factflow/pipeline/metrics"
)

// Observe are the flags of a long-running worker's metrics server.
type Observe struct {
	MetricsAddr string `help:"Serve /metrics, /healthz and /readyz on this address (e.g. :9090); empty: off." env:"FACTFLOW_METRICS_ADDR"`
}

// start attaches metrics to b and, if asked, serves them. The worker is
// ready while it is connected to NATS and ready() (if any) says so.
func (o Observe) start(ctx context.Context, b *bus.Bus, log zerolog.Logger, ready func() error) error {
	b.Metrics = metrics.New()
	go b.WatchLag(ctx, 5*time.Second)
	if o.MetricsAddr == "" {
		return nil
	}
	addr, err := b.Metrics.Serve(ctx, o.MetricsAddr, func() error {
		if !b.NC.IsConnected() {
			return errors.New("not connected to NATS")
		}
		if ready != nil {
			return ready()
		}
		return nil
	})
	if err != nil {
		return err
	}
	log.Info().Str("addr", addr).Msg("serving /metrics, /healthz, /readyz")
	return nil
}
