package metrics

import (
	"context"
	"errors"
	"io"
	"net/http"
	"strings"
	"testing"
	"time"
)

func TestServe(t *testing.T) {
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	m := New()
	ready := errors.New("warming up")
	addr, err := m.Serve(ctx, "127.0.0.1:0", func() error { return ready })
	if err != nil {
		t.Fatal(err)
	}
	m.Received("transform", 10, 2)
	m.Acked("transform", 9)
	m.DeadLettered("transform")
	m.Extracted(3 * time.Millisecond)
	m.Lag("transform", 42)

	get := func(path string) (int, string) {
		resp, err := http.Get("http://" + addr + path)
		if err != nil {
			t.Fatal(err)
		}
		defer resp.Body.Close()
		body, _ := io.ReadAll(resp.Body)
		return resp.StatusCode, string(body)
	}
	tests := []struct {
		path     string
		code     int
		contains string
	}{
		{"/healthz", 200, "ok"},
		{"/readyz", 503, "warming up"},
		{"/metrics", 200, `factflow_messages_received_total{stage="transform"} 10`},
		{"/metrics", 200, `factflow_messages_redelivered_total{stage="transform"} 2`},
		{"/metrics", 200, `factflow_dead_letters_total{stage="transform"} 1`},
		{"/metrics", 200, `factflow_consumer_lag{consumer="transform"} 42`},
		{"/metrics", 200, `factflow_extract_seconds_count 1`},
		{"/metrics", 200, `go_goroutines`},
	}
	for _, tt := range tests {
		code, body := get(tt.path)
		if code != tt.code || !strings.Contains(body, tt.contains) {
			t.Errorf("GET %s = %d, want %d with %q; body:\n%.300s", tt.path, code, tt.code, tt.contains, body)
		}
	}
	ready = nil
	if code, _ := get("/readyz"); code != 200 {
		t.Errorf("/readyz = %d once ready", code)
	}
}

func TestNilMetricsRecordNothing(t *testing.T) {
	var m *Metrics
	m.Received("x", 1, 1)
	m.Acked("x", 1)
	m.LoadedDocument(3)
	m.Lag("x", 1)
}
