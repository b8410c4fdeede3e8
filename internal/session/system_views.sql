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
