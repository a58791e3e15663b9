-- One row that every chain append locks (SELECT ... FOR UPDATE) before it reads the head: several
-- audit-service instances on one database (the distributed profile, ADR 0050) then append one
-- after another instead of racing for the same seq. Plain SQL for H2 and PostgreSQL.
CREATE TABLE audit_chain_lock (
    id INTEGER NOT NULL,
    CONSTRAINT pk_audit_chain_lock PRIMARY KEY (id)
);
INSERT INTO audit_chain_lock (id) VALUES (1);
