-- Municipal staff who operate the hub (seeds/operators.csv). Separate from residents: an
-- operator never gets a resident token and a resident never gets the operator role.
CREATE TABLE operator (
    operator_id varchar(32) NOT NULL,
    login_id varchar(64) NOT NULL,
    password_hash varchar(200) NOT NULL,
    name varchar(200) NOT NULL,
    municipality varchar(64) NOT NULL,
    PRIMARY KEY (operator_id),
    CONSTRAINT uq_operator_login_id UNIQUE (login_id)
);

-- Refresh tokens that were already exchanged (SHA-256 of the value, never the value itself),
-- and the authorization (token family) they belonged to. One coming back means theft:
-- the whole family is revoked (ADR 0020).
CREATE TABLE used_refresh_token (
    token_hash varchar(64) NOT NULL,
    authorization_id varchar(100) NOT NULL,
    used_at timestamp DEFAULT CURRENT_TIMESTAMP NOT NULL,
    PRIMARY KEY (token_hash)
);
CREATE INDEX ix_used_refresh_token_authorization ON used_refresh_token (authorization_id);

-- Key rotation (ADR 0021): a key stops signing when rotated_at is set and leaves JWKS at retire_after.
ALTER TABLE signing_key ADD COLUMN rotated_at timestamp DEFAULT NULL;
ALTER TABLE signing_key ADD COLUMN retire_after timestamp DEFAULT NULL;
