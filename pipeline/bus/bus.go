// Package bus is factflow's use of NATS JetStream: the streams and durable
// consumers the stages share, connection and security options, bounded
// asynchronous publishing, batched consumption and dead-lettering.
//
// Streams (N is the namespace, "factflow" by default):
//
//	N_DOCS    N.docs.<doc_id>     document announcements   (work queue; consumer load-docs)
//	N_CHUNKS  N.chunks.<doc_id>   raw chunks                (work queue; consumer transform)
//	N_FACTS   N.facts.<doc_id>    fact batches, one a chunk (work queue; consumer load-facts)
//	N_DEAD    N.dead.<stage>      dead letters              (kept 30 days; consumer load-dead)
//
// Every publish carries a Nats-Msg-Id, so that a re-publish within the
// duplicate window is dropped by the server. Workers of one kind share one
// durable consumer: starting another transform worker anywhere shares the
// work.
package bus

import (
	"context"
	"errors"
	"fmt"
	"strings"
	"time"

	"github.com/nats-io/nats.go"
	"github.com/nats-io/nats.go/jetstream"
	"github.com/rs/zerolog"
	"golang.org/x/mod/semver"

	"github.com/factflow/factflow/pipeline/metrics"
)

// MinServerVersion is the oldest nats-server factflow is tested against
// (Debian's 2.9.10); the consumer-create API it uses arrived in 2.9.0.
const MinServerVersion = "v2.9.0"

// Config says how to reach NATS. Secrets are never logged.
type Config struct {
	URL       string        `help:"NATS server URL(s), comma-separated." env:"FACTFLOW_NATS_URL" default:"nats://127.0.0.1:4222"`
	User      string        `help:"NATS user." env:"FACTFLOW_NATS_USER"`
	Password  string        `help:"NATS password." env:"FACTFLOW_NATS_PASSWORD"`
	Token     string        `help:"NATS token." env:"FACTFLOW_NATS_TOKEN"`
	NKeyFile  string        `help:"File holding an NKey seed." env:"FACTFLOW_NATS_NKEY" type:"path"`
	CredsFile string        `help:"NATS .creds file (JWT and seed)." env:"FACTFLOW_NATS_CREDS" type:"path"`
	TLSCA     string        `help:"CA certificate to verify the server." env:"FACTFLOW_NATS_TLS_CA" type:"path"`
	TLSCert   string        `help:"Client certificate for mutual TLS." env:"FACTFLOW_NATS_TLS_CERT" type:"path"`
	TLSKey    string        `help:"Client key for mutual TLS." env:"FACTFLOW_NATS_TLS_KEY" type:"path"`
	Namespace string        `help:"Prefix of factflow's subjects and streams." env:"FACTFLOW_NAMESPACE" default:"factflow"`
	Replicas  int           `help:"Stream replicas (3 on a cluster)." env:"FACTFLOW_REPLICAS" default:"1"`
	Timeout   time.Duration `help:"Connect and API timeout." env:"FACTFLOW_NATS_TIMEOUT" default:"10s"`
	AckWait   time.Duration `help:"How long a worker may hold a message before it is redelivered elsewhere; every worker must use the same." env:"FACTFLOW_ACK_WAIT" default:"60s"`
	// InboxPrefix gives a worker's replies their own subjects, so that a
	// NATS user can be allowed only its own (e.g. _INBOX_transform).
	InboxPrefix string `help:"Prefix of this worker's reply subjects (default _INBOX); give each role its own to keep others from reading its replies." env:"FACTFLOW_NATS_INBOX_PREFIX"`
	// InProcess, if set, is a server in this process to connect to
	// without a socket (Embedded.InProcess); URL is then only its name.
	InProcess nats.InProcessConnProvider `kong:"-" json:"-"`
	// AsyncPersist makes Setup create the streams in the server's async
	// persist mode (nats-server 2.12+, one replica): the server writes
	// stored messages in batches, not one write(2) each, and so may lose
	// its last moments of acknowledged messages if its process dies. Meant
	// for the embedded server, which lives and dies with the pipeline:
	// a re-run republishes every document not yet loaded. A 100 MB end to
	// end run spent 0.6-0.9 CPU s less. An existing stream keeps its mode.
	AsyncPersist bool `kong:"-" json:"-"`
}

// Redacted describes the connection for logs: the URL without any
// password in it and which kinds of credential are set, never their values.
func (c Config) Redacted() string {
	var kinds []string
	if c.User != "" {
		kinds = append(kinds, "user")
	}
	if c.Token != "" {
		kinds = append(kinds, "token")
	}
	if c.NKeyFile != "" {
		kinds = append(kinds, "nkey")
	}
	if c.CredsFile != "" {
		kinds = append(kinds, "creds")
	}
	if c.TLSCert != "" || c.TLSCA != "" {
		kinds = append(kinds, "tls")
	}
	auth := "none"
	if len(kinds) > 0 {
		auth = strings.Join(kinds, "+")
	}
	return fmt.Sprintf("%s (auth: %s)", redactURL(c.URL), auth)
}

func redactURL(u string) string {
	parts := strings.Split(u, ",")
	for i, p := range parts {
		if at := strings.LastIndex(p, "@"); at >= 0 {
			if s := strings.Index(p, "://"); s >= 0 && s < at {
				parts[i] = p[:s+3] + "***@" + p[at+1:]
			} else {
				parts[i] = "***@" + p[at+1:]
			}
		}
	}
	return strings.Join(parts, ",")
}

// Names are the subjects, streams and consumers of one namespace.
type Names struct {
	ns string
}

// NewNames returns the names under namespace ns.
func NewNames(ns string) Names { return Names{ns: ns} }

func (n Names) stream(kind string) string {
	return strings.ToUpper(strings.NewReplacer(".", "_", "-", "_").Replace(n.ns)) + "_" + kind
}

// Streams.
func (n Names) DocsStream() string   { return n.stream("DOCS") }
func (n Names) ChunksStream() string { return n.stream("CHUNKS") }
func (n Names) FactsStream() string  { return n.stream("FACTS") }
func (n Names) DeadStream() string   { return n.stream("DEAD") }

// Subjects.
func (n Names) DocSubject(docID string) string   { return n.ns + ".docs." + docID }
func (n Names) ChunkSubject(docID string) string { return n.ns + ".chunks." + docID }
func (n Names) FactSubject(docID string) string  { return n.ns + ".facts." + docID }
func (n Names) DeadSubject(stage string) string  { return n.ns + ".dead." + stage }

// Durable consumer names.
const (
	ConsumerTransform = "transform"
	ConsumerLoadDocs  = "load-docs"
	ConsumerLoadFacts = "load-facts"
	ConsumerLoadDead  = "load-dead"
)

// Delivery policy shared by every consumer.
const (
	// MaxDeliver bounds attempts; then the message is dead-lettered.
	MaxDeliver = 5
	// DefaultAckWait is how long a fetched message stays with a worker that
	// neither acks nor extends it before it is redelivered elsewhere.
	DefaultAckWait = 60 * time.Second
	// MaxAckPending bounds the unacknowledged messages per consumer: the
	// back-pressure that keeps a slow loader from being buried.
	MaxAckPending = 8192
)

// Backoff is the delay before retry n (1-based) after a failure.
func Backoff(n int) time.Duration {
	steps := []time.Duration{time.Second, 5 * time.Second, 15 * time.Second, 30 * time.Second}
	if n < 1 {
		n = 1
	}
	if n > len(steps) {
		n = len(steps)
	}
	return steps[n-1]
}

// Bus is a connection to NATS with factflow's names.
type Bus struct {
	NC    *nats.Conn
	JS    jetstream.JetStream
	Names Names
	cfg   Config
	log   zerolog.Logger
	// Metrics, if set, counts what flows through this bus.
	Metrics *metrics.Metrics
}

// ackTimeout is how long a publish waits for its acknowledgement: the
// connection's timeout, 10 s if unset.
func ackTimeout(d time.Duration) time.Duration {
	if d <= 0 {
		return 10 * time.Second
	}
	return d
}

func (b *Bus) ackTimeout() time.Duration { return ackTimeout(b.cfg.Timeout) }

// Connect dials NATS, checks the server's version and JetStream, and
// returns a Bus. window bounds asynchronous publishes in flight.
func Connect(ctx context.Context, cfg Config, name string, log zerolog.Logger) (*Bus, error) {
	opts := []nats.Option{
		nats.Name(name),
		nats.Timeout(cfg.Timeout),
		nats.MaxReconnects(-1),
		nats.ReconnectWait(500 * time.Millisecond),
		nats.DisconnectErrHandler(func(_ *nats.Conn, err error) {
			if err != nil {
				log.Warn().Err(err).Msg("nats disconnected")
			}
		}),
		nats.ReconnectHandler(func(nc *nats.Conn) {
			log.Info().Str("server", redactURL(nc.ConnectedUrlRedacted())).Msg("nats reconnected")
		}),
		// Asynchronous errors (a permissions violation, a slow consumer)
		// go to the log like everything else, not to stderr.
		nats.ErrorHandler(func(_ *nats.Conn, sub *nats.Subscription, err error) {
			ev := log.Error().Err(err)
			if sub != nil {
				ev = ev.Str("subject", sub.Subject)
			}
			ev.Msg("nats error")
		}),
	}
	if cfg.InboxPrefix != "" {
		opts = append(opts, nats.CustomInboxPrefix(cfg.InboxPrefix))
	}
	if cfg.InProcess != nil {
		opts = append(opts, nats.InProcessServer(cfg.InProcess))
	}
	if cfg.User != "" {
		opts = append(opts, nats.UserInfo(cfg.User, cfg.Password))
	}
	if cfg.Token != "" {
		opts = append(opts, nats.Token(cfg.Token))
	}
	if cfg.CredsFile != "" {
		opts = append(opts, nats.UserCredentials(cfg.CredsFile))
	}
	if cfg.NKeyFile != "" {
		o, err := nats.NkeyOptionFromSeed(cfg.NKeyFile)
		if err != nil {
			return nil, fmt.Errorf("nkey seed %s: %w", cfg.NKeyFile, err)
		}
		opts = append(opts, o)
	}
	if cfg.TLSCA != "" {
		opts = append(opts, nats.RootCAs(cfg.TLSCA))
	}
	if cfg.TLSCert != "" || cfg.TLSKey != "" {
		opts = append(opts, nats.ClientCert(cfg.TLSCert, cfg.TLSKey))
	}
	type result struct {
		nc  *nats.Conn
		err error
	}
	done := make(chan result, 1)
	go func() {
		nc, err := nats.Connect(cfg.URL, opts...)
		done <- result{nc, err}
	}()
	var nc *nats.Conn
	select {
	case r := <-done:
		if r.err != nil {
			return nil, fmt.Errorf("connect to NATS at %s: %w", cfg.Redacted(), r.err)
		}
		nc = r.nc
	case <-ctx.Done():
		go func() {
			if r := <-done; r.nc != nil {
				r.nc.Close()
			}
		}()
		return nil, ctx.Err()
	}
	if v := "v" + nc.ConnectedServerVersion(); semver.Compare(v, MinServerVersion) < 0 {
		nc.Close()
		return nil, fmt.Errorf("nats-server %s at %s is older than the minimum %s", v, cfg.Redacted(), MinServerVersion)
	}
	// An acknowledgement that never comes (a reply lost while the client
	// was too slow to read, a server restart) must fail its publish, not
	// stall it for good: publishers retry, and message ids make that safe.
	js, err := jetstream.New(nc, jetstream.WithPublishAsyncMaxPending(4096), jetstream.WithPublishAsyncTimeout(ackTimeout(cfg.Timeout)))
	if err != nil {
		nc.Close()
		return nil, fmt.Errorf("jetstream: %w", err)
	}
	if cfg.Namespace == "" {
		cfg.Namespace = "factflow"
	}
	if cfg.Replicas < 1 {
		cfg.Replicas = 1
	}
	if cfg.AckWait <= 0 {
		cfg.AckWait = DefaultAckWait
	}
	return &Bus{NC: nc, JS: js, Names: NewNames(cfg.Namespace), cfg: cfg, log: log}, nil
}

// Close drains the connection, delivering what is buffered.
func (b *Bus) Close() {
	if err := b.NC.Drain(); err != nil {
		b.NC.Close()
	}
}

// DuplicateWindow is how long the streams remember a message id to drop
// a copy published again. It covers a publish's retries (seconds); a
// copy after it (a transform's redelivery, a re-run ingest) the loader
// drops, so a longer window costs memory for no correctness: a 1 GB run
// at 2 minutes held 65 MB of ids, a third of the live Go heap.
const DuplicateWindow = 30 * time.Second

// Setup creates or updates factflow's streams and consumers. It is
// idempotent: every worker runs it at start-up.
func (b *Bus) Setup(ctx context.Context, maxMsgBytes int32) error {
	ns := b.Names
	streams := []jetstream.StreamConfig{
		{Name: ns.DocsStream(), Subjects: []string{ns.DocSubject("*")}, Retention: jetstream.WorkQueuePolicy},
		{Name: ns.ChunksStream(), Subjects: []string{ns.ChunkSubject("*")}, Retention: jetstream.WorkQueuePolicy},
		{Name: ns.FactsStream(), Subjects: []string{ns.FactSubject("*")}, Retention: jetstream.WorkQueuePolicy},
		{Name: ns.DeadStream(), Subjects: []string{ns.DeadSubject("*")}, Retention: jetstream.LimitsPolicy, MaxAge: 30 * 24 * time.Hour},
	}
	for _, sc := range streams {
		sc.Storage = jetstream.FileStorage
		sc.Replicas = b.cfg.Replicas
		// The server keeps every message id of the window in memory
		// (see DuplicateWindow).
		sc.Duplicates = DuplicateWindow
		sc.MaxMsgSize = maxMsgBytes
		sc.Discard = jetstream.DiscardOld
		if b.cfg.AsyncPersist && sc.Replicas == 1 {
			sc.PersistMode = jetstream.AsyncPersistMode
		}
		cctx, cancel := context.WithTimeout(ctx, b.cfg.Timeout)
		_, err := b.JS.CreateOrUpdateStream(cctx, sc)
		if err != nil {
			// The server refuses to change a stream's persist mode: keep
			// the existing one. Looked up only on a refusal, because the
			// workers' roles may not read stream info.
			if st, ierr := b.JS.Stream(cctx, sc.Name); ierr == nil {
				if mode := st.CachedInfo().Config.PersistMode; mode != sc.PersistMode {
					sc.PersistMode = mode
					_, err = b.JS.CreateOrUpdateStream(cctx, sc)
				}
			}
		}
		cancel()
		if err != nil {
			return fmt.Errorf("stream %s: %w", sc.Name, b.explain(err))
		}
	}
	consumers := []struct{ stream, name string }{
		{ns.ChunksStream(), ConsumerTransform},
		{ns.DocsStream(), ConsumerLoadDocs},
		{ns.FactsStream(), ConsumerLoadFacts},
		{ns.DeadStream(), ConsumerLoadDead},
	}
	for _, c := range consumers {
		cctx, cancel := context.WithTimeout(ctx, b.cfg.Timeout)
		_, err := b.JS.CreateOrUpdateConsumer(cctx, c.stream, jetstream.ConsumerConfig{
			Durable:       c.name,
			AckPolicy:     jetstream.AckExplicitPolicy,
			AckWait:       b.cfg.AckWait,
			MaxDeliver:    MaxDeliver,
			MaxAckPending: MaxAckPending,
			DeliverPolicy: jetstream.DeliverAllPolicy,
		})
		cancel()
		if err != nil {
			return fmt.Errorf("consumer %s on %s: %w", c.name, c.stream, b.explain(err))
		}
	}
	return nil
}

// explain adds the connection's last error to a timeout: a request the
// server refused (a permissions violation) otherwise looks like one that
// was never answered.
func (b *Bus) explain(err error) error {
	if last := b.NC.LastError(); last != nil && (errors.Is(err, context.DeadlineExceeded) || errors.Is(err, nats.ErrTimeout)) {
		return fmt.Errorf("%w (last NATS error: %v)", err, last)
	}
	return err
}

// AckWait is how long a consumer waits for an acknowledgement before it
// delivers a message again (Config.AckWait, or its default).
func (b *Bus) AckWait() time.Duration { return b.cfg.AckWait }

// Consumer returns a durable consumer created by Setup.
func (b *Bus) Consumer(ctx context.Context, stream, name string) (jetstream.Consumer, error) {
	c, err := b.JS.Consumer(ctx, stream, name)
	if err != nil {
		return nil, fmt.Errorf("consumer %s on %s: %w", name, stream, err)
	}
	return c, nil
}

// ErrPermanent marks a failure that no retry can fix (a malformed body, an
// unknown schema version): the message is dead-lettered at once.
var ErrPermanent = errors.New("permanent failure")

// Permanent marks err as a permanent failure; its message is err's.
func Permanent(err error) error { return permanent{err} }

type permanent struct{ err error }

func (p permanent) Error() string   { return p.err.Error() }
func (p permanent) Unwrap() []error { return []error{ErrPermanent, p.err} }

// Backlog is how many messages a consumer has yet to deliver plus how many
// it delivered that are not yet acknowledged.
func (b *Bus) Backlog(ctx context.Context, stream, consumer string) (uint64, error) {
	c, err := b.JS.Consumer(ctx, stream, consumer) // one request: the consumer's info
	if err != nil {
		return 0, fmt.Errorf("consumer %s on %s: %w", consumer, stream, err)
	}
	info := c.CachedInfo()
	return info.NumPending + uint64(info.NumAckPending), nil
}

// WaitBacklog waits while the work queued downstream of ingest (chunks not
// yet transformed, fact batches not yet loaded) is max messages or more:
// the back-pressure that keeps ingest from burying a slower transform or
// loader, and the server's store and caches from growing with the corpus.
// An error says the backlog could not be read (the wait is then over);
// only ctx ending is worth stopping for.
func (b *Bus) WaitBacklog(ctx context.Context, max uint64) error {
	wait := 10 * time.Millisecond
	for {
		chunks, err := b.Backlog(ctx, b.Names.ChunksStream(), ConsumerTransform)
		if err != nil {
			return err
		}
		facts, err := b.Backlog(ctx, b.Names.FactsStream(), ConsumerLoadFacts)
		if err != nil {
			return err
		}
		if chunks+facts < max {
			return nil
		}
		select {
		case <-ctx.Done():
			return ctx.Err()
		case <-time.After(wait):
		}
		wait = min(2*wait, 200*time.Millisecond)
	}
}

// WatchLag reports each factflow consumer's backlog to the metrics every
// interval until ctx ends.
func (b *Bus) WatchLag(ctx context.Context, interval time.Duration) {
	if b.Metrics == nil {
		return
	}
	ns := b.Names
	consumers := []struct{ stream, name string }{
		{ns.ChunksStream(), ConsumerTransform},
		{ns.DocsStream(), ConsumerLoadDocs},
		{ns.FactsStream(), ConsumerLoadFacts},
		{ns.DeadStream(), ConsumerLoadDead},
	}
	t := time.NewTicker(interval)
	defer t.Stop()
	failing := false // log a failure once, not every interval
	for {
		for _, c := range consumers {
			n, err := b.Backlog(ctx, c.stream, c.name)
			if err == nil {
				b.Metrics.Lag(c.name, n)
				continue
			}
			if !failing && ctx.Err() == nil {
				b.log.Warn().Err(b.explain(err)).Str("consumer", c.name).Msg("cannot read consumer lag")
			}
			failing = true
		}
		select {
		case <-ctx.Done():
			return
		case <-t.C:
		}
	}
}

// Queued is how many messages about a document still wait in the work
// queues (its announcement, chunks and fact batches): while any do, the
// document is behind a backlog, not stalled.
func (b *Bus) Queued(ctx context.Context, docID string) (uint64, error) {
	var n uint64
	for _, q := range []struct{ stream, subject string }{
		{b.Names.DocsStream(), b.Names.DocSubject(docID)},
		{b.Names.ChunksStream(), b.Names.ChunkSubject(docID)},
		{b.Names.FactsStream(), b.Names.FactSubject(docID)},
	} {
		s, err := b.JS.Stream(ctx, q.stream)
		if err != nil {
			return 0, fmt.Errorf("stream %s: %w", q.stream, err)
		}
		info, err := s.Info(ctx, jetstream.WithSubjectFilter(q.subject))
		if err != nil {
			return 0, fmt.Errorf("stream %s: %w", q.stream, err)
		}
		n += info.State.Subjects[q.subject]
	}
	return n, nil
}
