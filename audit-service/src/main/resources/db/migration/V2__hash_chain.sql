-- The tamper-evident audit log: one hash-chained row per access record / consent event.
-- seq is assigned by the single writer without gaps; hash = SHA-256(canonical content + prev_hash).
CREATE TABLE audit_entry (
    seq            BIGINT                      NOT NULL,
    entry_id       VARCHAR(64)                 NOT NULL,
    kind           VARCHAR(16)                 NOT NULL,
    occurred_at    TIMESTAMP(6) WITH TIME ZONE NOT NULL,
    recorded_at    TIMESTAMP(6) WITH TIME ZONE NOT NULL,
    resident_id    VARCHAR(64)                 NOT NULL,
    app_id         VARCHAR(128)                NOT NULL,
    app_operator   VARCHAR(256),
    category       VARCHAR(256)                NOT NULL,
    purpose        VARCHAR(128),
    consent_id     VARCHAR(64),
    action         VARCHAR(64)                 NOT NULL,
    outcome        VARCHAR(32)                 NOT NULL,
    reason         VARCHAR(256)                NOT NULL,
    correlation_id VARCHAR(64),
    prev_hash      CHAR(64)                    NOT NULL,
    hash           CHAR(64)                    NOT NULL,
    CONSTRAINT pk_audit_entry PRIMARY KEY (seq),
    CONSTRAINT uq_audit_entry_id UNIQUE (entry_id)
);
CREATE INDEX ix_audit_entry_resident ON audit_entry (resident_id, occurred_at DESC);
CREATE INDEX ix_audit_entry_occurred ON audit_entry (occurred_at DESC);

-- Signed statements "entry seq has hash h"; the anchor of the chain after pruning.
CREATE TABLE audit_checkpoint (
    seq        BIGINT                      NOT NULL,
    hash       CHAR(64)                    NOT NULL,
    created_at TIMESTAMP(6) WITH TIME ZONE NOT NULL,
    jws        VARCHAR(4096)               NOT NULL,
    CONSTRAINT pk_audit_checkpoint PRIMARY KEY (seq)
);

-- audit-service's own checkpoint signing key (RSA, JWK JSON incl. private part), generated once.
CREATE TABLE audit_signing_key (
    kid        VARCHAR(64)                 NOT NULL,
    jwk        VARCHAR(8192)               NOT NULL,
    created_at TIMESTAMP(6) WITH TIME ZONE NOT NULL,
    CONSTRAINT pk_audit_signing_key PRIMARY KEY (kid)
);
