-- A resident's keys in the municipal systems, from the resident registry import.
CREATE TABLE resident_municipal_key (
    resident_id varchar(32) NOT NULL,
    system_name varchar(32) NOT NULL,
    municipal_key varchar(64) NOT NULL,
    PRIMARY KEY (resident_id, system_name)
);
