-- Rows that are locked (SELECT ... FOR UPDATE) before a key or secret generated on first start is
-- checked for and stored, and before a rotation: several id-service instances starting together on
-- one empty database (the distributed profile, ADR 0050) then store one signing key and one
-- pairwise secret, and all use those, instead of each storing its own. Plain SQL for H2 and PostgreSQL.
CREATE TABLE signing_key_lock (
    id INT NOT NULL,
    CONSTRAINT pk_signing_key_lock PRIMARY KEY (id)
);
INSERT INTO signing_key_lock (id) VALUES (1);

CREATE TABLE hub_secret_lock (
    id INT NOT NULL,
    CONSTRAINT pk_hub_secret_lock PRIMARY KEY (id)
);
INSERT INTO hub_secret_lock (id) VALUES (1);
