package org.opentask.bench;

/**
 * The load tool: {@code java -jar bench/target/opentask-bench.jar <command> [--name=value ...]}.
 * Commands and options are described in docs/performance.md.
 */
public final class Bench {

    private Bench() {
    }

    public static void main(String[] args) throws Exception {
        if (args.length == 0 || args[0].equals("help") || args[0].equals("--help")) {
            System.out.println(USAGE);
            return;
        }
        String[] rest = java.util.Arrays.copyOfRange(args, 1, args.length);
        Options options = new Options(rest, System.getenv());
        try {
            switch (args[0]) {
                case "load" -> {
                    LoadRun run = new LoadRun(options);
                    options.requireAllUsed();
                    run.run();
                }
                case "ceiling" -> {
                    CeilingProbe probe = new CeilingProbe(options);
                    options.requireAllUsed();
                    probe.run();
                }
                case "pending" -> {
                    PendingProbe probe = new PendingProbe(options);
                    options.requireAllUsed();
                    probe.run();
                }
                case "heartbeats" -> {
                    HeartbeatProbe probe = new HeartbeatProbe(options);
                    options.requireAllUsed();
                    probe.run();
                }
                case "seed" -> {
                    Seeder seeder = new Seeder(options);
                    options.requireAllUsed();
                    seeder.run();
                }
                default -> throw new IllegalArgumentException("unknown command " + args[0] + "\n" + USAGE);
            }
        } catch (IllegalArgumentException e) {
            System.err.println(e.getMessage());
            System.exit(2);
        }
        System.exit(0);
    }

    static final String USAGE = """
            usage: java -jar bench/target/opentask-bench.jar <command> [--name=value ...]
              load     N bots run create, pending, start, complete against a running service for S seconds
                       --url --key --bots=32 --seconds=30 --warmup=10 --ceiling=<inserts/s> --db (or --db=none)
                       --status-db=<JDBC URL of the server whose status counters to read> (default: --db)
                       --database-pid=<pid of the database server> (default: the first mariadbd)
              ceiling  single-row INSERT+COMMIT per second on the service's database
                       --db --db-user --db-password --threads=32 --seconds=15 --warmup=3
              seed     bulk history straight into the event store and the projections (service stopped or idle)
                       --db --tasks=1000000 --events-per-task=10 --pending=10000 --bot=bench-pending
                       --seed-bots=100 --days=30 --threads=2 --chunk=1000 --zone=<the service's zone>
              heartbeats  a heartbeat on a task after 10,000 heartbeats, against one on a fresh task
                       --url --key --beats=10000 --samples=300 --status-db=<JDBC URL>
              pending  one bot's pending query, timed
                       --url --key --bot=bench-pending --limit=10 (or none) --threads=1 --seconds=20 --warmup=5
            Every option can also come from the environment: --db-user from DB_USER, --url from URL, and so on.
            """;
}
