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
 * One database that several gateway instances share, each through its own connection pool: by
 * default a fresh H2 in memory migrated by Flyway. With {@code -Dtsunagu.test.shared-db-url=...}
 * (and the driver on the test class path, e.g. {@code -Dmaven.test.additionalClasspath=...}) the
 * tests run on that database instead, e.g. a PostgreSQL with V1 and V2 applied by hand (this
 * build has no Flyway PostgreSQL support); its webhook tables are emptied first.
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
        if (external) {
            JdbcClient jdbc = JdbcClient.create(first);
            jdbc.sql("delete from webhook_delivery").update();
            jdbc.sql("delete from known_subject").update();
        } else {
            Flyway.configure().dataSource(first).locations("classpath:db/migration").load().migrate();
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
