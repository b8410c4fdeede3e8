// sequence.go runs CREATE, ALTER and DROP SEQUENCE, creates the sequences
// of serial and identity columns, restarts them for TRUNCATE ... RESTART
// IDENTITY, and gives the sequence functions their session state (PG:
// commands/sequence.c, parser/parse_utilcmd.c's generateSerialExtraStmts).

package session

import (
	"context"
	"fmt"
	"strings"

	"github.com/loomdb/loomdb/internal/analyze"
	"github.com/loomdb/loomdb/internal/catalog"
	"github.com/loomdb/loomdb/internal/commands"
	"github.com/loomdb/loomdb/internal/funcs"
	"github.com/loomdb/loomdb/internal/nodes"
	"github.com/loomdb/loomdb/internal/pgerror"
	"github.com/loomdb/loomdb/internal/types"
)

func (s *Session) createSequence(ctx context.Context, st *nodes.CreateSeqStmt, p *Portal) error {
	tx := s.startTxn()
	snap := tx.StatementSnapshot()
	if err := s.requireCreateFor(tx.CatalogSnapshot(), st.Schema, st.Name); err != nil {
		return err
	}
	ns, exists, err := s.eng.cat.CreationNamespace(snap, st.Schema, st.Name, s.searchPath())
	if err != nil {
		return err
	}
	if exists {
		e := pgerror.Newf(pgerror.DuplicateTable, "relation \"%s\" already exists", st.Name)
		if !st.IfNotExists {
			return e
		}
		e.Message += ", skipping"
		return s.notice(p, e)
	}
	params := &catalog.SequenceParams{}
	var state commands.SeqState
	if _, err := commands.InitSeqParams(&st.Options, false, true, params, &state); err != nil {
		return err
	}
	owner, err := s.sequenceOwner(st.Options.OwnedBy, ns)
	if err != nil {
		return err
	}
	if _, err := s.eng.cat.CreateSequence(ctx, tx, ns, st.Name, params, owner); err != nil {
		return err
	}
	s.didDDL = true
	tx.CommandCounterIncrement()
	return nil
}

// sequenceOwner resolves OWNED BY table.column (nil for none).
func (s *Session) sequenceOwner(names []string, seqNs types.Oid) (*catalog.SequenceOwner, error) {
	if len(names) == 0 {
		return nil, nil
	}
	if len(names) < 2 || len(names) > 3 {
		return nil, pgerror.New(pgerror.InvalidParameterValue, "invalid OWNED BY option").WithHint("Specify OWNED BY table.column or OWNED BY NONE.")
	}
	tx := s.startTxn()
	schema := ""
	if len(names) == 3 {
		schema = names[0]
	}
	table, col := names[len(names)-2], names[len(names)-1]
	rel, err := s.eng.cat.LookupRelation(tx, tx.StatementSnapshot(), schema, table, s.searchPath())
	if err != nil {
		return nil, err
	}
	if rel.Kind != 'r' && rel.Kind != 'v' {
		return nil, pgerror.Newf(pgerror.WrongObjectType, "sequence cannot be owned by relation \"%s\"", rel.Name)
	}
	if rel.Namespace != seqNs {
		return nil, pgerror.New(pgerror.ObjectNotInPrerequisiteState, "sequence must be in same schema as table it is linked to")
	}
	ci := rel.ColumnByName(col)
	if ci < 0 {
		return nil, pgerror.Newf(pgerror.UndefinedColumn, "column \"%s\" of relation \"%s\" does not exist", col, rel.Name)
	}
	return &catalog.SequenceOwner{Rel: rel.Oid, AttNum: ci + 1, DepType: catalog.DependAuto}, nil
}

func (s *Session) alterSequence(ctx context.Context, st *nodes.AlterSeqStmt, p *Portal) error {
	tx := s.startTxn()
	snap := tx.StatementSnapshot()
	rel, err := s.eng.cat.LookupRelation(tx, snap, st.Schema, st.Name, s.searchPath())
	if err != nil {
		if pgerror.CodeOf(err) == pgerror.UndefinedTable && st.MissingOk {
			return s.notice(p, pgerror.Newf(pgerror.SuccessfulCompletion, "relation \"%s\" does not exist, skipping", st.Name))
		}
		return err
	}
	if rel.Kind != 'S' {
		return pgerror.Newf(pgerror.WrongObjectType, "\"%s\" is not a sequence", rel.Name)
	}
	if err := s.requireOwner(tx.CatalogSnapshot(), rel); err != nil {
		return err
	}
	params, err := s.eng.cat.SequenceParamsOf(snap, rel.Oid)
	if err != nil {
		return err
	}
	state, err := commands.ReadSeqState(s.eng.st, rel)
	if err != nil {
		return err
	}
	rewrite, err := commands.InitSeqParams(&st.Options, false, false, params, &state)
	if err != nil {
		return err
	}
	s.seqs.Forget(rel.Oid)
	var row []types.Datum
	if rewrite {
		row = state.Row()
	}
	if err := s.eng.cat.AlterSequence(ctx, tx, snap, rel, params, row); err != nil {
		return err
	}
	if st.Options.OwnedByNone || len(st.Options.OwnedBy) > 0 {
		owner, err := s.sequenceOwner(st.Options.OwnedBy, rel.Namespace)
		if err != nil {
			return err
		}
		if err := s.eng.cat.SetSequenceOwner(ctx, tx, snap, rel.Oid, owner); err != nil {
			return err
		}
	}
	s.didDDL = true
	tx.CommandCounterIncrement()
	return nil
}

// prepareColumnSequences names the sequences of the serial and identity
// columns of a table about to be created and gives serial columns their
// nextval defaults.
func (s *Session) prepareColumnSequences(st *nodes.CreateTableStmt) error {
	tx := s.startTxn()
	snap := tx.StatementSnapshot()
	ns, _, err := s.eng.cat.CreationNamespace(snap, st.Schema, st.Name, s.searchPath())
	if err != nil {
		return err
	}
	nsName, err := s.eng.cat.NamespaceName(snap, ns)
	if err != nil {
		return err
	}
	var taken []string
	for i := range st.Columns {
		col := &st.Columns[i]
		if col.Sequence == nil {
			continue
		}
		if col.Sequence.Name == "" {
			if col.Sequence.Name, err = s.eng.cat.ChooseRelationName(snap, ns, st.Name, col.Name, "seq", taken); err != nil {
				return err
			}
		}
		taken = append(taken, col.Sequence.Name)
		if col.Identity == 0 {
			qualified := funcs.QuoteIdentifier(nsName) + "." + funcs.QuoteIdentifier(col.Sequence.Name)
			col.Default = fmt.Sprintf("nextval('%s'::regclass)", strings.ReplaceAll(qualified, "'", "''"))
		}
	}
	return nil
}

// createColumnSequences creates the sequences of table rel's serial and
// identity columns, owned by their columns.
func (s *Session) createColumnSequences(ctx context.Context, st *nodes.CreateTableStmt, rel *catalog.Relation) error {
	tx := s.startTxn()
	for i, col := range st.Columns {
		if col.Sequence == nil {
			continue
		}
		params := &catalog.SequenceParams{}
		var state commands.SeqState
		if _, err := commands.InitSeqParams(&col.Sequence.Options, col.Identity != 0, true, params, &state); err != nil {
			return err
		}
		owner := &catalog.SequenceOwner{Rel: rel.Oid, AttNum: i + 1, DepType: catalog.DependAuto}
		if col.Identity != 0 {
			owner.DepType = catalog.DependInternal
		}
		ns := rel.Namespace
		if col.Sequence.Schema != "" {
			o, exists, err := s.eng.cat.CreationNamespace(tx.StatementSnapshot(), col.Sequence.Schema, col.Sequence.Name, nil)
			if err != nil {
				return err
			}
			if exists {
				return pgerror.Newf(pgerror.DuplicateTable, "relation \"%s\" already exists", col.Sequence.Name)
			}
			ns = o
		}
		if _, err := s.eng.cat.CreateSequence(ctx, tx, ns, col.Sequence.Name, params, owner); err != nil {
			return err
		}
	}
	tx.CommandCounterIncrement()
	return nil
}

// restartIdentity restarts the sequences owned by rel's columns, in tx:
// each gets a new file holding its start value, so that a rollback brings
// the old state back (PG: ResetSequence).
func (s *Session) restartIdentity(ctx context.Context, rel *catalog.Relation) error {
	tx := s.startTxn()
	snap := tx.StatementSnapshot()
	owned, err := s.eng.cat.OwnedSequences(snap, rel.Oid)
	if err != nil {
		return err
	}
	for _, o := range owned {
		seq, err := s.eng.cat.RelationByOid(tx, snap, o.Seq)
		if err != nil {
			return err
		}
		params, err := s.eng.cat.SequenceParamsOf(snap, o.Seq)
		if err != nil {
			return err
		}
		s.seqs.Forget(o.Seq)
		if err := s.eng.cat.NewSequenceFile(ctx, tx, snap, seq, commands.SeqState{LastValue: params.Start}.Row()); err != nil {
			return err
		}
	}
	tx.CommandCounterIncrement()
	return nil
}

// dropSequenceCheck refuses to drop a sequence a column depends on.
func (s *Session) dropSequenceCheck(rel *catalog.Relation) error {
	tx := s.startTxn()
	snap := tx.StatementSnapshot()
	owner, err := s.eng.cat.SequenceOwnerOf(snap, rel.Oid)
	if err != nil || owner == nil {
		return err
	}
	table, err := s.eng.cat.RelationByOid(tx, snap, owner.Rel)
	if err != nil {
		return err
	}
	col := table.Columns[owner.AttNum-1].Name
	if owner.DepType == catalog.DependInternal {
		return pgerror.Newf(pgerror.DependentObjectsStillExist, "cannot drop sequence %s because column %s of table %s requires it", rel.Name, col, table.Name).
			WithHint("You can drop column %s of table %s instead.", col, table.Name)
	}
	if table.Columns[owner.AttNum-1].Default != "" {
		return pgerror.Newf(pgerror.DependentObjectsStillExist, "cannot drop sequence %s because other objects depend on it", rel.Name).
			WithDetail("default value for column %s of table %s depends on sequence %s", col, table.Name, rel.Name).
			WithHint("Use DROP ... CASCADE to drop the dependent objects too.")
	}
	return nil
}

// sessionSequences gives the sequence functions the session's sequence
// table and its current transaction.
type sessionSequences struct{ s *Session }

var _ funcs.Sequences = sessionSequences{}

func (q sessionSequences) NextVal(oid types.Oid) (int64, error) {
	return q.s.seqs.NextVal(q.s.startTxn(), oid)
}

func (q sessionSequences) CurrVal(oid types.Oid) (int64, error) {
	return q.s.seqs.CurrVal(q.s.startTxn(), oid)
}

// SetVal is setval, which needs UPDATE on the sequence (nextval and
// currval are not checked yet; PostgreSQL asks USAGE of them).
func (q sessionSequences) SetVal(oid types.Oid, next int64, isCalled bool) (int64, error) {
	tx := q.s.startTxn()
	if err := q.s.requireTablePrivileges(tx.CatalogSnapshot(), oid, "w"); err != nil {
		return 0, err
	}
	return q.s.seqs.SetVal(tx, oid, next, isCalled)
}

func (q sessionSequences) LastVal() (int64, error) { return q.s.seqs.LastVal(q.s.startTxn()) }

// RegclassIn resolves a relation name, qualified or not, to its OID.
func (q sessionSequences) RegclassIn(name string) (types.Oid, error) {
	tx := q.s.startTxn()
	schema, rel, err := analyze.RelationName(name)
	if err != nil {
		return 0, err
	}
	r, err := q.s.eng.cat.LookupRelation(tx, tx.CatalogSnapshot(), schema, rel, q.s.searchPath())
	if err != nil {
		return 0, err
	}
	return r.Oid, nil
}

// SerialSequence returns the schema-qualified name of the sequence that
// column col of table owns (pg_get_serial_sequence), false when none.
func (q sessionSequences) SerialSequence(table, col string) (string, bool, error) {
	tx := q.s.startTxn()
	snap := tx.CatalogSnapshot()
	schema, name, err := analyze.RelationName(table)
	if err != nil {
		return "", false, err
	}
	rel, err := q.s.eng.cat.LookupRelation(tx, snap, schema, name, q.s.searchPath())
	if err != nil {
		return "", false, err
	}
	ci := rel.ColumnByName(col)
	if ci < 0 {
		return "", false, pgerror.Newf(pgerror.UndefinedColumn, "column \"%s\" of relation \"%s\" does not exist", col, rel.Name)
	}
	owned, err := q.s.eng.cat.OwnedSequences(snap, rel.Oid)
	if err != nil {
		return "", false, err
	}
	for _, o := range owned {
		if o.AttNum == ci+1 {
			seq, err := q.s.eng.cat.RelationByOid(tx, snap, o.Seq)
			if err != nil {
				return "", false, err
			}
			return funcs.QuoteIdentifier(seq.NamespaceName) + "." + funcs.QuoteIdentifier(seq.Name), true, nil
		}
	}
	return "", false, nil
}
