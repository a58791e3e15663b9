-- One row that each relay batch locks (SELECT ... FOR UPDATE) while it reads, publishes and marks
-- its entries: several connectors instances on one database (the distributed profile, ADR 0050)
-- then relay one batch after another, and no event goes out twice. Plain SQL for H2 and PostgreSQL.
CREATE TABLE municipal_event_relay_lock (
    id INT NOT NULL,
    CONSTRAINT pk_municipal_event_relay_lock PRIMARY KEY (id)
);
INSERT INTO municipal_event_relay_lock (id) VALUES (1);
