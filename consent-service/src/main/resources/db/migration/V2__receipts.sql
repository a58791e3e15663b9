-- The receipt-signing key pair, generated once on first start (JWK JSON incl. the private part).
CREATE TABLE receipt_signing_key (
    kid          VARCHAR(64)  NOT NULL PRIMARY KEY,
    jwk          CLOB         NOT NULL,
    created_at   TIMESTAMP WITH TIME ZONE NOT NULL
);

-- One signed receipt per grant and per withdrawal, written in the same transaction as the change.
CREATE TABLE consent_receipt (
    receipt_id   VARCHAR(64)  NOT NULL PRIMARY KEY,
    resident_id  VARCHAR(128) NOT NULL,
    consent_id   VARCHAR(64)  NOT NULL,
    version      INT          NOT NULL,
    event        VARCHAR(16)  NOT NULL,
    jws          CLOB         NOT NULL,
    issued_at    TIMESTAMP WITH TIME ZONE NOT NULL,
    CONSTRAINT uq_consent_receipt_version UNIQUE (consent_id, version)
);
CREATE INDEX ix_consent_receipt_resident ON consent_receipt (resident_id, issued_at);

-- Last known name and operator of each app, so withdrawal receipts name the controller even
-- when the app directory cannot be asked at that moment.
CREATE TABLE app_controller (
    app_id       VARCHAR(128) NOT NULL PRIMARY KEY,
    name         VARCHAR(256) NOT NULL,
    operator     VARCHAR(256),
    updated_at   TIMESTAMP WITH TIME ZONE NOT NULL
);
