// utility.go runs utility statements: DDL, SET/SHOW/RESET, EXPLAIN, COPY
// and VACUUM (PG: tcop/utility.c and the commands/ files).

package session

import (
	"context"
	"fmt"
	"io"
	"slices"
	"strings"
	"time"

	"github.com/loomdb/loomdb/internal/analyze"
	"github.com/loomdb/loomdb/internal/catalog"
	"github.com/loomdb/loomdb/internal/commands"
	"github.com/loomdb/loomdb/internal/executor"
	"github.com/loomdb/loomdb/internal/explain"
	"github.com/loomdb/loomdb/internal/funcs"
	"github.com/loomdb/loomdb/internal/guc"
	"github.com/loomdb/loomdb/internal/nodes"
	"github.com/loomdb/loomdb/internal/optimizer/plan"
	"github.com/loomdb/loomdb/internal/parser"
	"github.com/loomdb/loomdb/internal/pgerror"
	"github.com/loomdb/loomdb/internal/txn"
	"github.com/loomdb/loomdb/internal/types"
)

func (s *Session) runUtility(ctx context.Context, p *Portal) error {
	switch st := p.stmt.(type) {
	case *nodes.CreateTableStmt:
		if _, err := s.createTable(ctx, st, p); err != nil {
			return err
		}
		p.tag = "CREATE TABLE"
	case *nodes.TruncateStmt:
		// Every table is checked before any is emptied; emptying deletes
		// the rows in the transaction, so ROLLBACK brings them back.
		tx := s.startTxn()
		var rels []*catalog.Relation
		for _, n := range st.Names {
			rel, err := s.eng.cat.LookupRelation(tx, tx.StatementSnapshot(), n[0], n[1], s.searchPath())
			if err != nil {
				return err
			}
			if rel.Kind != 'r' {
				return pgerror.Newf(pgerror.WrongObjectType, "\"%s\" is not a table", rel.Name)
			}
			if err := s.requireTablePrivileges(tx.CatalogSnapshot(), rel.Oid, "D"); err != nil {
				return err
			}
			rels = append(rels, rel)
		}
		named := len(rels)
		rels, err := s.truncateReferences(rels, st.Cascade, p)
		if err != nil {
			return err
		}
		// The tables CASCADE adds need TRUNCATE too.
		for _, rel := range rels[min(named, len(rels)):] {
			if err := s.requireTablePrivileges(tx.CatalogSnapshot(), rel.Oid, "D"); err != nil {
				return err
			}
		}
		for _, rel := range rels {
			s.skipRI = true
			_, err := s.runInternalSQL(ctx, "DELETE FROM "+quoteIdent(rel.NamespaceName)+"."+quoteIdent(rel.Name), nil)
			s.skipRI = false
			if err != nil {
				return err
			}
			if st.RestartIdentity {
				if err := s.restartIdentity(ctx, rel); err != nil {
					return err
				}
			}
		}
		p.tag = "TRUNCATE TABLE"
	case *nodes.PrepareStmt:
		if err := s.Parse(st.Name, st.SQL, oidsOf(st.ParamTypes)); err != nil {
			return err
		}
		p.tag = "PREPARE"
	case *nodes.DeallocateStmt:
		if st.All {
			clear(s.prepared)
			p.tag = "DEALLOCATE ALL"
			break
		}
		if _, ok := s.prepared[st.Name]; !ok {
			return pgerror.Newf(pgerror.InvalidSQLStatementName, "prepared statement \"%s\" does not exist", st.Name)
		}
		delete(s.prepared, st.Name)
		p.tag = "DEALLOCATE"
	case *nodes.CreateTableAsStmt:
		created, err := s.createTable(ctx, st.Create, p)
		if err != nil {
			return err
		}
		p.tag = "CREATE TABLE AS"
		if created && !st.WithNoData {
			// The INSERT ... SELECT reads what the user named: checked.
			n, err := s.runSQL(ctx, st.InsertSQL, p.params, false)
			if err != nil {
				return err
			}
			p.tag = fmt.Sprintf("SELECT %d", n)
		}
	case *nodes.DropTableStmt:
		if err := s.dropRelations(ctx, st, p); err != nil {
			return err
		}
	case *nodes.AlterTableStmt:
		if err := s.alterTable(ctx, st, p); err != nil {
			return err
		}
		p.tag = "ALTER TABLE"
	case *nodes.CreateSeqStmt:
		if err := s.createSequence(ctx, st, p); err != nil {
			return err
		}
		p.tag = "CREATE SEQUENCE"
	case *nodes.AlterSeqStmt:
		if err := s.alterSequence(ctx, st, p); err != nil {
			return err
		}
		p.tag = "ALTER SEQUENCE"
	case *nodes.CreateRoleStmt:
		return s.createRole(ctx, st, p)
	case *nodes.AlterRoleStmt:
		return s.alterRole(ctx, st, p)
	case *nodes.DropRoleStmt:
		return s.dropRole(ctx, st, p)
	case *nodes.GrantStmt:
		return s.grant(ctx, st, p)
	case *nodes.CreateViewStmt:
		tx := s.startTxn()
		if err := s.requireCreateFor(tx.CatalogSnapshot(), st.Schema, st.Name); err != nil {
			return err
		}
		if err := s.eng.cat.CreateView(ctx, tx, tx.StatementSnapshot(), st, s.searchPath()); err != nil {
			return err
		}
		s.didDDL = true
		tx.CommandCounterIncrement()
		p.tag = "CREATE VIEW"
	case *nodes.VariableSetStmt:
		return s.setStmt(st, p)
	case *nodes.VariableShowStmt:
		return s.showStmt(st, p)
	case *nodes.ExplainStmt:
		return s.explainStmt(ctx, st, p)
	case *nodes.CopyStmt:
		if !st.From {
			return s.copyTo(ctx, st, p)
		}
		return s.copyFrom(ctx, st, p)
	case *nodes.VacuumStmt:
		return s.vacuumStmt(ctx, st, p)
	case *nodes.IndexStmt:
		return s.createIndex(ctx, st, p)
	case *nodes.CheckPointStmt:
		// pg_checkpoint has no members here: superusers only.
		user, err := s.currentRole(s.startTxn().CatalogSnapshot())
		if err != nil {
			return err
		}
		if !user.Superuser {
			return pgerror.New(pgerror.InsufficientPrivilege, "must be superuser or have privileges of pg_checkpoint to do CHECKPOINT")
		}
		if err := s.eng.st.Checkpoint(ctx); err != nil {
			return err
		}
		p.tag = "CHECKPOINT"
	default:
		return pgerror.Unsupported("statement is not supported")
	}
	p.done = true
	return nil
}

// dropRelations runs DROP TABLE, DROP VIEW and DROP SEQUENCE: the named
// relations are found first, then what depends on them (see planDrop),
// then everything goes, dependents first.
func (s *Session) dropRelations(ctx context.Context, st *nodes.DropTableStmt, p *Portal) error {
	kindName := map[byte]string{'r': "table", 'v': "view", 'S': "sequence"}
	dropName := map[byte]string{'r': "DROP TABLE", 'v': "DROP VIEW", 'S': "DROP SEQUENCE"}
	tx := s.startTxn()
	var rels []*catalog.Relation
	for _, n := range st.Names {
		snap := tx.StatementSnapshot()
		rel, err := s.eng.cat.LookupRelation(tx, snap, n[0], n[1], s.searchPath())
		if err != nil {
			if pgerror.CodeOf(err) != pgerror.UndefinedTable {
				return err
			}
			name := n[1]
			if n[0] != "" {
				name = n[0] + "." + n[1]
			}
			if !st.MissingOk {
				return pgerror.Newf(pgerror.UndefinedTable, "%s \"%s\" does not exist", kindName[st.Kind], name)
			}
			if err := s.notice(p, pgerror.Newf(pgerror.SuccessfulCompletion, "%s \"%s\" does not exist, skipping", kindName[st.Kind], name)); err != nil {
				return err
			}
			continue
		}
		if rel.Namespace == catalog.PgCatalogNamespace {
			return pgerror.Newf(pgerror.InsufficientPrivilege, "permission denied: \"%s\" is a system catalog", rel.Name)
		}
		if rel.Kind != st.Kind {
			e := pgerror.Newf(pgerror.WrongObjectType, "\"%s\" is not a %s", rel.Name, kindName[st.Kind])
			if other, ok := dropName[rel.Kind]; ok {
				e = e.WithHint("Use %s to remove a %s.", other, kindName[rel.Kind])
			}
			return e
		}
		if err := s.requireOwner(tx.CatalogSnapshot(), rel); err != nil {
			return err
		}
		if rel.Kind == 'S' {
			if err := s.dropSequenceCheck(rel); err != nil {
				return err
			}
		}
		if !slices.ContainsFunc(rels, func(r *catalog.Relation) bool { return r.Oid == rel.Oid }) {
			rels = append(rels, rel)
		}
	}
	if len(rels) > 0 {
		plan, err := s.planDrop(rels, 0, st.Cascade, p)
		if err != nil {
			return err
		}
		for _, oid := range plan.relations() {
			snap := tx.StatementSnapshot()
			rel, err := s.eng.cat.RelationByOid(tx, snap, oid)
			if err != nil {
				return err
			}
			if err := s.eng.cat.DropTable(ctx, tx, snap, rel); err != nil {
				return err
			}
			tx.CommandCounterIncrement()
		}
	}
	s.didDDL = true
	p.tag = dropName[st.Kind]
	return nil
}

// notice queues a notice for the portal's client; portals deliver notices
// before their results.
func (s *Session) notice(p *Portal, e *pgerror.Error) error {
	if e.Severity == "" || e.Severity == pgerror.SeverityError {
		e.Severity = pgerror.SeverityNotice
	}
	if !s.shouldSend(e.Severity) {
		return nil
	}
	if s.noticeSink != nil {
		return s.noticeSink.SendNotice(e)
	}
	return nil
}

func (s *Session) searchPath() []string {
	var out []string
	for _, part := range strings.Split(s.settings.String("search_path"), ",") {
		part = strings.TrimSpace(part)
		part = strings.Trim(part, `"`)
		if part == "$user" {
			part = s.User
		}
		if part != "" {
			out = append(out, part)
		}
	}
	return out
}

func (s *Session) setStmt(st *nodes.VariableSetStmt, p *Portal) error {
	opts := guc.SetOpts{Local: st.Local, InTxn: s.inBlock}
	if st.Local && !s.inBlock {
		if err := s.notice(p, &pgerror.Error{Code: pgerror.NoActiveSQLTransaction, Message: "SET LOCAL can only be used in transaction blocks"}); err != nil {
			return err
		}
	}
	var err error
	name := st.Name
	switch {
	case st.ResetAll:
		s.settings.ResetAll(opts)
		p.tag = "RESET"
		p.done = true
		return nil
	case st.Reset:
		err = s.settings.SetDefault(name, opts)
	default:
		if name == "transaction_isolation" {
			err = s.settings.Set("default_transaction_isolation", st.Value, guc.SetOpts{Local: true, InTxn: true})
			if err == nil {
				err = s.settings.Set(name, st.Value, guc.SetOpts{Local: true, InTxn: true})
			}
		} else {
			err = s.settings.Set(name, st.Value, opts)
		}
	}
	if err != nil {
		return err
	}
	if st.Reset && !st.Default {
		p.tag = "RESET"
	} else {
		p.tag = "SET"
	}
	p.done = true
	return nil
}

func showFields(name string) []Field {
	if name == "all" {
		return []Field{{Name: "name", Type: types.TText, TypLen: -1}, {Name: "setting", Type: types.TText, TypLen: -1}, {Name: "description", Type: types.TText, TypLen: -1}}
	}
	col := name
	if d := guc.Lookup(name); d != nil {
		col = d.Name
	}
	switch name {
	case "transaction isolation level":
		col = "transaction_isolation"
	case "time zone":
		col = "TimeZone"
	}
	return []Field{{Name: col, Type: types.TText, TypLen: -1}}
}

func (s *Session) showStmt(st *nodes.VariableShowStmt, p *Portal) error {
	name := st.Name
	switch name {
	case "transaction isolation level":
		name = "transaction_isolation"
	case "time zone":
		name = "timezone"
	case "session authorization":
		name = "session_authorization"
	}
	p.fields = showFields(st.Name)
	applyFormats(p.fields, p.resultFormats)
	if st.Name == "all" {
		for _, d := range guc.All() {
			if d.NoShowAll {
				continue
			}
			v, _ := s.settings.Get(d.Name)
			p.utilRows = append(p.utilRows, []types.Datum{d.Name, v, d.Short})
		}
		p.tag = "SHOW"
		return nil
	}
	v, err := s.showValue(name)
	if err != nil {
		return err
	}
	p.utilRows = [][]types.Datum{{v}}
	p.tag = "SHOW"
	return nil
}

// showValue returns a setting as SHOW and current_setting print it.
func (s *Session) showValue(name string) (string, error) {
	if strings.ToLower(name) == "transaction_isolation" {
		// The current transaction's level, else the one the next will get.
		v := s.settings.String("default_transaction_isolation")
		if s.tx != nil {
			v = "read committed"
			if s.tx.Isolation() != txn.ReadCommitted {
				v = s.settings.String("default_transaction_isolation")
			}
		}
		return v, nil
	}
	return s.settings.Get(name)
}

// sessionSettings gives current_setting and set_config the session's
// settings.
type sessionSettings struct{ s *Session }

var _ funcs.Settings = sessionSettings{}

func (q sessionSettings) Get(name string) (string, error) { return q.s.showValue(name) }

func (q sessionSettings) Rows() []guc.Row { return q.s.settings.Rows() }

func (q sessionSettings) Set(name, value string, local bool) (string, error) {
	if err := q.s.settings.Set(name, value, guc.SetOpts{Local: local, InTxn: q.s.inBlock}); err != nil {
		return "", err
	}
	return q.s.showValue(name)
}

func (s *Session) explainStmt(ctx context.Context, st *nodes.ExplainStmt, p *Portal) error {
	tx := s.startTxn()
	snap := tx.StatementSnapshot()
	// EXPLAIN needs the statement's privileges, ANALYZE or not (PG:
	// ExecutorStart checks them for both).
	if err := s.checkQueryPermissions(tx.CatalogSnapshot(), st.Query); err != nil {
		return err
	}
	access := s.tableAccess(tx, snap)
	start := time.Now()
	planned, err := plan.Planner(st.Query, s.plannerConfig(access))
	if err != nil {
		return err
	}
	planning := time.Since(start)
	format, _ := explain.ParseFormat(st.Format)
	ex := explain.New(explain.Options{Analyze: st.Analyze, Verbose: st.Verbose, Costs: st.Costs, Timing: st.Timing,
		Summary: st.Summary, Buffers: st.Buffers, Settings: st.Settings, Format: format}, len(planned.RangeTable))
	ex.SetRangeTable(planned.RangeTable)
	if st.Settings {
		ex.SetSettings(explain.ChangedSettings(s.settings))
	}
	var execTime time.Duration
	if !st.Analyze {
		ex.SetSubplans(planned.Subplans, nil)
		ex.PrintPlan(planned.PlanTree, nil)
	} else {
		es := s.newEState(access, p.params, true)
		es.UseParallelMode = true
		execStart := time.Now()
		ps, err := executor.ExecutorStart(planned, es)
		if err != nil {
			return err
		}
		ectx, done := s.statementContext(ctx)
		for {
			b, err := ps.Exec(ectx)
			if err != nil {
				done()
				ps.End()
				es.EndSubplans()
				return pgerror.Convert(err)
			}
			if b == nil {
				break
			}
		}
		if err := es.ExecutorFinish(ectx); err != nil {
			done()
			ps.End()
			es.EndSubplans()
			return pgerror.Convert(err)
		}
		done()
		execTime = time.Since(execStart)
		// As in PG, the plan is printed before the executor ends (nodes
		// still hold their figures); ending counts as execution time.
		ex.SetSubplans(planned.Subplans, es)
		ex.PrintPlan(planned.PlanTree, ps)
		endStart := time.Now()
		ps.End()
		es.EndSubplans()
		execTime += time.Since(endStart)
		if planned.CommandType != nodes.CmdSelect || planned.HasModifyingCTE {
			tx.CommandCounterIncrement()
		}
	}
	ex.AddSummary(planning, execTime)
	p.fields = []Field{{Name: "QUERY PLAN", Type: types.TText, TypLen: -1}}
	applyFormats(p.fields, p.resultFormats)
	for _, l := range ex.Lines() {
		p.utilRows = append(p.utilRows, []types.Datum{l})
	}
	p.tag = "EXPLAIN"
	return nil
}

func (s *Session) plannerConfig(access *tableAccess) *plan.Config {
	return &plan.Config{Relation: access.Relation, Sizer: access.NumBlocks, VisibilityKnown: access.VisibilityKnown, Stats: access.Statistics,
		Indexes: access.IndexSize, IndexRange: access.IndexRange, Costs: plan.CostParamsFrom(s.settings),
		IndexPredicate: func(rel *catalog.Relation, in *catalog.IndexInfo) (nodes.Expr, error) {
			return s.analyzePredicate(access.tx, rel, in.Predicate)
		}}
}

func (s *Session) vacuumStmt(ctx context.Context, st *nodes.VacuumStmt, p *Portal) error {
	if st.Vacuum && s.inBlock {
		return pgerror.New(pgerror.ActiveSQLTransaction, "VACUUM cannot run inside a transaction block")
	}
	if st.Vacuum {
		// VACUUM runs in its own transactions: finish the implicit one first.
		if err := s.commitTxn(); err != nil {
			return err
		}
	}
	tx := s.startTxn()
	oids := st.RelOids
	if len(oids) == 0 {
		rels, err := s.eng.cat.UserTables(tx, tx.StatementSnapshot())
		if err != nil {
			return err
		}
		oids = rels
	}
	for _, oid := range oids {
		if err := ctx.Err(); err != nil {
			return pgerror.Convert(err)
		}
		snap := tx.StatementSnapshot()
		rel, err := s.eng.cat.RelationByOid(tx, snap, oid)
		if err != nil {
			return err
		}
		if s.requireOwner(tx.CatalogSnapshot(), rel) != nil {
			// Only the owner may; a table named outright gets a warning
			// (PG: vacuum_is_permitted_for_relation).
			if len(st.RelOids) > 0 {
				what := "vacuum"
				if !st.Vacuum {
					what = "analyze"
				}
				w := &pgerror.Error{Severity: pgerror.SeverityWarning, Code: pgerror.Warning, Message: fmt.Sprintf("skipping \"%s\" --- only table or database owner can %s it", rel.Name, what)}
				if err := s.notice(p, w); err != nil {
					return err
				}
			}
			continue
		}
		if st.Vacuum {
			res, err := s.vacuumWithIndexes(ctx, tx, rel)
			if err != nil {
				return err
			}
			if err := s.eng.cat.SetRelStats(ctx, tx, snap, oid, res.Pages, res.Tuples, int64(res.AllVisible)); err != nil {
				return err
			}
			tx.CommandCounterIncrement()
		}
		if st.Analyze {
			snap = tx.StatementSnapshot()
			opts := commands.Options{StatisticsTarget: int(s.settings.Int("default_statistics_target"))}
			if _, err := commands.AnalyzeAndStore(ctx, s.eng.st, s.eng.cat, tx, snap, rel.Table(), opts); err != nil {
				return err
			}
			tx.CommandCounterIncrement()
		}
	}
	s.didDDL = true
	if st.Vacuum {
		if err := s.commitTxn(); err != nil {
			return err
		}
		p.tag = "VACUUM"
	} else {
		p.tag = "ANALYZE"
	}
	p.done = true
	return nil
}

// messageLevels orders severities as client_min_messages compares them.
var messageLevels = map[string]int{"debug5": 0, "debug4": 1, "debug3": 2, "debug2": 3, "debug1": 4, "debug": 4, "log": 5, "info": 6, "notice": 6, "warning": 7, "error": 8}

// shouldSend reports whether a message of the given severity reaches the client.
func (s *Session) shouldSend(severity string) bool {
	min := messageLevels[s.settings.String("client_min_messages")]
	lvl, ok := messageLevels[strings.ToLower(severity)]
	if !ok {
		return true // INFO is always sent
	}
	return lvl >= min
}

// createTable runs CREATE TABLE with the indexes of its constraints; it
// reports false when IF NOT EXISTS found the table already there.
func (s *Session) createTable(ctx context.Context, st *nodes.CreateTableStmt, p *Portal) (bool, error) {
	tx := s.startTxn()
	if err := s.requireCreateFor(tx.CatalogSnapshot(), st.Schema, st.Name); err != nil {
		return false, err
	}
	if err := s.prepareColumnSequences(st); err != nil {
		return false, err
	}
	created, err := s.eng.cat.CreateTable(ctx, tx, tx.StatementSnapshot(), st, s.searchPath())
	if err != nil {
		return false, err
	}
	if !created {
		if err := s.notice(p, pgerror.Newf(pgerror.DuplicateTable, "relation \"%s\" already exists, skipping", st.Name)); err != nil {
			return false, err
		}
	}
	s.didDDL = true
	tx.CommandCounterIncrement()
	if created && slices.ContainsFunc(st.Columns, func(c nodes.ColumnDef) bool { return c.Sequence != nil }) {
		rel, err := s.eng.cat.LookupRelation(tx, tx.StatementSnapshot(), st.Schema, st.Name, s.searchPath())
		if err != nil {
			return false, err
		}
		if err := s.createColumnSequences(ctx, st, rel); err != nil {
			return false, err
		}
	}
	if created && len(st.Checks) > 0 {
		rel, err := s.eng.cat.LookupRelation(tx, tx.StatementSnapshot(), st.Schema, st.Name, s.searchPath())
		if err != nil {
			return false, err
		}
		if err := s.addChecks(ctx, rel, st.Checks); err != nil {
			return false, err
		}
	}
	if created {
		for _, ix := range st.Indexes {
			rel, err := s.eng.cat.LookupRelation(tx, tx.StatementSnapshot(), st.Schema, st.Name, s.searchPath())
			if err != nil {
				return false, err
			}
			ix.RelOid = rel.Oid
			if err := s.createIndex(ctx, ix, p); err != nil {
				return false, err
			}
		}
		for _, def := range st.ForeignKeys {
			rel, err := s.eng.cat.LookupRelation(tx, tx.StatementSnapshot(), st.Schema, st.Name, s.searchPath())
			if err != nil {
				return false, err
			}
			if err := s.addForeignKey(ctx, rel, def, false); err != nil {
				return false, err
			}
		}
	}
	return created, nil
}

// runInternalSQL runs a statement a utility command is built on — a
// foreign-key check or action, TRUNCATE's deletion, the filling or
// checking of a column — whose privileges the command has checked
// already, so that the statement itself is not checked (PG: such
// statements run as the table's owner). It returns the rows processed.
func (s *Session) runInternalSQL(ctx context.Context, sql string, params []types.Datum) (int64, error) {
	return s.runSQL(ctx, sql, params, true)
}

// runSQL runs a statement inside another; internal skips its privilege
// checks.
func (s *Session) runSQL(ctx context.Context, sql string, params []types.Datum, internal bool) (int64, error) {
	raws, err := parser.Parse(sql)
	if err != nil {
		return 0, err
	}
	env := s.analyzeEnv(s.startTxn())
	env.NoParams = params == nil
	st, _, err := analyze.Analyze(raws[0], env)
	if err != nil {
		return 0, err
	}
	sub := &Portal{session: s, stmt: st, params: params, internal: internal}
	defer sub.Close()
	c := &discardClient{}
	if _, err := sub.Run(ctx, 0, c); err != nil {
		return 0, err
	}
	if q, ok := st.(*nodes.Query); ok && q.CommandType == nodes.CmdSelect {
		return c.rows, nil
	}
	if sub.es == nil {
		return 0, nil
	}
	return sub.es.ProcessedRows, nil
}

// discardClient is the client of a statement run inside another: it
// counts the rows it is sent, and nothing it says reaches the user.
type discardClient struct{ rows int64 }

func (*discardClient) SendRowDescription([]Field) error         { return nil }
func (c *discardClient) SendDataRow([][]byte) error             { c.rows++; return nil }
func (*discardClient) SendCommandComplete(string) error         { return nil }
func (*discardClient) SendEmptyQuery() error                    { return nil }
func (*discardClient) SendNotice(*pgerror.Error) error          { return nil }
func (*discardClient) SendParameterStatus(string, string) error { return nil }
func (*discardClient) CopyOut(int) (io.WriteCloser, error) {
	return nil, pgerror.New(pgerror.FeatureNotSupported, "COPY TO STDOUT cannot run inside another statement")
}
func (*discardClient) CopyIn(int) (io.Reader, error) {
	return nil, pgerror.New(pgerror.FeatureNotSupported, "COPY FROM STDIN cannot run inside another statement")
}

func oidsOf(ts []types.Oid) []uint32 {
	out := make([]uint32, len(ts))
	for i, t := range ts {
		out[i] = uint32(t)
	}
	return out
}
