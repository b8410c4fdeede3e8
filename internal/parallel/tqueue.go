// tqueue.go: the queues that carry batches from a worker to its leader (PG:
// shm_mq.c with tqueue.c), and the latch a leader sleeps on while no queue
// has anything for it (PG: the process latch).

package parallel

import (
	"context"

	"github.com/loomdb/loomdb/internal/vector"
)

// Latch wakes a leader waiting for any of its workers. Setting a set latch
// does nothing; Wait clears it.
type Latch chan struct{}

// NewLatch returns a cleared latch.
func NewLatch() Latch { return make(Latch, 1) }

// Set wakes the waiter, now or at its next Wait.
func (l Latch) Set() {
	select {
	case l <- struct{}{}:
	default:
	}
}

// Wait blocks until the latch is set or ctx ends, and clears it.
func (l Latch) Wait(ctx context.Context) error {
	select {
	case <-l:
		return nil
	case <-ctx.Done():
		return ctx.Err()
	}
}

// TupleQueue is one worker's bounded queue of output batches. The worker
// copies each batch it sends (the batch its plan returned is reused by the
// next Exec); the leader hands batches back with Release once it is done
// with them, and the worker refills those instead of allocating.
type TupleQueue struct {
	ch    chan *vector.Batch
	free  chan *vector.Batch
	latch Latch
}

// NewTupleQueue returns a queue holding up to depth batches whose sends
// set latch.
func NewTupleQueue(depth int, latch Latch) *TupleQueue {
	return &TupleQueue{ch: make(chan *vector.Batch, depth), free: make(chan *vector.Batch, depth+2), latch: latch}
}

// Send queues a copy of b's live rows, waiting while the queue is full; it
// fails only when ctx ends.
func (q *TupleQueue) Send(ctx context.Context, b *vector.Batch) error {
	var c *vector.Batch
	select {
	case c = <-q.free:
	default:
		c = &vector.Batch{}
	}
	b.CopyLive(c)
	select {
	case q.ch <- c:
		q.latch.Set()
		return nil
	case <-ctx.Done():
		return ctx.Err()
	}
}

// Close tells the leader the worker will send nothing more. Only the
// sending worker may call it, once.
func (q *TupleQueue) Close() {
	close(q.ch)
	q.latch.Set()
}

// TryReceive returns the next batch without waiting: a batch; or nil and
// false when none is ready yet; or nil and true when the worker has closed
// the queue and everything it sent has been read.
func (q *TupleQueue) TryReceive() (b *vector.Batch, done bool) {
	select {
	case b, ok := <-q.ch:
		if !ok {
			return nil, true
		}
		return b, false
	default:
		return nil, false
	}
}

// Receive waits for the next batch; nil means the queue is closed and
// drained.
func (q *TupleQueue) Receive(ctx context.Context) (*vector.Batch, error) {
	select {
	case b := <-q.ch:
		return b, nil
	case <-ctx.Done():
		return nil, ctx.Err()
	}
}

// Release hands back a batch received from the queue for reuse; the leader
// must not touch it afterwards.
func (q *TupleQueue) Release(b *vector.Batch) {
	if b == nil {
		return
	}
	select {
	case q.free <- b:
	default:
	}
}
