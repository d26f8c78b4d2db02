package org.reaplab.storage;

import org.junit.jupiter.api.condition.EnabledIfEnvironmentVariable;

import javax.sql.DataSource;
import java.util.UUID;

/**
 * The storage contract on a real PostgreSQL server: runs when REAPLAB_TEST_POSTGRES_URL (and _USER,
 * _PASSWORD) name one, as {@code .ci/postgres.sh} sets up. Each test gets its own schema.
 */
@EnabledIfEnvironmentVariable(named = "REAPLAB_TEST_POSTGRES_URL", matches = ".+")
class PostgresStorageTest extends StorageContract {
    private String schema;

    static String url() {
        return System.getenv("REAPLAB_TEST_POSTGRES_URL");
    }

    static String user() {
        return System.getenv().getOrDefault("REAPLAB_TEST_POSTGRES_USER", "reaplab");
    }

    static String password() {
        return System.getenv().getOrDefault("REAPLAB_TEST_POSTGRES_PASSWORD", "");
    }

    @Override
    DataSource freshDatabase() {
        schema = "t_" + UUID.randomUUID().toString().replace("-", "").substring(0, 16);
        DataSource admin = dataSource(url(), user(), password());
        org.springframework.jdbc.core.simple.JdbcClient.create(admin).sql("CREATE SCHEMA " + schema).update();
        return dataSource(url() + (url().contains("?") ? "&" : "?") + "currentSchema=" + schema, user(), password());
    }

    @Override
    void dropDatabase() {
        org.springframework.jdbc.core.simple.JdbcClient.create(dataSource(url(), user(), password()))
                .sql("DROP SCHEMA " + schema + " CASCADE").update();
    }
}
