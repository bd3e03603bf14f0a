package org.opentask.app.availability;

import java.io.File;
import java.io.IOException;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/**
 * A MariaDB server of its own, for tests that stop and start their database: its own process, port and data
 * directory, so the server every other test uses is never touched. Needs Debian's {@code mariadb-server}
 * ({@code mariadbd} and {@code mariadb-install-db}).
 */
final class PrivateMariaDb implements AutoCloseable {

    static final Path SERVER = Path.of("/usr/sbin/mariadbd");
    static final Path INSTALL = Path.of("/usr/bin/mariadb-install-db");

    private final Path dir;
    final int port;
    private Process process;

    private PrivateMariaDb(Path dir, int port) {
        this.dir = dir;
        this.port = port;
    }

    static boolean available() {
        return Files.isExecutable(SERVER) && Files.isExecutable(INSTALL);
    }

    /** A new data directory, and the server started on a free port. */
    static PrivateMariaDb create() throws Exception {
        Path dir = Files.createTempDirectory("opentask-mariadb-");
        run(List.of(INSTALL.toString(), "--no-defaults", "--datadir=" + dir.resolve("data"), "--user=root",
                "--auth-root-authentication-method=normal", "--skip-test-db"), dir.resolve("install.log"));
        int port;
        try (ServerSocket free = new ServerSocket(0)) {
            port = free.getLocalPort();
        }
        PrivateMariaDb server = new PrivateMariaDb(dir, port);
        server.start();
        return server;
    }

    String url(String database) {
        return "jdbc:mariadb://127.0.0.1:" + port + "/" + database;
    }

    void createDatabase(String name) throws SQLException {
        try (Connection connection = DriverManager.getConnection(url(""), "root", "")) {
            connection.createStatement().execute("CREATE DATABASE `" + name + "`");
        }
    }

    /** Starts the server and returns once it accepts connections. */
    void start() throws Exception {
        process = new ProcessBuilder(SERVER.toString(), "--no-defaults", "--datadir=" + dir.resolve("data"),
                "--port=" + port, "--bind-address=127.0.0.1", "--socket=" + dir.resolve("mariadb.sock"),
                "--pid-file=" + dir.resolve("mariadb.pid"), "--user=root", "--skip-log-bin",
                "--innodb-buffer-pool-size=64M", "--skip-name-resolve")
                .redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.appendTo(
                        dir.resolve("server.log").toFile()))
                .start();
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
        while (System.nanoTime() < deadline) {
            try (Connection connection = DriverManager.getConnection(url(""), "root", "")) {
                return;
            } catch (SQLException notYet) {
                if (!process.isAlive()) {
                    throw new IllegalStateException("mariadbd exited: " + Files.readString(dir.resolve("server.log")));
                }
                Thread.sleep(50);
            }
        }
        throw new IllegalStateException("mariadbd did not accept connections within 60 s");
    }

    /** Stops the server (as an operator's shutdown does) and returns once its port is closed. */
    void stop() throws Exception {
        process.destroy();
        if (!process.waitFor(60, TimeUnit.SECONDS)) {
            process.destroyForcibly().waitFor();
        }
        while (listening()) {
            Thread.sleep(20);
        }
    }

    private boolean listening() {
        try (Socket socket = new Socket("127.0.0.1", port)) {
            return true;
        } catch (IOException closed) {
            return false;
        }
    }

    @Override
    public void close() throws Exception {
        if (process != null && process.isAlive()) {
            stop();
        }
        try (Stream<Path> files = Files.walk(dir)) {
            files.sorted(Comparator.reverseOrder()).map(Path::toFile).forEach(File::delete);
        }
    }

    private static void run(List<String> command, Path log) throws Exception {
        Process install = new ProcessBuilder(command).redirectErrorStream(true)
                .redirectOutput(log.toFile()).start();
        if (!install.waitFor(120, TimeUnit.SECONDS) || install.exitValue() != 0) {
            throw new IllegalStateException("mariadb-install-db failed: " + Files.readString(log));
        }
    }
}
