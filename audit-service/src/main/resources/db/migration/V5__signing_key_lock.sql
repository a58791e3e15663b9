-- One row that is locked (SELECT ... FOR UPDATE) before the checkpoint signing key is checked for
-- and stored: several audit-service instances starting together on one empty database (the
-- distributed profile, ADR 0050) then store one key and all sign checkpoints with it, instead of
-- each storing and signing with its own. Plain SQL for H2 and PostgreSQL.
CREATE TABLE audit_signing_key_lock (
    id INTEGER NOT NULL,
    CONSTRAINT pk_audit_signing_key_lock PRIMARY KEY (id)
);
INSERT INTO audit_signing_key_lock (id) VALUES (1);
