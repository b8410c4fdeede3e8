package parallel

import (
	"context"
	"sync"
	"sync/atomic"
	"testing"
	"time"
)

// TestBarrierPhases runs participants through three phases: in each, all
// of them arrive before any leaves, and exactly one is elected.
func TestBarrierPhases(t *testing.T) {
	const n, phases = 5, 3
	b := NewBarrier()
	var inPhase [phases]atomic.Int32
	var elected [phases]atomic.Int32
	var wg sync.WaitGroup
	for i := 0; i < n; i++ {
		if p := b.Attach(); p != 0 {
			t.Fatalf("attached in phase %d", p)
		}
	}
	for i := 0; i < n; i++ {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for p := 0; p < phases; p++ {
				inPhase[p].Add(1)
				e, err := b.ArriveAndWait(context.Background())
				if err != nil {
					t.Error(err)
					return
				}
				if got := inPhase[p].Load(); got != n {
					t.Errorf("phase %d: left with %d of %d arrived", p, got, n)
				}
				if e {
					elected[p].Add(1)
				}
			}
		}()
	}
	wg.Wait()
	for p := range elected {
		if elected[p].Load() != 1 {
			t.Errorf("phase %d elected %d participants", p, elected[p].Load())
		}
	}
	if b.Phase() != phases {
		t.Errorf("phase %d, want %d", b.Phase(), phases)
	}
}

// TestBarrierDetach checks that a participant that leaves releases the
// ones waiting for it, and that a late one attaches in the current phase.
func TestBarrierDetach(t *testing.T) {
	b := NewBarrier()
	b.Attach()
	b.Attach()
	done := make(chan bool)
	go func() {
		e, err := b.ArriveAndWait(context.Background())
		done <- e && err == nil
	}()
	time.Sleep(10 * time.Millisecond)
	if b.Phase() != 0 {
		t.Fatal("phase advanced before everyone arrived")
	}
	if last := b.Detach(); last {
		t.Fatal("Detach reported the last participant while one remains")
	}
	if e := <-done; e {
		t.Error("the waiter was elected although the phase advanced by a detach")
	}
	if p := b.Attach(); p != 1 {
		t.Errorf("late participant attached in phase %d, want 1", p)
	}
}

// TestBarrierCancel checks that a cancelled wait returns the context's
// error and no longer holds the others back.
func TestBarrierCancel(t *testing.T) {
	b := NewBarrier()
	b.Attach()
	b.Attach()
	ctx, cancel := context.WithCancel(context.Background())
	errc := make(chan error)
	go func() {
		_, err := b.ArriveAndWait(ctx)
		errc <- err
	}()
	time.Sleep(10 * time.Millisecond)
	cancel()
	if err := <-errc; err != context.Canceled {
		t.Fatalf("cancelled wait returned %v", err)
	}
	// The one left is now alone: its arrival completes the phase.
	if e, err := b.ArriveAndWait(context.Background()); !e || err != nil {
		t.Fatalf("remaining participant: elected %v, err %v", e, err)
	}
}
