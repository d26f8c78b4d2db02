package org.reaplab.storage;

import org.junit.jupiter.api.io.TempDir;

import javax.sql.DataSource;
import java.nio.file.Path;

/** The storage contract on an H2 file database, as the app uses by default. */
class H2StorageTest extends StorageContract {
    @TempDir
    Path dir;

    @Override
    DataSource freshDatabase() {
        return dataSource("jdbc:h2:file:" + dir.resolve("reaplab").toAbsolutePath(), "sa", "");
    }
}
