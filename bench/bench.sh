#!/usr/bin/env bash
# One command per figure of docs/performance.md. Each starts what it needs (a MariaDB database of its own, the
# service with a 512 MiB heap on its own port), measures, prints the load average with every figure, and stops
# the service it started. Run from the repository root after `./mvnw -q -DskipTests package`.
#
#   bench/bench.sh compare        the same load against the original OpenTask and this engine, in one run, on a
#                                 MariaDB server of the run's own: the ratio, statements and CPU per cycle
#   bench/bench.sh heartbeats     a heartbeat on a task after 10,000 heartbeats against one on a fresh task
#   bench/bench.sh ceiling        raw single-row INSERT+COMMIT/s, 32 connections
#   bench/bench.sh load           32 bots' heartbeat cycles against the service (after the ceiling, for the ratio)
#   bench/bench.sh metrics        the same load, in one run, against this build with its metrics switched off by
#                                 configuration (or METRICS_OFF_JAR, another build) and with them on and scraped
#                                 every SCRAPE_EVERY=1 s, ROUNDS=2 times each, alternating (METRICS_OFF_ARGS: the
#                                 "off" side's options instead, to weigh one part of the metrics at a time)
#   bench/bench.sh metrics-together  the same two at once, half the bots each, so that the machine's drift between
#                                 runs falls on both alike
#   bench/bench.sh seed           1M tasks, 9.9M events, 10k pending for one bot, into a second database
#   bench/bench.sh pending        that bot's pending query (limit 10, then no limit) against the seeded database
#   bench/bench.sh replay         a replay of the seeded database through the service's API (-Xmx$HEAP), checked row
#                                 for row: events/s, peak heap, how long commands were held
#   bench/bench.sh replay-busy    the same replay while BOTS bots work through the service for DURATION seconds:
#                                 the hold, the bots' errors, and events against audit rows and tasks afterwards
#
# Settings (environment): BOTS=32 DURATION=30 WARMUP=120 PORT=18095 DB=ot_bench BIG_DB=ot_bench_big
#   MARIADB=jdbc:mariadb://127.0.0.1:3306/ DB_USER=root DB_PASSWORD= HEAP=512m SERVICE_OPTS= (extra JVM or
#   --spring options for the service) TASKS=1000000 EVENTS_PER_TASK=10 PENDING=10000
#   compare and heartbeats: BENCH_DB_PORT=3307 (their own MariaDB server, started and stopped by the run)
#   PEER_WARMUP=30 (the original's warm-up; it has no JIT) BASELINE_JAR= (another build of the engine, say
#   today's main, measured in the same run for the CPU ratio) BEATS=10000 SAMPLES=300
set -euo pipefail
cd "$(dirname "$0")/.."

BOTS=${BOTS:-32} DURATION=${DURATION:-30} WARMUP=${WARMUP:-120} PORT=${PORT:-18095}
DB=${DB:-ot_bench} BIG_DB=${BIG_DB:-ot_bench_big} MARIADB=${MARIADB:-jdbc:mariadb://127.0.0.1:3306/}
DB_USER=${DB_USER:-root} DB_PASSWORD=${DB_PASSWORD:-} HEAP=${HEAP:-512m} SERVICE_OPTS=${SERVICE_OPTS:-}
TASKS=${TASKS:-1000000} EVENTS_PER_TASK=${EVENTS_PER_TASK:-10} PENDING=${PENDING:-10000}
WORK=${WORK:-/tmp/opentask-bench-$PORT}
BENCH_DB_PORT=${BENCH_DB_PORT:-3307} PEER_WARMUP=${PEER_WARMUP:-30} BASELINE_JAR=${BASELINE_JAR:-}
BEATS=${BEATS:-10000} SAMPLES=${SAMPLES:-300}
BENCH_JAR=bench/target/opentask-bench.jar SERVICE_JAR=app/target/opentask.jar
export DB_USER DB_PASSWORD

for jar in "$BENCH_JAR" "$SERVICE_JAR"; do
    [ -f "$jar" ] || { echo "missing $jar: run ./mvnw -q -DskipTests package first" >&2; exit 1; }
done
mkdir -p "$WORK"
cp "$BENCH_JAR" "$WORK/opentask-bench.jar"   # rebuilding while a long seed runs must not break it

SQL_PORT=3306
sql() { mysql --host=127.0.0.1 --port="$SQL_PORT" --user="$DB_USER" ${DB_PASSWORD:+--password="$DB_PASSWORD"} "$@"; }
bench() { java -jar "$WORK/opentask-bench.jar" "$@"; }
machine() { echo "machine: $(nproc) cores, $(free -g | awk '/Mem:/{print $2}') GiB, $(uptime)"; }

fresh_database() {
    sql -e "DROP DATABASE IF EXISTS \`$1\`; CREATE DATABASE \`$1\` CHARACTER SET utf8mb4 COLLATE utf8mb4_unicode_ci"
}

SERVICE_PID=
start_service() { # database [jar] [extra arguments of the service]
    local db=$1 jar=${2:-$SERVICE_JAR}
    shift; shift || true
    rm -f "$WORK/gc.log"
    cp "$jar" "$WORK/opentask.jar"   # a rebuild while it runs must not pull the jar from under it
    (cd "$WORK" && DB_URL="$MARIADB$db" PORT=$PORT MANAGEMENT_PORT=$((PORT + 1)) exec java "-Xmx$HEAP" -Xlog:gc:file="$WORK/gc.log" \
        -XX:+HeapDumpOnOutOfMemoryError -XX:HeapDumpPath="$WORK" $SERVICE_OPTS -jar "$WORK/opentask.jar" "$@" \
        > "$WORK/service.log" 2>&1) &
    SERVICE_PID=$!
    trap cleanup EXIT
    for _ in $(seq 1 180); do
        curl -sf "http://127.0.0.1:$PORT/health" >/dev/null 2>&1 && { echo "service up (pid $SERVICE_PID, -Xmx$HEAP)"; return; }
        kill -0 "$SERVICE_PID" 2>/dev/null || { tail -30 "$WORK/service.log"; exit 1; }
        sleep 1
    done
    echo "service did not start" >&2; exit 1
}

# Whatever this run started is stopped when it ends, however it ends.
PEER_STARTED=
cleanup() {
    stop_service
    [ -n "$PEER_STARTED" ] && PEER_PORT=$PEER_PORT bash ../shared/original/start-original.sh --stop >/dev/null 2>&1
    stop_private_mariadb
}

stop_service() {
    if [ -n "$SERVICE_PID" ] && kill -0 "$SERVICE_PID" 2>/dev/null; then
        kill "$SERVICE_PID"; wait "$SERVICE_PID" 2>/dev/null || true
    fi
    SERVICE_PID=
}

heap_report() {
    local pauses after
    pauses=$(grep -c 'Pause' "$WORK/gc.log" || true)
    after=$(grep -o '[0-9]*M->[0-9]*M' "$WORK/gc.log" | sed 's/.*->//; s/M//' | sort -n | tail -1)
    # a run without a mixed or full collection has no such line: not a failure of the run
    live=$( (grep -E 'Pause (Young \(Mixed\)|Full)' "$WORK/gc.log" || true) | tail -1 | grep -o '[0-9]*M->[0-9]*M' \
        | sed 's/.*->//; s/M//' || true)
    echo "heap: -Xmx$HEAP, $pauses GC pauses, largest heap after a GC ${after:-?} MiB," \
        "after the last mixed or full collection (the data still in use) ${live:-no such collection} MiB," \
        "OutOfMemoryError: $(grep -c OutOfMemoryError "$WORK/service.log" || true), service alive: \
$(kill -0 "$SERVICE_PID" 2>/dev/null && echo yes || echo NO)"
    grep -o 'Pause[^)]*) [0-9]*M->[0-9]*M([0-9]*M) [0-9.]*ms' "$WORK/gc.log" \
        | awk '{ms=$NF; sub("ms","",ms); t+=ms; if (ms>m) m=ms} END {printf "GC pauses: %.0f ms in total, longest %.1f ms\n", t, m}'
}

# The mean cycles/s of each side's rounds, from the load tool's RESULT lines in $WORK/<prefix>-<off|on>-<round>.txt
metrics_means() {
    for build in off on; do
        awk -v b="$build" '/^RESULT load/ { for (i = 1; i <= NF; i++) if ($i ~ /^cycles_per_s=/) {
                split($i, kv, "="); sum += kv[2]; n++ } }
            END { if (n) printf "metrics %s: %.1f cycles/s on average over %d rounds\n", b, sum / n, n }' \
            "$WORK/$1-$build"-*.txt
    done
}

# The seeded history goes straight into the tables, past the processors that follow the store: left alone, the
# analytics processor would spend the service's first minutes handling the 9.9M seeded events while the pending query
# is being timed, and the webhooks processor (whose first token the seed's own start of the service stored before
# any event, so at the very beginning) would read all of them during a replay, for a core of its own: about a fifth
# of the replay's CPU at 100k tasks, all of it a bench artefact, since a deployed service's processor is at the head.
# Both tokens are set to the seeded head instead (the console's analytics rebuild would still read it all).
skip_analytics_history() {
    sql "$BIG_DB" -e "DELETE FROM token_entry WHERE processor_name IN ('task-analytics', 'webhooks');
        INSERT INTO token_entry (processor_name, segment, token, token_type, timestamp, owner)
        SELECT processor, 0,
               CONCAT('{\"index\":', MAX(global_index), ',\"gaps\":[\"java.util.Collections\$UnmodifiableSortedSet\",[]]}'),
               'org.axonframework.eventhandling.GapAwareTrackingToken',
               DATE_FORMAT(UTC_TIMESTAMP(3), '%Y-%m-%dT%H:%i:%s.%fZ'), NULL
        FROM domain_event_entry, (SELECT 'task-analytics' AS processor UNION ALL SELECT 'webhooks') processors
        GROUP BY processor"
}

# A MariaDB server of the run's own on BENCH_DB_PORT, with the machine's server settings (/etc/mysql) and a data
# directory under $WORK: its status counters then count this run's statements and nothing else.
DB_PID=
start_private_mariadb() {
    local dir="$WORK/mariadb" owner=()
    [ "$(id -u)" = 0 ] && owner=(--user=mysql)
    if [ ! -d "$dir/mysql" ]; then
        mkdir -p "$dir"; [ "$(id -u)" = 0 ] && chown mysql:mysql "$dir"
        mariadb-install-db "${owner[@]}" --datadir="$dir" --auth-root-authentication-method=normal >/dev/null
    fi
    trap cleanup EXIT
    mariadbd "${owner[@]}" --datadir="$dir" --port="$BENCH_DB_PORT" --bind-address=127.0.0.1 \
        --socket="$dir/mariadb.sock" --pid-file="$dir/mariadb.pid" --log-error="$dir/mariadb.err" \
        --max-connections=500 &
    DB_PID=$!
    SQL_PORT=$BENCH_DB_PORT MARIADB="jdbc:mariadb://127.0.0.1:$BENCH_DB_PORT/"
    for _ in $(seq 1 60); do mysql --socket="$WORK/mariadb/mariadb.sock" -uroot -e "SELECT 1" >/dev/null 2>&1 && break; sleep 1; done
    # the machine's settings resolve no host names: root over TCP is root@127.0.0.1
    mysql --socket="$WORK/mariadb/mariadb.sock" -uroot -e "CREATE USER IF NOT EXISTS root@'127.0.0.1';
        GRANT ALL ON *.* TO root@'127.0.0.1' WITH GRANT OPTION"
    sql -e "SELECT 1" >/dev/null
    echo "MariaDB of this run: pid $DB_PID, port $BENCH_DB_PORT, $(sql -N -e 'SELECT VERSION()')"
}

stop_private_mariadb() {
    [ -n "$DB_PID" ] && kill "$DB_PID" 2>/dev/null && wait "$DB_PID" 2>/dev/null || true
    DB_PID=
}

result() { # file key: the value of key= in the file's RESULT load line
    sed -n "s/^RESULT load .* $2=\([^ ]*\).*/\1/p" "$1" | tail -1
}

original_load() { # round
    bench load --url="http://127.0.0.1:$PEER_PORT" --db=none --status-db="$MARIADB" --bots="$BOTS" \
        --seconds="$DURATION" --warmup="$PEER_WARMUP" --service-pid="$PEER_PID" --database-pid="$DB_PID" \
        | tee "$WORK/original-$1.txt"
}

engine_load() { # name jar
    fresh_database "ot_$1"
    start_service "ot_$1" "$2"
    bench load --url="http://127.0.0.1:$PORT" --db="$MARIADB""ot_$1" --bots="$BOTS" --seconds="$DURATION" \
        --warmup="$WARMUP" --service-pid="$SERVICE_PID" --database-pid="$DB_PID" | tee "$WORK/$1.txt"
    heap_report
    stop_service
}

compare() {
    PEER_PORT=${PEER_PORT:-18090}
    start_private_mariadb
    PEER_STARTED=yes
    trap cleanup EXIT
    PEER_PID=$(PEER_PORT=$PEER_PORT MYSQL_PORT=$BENCH_DB_PORT bash ../shared/original/start-original.sh --reset-db \
        | tee /dev/stderr | sed -n 's/^PEER_PID=//p')
    echo; echo "=== the original, first round"; original_load 1
    echo; echo "=== this engine"; engine_load engine "$SERVICE_JAR"
    if [ -n "$BASELINE_JAR" ]; then echo; echo "=== the baseline build ($BASELINE_JAR)"; engine_load baseline "$BASELINE_JAR"; fi
    echo; echo "=== the original, second round"; original_load 2
    echo
    awk -v e="$(result "$WORK/engine.txt" cycles_per_s)" -v o1="$(result "$WORK/original-1.txt" cycles_per_s)" \
        -v o2="$(result "$WORK/original-2.txt" cycles_per_s)" \
        'BEGIN { printf "RATIO engine %.1f cycles/s, original %.1f and %.1f: %.2fx the original\n", e, o1, o2, e / ((o1 + o2) / 2) }'
    for endpoint in create pending start complete; do
        printf 'p99 %-8s engine %s ms, original %s and %s ms\n' "$endpoint" "$(result "$WORK/engine.txt" "${endpoint}_p99")" \
            "$(result "$WORK/original-1.txt" "${endpoint}_p99")" "$(result "$WORK/original-2.txt" "${endpoint}_p99")"
    done
    for run in engine ${BASELINE_JAR:+baseline} original-1 original-2; do
        printf '%-10s CPU per cycle: service %s ms, MariaDB %s ms; %s\n' "$run" "$(result "$WORK/$run.txt" service_cpu_ms)" \
            "$(result "$WORK/$run.txt" db_cpu_ms)" "$(grep '^RESULT statements' "$WORK/$run.txt" | cut -d' ' -f3-)"
    done
}

heartbeats() {
    start_private_mariadb
    trap cleanup EXIT
    for cache in false true; do
        fresh_database ot_beats
        start_service ot_beats "$SERVICE_JAR" --opentask.aggregate-cache=$cache
        echo "=== tasks kept in memory between commands: $cache"
        bench heartbeats --url="http://127.0.0.1:$PORT" --beats="$BEATS" --samples="$SAMPLES" --status-db="$MARIADB"
        stop_service
    done
}

ceiling() {
    sql -e "CREATE DATABASE IF NOT EXISTS \`$DB\` CHARACTER SET utf8mb4 COLLATE utf8mb4_unicode_ci"
    bench ceiling --db="$MARIADB$DB" --threads="$BOTS" --seconds=15 | tee "$WORK/ceiling.txt"
}

case "${1:-}" in
    ceiling)
        machine; ceiling ;;
    compare)
        machine; compare ;;
    heartbeats)
        machine; heartbeats ;;
    load)
        machine
        if [ -z "${CEILING:-}" ]; then   # CEILING=<inserts/s> reuses an earlier probe's figure
            ceiling
            CEILING=$(sed -n 's/.*inserts_per_s=\([0-9]*\).*/\1/p' "$WORK/ceiling.txt")
        fi
        fresh_database "$DB"
        start_service "$DB"
        bench load --url="http://127.0.0.1:$PORT" --db="$MARIADB$DB" --bots="$BOTS" --seconds="$DURATION" \
            --warmup="$WARMUP" --ceiling="$CEILING" --service-pid="$SERVICE_PID"
        heap_report
        stop_service ;;
    metrics)
        machine
        # "off" is another build (METRICS_OFF_JAR) or, by default, this one with its metrics switched off by
        # configuration: no meters (Boot's, Axon's, the service's), no observations, no Prometheus endpoint
        OFF_ARGS=(--management.metrics.enable.all=false --management.observations.enable.all=false
                  --axon.metrics.auto-configuration.enabled=false --management.prometheus.metrics.export.enabled=false)
        [ -n "${METRICS_OFF_JAR:-}" ] && OFF_ARGS=()
        [ -n "${METRICS_OFF_ARGS:-}" ] && read -r -a OFF_ARGS <<< "$METRICS_OFF_ARGS"
        CEILING=${CEILING:-10000} ROUNDS=${ROUNDS:-2} SCRAPE_EVERY=${SCRAPE_EVERY:-1}
        rm -f "$WORK"/metrics-*.txt   # an earlier run's rounds must not count in this one's means
        for round in $(seq 1 "$ROUNDS"); do
            for build in off on; do
                if [ "$build" = off ]; then
                    fresh_database "$DB"
                    start_service "$DB" "${METRICS_OFF_JAR:-$SERVICE_JAR}" "${OFF_ARGS[@]}"
                else
                    fresh_database "$DB"
                    start_service "$DB"
                    # Prometheus's pace (SCRAPE_EVERY seconds; 1 s rather than its usual 15 s) during the whole run
                    (while kill -0 "$SERVICE_PID" 2>/dev/null; do
                        curl -s "http://127.0.0.1:$((PORT + 1))/actuator/prometheus" >/dev/null
                        sleep "$SCRAPE_EVERY"; done) &
                fi
                echo "metrics $build, round $round:"
                bench load --url="http://127.0.0.1:$PORT" --db="$MARIADB$DB" --bots="$BOTS" --seconds="$DURATION" \
                    --warmup="$WARMUP" --ceiling="$CEILING" --service-pid="$SERVICE_PID" | tee "$WORK/metrics-$build-$round.txt"
                stop_service
            done
        done
        grep -h "^RESULT load" "$WORK"/metrics-*.txt | sed 's/^/  /'
        metrics_means metrics
        echo "load average: $(cut -d' ' -f1-3 /proc/loadavg)" ;;
    metrics-together)
        machine
        # both at once: this build with its metrics off (or METRICS_OFF_JAR) and on, each on a database of its own
        # and driven by half the bots, so that whatever the machine does to one run it does to both
        OFF_ARGS=(--management.metrics.enable.all=false --management.observations.enable.all=false
                  --axon.metrics.auto-configuration.enabled=false --management.prometheus.metrics.export.enabled=false)
        [ -n "${METRICS_OFF_JAR:-}" ] && OFF_ARGS=()
        [ -n "${METRICS_OFF_ARGS:-}" ] && read -r -a OFF_ARGS <<< "$METRICS_OFF_ARGS"
        CEILING=${CEILING:-10000} ROUNDS=${ROUNDS:-2} SCRAPE_EVERY=${SCRAPE_EVERY:-1}
        ON_PORT=$PORT OFF_PORT=$((PORT + 10)) HOME_WORK=$WORK OFF_PID=
        rm -f "$WORK"/together-*.txt   # an earlier run's rounds must not count in this one's means
        trap '[ -n "$OFF_PID" ] && kill "$OFF_PID" 2>/dev/null; cleanup' EXIT
        for round in $(seq 1 "$ROUNDS"); do
            fresh_database "${DB}_off"
            fresh_database "${DB}_on"
            PORT=$OFF_PORT WORK=$HOME_WORK/off
            mkdir -p "$WORK"
            start_service "${DB}_off" "${METRICS_OFF_JAR:-$SERVICE_JAR}" "${OFF_ARGS[@]}"
            OFF_PID=$SERVICE_PID
            PORT=$ON_PORT WORK=$HOME_WORK
            start_service "${DB}_on"
            trap '[ -n "$OFF_PID" ] && kill "$OFF_PID" 2>/dev/null; cleanup' EXIT
            (while kill -0 "$SERVICE_PID" 2>/dev/null; do
                curl -s "http://127.0.0.1:$((ON_PORT + 1))/actuator/prometheus" >/dev/null
                sleep "$SCRAPE_EVERY"; done) &
            echo "round $round: metrics off on :$OFF_PORT and on on :$ON_PORT, $((BOTS / 2)) bots each, at once"
            bench load --url="http://127.0.0.1:$OFF_PORT" --db="$MARIADB${DB}_off" --bots=$((BOTS / 2)) \
                --seconds="$DURATION" --warmup="$WARMUP" --ceiling="$CEILING" --service-pid="$OFF_PID" \
                > "$WORK/together-off-$round.txt" &
            OFF_LOAD=$!
            bench load --url="http://127.0.0.1:$ON_PORT" --db="$MARIADB${DB}_on" --bots=$((BOTS / 2)) \
                --seconds="$DURATION" --warmup="$WARMUP" --ceiling="$CEILING" --service-pid="$SERVICE_PID" \
                > "$WORK/together-on-$round.txt"
            wait "$OFF_LOAD"
            for build in off on; do   # the statement counts are the server's, shared by both: not shown here
                echo "  metrics $build: $(grep -h '^cycles/s\|^errors:\|^CPU per cycle' "$WORK/together-$build-$round.txt" \
                    | sed 's/, MariaDB.*//' | tr '\n' ' ')"
            done
            stop_service
            kill "$OFF_PID" 2>/dev/null; wait "$OFF_PID" 2>/dev/null || true; OFF_PID=
        done
        metrics_means together
        echo "load average: $(cut -d' ' -f1-3 /proc/loadavg)" ;;
    seed)
        machine
        fresh_database "$BIG_DB"
        start_service "$BIG_DB"   # Flyway creates the schema
        stop_service
        bench seed --db="$MARIADB$BIG_DB" --tasks="$TASKS" --events-per-task="$EVENTS_PER_TASK" --pending="$PENDING"
        sql -e "ANALYZE TABLE \`$BIG_DB\`.bot_task" >/dev/null
        skip_analytics_history ;;
    pending)
        machine
        start_service "$BIG_DB"
        sql -N -e "SELECT CONCAT('seeded database: ', COUNT(*), ' tasks, ', SUM(status = 'pending' AND assigned_to = 'bench-pending'), ' pending for bench-pending') FROM \`$BIG_DB\`.bot_task"
        for threads in 1 "$BOTS"; do
            bench pending --url="http://127.0.0.1:$PORT" --limit=10 --threads="$threads" --seconds=20
        done
        bench pending --url="http://127.0.0.1:$PORT" --limit=none --threads=1 --seconds=20
        heap_report
        stop_service ;;
    replay)
        machine
        # through the service's own API (POST /api/admin/replay), in the service as it runs (-Xmx$HEAP), checked
        # row for row by scripts/replay-check.sh; the GC log gives the heap, the service's log the hold
        start_service "$BIG_DB"
        OPENTASK_URL="http://127.0.0.1:$PORT" \
            MYSQL="mysql --user=$DB_USER ${DB_PASSWORD:+--password=$DB_PASSWORD} --host=127.0.0.1 --port=$SQL_PORT" \
            scripts/replay-check.sh "$BIG_DB" | awk '!/"state":"running"/ || NR % 15 == 0' || true
        grep -E 'Replay (read|copied|of|swap)' "$WORK/service.log" | sed 's/.*ProjectionReplay *: //; s/.*TableSwap *: //; s/.*Scratch[A-Za-z]* *: //; s/.*ShadowCopier *: //'
        heap_report
        grep -o '[0-9]*M->[0-9]*M' "$WORK/gc.log" | sed 's/M->.*//' | sort -n | tail -1 \
            | awk -v heap="$HEAP" '{print "peak heap: " $1 " MiB in use before a collection (of -Xmx" heap ")"}'
        stop_service
        echo "load average: $(cut -d' ' -f1-3 /proc/loadavg)" ;;
    replay-busy)
        machine
        start_service "$BIG_DB"
        bench load --url="http://127.0.0.1:$PORT" --db=none --bots="$BOTS" --seconds="$DURATION" --warmup=5 \
            > "$WORK/busy-load.txt" 2>&1 &
        LOAD_PID=$!
        sleep 15
        key=${OPENTASK_API_KEY:-hope-bot-apikey-2026-0424}
        curl -fsS -X POST -H "X-Bot-Key: $key" "http://127.0.0.1:$PORT/api/admin/replay"; echo
        while status=$(curl -fsS -H "X-Bot-Key: $key" "http://127.0.0.1:$PORT/api/admin/replay") \
                && [[ $status == *'"state":"running"'* ]]; do
            sleep 10
        done
        echo "$status"
        kill -0 "$LOAD_PID" 2>/dev/null || echo "the load ended before the replay: set DURATION longer" >&2
        wait "$LOAD_PID" || true
        cat "$WORK/busy-load.txt"
        grep -E 'Replay (of|swap)' "$WORK/service.log" | sed 's/.*ProjectionReplay *: //; s/.*TableSwap *: //'
        sql -e "SELECT (SELECT COUNT(*) FROM domain_event_entry) AS events, (SELECT COUNT(*) FROM bot_task_log)
            AS audit_rows, (SELECT COUNT(*) FROM bot_task) AS tasks, (SELECT COUNT(DISTINCT aggregate_identifier)
            FROM domain_event_entry) AS aggregates" "$BIG_DB"
        heap_report
        stop_service ;;
    *)
        sed -n '2,27p' "$0"; exit 2 ;;
esac
