-- Current state of every consent item (one row per item; version bumps on every change).
CREATE TABLE consent_item (
    consent_id   VARCHAR(64)  NOT NULL PRIMARY KEY,
    resident_id  VARCHAR(128) NOT NULL,
    app_id       VARCHAR(128) NOT NULL,
    category     VARCHAR(64)  NOT NULL,
    purpose      VARCHAR(64)  NOT NULL,
    status       VARCHAR(16)  NOT NULL,
    version      INT          NOT NULL,
    valid_from   TIMESTAMP WITH TIME ZONE NOT NULL,
    valid_until  TIMESTAMP WITH TIME ZONE NOT NULL,
    granted_at   TIMESTAMP WITH TIME ZONE NOT NULL,
    revoked_at   TIMESTAMP WITH TIME ZONE,
    updated_at   TIMESTAMP WITH TIME ZONE NOT NULL,
    -- set only while ACTIVE: at most one ACTIVE item per (resident, app, category, purpose)
    active_key   VARCHAR(400),
    CONSTRAINT uq_consent_item_active UNIQUE (active_key)
);
CREATE INDEX ix_consent_item_resident ON consent_item (resident_id, granted_at);
CREATE INDEX ix_consent_item_status_until ON consent_item (status, valid_until);

-- Immutable history: every change of an item writes one new row here, never updated.
CREATE TABLE consent_item_version (
    consent_id   VARCHAR(64)  NOT NULL,
    version      INT          NOT NULL,
    resident_id  VARCHAR(128) NOT NULL,
    app_id       VARCHAR(128) NOT NULL,
    category     VARCHAR(64)  NOT NULL,
    purpose      VARCHAR(64)  NOT NULL,
    status       VARCHAR(16)  NOT NULL,
    valid_from   TIMESTAMP WITH TIME ZONE NOT NULL,
    valid_until  TIMESTAMP WITH TIME ZONE NOT NULL,
    granted_at   TIMESTAMP WITH TIME ZONE NOT NULL,
    revoked_at   TIMESTAMP WITH TIME ZONE,
    changed_at   TIMESTAMP WITH TIME ZONE NOT NULL,
    change       VARCHAR(32)  NOT NULL,
    CONSTRAINT pk_consent_item_version PRIMARY KEY (consent_id, version)
);

-- Transactional outbox: written in the same transaction as the item change, relayed to Kafka.
CREATE TABLE consent_outbox (
    seq          BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    event_id     UUID         NOT NULL UNIQUE,
    resident_id  VARCHAR(128) NOT NULL,
    consent_id   VARCHAR(64)  NOT NULL,
    payload      CLOB         NOT NULL,
    created_at   TIMESTAMP WITH TIME ZONE NOT NULL,
    published_at TIMESTAMP WITH TIME ZONE
);
CREATE INDEX ix_consent_outbox_unpublished ON consent_outbox (published_at, seq);
