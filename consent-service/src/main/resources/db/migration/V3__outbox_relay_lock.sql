-- One row that each relay batch locks (SELECT ... FOR UPDATE) while it reads, publishes and marks
-- its entries: several consent-service instances on one database (the distributed profile,
-- ADR 0050) then relay one batch after another, in sequence order. Without it, a lagging
-- instance could publish an older version of a consent after a newer one, and the compacted
-- topic would keep the older one. Plain SQL for H2 and PostgreSQL.
CREATE TABLE consent_outbox_lock (
    id INT NOT NULL PRIMARY KEY
);
INSERT INTO consent_outbox_lock (id) VALUES (1);
