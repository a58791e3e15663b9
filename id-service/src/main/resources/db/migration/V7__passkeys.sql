-- Passkeys (ADR 0027a): Spring Security's WebAuthn tables (user-entities-schema.sql and
-- user-credentials-schema.sql from spring-security-web 7.1), unchanged except for comments;
-- H2 and PostgreSQL (use bytea for blob there, see user-credentials-schema-postgres.sql).
CREATE TABLE user_entities (
    id           varchar(1000) NOT NULL,
    name         varchar(100)  NOT NULL,
    display_name varchar(200),
    PRIMARY KEY (id)
);

CREATE TABLE user_credentials (
    credential_id                varchar(1000) NOT NULL,
    user_entity_user_id          varchar(1000) NOT NULL,
    public_key                   blob          NOT NULL,
    signature_count              bigint,
    uv_initialized               boolean,
    backup_eligible              boolean       NOT NULL,
    authenticator_transports     varchar(1000),
    public_key_credential_type   varchar(100),
    backup_state                 boolean       NOT NULL,
    attestation_object           blob,
    attestation_client_data_json blob,
    created                      timestamp,
    last_used                    timestamp,
    label                        varchar(1000) NOT NULL,
    PRIMARY KEY (credential_id)
);
