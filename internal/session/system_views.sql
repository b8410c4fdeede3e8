-- system_views.sql defines the system views of a new data directory, in
-- pg_catalog, as PostgreSQL's initdb does (PG: catalog/system_views.sql).

CREATE VIEW pg_catalog.pg_roles AS
    SELECT
        rolname,
        rolsuper,
        rolinherit,
        rolcreaterole,
        rolcreatedb,
        rolcanlogin,
        rolreplication,
        rolconnlimit,
        '********'::text as rolpassword,
        rolvaliduntil,
        rolbypassrls,
        s.setconfig AS rolconfig,
        pg_authid.oid
    FROM pg_catalog.pg_authid LEFT JOIN pg_catalog.pg_db_role_setting s
    ON (pg_authid.oid = setrole AND setdatabase = 0);

CREATE VIEW pg_catalog.pg_user AS
    SELECT
        rolname AS usename,
        pg_authid.oid AS usesysid,
        rolcreatedb AS usecreatedb,
        rolsuper AS usesuper,
        rolreplication AS userepl,
        rolbypassrls AS usebypassrls,
        '********'::text as passwd,
        rolvaliduntil AS valuntil,
        s.setconfig AS useconfig
    FROM pg_catalog.pg_authid LEFT JOIN pg_catalog.pg_db_role_setting s
    ON (pg_authid.oid = setrole AND setdatabase = 0)
    WHERE rolcanlogin;

CREATE VIEW pg_catalog.pg_tables AS
    SELECT
        N.nspname AS schemaname,
        C.relname AS tablename,
        pg_catalog.pg_get_userbyid(C.relowner) AS tableowner,
        T.spcname AS tablespace,
        C.relhasindex AS hasindexes,
        C.relhasrules AS hasrules,
        C.relhastriggers AS hastriggers,
        C.relrowsecurity AS rowsecurity
    FROM pg_catalog.pg_class C LEFT JOIN pg_catalog.pg_namespace N ON (N.oid = C.relnamespace)
         LEFT JOIN pg_catalog.pg_tablespace T ON (T.oid = C.reltablespace)
    WHERE C.relkind IN ('r', 'p');

CREATE VIEW pg_catalog.pg_indexes AS
    SELECT
        N.nspname AS schemaname,
        C.relname AS tablename,
        I.relname AS indexname,
        T.spcname AS tablespace,
        pg_catalog.pg_get_indexdef(I.oid) AS indexdef
    FROM pg_catalog.pg_index X JOIN pg_catalog.pg_class C ON (C.oid = X.indrelid)
         JOIN pg_catalog.pg_class I ON (I.oid = X.indexrelid)
         LEFT JOIN pg_catalog.pg_namespace N ON (N.oid = C.relnamespace)
         LEFT JOIN pg_catalog.pg_tablespace T ON (T.oid = I.reltablespace)
    WHERE C.relkind IN ('r', 'm', 'p') AND I.relkind IN ('i', 'I');

-- The information schema (PG: catalog/information_schema.sql). Its domains
-- (sql_identifier, cardinal_number, character_data, yes_or_no) are
-- written as the types they are domains over.

CREATE VIEW information_schema.schemata AS
    SELECT CAST(current_database() AS name) AS catalog_name,
           CAST(n.nspname AS name) AS schema_name,
           CAST(u.rolname AS name) AS schema_owner,
           CAST(null AS name) AS default_character_set_catalog,
           CAST(null AS name) AS default_character_set_schema,
           CAST(null AS name) AS default_character_set_name,
           CAST(null AS varchar) AS sql_path
    FROM pg_catalog.pg_namespace n, pg_catalog.pg_authid u
    WHERE n.nspowner = u.oid;

CREATE VIEW information_schema.tables AS
    SELECT CAST(current_database() AS name) AS table_catalog,
           CAST(nc.nspname AS name) AS table_schema,
           CAST(c.relname AS name) AS table_name,
           CAST(
             CASE WHEN c.relkind IN ('r', 'p') THEN 'BASE TABLE'
                  WHEN c.relkind = 'v' THEN 'VIEW'
                  WHEN c.relkind = 'f' THEN 'FOREIGN'
                  ELSE null END
             AS varchar) AS table_type,
           CAST(null AS name) AS self_referencing_column_name,
           CAST(null AS varchar) AS reference_generation,
           CAST(null AS name) AS user_defined_type_catalog,
           CAST(null AS name) AS user_defined_type_schema,
           CAST(null AS name) AS user_defined_type_name,
           CAST(CASE WHEN c.relkind IN ('r', 'p') OR
                          (c.relkind IN ('v', 'f') AND
                           pg_catalog.pg_relation_is_updatable(c.oid, false) & 8 = 8)
                THEN 'YES' ELSE 'NO' END AS varchar(3)) AS is_insertable_into,
           CAST('NO' AS varchar(3)) AS is_typed,
           CAST(null AS varchar) AS commit_action
    FROM pg_catalog.pg_namespace nc JOIN pg_catalog.pg_class c ON (nc.oid = c.relnamespace)
    WHERE c.relkind IN ('r', 'v', 'f', 'p');

CREATE VIEW information_schema.columns AS
    SELECT CAST(current_database() AS name) AS table_catalog,
           CAST(nc.nspname AS name) AS table_schema,
           CAST(c.relname AS name) AS table_name,
           CAST(a.attname AS name) AS column_name,
           CAST(a.attnum AS int) AS ordinal_position,
           CAST(CASE WHEN a.attgenerated = '' THEN pg_catalog.pg_get_expr(ad.adbin, ad.adrelid) END AS varchar) AS column_default,
           CAST(CASE WHEN a.attnotnull THEN 'NO' ELSE 'YES' END AS varchar(3)) AS is_nullable,
           CAST(
             CASE WHEN t.typelem <> 0 AND t.typlen = -1 THEN 'ARRAY'
                  WHEN nt.nspname = 'pg_catalog' THEN pg_catalog.format_type(a.atttypid, null)
                  ELSE 'USER-DEFINED' END
             AS varchar) AS data_type,
           CAST(
             CASE WHEN a.atttypid IN (1042, 1043) THEN CASE WHEN a.atttypmod = -1 THEN null ELSE a.atttypmod - 4 END
                  WHEN a.atttypid IN (1560, 1562) THEN CASE WHEN a.atttypmod = -1 THEN null ELSE a.atttypmod END
                  ELSE null END
             AS int) AS character_maximum_length,
           CAST(
             CASE WHEN a.atttypid IN (25, 1042, 1043) THEN
                       CASE WHEN a.atttypmod = -1 THEN 1073741824 ELSE (a.atttypmod - 4) * 4 END
                  ELSE null END
             AS int) AS character_octet_length,
           CAST(
             CASE a.atttypid
                  WHEN 21 THEN 16
                  WHEN 23 THEN 32
                  WHEN 20 THEN 64
                  WHEN 1700 THEN CASE WHEN a.atttypmod = -1 THEN null ELSE ((a.atttypmod - 4) >> 16) & 65535 END
                  WHEN 700 THEN 24
                  WHEN 701 THEN 53
                  ELSE null END
             AS int) AS numeric_precision,
           CAST(
             CASE WHEN a.atttypid IN (21, 23, 20, 700, 701) THEN 2
                  WHEN a.atttypid IN (1700) THEN 10
                  ELSE null END
             AS int) AS numeric_precision_radix,
           CAST(
             CASE WHEN a.atttypid IN (21, 23, 20) THEN 0
                  WHEN a.atttypid IN (1700) THEN CASE WHEN a.atttypmod = -1 THEN null ELSE (a.atttypmod - 4) & 65535 END
                  ELSE null END
             AS int) AS numeric_scale,
           CAST(
             CASE WHEN a.atttypid IN (1082) THEN 0
                  WHEN a.atttypid IN (1083, 1114, 1184, 1266) THEN CASE WHEN a.atttypmod < 0 THEN 6 ELSE a.atttypmod END
                  WHEN a.atttypid IN (1186) THEN CASE WHEN a.atttypmod < 0 OR a.atttypmod & 65535 = 65535 THEN 6 ELSE a.atttypmod & 65535 END
                  ELSE null END
             AS int) AS datetime_precision,
           CAST(
             CASE WHEN a.atttypid = 1186 AND a.atttypmod >= 0 AND (a.atttypmod >> 16) & 32767 <> 32767 THEN
                       upper(substring(pg_catalog.format_type(a.atttypid, a.atttypmod) from 'interval(?:\([0-9]+\))? (.*)'))
                  ELSE null END
             AS varchar) AS interval_type,
           CAST(null AS int) AS interval_precision,
           CAST(null AS name) AS character_set_catalog,
           CAST(null AS name) AS character_set_schema,
           CAST(null AS name) AS character_set_name,
           CAST(CASE WHEN co.collname IS NOT NULL THEN current_database() END AS name) AS collation_catalog,
           CAST(CASE WHEN co.collname IS NOT NULL THEN 'pg_catalog' END AS name) AS collation_schema,
           CAST(co.collname AS name) AS collation_name,
           CAST(null AS name) AS domain_catalog,
           CAST(null AS name) AS domain_schema,
           CAST(null AS name) AS domain_name,
           CAST(current_database() AS name) AS udt_catalog,
           CAST(nt.nspname AS name) AS udt_schema,
           CAST(t.typname AS name) AS udt_name,
           CAST(null AS name) AS scope_catalog,
           CAST(null AS name) AS scope_schema,
           CAST(null AS name) AS scope_name,
           CAST(null AS int) AS maximum_cardinality,
           CAST(a.attnum AS name) AS dtd_identifier,
           CAST('NO' AS varchar(3)) AS is_self_referencing,
           CAST(CASE WHEN a.attidentity IN ('a', 'd') THEN 'YES' ELSE 'NO' END AS varchar(3)) AS is_identity,
           CAST(CASE a.attidentity WHEN 'a' THEN 'ALWAYS' WHEN 'd' THEN 'BY DEFAULT' END AS varchar) AS identity_generation,
           CAST(CASE WHEN a.attidentity IN ('a', 'd') THEN
                  (SELECT s.seqstart FROM pg_catalog.pg_sequence s
                   WHERE s.seqrelid = pg_catalog.pg_get_serial_sequence(pg_catalog.quote_ident(nc.nspname) || '.' || pg_catalog.quote_ident(c.relname), a.attname)::regclass) END AS varchar) AS identity_start,
           CAST(CASE WHEN a.attidentity IN ('a', 'd') THEN
                  (SELECT s.seqincrement FROM pg_catalog.pg_sequence s
                   WHERE s.seqrelid = pg_catalog.pg_get_serial_sequence(pg_catalog.quote_ident(nc.nspname) || '.' || pg_catalog.quote_ident(c.relname), a.attname)::regclass) END AS varchar) AS identity_increment,
           CAST(CASE WHEN a.attidentity IN ('a', 'd') THEN
                  (SELECT s.seqmax FROM pg_catalog.pg_sequence s
                   WHERE s.seqrelid = pg_catalog.pg_get_serial_sequence(pg_catalog.quote_ident(nc.nspname) || '.' || pg_catalog.quote_ident(c.relname), a.attname)::regclass) END AS varchar) AS identity_maximum,
           CAST(CASE WHEN a.attidentity IN ('a', 'd') THEN
                  (SELECT s.seqmin FROM pg_catalog.pg_sequence s
                   WHERE s.seqrelid = pg_catalog.pg_get_serial_sequence(pg_catalog.quote_ident(nc.nspname) || '.' || pg_catalog.quote_ident(c.relname), a.attname)::regclass) END AS varchar) AS identity_minimum,
           CAST(CASE WHEN a.attidentity IN ('a', 'd') AND
                  (SELECT s.seqcycle FROM pg_catalog.pg_sequence s
                   WHERE s.seqrelid = pg_catalog.pg_get_serial_sequence(pg_catalog.quote_ident(nc.nspname) || '.' || pg_catalog.quote_ident(c.relname), a.attname)::regclass)
                THEN 'YES' ELSE 'NO' END AS varchar(3)) AS identity_cycle,
           CAST(CASE WHEN a.attgenerated <> '' THEN 'ALWAYS' ELSE 'NEVER' END AS varchar) AS is_generated,
           CAST(CASE WHEN a.attgenerated <> '' THEN pg_catalog.pg_get_expr(ad.adbin, ad.adrelid) END AS varchar) AS generation_expression,
           CAST(CASE WHEN c.relkind IN ('r', 'p') OR
                          (c.relkind IN ('v', 'f') AND
                           pg_catalog.pg_column_is_updatable(c.oid, a.attnum, false))
                THEN 'YES' ELSE 'NO' END AS varchar(3)) AS is_updatable
    FROM (pg_catalog.pg_attribute a LEFT JOIN pg_catalog.pg_attrdef ad ON attrelid = adrelid AND attnum = adnum)
         JOIN (pg_catalog.pg_class c JOIN pg_catalog.pg_namespace nc ON (c.relnamespace = nc.oid)) ON a.attrelid = c.oid
         JOIN (pg_catalog.pg_type t JOIN pg_catalog.pg_namespace nt ON (t.typnamespace = nt.oid)) ON a.atttypid = t.oid
         LEFT JOIN pg_catalog.pg_collation co ON a.attcollation = co.oid AND co.collname <> 'default'
    WHERE a.attnum > 0 AND NOT a.attisdropped
          AND c.relkind IN ('r', 'v', 'f', 'p');

CREATE VIEW pg_catalog.pg_settings AS
    SELECT * FROM pg_catalog.pg_show_all_settings() a;

-- client_addr is text: loomdb has no inet type.
CREATE VIEW pg_catalog.pg_stat_activity AS
    SELECT
            S.datid AS datid,
            D.datname AS datname,
            S.pid,
            S.leader_pid,
            U.oid AS usesysid,
            S.usename,
            S.application_name,
            S.client_addr,
            S.client_hostname,
            S.client_port,
            S.backend_start,
            S.xact_start,
            S.query_start,
            S.state_change,
            S.wait_event_type,
            S.wait_event,
            S.state,
            S.backend_xid,
            S.backend_xmin,
            S.query_id,
            S.query,
            S.backend_type
    FROM pg_catalog.pg_stat_get_activity(NULL) AS S
        LEFT JOIN pg_catalog.pg_database AS D ON (S.datid = D.oid)
        LEFT JOIN pg_catalog.pg_authid AS U ON (S.usename = U.rolname);

-- Every role may read the system views, as in PostgreSQL; what a view
-- reads, it reads with its owner's privileges.
GRANT SELECT ON pg_catalog.pg_roles, pg_catalog.pg_user, pg_catalog.pg_tables, pg_catalog.pg_indexes,
    pg_catalog.pg_settings, pg_catalog.pg_stat_activity,
    information_schema.schemata, information_schema.tables, information_schema.columns TO PUBLIC;
