// Package catalog keeps loomdb's system catalogs as ordinary heap tables
// (pg_class, pg_attribute, pg_type, pg_namespace, pg_proc, pg_database,
// pg_authid) with PostgreSQL's OIDs and column layouts, creates them when a
// data directory is initialised, and answers the lookups the analyzer,
// planner and executor make (PG: catalog/, utils/cache/relcache.c).
//
// Lookups read the catalogs through the caller's snapshot, so a transaction
// sees its own DDL and never another's uncommitted DDL.
package catalog

import (
	"github.com/loomdb/loomdb/internal/types"
)

// Well-known OIDs (PG: pg_*.dat).
const (
	PgCatalogNamespace types.Oid = 11
	PublicNamespace    types.Oid = 2200
	BootstrapSuperuser types.Oid = 10
	PostgresDatabase   types.Oid = 5
	Template1Database  types.Oid = 1
	HeapAM             types.Oid = 2

	PgTypeOid      types.Oid = 1247
	PgAttributeOid types.Oid = 1249
	PgProcOid      types.Oid = 1255
	PgClassOid     types.Oid = 1259
	PgAuthidOid    types.Oid = 1260
	PgDatabaseOid  types.Oid = 1262
	PgNamespaceOid types.Oid = 2615
	PgIndexOid     types.Oid = 2610
	PgRewriteOid   types.Oid = 2618
	PgAttrdefOid   types.Oid = 2604
	BtreeAM        types.Oid = 403

	PgAmOid                    types.Oid = 2601
	PgAuthMembersOid           types.Oid = 1261
	PgCollationOid             types.Oid = 3456
	PgDbRoleSettingOid         types.Oid = 2964
	PgDescriptionOid           types.Oid = 2609
	PgExtensionOid             types.Oid = 3079
	PgInheritsOid              types.Oid = 2611
	PgPolicyOid                types.Oid = 3256
	PgPublicationOid           types.Oid = 6104
	PgPublicationNamespace     types.Oid = 6237
	PgPublicationRelOid        types.Oid = 6106
	PgShdescriptionOid         types.Oid = 2396
	PgStatisticExtOid          types.Oid = 3381
	PgTablespaceOid            types.Oid = 1213
	PgTriggerOid               types.Oid = 2620
	PgToastNamespace           types.Oid = 99
	InformationSchemaNamespace types.Oid = 13207
	Template0Database          types.Oid = 4
	PgDatabaseOwnerRole        types.Oid = 6171
	DefaultTablespace          types.Oid = 1663
	GlobalTablespace           types.Oid = 1664
	DefaultCollation           types.Oid = 100
	CCollation                 types.Oid = 950
	POSIXCollation             types.Oid = 951
	UCSBasicCollation          types.Oid = 12340
)

// sysColumn is one column of a system catalog.
type sysColumn struct {
	name string
	typ  types.Oid
}

// sysTable describes one system catalog.
type sysTable struct {
	oid     types.Oid
	name    string
	shared  bool
	rowType types.Oid
	cols    []sysColumn
}

// Catalog column types that loomdb does not model yet are stored as the
// nearest type it has: aclitem[] as text[] (the items in aclitem's text
// form), int2vector as int2[], and oidvector, pg_node_tree and xid as text.
var sysTables = []*sysTable{
	{oid: PgNamespaceOid, name: "pg_namespace", rowType: 11629, cols: []sysColumn{
		{"oid", types.OidOid}, {"nspname", types.NameOid}, {"nspowner", types.OidOid}, {"nspacl", types.TextArrayOid},
	}},
	{oid: PgClassOid, name: "pg_class", rowType: 83, cols: []sysColumn{
		{"oid", types.OidOid}, {"relname", types.NameOid}, {"relnamespace", types.OidOid}, {"reltype", types.OidOid},
		{"reloftype", types.OidOid}, {"relowner", types.OidOid}, {"relam", types.OidOid}, {"relfilenode", types.OidOid},
		{"reltablespace", types.OidOid}, {"relpages", types.Int4Oid}, {"reltuples", types.Float4Oid}, {"relallvisible", types.Int4Oid},
		{"reltoastrelid", types.OidOid}, {"relhasindex", types.BoolOid}, {"relisshared", types.BoolOid}, {"relpersistence", types.CharOid},
		{"relkind", types.CharOid}, {"relnatts", types.Int2Oid}, {"relchecks", types.Int2Oid}, {"relhasrules", types.BoolOid},
		{"relhastriggers", types.BoolOid}, {"relhassubclass", types.BoolOid}, {"relrowsecurity", types.BoolOid}, {"relforcerowsecurity", types.BoolOid},
		{"relispopulated", types.BoolOid}, {"relreplident", types.CharOid}, {"relispartition", types.BoolOid}, {"relrewrite", types.OidOid},
		{"relfrozenxid", types.TextOid}, {"relminmxid", types.TextOid}, {"relacl", types.TextArrayOid}, {"reloptions", types.TextArrayOid},
		{"relpartbound", types.TextOid},
	}},
	{oid: PgAttributeOid, name: "pg_attribute", rowType: 75, cols: []sysColumn{
		{"attrelid", types.OidOid}, {"attname", types.NameOid}, {"atttypid", types.OidOid}, {"attstattarget", types.Int4Oid},
		{"attlen", types.Int2Oid}, {"attnum", types.Int2Oid}, {"attndims", types.Int4Oid}, {"attcacheoff", types.Int4Oid},
		{"atttypmod", types.Int4Oid}, {"attbyval", types.BoolOid}, {"attalign", types.CharOid}, {"attstorage", types.CharOid},
		{"attcompression", types.CharOid}, {"attnotnull", types.BoolOid}, {"atthasdef", types.BoolOid}, {"atthasmissing", types.BoolOid},
		{"attidentity", types.CharOid}, {"attgenerated", types.CharOid}, {"attisdropped", types.BoolOid}, {"attislocal", types.BoolOid},
		{"attinhcount", types.Int4Oid}, {"attcollation", types.OidOid}, {"attacl", types.TextOid}, {"attoptions", types.TextOid},
		{"attfdwoptions", types.TextOid}, {"attmissingval", types.TextOid},
	}},
	{oid: PgTypeOid, name: "pg_type", rowType: 71, cols: []sysColumn{
		{"oid", types.OidOid}, {"typname", types.NameOid}, {"typnamespace", types.OidOid}, {"typowner", types.OidOid},
		{"typlen", types.Int2Oid}, {"typbyval", types.BoolOid}, {"typtype", types.CharOid}, {"typcategory", types.CharOid},
		{"typispreferred", types.BoolOid}, {"typisdefined", types.BoolOid}, {"typdelim", types.CharOid}, {"typrelid", types.OidOid},
		{"typsubscript", types.RegprocOid}, {"typelem", types.OidOid}, {"typarray", types.OidOid}, {"typinput", types.RegprocOid},
		{"typoutput", types.RegprocOid}, {"typreceive", types.RegprocOid}, {"typsend", types.RegprocOid}, {"typmodin", types.RegprocOid},
		{"typmodout", types.RegprocOid}, {"typanalyze", types.RegprocOid}, {"typalign", types.CharOid}, {"typstorage", types.CharOid},
		{"typnotnull", types.BoolOid}, {"typbasetype", types.OidOid}, {"typtypmod", types.Int4Oid}, {"typndims", types.Int4Oid},
		{"typcollation", types.OidOid}, {"typdefaultbin", types.TextOid}, {"typdefault", types.TextOid}, {"typacl", types.TextOid},
	}},
	{oid: PgProcOid, name: "pg_proc", rowType: 81, cols: []sysColumn{
		{"oid", types.OidOid}, {"proname", types.NameOid}, {"pronamespace", types.OidOid}, {"proowner", types.OidOid},
		{"prolang", types.OidOid}, {"procost", types.Float4Oid}, {"prorows", types.Float4Oid}, {"provariadic", types.OidOid},
		{"prosupport", types.RegprocOid}, {"prokind", types.CharOid}, {"prosecdef", types.BoolOid}, {"proleakproof", types.BoolOid},
		{"proisstrict", types.BoolOid}, {"proretset", types.BoolOid}, {"provolatile", types.CharOid}, {"proparallel", types.CharOid},
		{"pronargs", types.Int2Oid}, {"pronargdefaults", types.Int2Oid}, {"prorettype", types.OidOid}, {"proargtypes", types.TextOid},
		{"proallargtypes", types.TextOid}, {"proargmodes", types.TextOid}, {"proargnames", types.TextOid}, {"proargdefaults", types.TextOid},
		{"protrftypes", types.TextOid}, {"prosrc", types.TextOid}, {"probin", types.TextOid}, {"prosqlbody", types.TextOid},
		{"proconfig", types.TextOid}, {"proacl", types.TextOid},
	}},
	{oid: PgDatabaseOid, name: "pg_database", shared: true, rowType: 1248, cols: []sysColumn{
		{"oid", types.OidOid}, {"datname", types.NameOid}, {"datdba", types.OidOid}, {"encoding", types.Int4Oid},
		{"datlocprovider", types.CharOid}, {"datistemplate", types.BoolOid}, {"datallowconn", types.BoolOid}, {"datconnlimit", types.Int4Oid},
		{"datfrozenxid", types.TextOid}, {"datminmxid", types.TextOid}, {"dattablespace", types.OidOid}, {"datcollate", types.TextOid},
		{"datctype", types.TextOid}, {"daticulocale", types.TextOid}, {"datcollversion", types.TextOid}, {"datacl", types.TextArrayOid},
	}},
	{oid: PgAuthidOid, name: "pg_authid", shared: true, rowType: 2842, cols: []sysColumn{
		{"oid", types.OidOid}, {"rolname", types.NameOid}, {"rolsuper", types.BoolOid}, {"rolinherit", types.BoolOid},
		{"rolcreaterole", types.BoolOid}, {"rolcreatedb", types.BoolOid}, {"rolcanlogin", types.BoolOid}, {"rolreplication", types.BoolOid},
		{"rolbypassrls", types.BoolOid}, {"rolconnlimit", types.Int4Oid}, {"rolpassword", types.TextOid}, {"rolvaliduntil", types.TimestamptzOid},
	}},
	pgStatisticTable,
	pgSequenceTable,
	pgDependTable,
	pgConstraintTable,
	// ev_action holds a view's defining SELECT as SQL text, which is
	// analyzed afresh where the view is used (PostgreSQL keeps the
	// analyzed query tree).
	{oid: PgRewriteOid, name: "pg_rewrite", rowType: 10035, cols: []sysColumn{
		{"oid", types.OidOid}, {"rulename", types.NameOid}, {"ev_class", types.OidOid}, {"ev_type", types.CharOid},
		{"ev_enabled", types.CharOid}, {"is_instead", types.BoolOid}, {"ev_qual", types.TextOid}, {"ev_action", types.TextOid},
	}},
	// adbin holds a column default as SQL text, analyzed where it is used
	// (PostgreSQL keeps the analyzed expression tree).
	{oid: PgAttrdefOid, name: "pg_attrdef", rowType: 10001, cols: []sysColumn{
		{"oid", types.OidOid}, {"adrelid", types.OidOid}, {"adnum", types.Int2Oid}, {"adbin", types.TextOid},
	}},
	{oid: PgAmOid, name: "pg_am", rowType: 10015, cols: []sysColumn{
		{"oid", types.OidOid}, {"amname", types.NameOid}, {"amhandler", types.RegprocOid}, {"amtype", types.CharOid},
	}},
	{oid: PgAuthMembersOid, name: "pg_auth_members", shared: true, rowType: 2843, cols: []sysColumn{
		{"roleid", types.OidOid}, {"member", types.OidOid}, {"grantor", types.OidOid}, {"admin_option", types.BoolOid},
	}},
	{oid: PgCollationOid, name: "pg_collation", rowType: 10095, cols: []sysColumn{
		{"oid", types.OidOid}, {"collname", types.NameOid}, {"collnamespace", types.OidOid}, {"collowner", types.OidOid},
		{"collprovider", types.CharOid}, {"collisdeterministic", types.BoolOid}, {"collencoding", types.Int4Oid}, {"collcollate", types.TextOid},
		{"collctype", types.TextOid}, {"colliculocale", types.TextOid}, {"collversion", types.TextOid},
	}},
	{oid: PgDbRoleSettingOid, name: "pg_db_role_setting", shared: true, rowType: 10054, cols: []sysColumn{
		{"setdatabase", types.OidOid}, {"setrole", types.OidOid}, {"setconfig", types.TextArrayOid},
	}},
	{oid: PgDescriptionOid, name: "pg_description", rowType: 10041, cols: []sysColumn{
		{"objoid", types.OidOid}, {"classoid", types.OidOid}, {"objsubid", types.Int4Oid}, {"description", types.TextOid},
	}},
	{oid: PgShdescriptionOid, name: "pg_shdescription", shared: true, rowType: 10062, cols: []sysColumn{
		{"objoid", types.OidOid}, {"classoid", types.OidOid}, {"description", types.TextOid},
	}},
	{oid: PgExtensionOid, name: "pg_extension", rowType: 10074, cols: []sysColumn{
		{"oid", types.OidOid}, {"extname", types.NameOid}, {"extowner", types.OidOid}, {"extnamespace", types.OidOid},
		{"extrelocatable", types.BoolOid}, {"extversion", types.TextOid}, {"extconfig", types.OidArrayOid}, {"extcondition", types.TextArrayOid},
	}},
	{oid: PgInheritsOid, name: "pg_inherits", rowType: 10005, cols: []sysColumn{
		{"inhrelid", types.OidOid}, {"inhparent", types.OidOid}, {"inhseqno", types.Int4Oid}, {"inhdetachpending", types.BoolOid},
	}},
	{oid: PgPolicyOid, name: "pg_policy", rowType: 10084, cols: []sysColumn{
		{"oid", types.OidOid}, {"polname", types.NameOid}, {"polrelid", types.OidOid}, {"polcmd", types.CharOid},
		{"polpermissive", types.BoolOid}, {"polroles", types.OidArrayOid}, {"polqual", types.TextOid}, {"polwithcheck", types.TextOid},
	}},
	{oid: PgPublicationOid, name: "pg_publication", rowType: 10107, cols: []sysColumn{
		{"oid", types.OidOid}, {"pubname", types.NameOid}, {"pubowner", types.OidOid}, {"puballtables", types.BoolOid},
		{"pubinsert", types.BoolOid}, {"pubupdate", types.BoolOid}, {"pubdelete", types.BoolOid}, {"pubtruncate", types.BoolOid},
		{"pubviaroot", types.BoolOid},
	}},
	{oid: PgPublicationNamespace, name: "pg_publication_namespace", rowType: 10109, cols: []sysColumn{
		{"oid", types.OidOid}, {"pnpubid", types.OidOid}, {"pnnspid", types.OidOid},
	}},
	{oid: PgPublicationRelOid, name: "pg_publication_rel", rowType: 10111, cols: []sysColumn{
		{"oid", types.OidOid}, {"prpubid", types.OidOid}, {"prrelid", types.OidOid}, {"prqual", types.TextOid},
		{"prattrs", types.Int2ArrayOid},
	}},
	{oid: PgStatisticExtOid, name: "pg_statistic_ext", rowType: 10031, cols: []sysColumn{
		{"oid", types.OidOid}, {"stxrelid", types.OidOid}, {"stxname", types.NameOid}, {"stxnamespace", types.OidOid},
		{"stxowner", types.OidOid}, {"stxstattarget", types.Int4Oid}, {"stxkeys", types.Int2ArrayOid}, {"stxkind", types.CharArrayOid},
		{"stxexprs", types.TextOid},
	}},
	// Foreign keys are checked without triggers, so pg_trigger stays
	// empty: CREATE TRIGGER is not supported.
	{oid: PgTriggerOid, name: "pg_trigger", rowType: 10037, cols: []sysColumn{
		{"oid", types.OidOid}, {"tgrelid", types.OidOid}, {"tgparentid", types.OidOid}, {"tgname", types.NameOid},
		{"tgfoid", types.OidOid}, {"tgtype", types.Int2Oid}, {"tgenabled", types.CharOid}, {"tgisinternal", types.BoolOid},
		{"tgconstrrelid", types.OidOid}, {"tgconstrindid", types.OidOid}, {"tgconstraint", types.OidOid}, {"tgdeferrable", types.BoolOid},
		{"tginitdeferred", types.BoolOid}, {"tgnargs", types.Int2Oid}, {"tgattr", types.Int2ArrayOid}, {"tgargs", types.ByteaOid},
		{"tgqual", types.TextOid}, {"tgoldtable", types.NameOid}, {"tgnewtable", types.NameOid},
	}},
	{oid: PgTablespaceOid, name: "pg_tablespace", shared: true, rowType: 10056, cols: []sysColumn{
		{"oid", types.OidOid}, {"spcname", types.NameOid}, {"spcowner", types.OidOid}, {"spcacl", types.TextArrayOid},
		{"spcoptions", types.TextArrayOid},
	}},
	{oid: PgIndexOid, name: "pg_index", rowType: 10007, cols: []sysColumn{
		{"indexrelid", types.OidOid}, {"indrelid", types.OidOid}, {"indnatts", types.Int2Oid}, {"indnkeyatts", types.Int2Oid},
		{"indisunique", types.BoolOid}, {"indnullsnotdistinct", types.BoolOid}, {"indisprimary", types.BoolOid}, {"indisexclusion", types.BoolOid},
		{"indimmediate", types.BoolOid}, {"indisclustered", types.BoolOid}, {"indisvalid", types.BoolOid}, {"indcheckxmin", types.BoolOid},
		{"indisready", types.BoolOid}, {"indislive", types.BoolOid}, {"indisreplident", types.BoolOid}, {"indkey", types.Int2VectorOid},
		{"indcollation", types.TextOid}, {"indclass", types.TextOid}, {"indoption", types.Int2VectorOid}, {"indexprs", types.TextOid},
		{"indpred", types.TextOid},
	}},
}

// predefinedRoles are PostgreSQL 15's predefined roles (PG:
// pg_authid.dat), which cannot log in.
var predefinedRoles = []struct {
	oid  types.Oid
	name string
}{
	{3373, "pg_monitor"}, {3374, "pg_read_all_settings"}, {3375, "pg_read_all_stats"}, {3377, "pg_stat_scan_tables"},
	{4200, "pg_signal_backend"}, {4544, "pg_checkpoint"}, {4569, "pg_read_server_files"}, {4570, "pg_write_server_files"},
	{4571, "pg_execute_server_program"}, {PgDatabaseOwnerRole, "pg_database_owner"}, {6181, "pg_read_all_data"}, {6182, "pg_write_all_data"},
}

func sysTableByOid(oid types.Oid) *sysTable {
	for _, t := range sysTables {
		if t.oid == oid {
			return t
		}
	}
	return nil
}

// column index helpers for the catalogs read back at lookup time.
const (
	classOid = iota
	classRelname
	classRelnamespace
	classReltype
	classReloftype
	classRelowner
	classRelam
	classRelfilenode
	classReltablespace
	classRelpages
	classReltuples
	classRelallvisible
	classReltoastrelid
	classRelhasindex
	classRelisshared
	classRelpersistence
	classRelkind
	classRelnatts
	classRelacl     = 30
	classReloptions = 31
)

const (
	attAttrelid = iota
	attAttname
	attAtttypid
	attAttstattarget
	attAttlen
	attAttnum
	attAttndims
	attAttcacheoff
	attAtttypmod
	attAttbyval
	attAttalign
	attAttstorage
	attAttcompression
	attAttnotnull
	attAtthasdef
	attAtthasmissing
	attAttidentity
	attAttgenerated
	attAttisdropped
	attAttislocal
	attAttinhcount
	attAttcollation
)

// pg_attrdef columns read back at lookup time.
const (
	attrdefAdrelid = 1
	attrdefAdnum   = 2
	attrdefAdbin   = 3
)

// pg_rewrite columns read back at lookup time.
const (
	rewriteEvClass  = 2
	rewriteEvAction = 7
)
