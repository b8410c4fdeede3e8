// activity.go records what each session and parallel worker is doing,
// which pg_stat_activity shows, and lets one session cancel or end
// another's (PG: utils/activity/backend_status.c,
// storage/ipc/signalfuncs.c).

package session

import (
	"sync"
	"time"

	"github.com/loomdb/loomdb/internal/funcs"
	"github.com/loomdb/loomdb/internal/pgerror"
)

// activity is a session's entry in pg_stat_activity.
type activity struct {
	mu          sync.Mutex
	state       string
	query       string
	queryStart  time.Time
	stateChange time.Time
	xactStart   time.Time
	appName     string
}

// workerEntry is a running parallel worker.
type workerEntry struct {
	leader uint32
	start  time.Time
}

// ClientInfo describes where a session's connection comes from, for
// pg_stat_activity.
type ClientInfo struct {
	Addr string // "" for a local (in-process) connection
	Port int    // -1 for a local connection
}

// SetClient records where the session's connection comes from.
func (s *Session) SetClient(c ClientInfo) {
	s.act.mu.Lock()
	s.client = c
	s.act.mu.Unlock()
}

// setActive marks the session running query.
func (s *Session) setActive(query string) {
	now := time.Now()
	app := s.settings.String("application_name")
	s.act.mu.Lock()
	s.act.state, s.act.query, s.act.queryStart, s.act.stateChange, s.act.appName = "active", query, now, now, app
	if s.tx != nil {
		s.act.xactStart = s.xactStart
	}
	s.act.mu.Unlock()
}

// setIdle marks the session waiting for the client, in or out of a
// transaction.
func (s *Session) setIdle() {
	state := "idle"
	switch {
	case s.failed:
		state = "idle in transaction (aborted)"
	case s.inBlock:
		state = "idle in transaction"
	}
	app := s.settings.String("application_name")
	s.act.mu.Lock()
	s.act.appName = app
	if s.act.state != state {
		s.act.state, s.act.stateChange = state, time.Now()
	}
	if s.tx != nil {
		s.act.xactStart = s.xactStart
	} else {
		s.act.xactStart = time.Time{}
	}
	s.act.mu.Unlock()
}

// OnTerminate sets what ends the session's connection when another
// session terminates it (pg_terminate_backend).
func (s *Session) OnTerminate(fn func()) {
	s.act.mu.Lock()
	s.onTerminate = fn
	s.act.mu.Unlock()
}

// Terminated reports whether pg_terminate_backend ended the session: its
// client is to get FATAL "terminating connection due to administrator
// command".
func (s *Session) Terminated() bool { return s.terminated.Load() }

// TerminationError is the error a terminated session's client gets.
func TerminationError() *pgerror.Error {
	return &pgerror.Error{Severity: pgerror.SeverityFatal, Code: pgerror.AdminShutdown, Message: "terminating connection due to administrator command"}
}

func (s *Session) terminate() {
	s.terminated.Store(true)
	s.Cancel()
	s.act.mu.Lock()
	fn := s.onTerminate
	s.act.mu.Unlock()
	if fn != nil {
		fn()
	}
}

// trackWorker registers a parallel worker of session leader; the returned
// function unregisters it.
func (e *Engine) trackWorker(leader uint32) func() {
	e.mu.Lock()
	e.nextPID++
	pid := e.nextPID
	if e.workerProcs == nil {
		e.workerProcs = map[uint32]workerEntry{}
	}
	e.workerProcs[pid] = workerEntry{leader: leader, start: time.Now()}
	e.mu.Unlock()
	return func() {
		e.mu.Lock()
		delete(e.workerProcs, pid)
		e.mu.Unlock()
	}
}

// activityRows returns pg_stat_activity's rows: the sessions, then the
// parallel workers, each with its leader's user, database and query.
func (e *Engine) activityRows() []funcs.ActivityRow {
	e.mu.Lock()
	sessions := make([]*Session, 0, len(e.sessions))
	for _, s := range e.sessions {
		sessions = append(sessions, s)
	}
	workers := make(map[uint32]workerEntry, len(e.workerProcs))
	for pid, w := range e.workerProcs {
		workers[pid] = w
	}
	e.mu.Unlock()
	byPID := map[uint32]funcs.ActivityRow{}
	var out []funcs.ActivityRow
	for _, s := range sessions {
		s.act.mu.Lock()
		r := funcs.ActivityRow{PID: int64(s.pid), User: s.User, Database: s.Database, ApplicationName: s.act.appName,
			ClientAddr: s.client.Addr, ClientPort: int64(s.client.Port), BackendStart: s.started, XactStart: s.act.xactStart,
			QueryStart: s.act.queryStart, StateChange: s.act.stateChange, State: s.act.state, Query: s.act.query,
			BackendType: "client backend"}
		s.act.mu.Unlock()
		byPID[s.pid] = r
		out = append(out, r)
	}
	for pid, w := range workers {
		leader, ok := byPID[w.leader]
		if !ok {
			continue
		}
		out = append(out, funcs.ActivityRow{PID: int64(pid), LeaderPID: int64(w.leader), User: leader.User, Database: leader.Database,
			ApplicationName: leader.ApplicationName, ClientPort: -2, BackendStart: w.start, XactStart: leader.XactStart,
			QueryStart: leader.QueryStart, StateChange: w.start, State: "active", Query: leader.Query, BackendType: "parallel worker"})
	}
	return out
}

// signalBackend cancels the statement of session pid, or with terminate
// ends the session; false when no session has that pid.
func (e *Engine) signalBackend(pid uint32, terminate bool) bool {
	e.mu.Lock()
	s := e.sessions[pid]
	e.mu.Unlock()
	if s == nil {
		return false
	}
	if terminate {
		s.terminate()
	} else {
		s.Cancel()
	}
	return true
}

// ActivityRows is pg_stat_get_activity's rows: a role that is not a
// superuser sees of other roles' sessions only who and where, with
// "<insufficient privilege>" for the query (PG: pg_stat_get_activity).
func (q sessionCatalog) ActivityRows() ([]funcs.ActivityRow, error) {
	rows := q.s.eng.activityRows()
	_, snap := q.snap()
	user, err := q.s.currentRole(snap)
	if err != nil || user.Superuser {
		return rows, err
	}
	for i, r := range rows {
		if r.User != user.Name {
			rows[i] = funcs.ActivityRow{PID: r.PID, LeaderPID: r.LeaderPID, User: r.User, Database: r.Database,
				ApplicationName: r.ApplicationName, ClientPort: -2, Query: "<insufficient privilege>", BackendType: r.BackendType}
		}
	}
	return rows, nil
}

// SignalBackend is pg_cancel_backend and pg_terminate_backend: a
// superuser may signal any session, another role only its own role's,
// and never a superuser's.
func (q sessionCatalog) SignalBackend(pid int64, terminate bool) (bool, error) {
	e := q.s.eng
	e.mu.Lock()
	target := e.sessions[uint32(pid)]
	e.mu.Unlock()
	if target == nil {
		return false, nil
	}
	_, snap := q.snap()
	user, err := q.s.currentRole(snap)
	if err != nil {
		return false, err
	}
	if !user.Superuser {
		owner, err := e.cat.RoleByName(snap, target.User)
		if err != nil {
			return false, err
		}
		switch {
		case owner != nil && owner.Superuser && terminate:
			return false, pgerror.New(pgerror.InsufficientPrivilege, "must be a superuser to terminate superuser process")
		case owner != nil && owner.Superuser:
			return false, pgerror.New(pgerror.InsufficientPrivilege, "must be a superuser to cancel superuser query")
		case target.User != user.Name && terminate:
			return false, pgerror.New(pgerror.InsufficientPrivilege, "must be a member of the role whose process is being terminated or member of pg_signal_backend")
		case target.User != user.Name:
			return false, pgerror.New(pgerror.InsufficientPrivilege, "must be a member of the role whose query is being canceled or member of pg_signal_backend")
		}
	}
	return e.signalBackend(uint32(pid), terminate), nil
}
