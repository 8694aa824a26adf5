package queue_test

import (
	"context"
	"fmt"

	"github.com/factflow/factflow/pipeline/message"
	"github.com/factflow/factflow/pipeline/queue"
)

// Ingest puts a document's chunks; a transform loop fetches what is ready
// and settles each chunk as it would a JetStream message.
func Example() {
	ctx := context.Background()
	q := queue.New(8192, func(docID string) string { return "factflow.chunks." + docID })
	_ = q.Put(ctx, []message.Chunk{
		{ChunkID: "d1-00000", DocID: "d1", Text: "In 2022, 945 cases were registered."},
		{ChunkID: "d1-00001", DocID: "d1", Text: "Of them, 12 were closed."},
	})
	msgs := q.Fetch(ctx, 64)
	for _, m := range msgs {
		c := m.(*queue.Msg).Chunk()
		fmt.Println(c.ChunkID, m.Subject())
	}
	_ = msgs[0].Ack()
	_ = msgs[1].NakWithDelay(0) // failed: delivered again
	again := q.Fetch(ctx, 64)
	meta, _ := again[0].Metadata()
	fmt.Println(again[0].(*queue.Msg).Chunk().ChunkID, "delivery", meta.NumDelivered, "unsettled", q.Unsettled())
	// Output:
	// d1-00000 factflow.chunks.d1
	// d1-00001 factflow.chunks.d1
	// d1-00001 delivery 2 unsettled 1
}
