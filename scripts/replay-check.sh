#!/usr/bin/env bash
# The operator's proof that the read models are what the event store says: dump bot_task, bot_task_log and
# the daily statistics, replay them through the running service, dump again and compare row for row.
# Run it while the fleet is quiet: a bot's call between the two dumps is a difference too (a real one).
#
# usage: scripts/replay-check.sh [database]          (MySQL/MariaDB; default database: opentask)
# env:   OPENTASK_URL (default http://127.0.0.1:8090), OPENTASK_KEY (an operator's key, default the shared one),
#        MYSQL (default: mysql --user=root --host=127.0.0.1), PROJECTION (what the replay rebuilds: all by
#        default, which includes the analytics; these dumps compare the read models, tests compare the analytics)
set -euo pipefail

DB=${1:-opentask}
URL=${OPENTASK_URL:-http://127.0.0.1:8090}
KEY=${OPENTASK_KEY:-hope-bot-apikey-2026-0424}
MYSQL=${MYSQL:-mysql --user=root --host=127.0.0.1}
DIR=$(mktemp -d)

dump() {
    for table in "bot_task ORDER BY id" "bot_task_log ORDER BY id" \
                 "bot_task_daily_stats ORDER BY stat_date, assigned_to"; do
        echo "== ${table%% *}"
        $MYSQL --batch --skip-column-names -e "SELECT * FROM $table" "$DB"
    done > "$DIR/$1.tsv"
}

dump before
echo "before: $(wc -l < "$DIR/before.tsv") lines in $DIR/before.tsv"

curl -fsS -X POST -H "X-Bot-Key: $KEY" "$URL/api/admin/replay${PROJECTION:+?projection=$PROJECTION}"; echo
while :; do
    status=$(curl -fsS -H "X-Bot-Key: $KEY" "$URL/api/admin/replay")
    echo "$status"
    case "$status" in
        *'"state":"running"'*) sleep 2 ;;
        *) break ;;
    esac
done
case "$status" in
    *'"state":"completed"'*) ;;
    *) echo "the replay did not complete"; exit 1 ;;
esac

dump after
if cmp -s "$DIR/before.tsv" "$DIR/after.tsv"; then
    echo "identical: $(wc -l < "$DIR/after.tsv") lines, row for row ($DIR)"
else
    echo "DIFFERENT ($DIR):"
    diff "$DIR/before.tsv" "$DIR/after.tsv" | head -20
    exit 1
fi
