package nodes

import "github.com/loomdb/loomdb/internal/types"

// Stmt is an analyzed statement: a *Query or one of the utility statements below.
type Stmt interface{ stmt() }

func (*Query) stmt() {}

// ColumnDef is one column of a CREATE TABLE.
type ColumnDef struct {
	Name    string
	Type    types.T
	NotNull bool
	// Collation is the column's COLLATE clause as a pg_collation OID, 0
	// for its type's default.
	Collation types.Oid
	// Default is the DEFAULT expression as SQL text ("" for none).
	Default string
	// Identity is 'a' for GENERATED ALWAYS AS IDENTITY, 'd' for GENERATED
	// BY DEFAULT AS IDENTITY, 0 otherwise.
	Identity byte
	// Sequence is the sequence a serial or identity column owns. Its name
	// is chosen when the table is created; a serial column's Default then
	// calls nextval on it.
	Sequence *CreateSeqStmt
}

// SeqOptions are the options written in CREATE or ALTER SEQUENCE (or an
// identity column's sequence options); nil fields were not written.
type SeqOptions struct {
	Type      *types.T
	Increment *int64
	Start     *int64
	// Restart is RESTART WITH n; RestartStart is RESTART alone, which
	// goes back to the start value.
	Restart      *int64
	RestartStart bool
	Max, Min     *int64
	// NoMax and NoMin are NO MAXVALUE and NO MINVALUE.
	NoMax, NoMin bool
	Cache        *int64
	Cycle        *bool
	// OwnedBy is OWNED BY [schema.]table.column; OwnedByNone is OWNED BY NONE.
	OwnedBy     []string
	OwnedByNone bool
	// Name is an identity column's SEQUENCE NAME.
	Name []string
}

// AlterTableKind is what one ALTER TABLE subcommand does.
type AlterTableKind uint8

const (
	AlterAddColumn AlterTableKind = iota
	AlterDropColumn
	AlterSetDefault // Default "" drops the default
	AlterSetNotNull
	AlterDropNotNull
	AlterSetOptions
	AlterResetOptions
	AlterRenameColumn
	AlterRenameTable
	AlterAddCheck
	AlterAddForeignKey
	AlterColumnType
)

// AlterTableCmd is one subcommand of ALTER TABLE (or a RENAME).
type AlterTableCmd struct {
	Kind AlterTableKind
	// Column names the column changed; NewName is a RENAME's new name.
	Column  string
	NewName string
	// Def is the column ADD COLUMN adds.
	Def ColumnDef
	// Check is the constraint ADD CONSTRAINT ... CHECK adds.
	Check CheckDef
	// ForeignKey is the constraint ADD CONSTRAINT ... FOREIGN KEY adds.
	ForeignKey *ForeignKeyDef
	// Default is the SET DEFAULT expression as SQL text.
	Default string
	// Options are SET (name = value) storage parameters, or the names
	// RESET removes.
	Options   [][2]string
	MissingOk bool
	// IfNotExists is ADD COLUMN IF NOT EXISTS.
	IfNotExists bool
	// NewType is ALTER COLUMN TYPE's type.
	NewType types.T
	// Cascade is DROP COLUMN ... CASCADE.
	Cascade bool
}

// AlterTableStmt is ALTER TABLE and ALTER TABLE ... RENAME.
type AlterTableStmt struct {
	Schema    string
	Name      string
	MissingOk bool
	Cmds      []AlterTableCmd
	// Rewrite, for ALTER COLUMN ... TYPE, reads the table's rows with the
	// new values of the changed columns: its output columns are the
	// table's live columns, attribute numbers RewriteCols (PG: the
	// transform expressions of ATRewriteTable).
	Rewrite     *Query
	RewriteCols []int
}

// CreateSeqStmt is CREATE SEQUENCE.
type CreateSeqStmt struct {
	Schema      string
	Name        string
	Options     SeqOptions
	IfNotExists bool
}

// AlterSeqStmt is ALTER SEQUENCE.
type AlterSeqStmt struct {
	Schema    string
	Name      string
	Options   SeqOptions
	MissingOk bool
}

// CreateTableStmt is CREATE TABLE.
type CreateTableStmt struct {
	Schema      string
	Name        string
	Columns     []ColumnDef
	IfNotExists bool
	// Indexes are the unique indexes enforcing PRIMARY KEY and UNIQUE
	// constraints, built right after the table (RelOid is filled in then).
	Indexes []*IndexStmt
	// Checks are the CHECK constraints.
	Checks []CheckDef
	// ForeignKeys are the FOREIGN KEY constraints, added once the table
	// and its keys exist.
	ForeignKeys []ForeignKeyDef
}

// ForeignKeyDef is a FOREIGN KEY constraint as CREATE TABLE or ALTER
// TABLE writes it.
type ForeignKeyDef struct {
	// Name is the constraint's name, "" to choose one.
	Name string
	// Cols are the referencing columns; RefCols the referenced ones, none
	// for the referenced table's primary key.
	Cols      []string
	RefSchema string
	RefTable  string
	RefCols   []string
	// Match is 's' (MATCH SIMPLE) or 'f' (MATCH FULL); UpdAction and
	// DelAction are 'a' (NO ACTION), 'r' (RESTRICT), 'c' (CASCADE), 'n'
	// (SET NULL) or 'd' (SET DEFAULT), as pg_constraint writes them.
	Match     byte
	UpdAction byte
	DelAction byte
	Location  int
}

// CheckDef is a CHECK constraint as CREATE TABLE or ALTER TABLE writes it.
type CheckDef struct {
	// Name is the constraint's name, "" to choose one.
	Name string
	// Expr is the condition as SQL text.
	Expr string
	// Cols names the columns the condition reads, for the chosen name.
	Cols []string
}

// CreateTableAsStmt is CREATE TABLE AS or SELECT INTO: the table, with
// columns taken from the query, and unless WITH NO DATA the INSERT ...
// SELECT that fills it, as SQL text to analyze once the table exists.
type CreateTableAsStmt struct {
	Create     *CreateTableStmt
	WithNoData bool
	InsertSQL  string
}

// PrepareStmt is SQL PREPARE: the statement's SQL text and the parameter
// types written (InvalidOid where left to inference).
type PrepareStmt struct {
	Name       string
	ParamTypes []types.Oid
	SQL        string
}

// ExecuteStmt is SQL EXECUTE: the prepared statement and its parameter
// values, already coerced to the parameter types.
type ExecuteStmt struct {
	Name   string
	Params []Expr
}

// DeallocateStmt is DEALLOCATE name, or DEALLOCATE ALL when All is set.
type DeallocateStmt struct {
	Name string
	All  bool
}

// TruncateStmt is TRUNCATE of one or more tables.
type TruncateStmt struct {
	Names [][2]string // schema (may be empty), name
	// RestartIdentity restarts the sequences the tables' columns own.
	RestartIdentity bool
	// Cascade also empties the tables referencing them by foreign keys.
	Cascade bool
}

// DropTableStmt is DROP TABLE, DROP VIEW or DROP SEQUENCE, by the relkind
// it drops ('r', 'v' or 'S').
type DropTableStmt struct {
	Names     [][2]string // schema (may be empty), name
	MissingOk bool
	Cascade   bool
	Kind      byte
}

// CreateViewStmt is CREATE VIEW: the view's columns (names after the
// column list, types from the query) and its defining SELECT as SQL text.
type CreateViewStmt struct {
	Schema     string
	Name       string
	Columns    []ColumnDef
	Definition string
	// Replace is CREATE OR REPLACE VIEW.
	Replace bool
	// Options are the view's options (reloptions): check_option,
	// security_barrier, security_invoker, checked.
	Options [][2]string
	// Refs are the relations and columns the definition reads, which the
	// view comes to depend on (pg_depend).
	Refs []ViewRef
}

// ViewRef is a relation (AttNum 0) or column a view's definition reads.
type ViewRef struct {
	Rel    types.Oid
	AttNum int
}

// TransactionKind is the kind of a TransactionStmt.
type TransactionKind uint8

const (
	TransBegin TransactionKind = iota
	TransCommit
	TransRollback
	TransSavepoint
	TransRelease
	TransRollbackTo
)

// TransactionStmt is BEGIN, COMMIT, ROLLBACK, SAVEPOINT, RELEASE
// [SAVEPOINT] or ROLLBACK TO [SAVEPOINT].
type TransactionStmt struct {
	Kind TransactionKind
	// Savepoint names the savepoint of the last three kinds.
	Savepoint string
	// Start marks BEGIN spelled START TRANSACTION.
	Start bool
	// Isolation is "" or an isolation level named in BEGIN.
	Isolation string
	ReadOnly  *bool
}

// VariableSetStmt is SET, SET LOCAL, RESET and RESET ALL.
type VariableSetStmt struct {
	Name     string // "" with ResetAll
	Value    string // canonical text of the value list
	Reset    bool
	ResetAll bool
	Local    bool
	// Default marks SET x TO DEFAULT.
	Default bool
}

// VariableShowStmt is SHOW.
type VariableShowStmt struct{ Name string }

// ExplainStmt is EXPLAIN with its options.
type ExplainStmt struct {
	Query   *Query
	Analyze bool
	Verbose bool
	Costs   bool
	Buffers bool
	// Settings lists planner settings changed from their defaults.
	Settings bool
	Timing   bool
	Summary  bool
	// SummarySet records whether SUMMARY was given explicitly.
	SummarySet bool
	Format     string // "text", "json"
}

// CopyStmt is COPY table FROM STDIN (and later TO STDOUT).
type CopyStmt struct {
	RelOid    types.Oid
	RelName   string
	Columns   []int // 0-based attribute positions in file order
	From      bool
	Format    string // "text" or "csv"
	Delimiter string
	Null      string
	Header    bool
	Quote     string
	Escape    string
	// Query is, for COPY TO, the SELECT whose rows are written, as SQL
	// text; Names are its column names for HEADER.
	Query string
	Names []string
	// ForceQuote lists the output columns (0-based) CSV always quotes;
	// ForceQuoteAll is FORCE_QUOTE *.
	ForceQuote    []int
	ForceQuoteAll bool
}

// VacuumStmt is VACUUM and ANALYZE.
type VacuumStmt struct {
	RelOids []types.Oid // empty = every table in the database
	Analyze bool
	Vacuum  bool
	Verbose bool
}

// CheckPointStmt is CHECKPOINT.
type CheckPointStmt struct{}

func (*CheckPointStmt) stmt()    {}
func (*CreateTableStmt) stmt()   {}
func (*CreateTableAsStmt) stmt() {}
func (*PrepareStmt) stmt()       {}
func (*ExecuteStmt) stmt()       {}
func (*DeallocateStmt) stmt()    {}
func (*TruncateStmt) stmt()      {}
func (*CreateSeqStmt) stmt()     {}
func (*AlterTableStmt) stmt()    {}
func (*AlterSeqStmt) stmt()      {}
func (*DropTableStmt) stmt()     {}
func (*CreateViewStmt) stmt()    {}
func (*TransactionStmt) stmt()   {}
func (*VariableSetStmt) stmt()   {}
func (*VariableShowStmt) stmt()  {}
func (*ExplainStmt) stmt()       {}
func (*CopyStmt) stmt()          {}
func (*VacuumStmt) stmt()        {}

// IndexColumn is one key column of CREATE INDEX.
type IndexColumn struct {
	AttNum     int // 1-based
	Name       string
	Desc       bool
	NullsFirst bool
}

// IndexStmt is CREATE [UNIQUE] INDEX (btree, plain columns, optional WHERE).
type IndexStmt struct {
	Name    string // "" to generate one
	RelOid  types.Oid
	RelName string
	Unique  bool
	// Primary marks the index of a PRIMARY KEY.
	Primary bool
	// Constraint marks the index of a PRIMARY KEY or UNIQUE constraint,
	// which pg_constraint records too.
	Constraint  bool
	IfNotExists bool
	Columns     []IndexColumn
	// Predicate is the partial-index condition over the table's columns
	// (Vars with VarNo 1); PredicateSQL is its text, kept in pg_index.
	Predicate    Expr
	PredicateSQL string
}

func (*IndexStmt) stmt() {}

// RoleOptions are the options of CREATE or ALTER ROLE; nil fields were not
// written.
type RoleOptions struct {
	Superuser, CreateDB, CreateRole, Inherit, Login, Replication, BypassRLS *bool
	ConnectionLimit                                                         *int64
	// Password is the new password; PasswordNull sets none (PASSWORD NULL).
	Password     *string
	PasswordNull bool
	ValidUntil   *string
}

// CreateRoleStmt is CREATE ROLE, or with User CREATE USER (LOGIN by
// default).
type CreateRoleStmt struct {
	Name    string
	User    bool
	Options RoleOptions
}

func (*CreateRoleStmt) stmt() {}

// AlterRoleStmt is ALTER ROLE name [WITH] options.
type AlterRoleStmt struct {
	Name    string
	Options RoleOptions
}

func (*AlterRoleStmt) stmt() {}

// DropRoleStmt is DROP ROLE [IF EXISTS] names.
type DropRoleStmt struct {
	Names     []string
	MissingOk bool
}

func (*DropRoleStmt) stmt() {}

// GrantStmt is GRANT or REVOKE of privileges on tables (PG: GrantStmt
// with ACL_TARGET_OBJECT on OBJECT_TABLE).
type GrantStmt struct {
	IsGrant bool
	// Privileges are the privilege letters of PostgreSQL's aclitem
	// ("r" SELECT, "a" INSERT, "w" UPDATE, "d" DELETE, "D" TRUNCATE,
	// "x" REFERENCES, "t" TRIGGER).
	Privileges string
	// Relations are the tables, views and sequences named.
	Relations []types.Oid
	// Grantees are role names, "" for PUBLIC.
	Grantees []string
}

func (*GrantStmt) stmt() {}
