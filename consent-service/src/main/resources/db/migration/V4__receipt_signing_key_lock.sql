-- One row that is locked (SELECT ... FOR UPDATE) before the receipt-signing key is checked for and
-- stored: several consent-service instances starting together on one empty database (the
-- distributed profile, ADR 0050) then store one key and all sign with it, instead of each storing
-- and signing with its own. Plain SQL for H2 and PostgreSQL.
CREATE TABLE receipt_signing_key_lock (
    id INT NOT NULL PRIMARY KEY
);
INSERT INTO receipt_signing_key_lock (id) VALUES (1);
