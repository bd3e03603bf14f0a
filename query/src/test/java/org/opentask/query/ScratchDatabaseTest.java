package org.opentask.query;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The replay's file-backed scratch database: a throwaway store, set up for writing, deleted when closed. */
class ScratchDatabaseTest {

    @TempDir
    Path parent;

    @Test
    void a_replays_scratch_files_are_never_compacted_and_are_deleted_when_closed() throws Exception {
        Path directory;
        try (ScratchDatabase scratch = ScratchDatabase.onDisk("replay", parent, 4)) {
            try (Connection connection = scratch.connect(); Statement statement = connection.createStatement();
                 ResultSet setting = statement.executeQuery("SELECT SETTING_VALUE FROM INFORMATION_SCHEMA.SETTINGS"
                         + " WHERE SETTING_NAME = 'AUTO_COMPACT_FILL_RATE'")) {
                assertThat(setting.next()).isTrue();
                // H2's default is 90: its background writer would read chunks back and write their rows again
                assertThat(setting.getString(1)).isEqualTo("0");
            }
            try (Stream<Path> made = Files.list(parent)) {
                directory = made.findFirst().orElseThrow();
            }
            assertThat(directory.resolve("replay.mv.db")).exists();
        }
        assertThat(directory).doesNotExist();
    }
}
