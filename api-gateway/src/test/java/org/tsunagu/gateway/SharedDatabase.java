package org.tsunagu.gateway;

import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

import javax.sql.DataSource;

import org.flywaydb.core.Flyway;
import org.springframework.jdbc.core.simple.JdbcClient;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;

/**
 * One database that several gateway instances share, each through its own connection pool,
 * migrated by Flyway: by default a fresh H2 in memory. With
 * {@code -Dtsunagu.test.shared-db-url=jdbc:postgresql://…?user=…} the tests run on that database
 * instead (the PostgreSQL driver and Flyway's PostgreSQL support are on the test class path, ADR
 * 0050); its webhook tables are emptied first.
 */
public final class SharedDatabase implements AutoCloseable {

    private final String url;
    private final boolean external;
    private final List<HikariDataSource> pools = new ArrayList<>();

    public SharedDatabase() {
        String given = System.getProperty("tsunagu.test.shared-db-url", "");
        external = !given.isBlank();
        url = external ? given : "jdbc:h2:mem:shared-" + UUID.randomUUID() + ";DB_CLOSE_DELAY=-1";
        DataSource first = instance();
        Flyway.configure().dataSource(first).locations("classpath:db/migration").load().migrate();
        if (external) {
            JdbcClient jdbc = JdbcClient.create(first);
            jdbc.sql("delete from webhook_delivery").update();
            jdbc.sql("delete from known_subject").update();
        }
    }

    /** The connections of one more gateway instance. */
    public DataSource instance() {
        HikariConfig config = new HikariConfig();
        config.setJdbcUrl(url);
        config.setMaximumPoolSize(6);
        config.setPoolName("instance-" + pools.size());
        HikariDataSource pool = new HikariDataSource(config);
        pools.add(pool);
        return pool;
    }

    @Override
    public void close() {
        if (!external && !pools.isEmpty()) {
            JdbcClient.create(pools.get(0)).sql("shutdown").update();
        }
        pools.forEach(HikariDataSource::close);
    }
}
