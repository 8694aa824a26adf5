// Package metrics is what factflow's workers tell Prometheus, and the
// small HTTP server that serves it with health and readiness probes.
//
// A nil *Metrics is valid and records nothing, so that code paths without
// a metrics server (tests, `factflow extract`) need no checks.
package metrics

import (
	"context"
	"errors"
	"fmt"
	"net"
	"net/http"
	"time"

	"github.com/prometheus/client_golang/prometheus"
	"github.com/prometheus/client_golang/prometheus/collectors"
	"github.com/prometheus/client_golang/prometheus/promhttp"
)

// Metrics holds one process's collectors, on its own registry.
type Metrics struct {
	registry     *prometheus.Registry
	received     *prometheus.CounterVec
	redelivered  *prometheus.CounterVec
	acked        *prometheus.CounterVec
	retried      *prometheus.CounterVec
	deadLettered *prometheus.CounterVec
	published    *prometheus.CounterVec
	extract      prometheus.Histogram
	load         prometheus.Histogram
	documents    prometheus.Counter
	facts        prometheus.Counter
	lag          *prometheus.GaugeVec
}

// New returns the collectors, registered with the Go and process ones.
func New() *Metrics {
	r := prometheus.NewRegistry()
	r.MustRegister(collectors.NewGoCollector(), collectors.NewProcessCollector(collectors.ProcessCollectorOpts{}))
	stage := []string{"stage"}
	m := &Metrics{
		registry: r,
		received: prometheus.NewCounterVec(prometheus.CounterOpts{Name: "factflow_messages_received_total",
			Help: "Messages fetched from JetStream, by stage."}, stage),
		redelivered: prometheus.NewCounterVec(prometheus.CounterOpts{Name: "factflow_messages_redelivered_total",
			Help: "Fetched messages that had been delivered before, by stage."}, stage),
		acked: prometheus.NewCounterVec(prometheus.CounterOpts{Name: "factflow_messages_acked_total",
			Help: "Messages acknowledged after their effect was durable, by stage."}, stage),
		retried: prometheus.NewCounterVec(prometheus.CounterOpts{Name: "factflow_messages_retried_total",
			Help: "Messages handed back for a later retry, by stage."}, stage),
		deadLettered: prometheus.NewCounterVec(prometheus.CounterOpts{Name: "factflow_dead_letters_total",
			Help: "Messages and inputs dead-lettered, by stage."}, stage),
		published: prometheus.NewCounterVec(prometheus.CounterOpts{Name: "factflow_messages_published_total",
			Help: "Messages published, by stage."}, stage),
		extract: prometheus.NewHistogram(prometheus.HistogramOpts{Name: "factflow_extract_seconds",
			Help: "Time to extract the facts of one chunk.", Buckets: prometheus.ExponentialBuckets(0.00005, 4, 10)}),
		load: prometheus.NewHistogram(prometheus.HistogramOpts{Name: "factflow_load_seconds",
			Help: "Time the loader holds the warehouse for one batch (stage, publish, close).", Buckets: prometheus.ExponentialBuckets(0.001, 3, 10)}),
		documents: prometheus.NewCounter(prometheus.CounterOpts{Name: "factflow_documents_loaded_total",
			Help: "Documents made visible in the warehouse."}),
		facts: prometheus.NewCounter(prometheus.CounterOpts{Name: "factflow_facts_loaded_total",
			Help: "Facts made visible in the warehouse."}),
		lag: prometheus.NewGaugeVec(prometheus.GaugeOpts{Name: "factflow_consumer_lag",
			Help: "Messages a durable consumer has yet to deliver plus those unacknowledged."}, []string{"consumer"}),
	}
	r.MustRegister(m.received, m.redelivered, m.acked, m.retried, m.deadLettered, m.published,
		m.extract, m.load, m.documents, m.facts, m.lag)
	return m
}

// Received counts a fetched batch of n messages, of which redelivered had
// been delivered before.
func (m *Metrics) Received(stage string, n, redelivered int) {
	if m == nil {
		return
	}
	m.received.WithLabelValues(stage).Add(float64(n))
	m.redelivered.WithLabelValues(stage).Add(float64(redelivered))
}

// Acked counts n acknowledgements.
func (m *Metrics) Acked(stage string, n int) {
	if m != nil {
		m.acked.WithLabelValues(stage).Add(float64(n))
	}
}

// Retried counts a message handed back for a retry.
func (m *Metrics) Retried(stage string) {
	if m != nil {
		m.retried.WithLabelValues(stage).Inc()
	}
}

// DeadLettered counts a dead letter.
func (m *Metrics) DeadLettered(stage string) {
	if m != nil {
		m.deadLettered.WithLabelValues(stage).Inc()
	}
}

// Published counts n published messages.
func (m *Metrics) Published(stage string, n int) {
	if m != nil {
		m.published.WithLabelValues(stage).Add(float64(n))
	}
}

// Extracted records one chunk's extraction time.
func (m *Metrics) Extracted(d time.Duration) {
	if m != nil {
		m.extract.Observe(d.Seconds())
	}
}

// LoadedBatch records how long the loader held the warehouse for a batch.
func (m *Metrics) LoadedBatch(d time.Duration) {
	if m != nil {
		m.load.Observe(d.Seconds())
	}
}

// LoadedDocument counts a document made visible with its facts.
func (m *Metrics) LoadedDocument(facts int) {
	if m != nil {
		m.documents.Inc()
		m.facts.Add(float64(facts))
	}
}

// Lag sets a consumer's backlog.
func (m *Metrics) Lag(consumer string, n uint64) {
	if m != nil {
		m.lag.WithLabelValues(consumer).Set(float64(n))
	}
}

// Gather returns the current values, for tests and `factflow status`.
func (m *Metrics) Gather() (map[string]float64, error) {
	families, err := m.registry.Gather()
	if err != nil {
		return nil, err
	}
	out := map[string]float64{}
	for _, f := range families {
		for _, metric := range f.GetMetric() {
			name := f.GetName()
			for _, l := range metric.GetLabel() {
				name += fmt.Sprintf("{%s=%q}", l.GetName(), l.GetValue())
			}
			switch {
			case metric.GetCounter() != nil:
				out[name] = metric.GetCounter().GetValue()
			case metric.GetGauge() != nil:
				out[name] = metric.GetGauge().GetValue()
			case metric.GetHistogram() != nil:
				out[name+"_count"] = float64(metric.GetHistogram().GetSampleCount())
			}
		}
	}
	return out, nil
}

// Serve serves /metrics, /healthz (the process is up) and /readyz (ready
// reports nil: connected and able to work) on addr until ctx ends. It
// returns once the listener is bound, with the address bound (useful with
// port 0); serving goes on in the background.
func (m *Metrics) Serve(ctx context.Context, addr string, ready func() error) (string, error) {
	mux := http.NewServeMux()
	mux.Handle("/metrics", promhttp.HandlerFor(m.registry, promhttp.HandlerOpts{}))
	mux.HandleFunc("/healthz", func(w http.ResponseWriter, _ *http.Request) {
		fmt.Fprintln(w, "ok")
	})
	mux.HandleFunc("/readyz", func(w http.ResponseWriter, _ *http.Request) {
		if ready != nil {
			if err := ready(); err != nil {
				http.Error(w, "not ready: "+err.Error(), http.StatusServiceUnavailable)
				return
			}
		}
		fmt.Fprintln(w, "ready")
	})
	l, err := net.Listen("tcp", addr)
	if err != nil {
		return "", fmt.Errorf("metrics server on %s: %w", addr, err)
	}
	srv := &http.Server{Handler: mux, ReadHeaderTimeout: 5 * time.Second}
	go func() {
		<-ctx.Done()
		sctx, cancel := context.WithTimeout(context.WithoutCancel(ctx), 5*time.Second)
		defer cancel()
		_ = srv.Shutdown(sctx)
	}()
	go func() {
		if err := srv.Serve(l); err != nil && !errors.Is(err, http.ErrServerClosed) {
			_ = err // the probes stop answering; the orchestrator notices
		}
	}()
	return l.Addr().String(), nil
}
