package bus

import (
	"context"
	"encoding/json"
	"fmt"
	"time"

	"github.com/nats-io/nats.go"

	"github.com/factflow/factflow/pipeline/message"
)

// maxDeliverAdvisory is what the server says when it gives up on a
// message: its consumer delivered it MaxDeliver times and never got an
// ack, typically because the worker holding it died each time.
type maxDeliverAdvisory struct {
	Stream     string `json:"stream"`
	Consumer   string `json:"consumer"`
	StreamSeq  uint64 `json:"stream_seq"`
	Deliveries int    `json:"deliveries"`
}

// stageOf names the stage that consumes a consumer's messages.
func stageOf(consumer string) string {
	if consumer == ConsumerTransform {
		return "transform"
	}
	return "load"
}

// WatchMaxDeliveries dead-letters the messages the server gives up on
// without any worker having failed them: a worker that crashes on a
// message never gets to call Fail. The message is copied to the dead-letter
// subject with the advisory's facts, then deleted from its work queue.
// Advisories are core NATS messages: one sent while no watcher runs is
// lost, and such a message stays in its stream (see `factflow status`).
// The returned function stops the watch.
func (b *Bus) WatchMaxDeliveries(ctx context.Context) (func(), error) {
	ours := map[string]bool{
		b.Names.ChunksStream(): true, b.Names.DocsStream(): true, b.Names.FactsStream(): true,
	}
	sub, err := b.NC.Subscribe("$JS.EVENT.ADVISORY.CONSUMER.MAX_DELIVERIES.>", func(m *nats.Msg) {
		var adv maxDeliverAdvisory
		if err := json.Unmarshal(m.Data, &adv); err != nil || !ours[adv.Stream] {
			return
		}
		if err := b.deadLetterAbandoned(ctx, adv); err != nil {
			b.log.Error().Err(err).Str("stream", adv.Stream).Uint64("seq", adv.StreamSeq).Msg("abandoned message not dead-lettered")
		}
	})
	if err != nil {
		return nil, fmt.Errorf("watch max-deliveries advisories: %w", err)
	}
	// A refused subscription is only reported asynchronously: round-trip
	// to the server and look.
	fctx, cancel := context.WithTimeout(ctx, b.cfg.Timeout)
	defer cancel()
	if err := b.NC.FlushWithContext(fctx); err != nil {
		_ = sub.Unsubscribe()
		return nil, fmt.Errorf("watch max-deliveries advisories: %w", err)
	}
	if err := b.NC.LastError(); err != nil {
		_ = sub.Unsubscribe()
		return nil, fmt.Errorf("watch max-deliveries advisories: %w", err)
	}
	return func() { _ = sub.Unsubscribe() }, nil
}

func (b *Bus) deadLetterAbandoned(ctx context.Context, adv maxDeliverAdvisory) error {
	ctx, cancel := context.WithTimeout(ctx, b.cfg.Timeout)
	defer cancel()
	s, err := b.JS.Stream(ctx, adv.Stream)
	if err != nil {
		return err
	}
	raw, err := s.GetMsg(ctx, adv.StreamSeq)
	if err != nil {
		return fmt.Errorf("get abandoned message: %w", err)
	}
	dl := message.DeadLetter{
		Schema:     message.DeadV1,
		Stage:      stageOf(adv.Consumer),
		Subject:    raw.Subject,
		Source:     raw.Subject,
		Error:      fmt.Sprintf("delivered %d times to %s and never acknowledged (the worker died or hung each time)", adv.Deliveries, adv.Consumer),
		Deliveries: adv.Deliveries,
		Payload:    raw.Data,
		FailedAt:   time.Now().UTC().Format(time.RFC3339Nano),
	}
	if err := b.DeadLetter(ctx, dl, fmt.Sprintf("dead:abandoned:%s:%d", adv.Stream, adv.StreamSeq)); err != nil {
		return err
	}
	b.log.Error().Str("subject", raw.Subject).Int("deliveries", adv.Deliveries).Msg("abandoned message dead-lettered")
	return s.DeleteMsg(ctx, adv.StreamSeq)
}
