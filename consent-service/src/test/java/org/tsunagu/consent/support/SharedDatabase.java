package org.tsunagu.consent.support;

import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

import javax.sql.DataSource;

import org.flywaydb.core.Flyway;
import org.springframework.jdbc.core.simple.JdbcClient;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;

/**
 * One database that several consent-service instances share (the distributed profile, ADR 0050), each
 * through its own connection pool, migrated by Flyway: by default a fresh H2 in memory. With
 * {@code -Dtsunagu.test.shared-db-url=jdbc:postgresql://…?user=…} the tests run on that database
 * instead (one of its own: the migrations are this service's); tests empty the tables they use.
 * The same helper as the gateway's {@code SharedDatabase}.
 */
public final class SharedDatabase implements AutoCloseable {

    private final String url;
    private final boolean external;
    private final List<HikariDataSource> pools = new ArrayList<>();

    public SharedDatabase() {
        String given = System.getProperty("tsunagu.test.shared-db-url", "");
        external = !given.isBlank();
        url = external ? given : "jdbc:h2:mem:shared-" + UUID.randomUUID() + ";DB_CLOSE_DELAY=-1";
        Flyway.configure().dataSource(instance())
                .locations(external ? new String[] {"classpath:db/migration", "classpath:db/postgresql"}
                        : new String[] {"classpath:db/migration"})
                .load().migrate();
    }

    /** The connections of one more instance. */
    public DataSource instance() {
        HikariConfig config = new HikariConfig();
        config.setJdbcUrl(url);
        config.setMaximumPoolSize(6);
        config.setPoolName("instance-" + pools.size());
        HikariDataSource pool = new HikariDataSource(config);
        pools.add(pool);
        return pool;
    }

    /** Statements on the connections of the instance that migrated the database. */
    public JdbcClient jdbc() {
        return JdbcClient.create(pools.get(0));
    }

    public boolean isPostgresql() {
        return url.startsWith("jdbc:postgresql:");
    }

    @Override
    public void close() {
        if (!external && !pools.isEmpty()) {
            JdbcClient.create(pools.get(0)).sql("shutdown").update();
        }
        pools.forEach(HikariDataSource::close);
    }
}
