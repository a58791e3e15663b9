-- Runs before every Flyway migrate on PostgreSQL only (the distributed profile adds this folder).
-- The migrations in db/migration were written for H2 and use CLOB and BLOB, which PostgreSQL does
-- not have. These two domains make them text and bytea, so one set of migrations, with unchanged
-- checksums, serves both databases (ADR 0050).
DO $$
BEGIN
    IF NOT EXISTS (SELECT 1 FROM pg_type t JOIN pg_namespace n ON n.oid = t.typnamespace
                   WHERE t.typname = 'clob' AND n.nspname = current_schema()) THEN
        CREATE DOMAIN clob AS text;
    END IF;
    IF NOT EXISTS (SELECT 1 FROM pg_type t JOIN pg_namespace n ON n.oid = t.typnamespace
                   WHERE t.typname = 'blob' AND n.nspname = current_schema()) THEN
        CREATE DOMAIN blob AS bytea;
    END IF;
END
$$;
