package org.tsunagu.audit.checkpoint;

import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Optional;

import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;
import org.tsunagu.audit.chain.SignedCheckpoint;

/** The signed checkpoints, one per sequence number. */
@Repository
public class CheckpointStore {

    private final JdbcClient jdbc;

    CheckpointStore(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    public Optional<SignedCheckpoint> latest() {
        return jdbc.sql("SELECT seq, hash, created_at, jws FROM audit_checkpoint ORDER BY seq DESC LIMIT 1")
                .query(CheckpointStore::map).optional();
    }

    /** The newest checkpoint signed before {@code instant}: how far pruning may go. */
    public Optional<SignedCheckpoint> latestBefore(Instant instant) {
        return jdbc.sql("SELECT seq, hash, created_at, jws FROM audit_checkpoint WHERE created_at < ? "
                        + "ORDER BY seq DESC LIMIT 1")
                .param(instant.atOffset(ZoneOffset.UTC)).query(CheckpointStore::map).optional();
    }

    public List<SignedCheckpoint> all() {
        return jdbc.sql("SELECT seq, hash, created_at, jws FROM audit_checkpoint ORDER BY seq")
                .query(CheckpointStore::map).list();
    }

    void insert(SignedCheckpoint c) {
        jdbc.sql("INSERT INTO audit_checkpoint (seq, hash, created_at, jws) VALUES (?, ?, ?, ?)")
                .params(c.sequence(), c.hash(), c.createdAt().atOffset(ZoneOffset.UTC), c.jws()).update();
    }

    private static SignedCheckpoint map(java.sql.ResultSet rs, int row) throws java.sql.SQLException {
        return new SignedCheckpoint(rs.getLong("seq"), rs.getString("hash"),
                rs.getObject("created_at", OffsetDateTime.class).toInstant(), rs.getString("jws"));
    }
}
