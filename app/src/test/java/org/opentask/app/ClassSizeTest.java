package org.opentask.app;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;

/**
 * No class of the production code of any module is longer than 400 lines: a class that grows past that does
 * several things, and is split into parts named for them (as the replay's phases are). Read from the sources of
 * every module beside this one.
 */
class ClassSizeTest {

    private static final int MAX_LINES = 400;

    @Test
    void no_class_is_longer_than_400_lines() throws IOException {
        Path root = Path.of("").toAbsolutePath().getParent();
        List<Path> sources;
        try (Stream<Path> modules = Files.list(root)) {
            sources = modules.map(module -> module.resolve("src/main/java")).filter(Files::isDirectory).toList();
        }
        assertThat(sources).as("the modules' sources under " + root)
                .contains(root.resolve("api/src/main/java"), root.resolve("command/src/main/java"),
                        root.resolve("query/src/main/java"), root.resolve("app/src/main/java"));
        Map<Path, Long> tooLong = new TreeMap<>();
        for (Path source : sources) {
            try (Stream<Path> files = Files.walk(source)) {
                files.filter(file -> file.toString().endsWith(".java")).forEach(file -> {
                    long lines = lines(file);
                    if (lines > MAX_LINES) {
                        tooLong.put(root.relativize(file), lines);
                    }
                });
            }
        }
        assertThat(tooLong).as("classes longer than " + MAX_LINES + " lines").isEmpty();
    }

    private static long lines(Path file) {
        try (Stream<String> lines = Files.lines(file)) {
            return lines.count();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
