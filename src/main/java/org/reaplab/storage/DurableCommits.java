package org.reaplab.storage;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;

import javax.sql.DataSource;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.Locale;

/**
 * A 201 means the scenario is stored: once the INSERT's commit returns, the row survives the process
 * being killed. Set here, whatever the database URL says:
 * <ul>
 * <li>H2 delays writing committed changes to its file by 500 ms by default (WRITE_DELAY); with 0 every
 * commit writes the store to the file before it returns, so a SIGKILL right after loses nothing (a power
 * cut may still lose what the OS had not flushed: use PostgreSQL for that);</li>
 * <li>PostgreSQL is asked for {@code synchronous_commit = on} on every connection
 * ({@code application-postgres.properties}) and checked here: a commit returns once its WAL is on disk.</li>
 * </ul>
 */
@Component
public class DurableCommits {
    private static final Logger log = LoggerFactory.getLogger(DurableCommits.class);

    private final String database;

    public DurableCommits(DataSource dataSource) throws SQLException {
        JdbcClient jdbc = JdbcClient.create(dataSource);
        try (Connection c = dataSource.getConnection()) {
            database = c.getMetaData().getDatabaseProductName();
        }
        String db = database.toLowerCase(Locale.ROOT);
        if (db.contains("h2")) {
            jdbc.sql("SET WRITE_DELAY 0").update();
        } else if (db.contains("postgres")) {
            String sync = jdbc.sql("SHOW synchronous_commit").query(String.class).single();
            if ("off".equalsIgnoreCase(sync) || "local".equalsIgnoreCase(sync)) {
                log.warn("PostgreSQL synchronous_commit is '{}': a commit may return before its WAL is on disk", sync);
            }
        }
    }

    public String database() {
        return database;
    }
}
