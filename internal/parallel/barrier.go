package parallel

import (
	"context"
	"sync"
)

// Barrier lets a changing set of participants move through numbered phases
// together (PG: barrier.c). A participant attaches, learning the current
// phase; the phase advances when every attached participant has arrived,
// and the last to arrive is told so, which elects it for work that one
// participant must do. A participant that detaches no longer holds the
// others back; if the rest were all waiting for it, the phase advances.
//
// Waiting watches a context: a cancelled wait returns the context's error
// with the participant detached, so the others are not held back by it.
type Barrier struct {
	mu           sync.Mutex
	phase        int
	participants int
	arrived      int
	// advanced is closed when the phase advances.
	advanced chan struct{}
}

// NewBarrier returns a barrier in phase 0 with no participants.
func NewBarrier() *Barrier { return &Barrier{advanced: make(chan struct{})} }

// Attach adds a participant and returns the current phase.
func (b *Barrier) Attach() int {
	b.mu.Lock()
	defer b.mu.Unlock()
	b.participants++
	return b.phase
}

// Phase returns the current phase; it may advance at any time unless the
// caller is attached and has not arrived.
func (b *Barrier) Phase() int {
	b.mu.Lock()
	defer b.mu.Unlock()
	return b.phase
}

// advance moves to the next phase, waking the waiters; b.mu is held.
func (b *Barrier) advance() {
	b.phase++
	b.arrived = 0
	close(b.advanced)
	b.advanced = make(chan struct{})
}

// ArriveAndWait arrives at the end of the current phase and waits for the
// other participants. It reports whether the caller was the last to arrive
// (PG: BarrierArriveAndWait's "elected").
func (b *Barrier) ArriveAndWait(ctx context.Context) (bool, error) {
	b.mu.Lock()
	b.arrived++
	if b.arrived >= b.participants {
		b.advance()
		b.mu.Unlock()
		return true, nil
	}
	ch := b.advanced
	b.mu.Unlock()
	select {
	case <-ch:
		return false, nil
	case <-ctx.Done():
		// Leave: take back the arrival (unless the phase has advanced
		// meanwhile) and detach, so the others are not held back.
		b.mu.Lock()
		defer b.mu.Unlock()
		if b.advanced == ch {
			b.arrived--
		}
		b.participants--
		if b.participants > 0 && b.arrived >= b.participants {
			b.advance()
		}
		return false, ctx.Err()
	}
}

// Detach removes a participant that has not arrived in the current phase,
// advancing the phase if everyone else was waiting for it; it reports
// whether the caller was the last participant.
func (b *Barrier) Detach() bool {
	b.mu.Lock()
	defer b.mu.Unlock()
	b.participants--
	if b.participants > 0 && b.arrived >= b.participants {
		b.advance()
	}
	return b.participants == 0
}
