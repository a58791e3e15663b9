-- Which municipal key a regional resident id has in each municipal system.
CREATE TABLE resident_link (
    resident_id   VARCHAR(64)  NOT NULL,
    system        VARCHAR(32)  NOT NULL,
    municipal_key VARCHAR(128) NOT NULL,
    CONSTRAINT pk_resident_link PRIMARY KEY (resident_id, system)
);
