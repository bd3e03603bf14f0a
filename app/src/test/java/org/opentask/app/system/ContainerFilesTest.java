package org.opentask.app.system;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.junit.jupiter.api.Test;
import org.yaml.snakeyaml.Yaml;

/**
 * The Dockerfile and docker-compose.yml, read as text: no container engine runs on the build machines, so what the
 * files promise (docs/deployment.md) is checked line by line here.
 */
class ContainerFilesTest {

    private static final Path ROOT = root();

    /** The Dockerfile's instructions, continuation lines joined, comments dropped. */
    private static List<String> instructions() throws IOException {
        String text = Files.readString(ROOT.resolve("Dockerfile")).replaceAll("\\\\\\s*\\n\\s*", " ");
        return text.lines().map(String::strip).filter(line -> !line.isEmpty() && !line.startsWith("#")).toList();
    }

    /** The instructions of each stage, in order. */
    private static List<List<String>> stages() throws IOException {
        List<List<String>> stages = new ArrayList<>();
        for (String line : instructions()) {
            if (line.startsWith("FROM ")) {
                stages.add(new ArrayList<>());
            }
            assertThat(stages).as("the Dockerfile starts with FROM").isNotEmpty();
            stages.get(stages.size() - 1).add(line);
        }
        return stages;
    }

    @Test
    void the_image_is_built_in_a_stage_of_its_own_and_runs_on_a_jre() throws IOException {
        List<List<String>> stages = stages();

        assertThat(stages).hasSizeGreaterThanOrEqualTo(2);
        assertThat(stages.get(0).get(0)).matches("FROM \\S*jdk\\S* AS build");
        List<String> last = stages.get(stages.size() - 1);
        assertThat(last.get(0)).matches("FROM \\S*jre\\S*");
        assertThat(last).anyMatch(line -> line.matches("COPY --from=build .*opentask\\.jar.*"));
        assertThat(instructions()).noneMatch(line -> line.matches("COPY \\.\\s+\\.?.*"));
    }

    @Test
    void dependencies_are_downloaded_in_a_layer_that_only_the_poms_feed() throws IOException {
        List<String> build = stages().get(0);
        int resolve = indexOf(build, "RUN ./mvnw .*dependency:go-offline.*");
        int firstSource = indexOf(build, "COPY \\S*src\\b.*");
        int packaging = indexOf(build, "RUN ./mvnw .* package.*");

        assertThat(resolve).as("a dependency layer").isNotNegative();
        assertThat(firstSource).as("sources copied after it").isGreaterThan(resolve);
        assertThat(packaging).isGreaterThan(firstSource);
        for (String copy : build.subList(0, resolve)) {
            if (copy.startsWith("COPY ")) {
                assertThat(copy).as("before the dependency layer only the wrapper and poms")
                        .matches("COPY (mvnw|pom\\.xml|\\.mvn|\\S+/pom\\.xml|\\s)+\\S+");
            }
        }
    }

    @Test
    void only_the_service_is_built_without_tests() throws IOException {
        List<String> build = stages().get(0);
        String packaging = build.get(indexOf(build, "RUN ./mvnw .* package.*"));

        assertThat(packaging).contains("-pl app").contains("-am").contains("-Dmaven.test.skip=true");
        assertThat(build).noneMatch(line -> line.startsWith("COPY bench/src") || line.startsWith("COPY cli"));
        assertThat(Files.readAllLines(ROOT.resolve(".dockerignore"))).contains("**/target", ".git");
    }

    @Test
    void the_service_runs_as_a_user_other_than_root() throws IOException {
        List<String> last = stages().get(stages().size() - 1);
        List<String> users = last.stream().filter(line -> line.startsWith("USER ")).toList();

        assertThat(users).isNotEmpty();
        String user = users.get(users.size() - 1).substring(5).split(":")[0].strip();
        assertThat(user).isNotIn("root", "0");
        assertThat(indexOf(last, "USER .*")).isLessThan(indexOf(last, "ENTRYPOINT .*"));
    }

    @Test
    void the_heap_is_sized_from_the_container_limit_and_a_healthcheck_asks_health() throws IOException {
        List<String> last = stages().get(stages().size() - 1);

        assertThat(last).anyMatch(line -> line.matches("(ENV|ENTRYPOINT|CMD) .*-XX:MaxRAMPercentage=\\d+(\\.\\d+)?.*"));
        assertThat(last).noneMatch(line -> line.matches(".*-Xmx\\d+.*"));
        assertThat(last).anyMatch(line -> line.matches("HEALTHCHECK .*CMD .*127\\.0\\.0\\.1:8090/health.*"));
        // the probe's tool is in the image
        assertThat(last).anyMatch(line -> line.matches("RUN .*apt-get install .*curl.*"));
    }

    @Test
    void compose_checks_health_restarts_and_keeps_mysql_data_in_a_named_volume() throws IOException {
        Map<String, Object> compose = compose();
        Map<String, Object> services = map(compose.get("services"));
        Map<String, Object> service = map(services.get("opentask"));
        Map<String, Object> mysql = map(services.get("mysql"));

        assertThat(String.valueOf(map(service.get("healthcheck")).get("test"))).contains("/health");
        assertThat(service.get("restart")).isIn("always", "unless-stopped", "on-failure");
        assertThat(mysql.get("restart")).isIn("always", "unless-stopped", "on-failure");
        assertThat(mysql.get("healthcheck")).isNotNull();
        assertThat(map(map(service.get("depends_on")).get("mysql")).get("condition")).isEqualTo("service_healthy");

        List<?> volumes = (List<?>) mysql.get("volumes");
        String data = volumes.stream().map(String::valueOf).filter(v -> v.endsWith(":/var/lib/mysql")).findFirst()
                .orElseThrow();
        String volume = data.substring(0, data.indexOf(':'));
        assertThat(volume).as("a named volume, not a host path").matches("[A-Za-z0-9][\\w.-]*");
        assertThat(map(compose.get("volumes"))).containsKey(volume);
    }

    @Test
    void compose_binds_the_port_to_loopback_unless_told_otherwise() throws IOException {
        Map<String, Object> services = map(compose().get("services"));
        for (Map.Entry<String, Object> entry : services.entrySet()) {
            Object ports = map(entry.getValue()).get("ports");
            if (ports == null) {
                continue;
            }
            for (Object port : (List<?>) ports) {
                assertThat(withDefaults(String.valueOf(port))).as(entry.getKey() + " publishes " + port)
                        .startsWith("127.0.0.1:");
            }
        }
        assertThat((List<?>) map(services.get("opentask")).get("ports")).isNotEmpty();
        assertThat(map(services.get("mysql")).get("ports")).as("MySQL is not published").isNull();
    }

    @Test
    void compose_requires_the_key_and_knows_no_default_one() throws IOException {
        Map<String, Object> environment = map(map(map(compose().get("services")).get("opentask")).get("environment"));
        String text = Files.readString(ROOT.resolve("docker-compose.yml"));

        assertThat(String.valueOf(environment.get("OPENTASK_API_KEY"))).matches("\\$\\{OPENTASK_API_KEY:\\?.+}");
        assertThat(environment.get("SPRING_PROFILES_ACTIVE")).isEqualTo("prod");
        assertThat(text).doesNotContain("hope-bot-apikey").doesNotContain("change-me");
    }

    /** A compose value as it reads with no variable set: {@code ${X:-d}} becomes d. */
    private static String withDefaults(String value) {
        Matcher matcher = Pattern.compile("\\$\\{\\w+:?-([^}]*)}").matcher(value);
        StringBuilder resolved = new StringBuilder();
        while (matcher.find()) {
            matcher.appendReplacement(resolved, Matcher.quoteReplacement(matcher.group(1)));
        }
        matcher.appendTail(resolved);
        return resolved.toString();
    }

    private static Map<String, Object> compose() throws IOException {
        return new Yaml().load(Files.readString(ROOT.resolve("docker-compose.yml")));
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> map(Object value) {
        assertThat(value).isInstanceOf(Map.class);
        return (Map<String, Object>) value;
    }

    private static int indexOf(List<String> lines, String regex) {
        for (int i = 0; i < lines.size(); i++) {
            if (lines.get(i).matches(regex)) {
                return i;
            }
        }
        return -1;
    }

    /** The tests run in app/; the files are at the repository's root. */
    private static Path root() {
        for (Path dir = Path.of("").toAbsolutePath(); dir != null; dir = dir.getParent()) {
            if (Files.isRegularFile(dir.resolve("Dockerfile")) && Files.isRegularFile(dir.resolve("mvnw"))) {
                return dir;
            }
        }
        throw new IllegalStateException("no Dockerfile above " + Path.of("").toAbsolutePath());
    }
}
