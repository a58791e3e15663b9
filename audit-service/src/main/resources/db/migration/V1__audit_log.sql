-- Access decisions recorded by the gateway, one row per record id (duplicates are ignored).
CREATE TABLE access_record (
    record_id      VARCHAR(36)              NOT NULL,
    occurred_at    TIMESTAMP WITH TIME ZONE NOT NULL,
    correlation_id VARCHAR(64),
    resident_id    VARCHAR(64)              NOT NULL,
    app_id         VARCHAR(128)             NOT NULL,
    subject        VARCHAR(256),
    category       VARCHAR(256)             NOT NULL,
    purpose        VARCHAR(128),
    decision       VARCHAR(16)              NOT NULL,
    reason         VARCHAR(128)             NOT NULL,
    consent_id     VARCHAR(64),
    channel        VARCHAR(32)              NOT NULL,
    CONSTRAINT pk_access_record PRIMARY KEY (record_id)
);
CREATE INDEX ix_access_record_resident ON access_record (resident_id, occurred_at DESC);

-- Consent lifecycle events published by consent-service, one row per event id.
CREATE TABLE consent_event (
    event_id    VARCHAR(36)              NOT NULL,
    event_type  VARCHAR(32)              NOT NULL,
    occurred_at TIMESTAMP WITH TIME ZONE NOT NULL,
    consent_id  VARCHAR(64)              NOT NULL,
    version     INTEGER                  NOT NULL,
    resident_id VARCHAR(64)              NOT NULL,
    app_id      VARCHAR(128)             NOT NULL,
    category    VARCHAR(256)             NOT NULL,
    purpose     VARCHAR(128)             NOT NULL,
    status      VARCHAR(16)              NOT NULL,
    valid_from  TIMESTAMP WITH TIME ZONE NOT NULL,
    valid_until TIMESTAMP WITH TIME ZONE,
    CONSTRAINT pk_consent_event PRIMARY KEY (event_id)
);
CREATE INDEX ix_consent_event_resident ON consent_event (resident_id, occurred_at DESC);
