// activityfuncs.go: pg_stat_get_activity, behind the pg_stat_activity
// view, and pg_cancel_backend and pg_terminate_backend (PG:
// utils/adt/pgstatfuncs.c, storage/ipc/signalfuncs.c).

package funcs

import (
	"time"

	"github.com/loomdb/loomdb/internal/pgerror"
	"github.com/loomdb/loomdb/internal/types"
)

// ActivityRow is a session or parallel worker as pg_stat_activity shows
// it; zero times and LeaderPID 0 are NULL, ClientPort -1 is a local
// connection's and -2 NULL (a worker's).
type ActivityRow struct {
	PID, LeaderPID                                   int64
	User, Database, ApplicationName                  string
	ClientAddr                                       string
	ClientPort                                       int64
	BackendStart, XactStart, QueryStart, StateChange time.Time
	State, Query, BackendType                        string
}

// Activity is what the activity functions need of the session.
type Activity interface {
	// ActivityRows returns the server's sessions and workers.
	ActivityRows() ([]ActivityRow, error)
	// SignalBackend cancels the statement of session pid, or with
	// terminate ends it; false when there is no such session.
	SignalBackend(pid int64, terminate bool) (bool, error)
}

func init() {
	i4, t := types.Int4Oid, types.TextOid
	ts := types.TimestamptzOid
	stamp := func(tm time.Time) types.Datum {
		if tm.IsZero() {
			return nil
		}
		return types.TimestamptzFromTime(tm)
	}
	register(&Func{Name: "pg_stat_get_activity", Args: []types.Oid{i4}, Result: types.RecordOid, Volatile: Volatile, Parallel: ParallelRestricted,
		SRF: &SetFunc{ProRows: 100, NonStrict: true, Columns: []SetColumn{
			{Name: "datid", Type: types.OidOid}, {Name: "pid", Type: i4}, {Name: "usesysid", Type: types.OidOid}, {Name: "application_name", Type: t},
			{Name: "state", Type: t}, {Name: "query", Type: t}, {Name: "wait_event_type", Type: t}, {Name: "wait_event", Type: t},
			{Name: "xact_start", Type: ts}, {Name: "query_start", Type: ts}, {Name: "backend_start", Type: ts}, {Name: "state_change", Type: ts},
			{Name: "client_addr", Type: t}, {Name: "client_hostname", Type: t}, {Name: "client_port", Type: i4}, {Name: "backend_xid", Type: t},
			{Name: "backend_xmin", Type: t}, {Name: "backend_type", Type: t}, {Name: "leader_pid", Type: i4}, {Name: "query_id", Type: types.Int8Oid},
			{Name: "usename", Type: types.NameOid}, {Name: "datname", Type: types.NameOid}},
			StartEnv: func(env *Env, a []types.Datum) (SetIter, error) {
				act, err := catalogOf(env)
				if err != nil {
					return nil, err
				}
				rows, err := act.ActivityRows()
				if err != nil {
					return nil, err
				}
				var out []types.Datum
				for _, r := range rows {
					if a[0] != nil && a[0].(int64) != r.PID {
						continue
					}
					var addr, port, leader types.Datum
					switch {
					case r.ClientPort >= 0:
						addr, port = r.ClientAddr, r.ClientPort
					case r.ClientPort == -1:
						port = int64(-1)
					}
					if r.LeaderPID != 0 {
						leader = r.LeaderPID
					}
					var state types.Datum
					if r.State != "" {
						state = r.State
					}
					out = append(out, []types.Datum{int64(5), r.PID, nil, r.ApplicationName, state, r.Query, nil, nil,
						stamp(r.XactStart), stamp(r.QueryStart), stamp(r.BackendStart), stamp(r.StateChange),
						addr, nil, port, nil, nil, r.BackendType, leader, nil, r.User, r.Database})
				}
				return &datumIter{elems: out}, nil
			}}})
	signal := func(name string, args []types.Oid, terminate bool) {
		register(&Func{Name: name, Args: args, Result: types.BoolOid, Strict: true, Volatile: Volatile, Parallel: ParallelRestricted,
			ImplEnv: func(env *Env, a []types.Datum) (types.Datum, error) {
				act, err := catalogOf(env)
				if err != nil {
					return nil, err
				}
				// The session ends at once; a timeout is not waited on.
				if len(a) == 2 && a[1].(int64) < 0 {
					return nil, pgerror.New(pgerror.InvalidParameterValue, "\"timeout\" must not be negative")
				}
				return act.SignalBackend(a[0].(int64), terminate)
			}})
	}
	signal("pg_cancel_backend", []types.Oid{i4}, false)
	signal("pg_terminate_backend", []types.Oid{i4}, true)
	signal("pg_terminate_backend", []types.Oid{i4, types.Int8Oid}, true)
}
