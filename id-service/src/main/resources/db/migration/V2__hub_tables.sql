CREATE TABLE resident (
    resident_id varchar(32) NOT NULL,
    login_id varchar(64) NOT NULL,
    password_hash varchar(200) NOT NULL,
    family_name varchar(100) NOT NULL,
    given_name varchar(100) NOT NULL,
    municipality varchar(64) NOT NULL,
    PRIMARY KEY (resident_id),
    CONSTRAINT uq_resident_login_id UNIQUE (login_id)
);

-- The public directory of registered apps (one row per third-party client).
CREATE TABLE app_directory (
    client_id varchar(100) NOT NULL,
    name varchar(200) NOT NULL,
    name_en varchar(200) DEFAULT NULL,
    operator varchar(200) NOT NULL,
    municipality varchar(64) DEFAULT NULL,
    categories varchar(1000) NOT NULL,   -- comma separated DataCategory values
    purposes varchar(1000) NOT NULL,     -- comma separated Purpose values
    PRIMARY KEY (client_id)
);

-- Which resident an app's pairwise sub stands for; written when the sub is first issued.
CREATE TABLE pairwise_subject (
    client_id varchar(100) NOT NULL,
    sub varchar(128) NOT NULL,
    resident_id varchar(32) NOT NULL,
    created_at timestamp DEFAULT CURRENT_TIMESTAMP NOT NULL,
    PRIMARY KEY (client_id, sub),
    CONSTRAINT uq_pairwise_client_resident UNIQUE (client_id, resident_id)
);

-- Token signing keys (JWK JSON including the private part). Generated once, never regenerated.
CREATE TABLE signing_key (
    kid varchar(64) NOT NULL,
    algorithm varchar(16) NOT NULL,
    jwk clob NOT NULL,
    created_at timestamp DEFAULT CURRENT_TIMESTAMP NOT NULL,
    PRIMARY KEY (kid)
);

-- Hub secrets generated on first start (e.g. the pairwise HMAC secret).
CREATE TABLE hub_secret (
    name varchar(64) NOT NULL,
    secret_value varchar(256) NOT NULL,
    created_at timestamp DEFAULT CURRENT_TIMESTAMP NOT NULL,
    PRIMARY KEY (name)
);
