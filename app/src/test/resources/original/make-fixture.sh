#!/usr/bin/env bash
# Fills a database through the original OpenTask service itself (its API, unmodified) and records what it holds
# and what it answers: the fixture of the import tests (docs/migration.md).
#
#   ORIGINAL=http://127.0.0.1:18090 DB=i15orig bash make-fixture.sh
#
# Needs the original running on $ORIGINAL with its database $DB on the MariaDB at 127.0.0.1:3306 (root, no password).
# Writes, beside this script: hope_engine.sql (the original's rows, as the original left them; schema.sql and
# triggers.sql are the original's sql/bot_tables_simple.sql and sql/bot_config.sql, split so rows load before triggers),
# answers.json (the original's answers for every task id and its audit rows) and bad-rows.sql (rows the original
# accepted that this engine's rules refuse: made in a second step, kept apart).
set -euo pipefail
HERE="$(cd "$(dirname "$0")" && pwd)"
URL="${ORIGINAL:-http://127.0.0.1:18090}"
DB="${DB:-i15orig}"
KEY="${API_KEY:-hope-bot-apikey-2026-0424}"
H=(-s -f -H "X-Bot-Key: $KEY" -H "Content-Type: application/json")

create() { curl "${H[@]}" -X POST -d "$1" "$URL/api/tasks" | python3 -c 'import sys,json; print(json.load(sys.stdin)["id"])'; }
put() { curl "${H[@]}" -X PUT ${2:+-d "$2"} "$URL/api/tasks/$1" >/dev/null; }
step() { sleep 1.1; }   # the original keeps whole seconds: one step per second keeps the order of the audit rows

p1=$(create '{"task_name":"Pending P1","task_description":"waits","task_params":"{\"a\":1}","assigned_to":"anna","priority":"P1"}')
p0=$(create '{"task_name":"Pending P0, 中文","assigned_to":"trump","priority":"P0","created_by":"manual"}')
r1=$(create '{"task_name":"Running long","task_description":"a bot that never heartbeats","assigned_to":"anna","priority":"P2"}')
step; put "$r1/start"
put "$r1" '{"progress":40}'
c1=$(create '{"task_name":"Completed","assigned_to":"cc","priority":"P1","task_params":"{\"steps\":[\"a\",\"b\"]}"}')
step; put "$c1/start"; step; put "$c1/complete" '{"result":"done: 3 files, 中文 result"}'
f1=$(create '{"task_name":"Failed twice","assigned_to":"main","priority":"P0"}')
step; put "$f1/start"; step; put "$f1/fail" '{"error_message":"timeout talking to hope02"}'
step; put "$f1/retry"; step; put "$f1/start"; step; put "$f1/fail" '{"error_message":"second failure"}'
rp=$(create '{"task_name":"Retried, pending again","assigned_to":"session_agent"}')
step; put "$rp/start"; step; put "$rp/fail" '{"error_message":"flaky"}'; step; put "$rp/retry"
x1=$(create '{"task_name":"Cancelled while pending","assigned_to":"cc","priority":"P2"}')
step; put "$x1/cancel"
x2=$(create '{"task_name":"Cancelled while running","assigned_to":"trump","priority":"P1"}')
step; put "$x2/start"; step; put "$x2/cancel"
d1=$(create '{"task_name":"Deleted while pending","assigned_to":"anna"}')
step; curl "${H[@]}" -X DELETE "$URL/api/tasks/$d1" >/dev/null
d2=$(create '{"task_name":"Deleted after completion","assigned_to":"cc"}')
step; put "$d2/start"; step; put "$d2/complete" '{"result":"ok"}'; step; curl "${H[@]}" -X DELETE "$URL/api/tasks/$d2" >/dev/null
u1=$(create '{"task_name":"Before edit","assigned_to":"main","priority":"P2"}')
step; put "$u1" '{"task_name":"After edit","task_description":"edited","priority":"P0","assigned_to":"anna"}'
long=$(python3 -c 'print("x" * 70000)')
l1=$(create '{"task_name":"Long result","assigned_to":"cc"}')
step; put "$l1/start"; step
curl "${H[@]}" -X PUT --data-binary @- "$URL/api/tasks/$l1/complete" >/dev/null <<<"{\"result\":\"$long\"}" || true

mysqldump -h127.0.0.1 -uroot --skip-comments --skip-dump-date --skip-extended-insert --compact \
  --no-create-info --skip-triggers "$DB" bot_task bot_task_log bot_config > "$HERE/rows.tmp"
sed -i "/enable the sandbox mode/d" "$HERE/rows.tmp"
python3 - "$URL" "$KEY" "$HERE" <<'PY'
import json, sys, urllib.request
url, key, here = sys.argv[1:4]
def get(path):
    req = urllib.request.Request(url + path, headers={"X-Bot-Key": key})
    try:
        with urllib.request.urlopen(req) as r:
            return json.load(r)
    except urllib.error.HTTPError as e:
        return {"http_status": e.code}
tasks = get("/api/tasks")
ids = sorted(t["id"] for t in tasks)
top = max(ids)
answers = {"list": tasks, "tasks": {}, "logs": {}}
for i in range(1, top + 1):
    answers["tasks"][str(i)] = get(f"/api/tasks/{i}")
    answers["logs"][str(i)] = get(f"/api/logs/{i}")
json.dump(answers, open(here + "/answers.json", "w"), ensure_ascii=False, indent=1, default=str)
PY
{ echo "-- The original OpenTask's rows, as its own service left them (make-fixture.sh); its schema is schema.sql."
  cat "$HERE/rows.tmp"; } > "$HERE/hope_engine.sql"
rm "$HERE/rows.tmp"

# rows the original accepted and this engine's rules refuse: an unknown priority, a status set by a plain edit
b1=$(create '{"task_name":"Unknown priority","assigned_to":"anna","priority":"P5"}')
b2=$(create '{"task_name":"Status set by an edit","assigned_to":"anna"}')
put "$b2" '{"status":"paused"}'
mysqldump -h127.0.0.1 -uroot --skip-comments --skip-dump-date --skip-extended-insert --compact \
  --no-create-info --skip-triggers --where="task_id IN ($b1,$b2)" "$DB" bot_task_log > "$HERE/bad-log.tmp"
{ echo "-- Rows the original accepted and this engine refuses (make-fixture.sh), loaded after hope_engine.sql."
  mysqldump -h127.0.0.1 -uroot --skip-comments --skip-dump-date --skip-extended-insert --compact \
    --no-create-info --skip-triggers --where="id IN ($b1,$b2)" "$DB" bot_task
  cat "$HERE/bad-log.tmp"; } > "$HERE/bad-rows.sql"
sed -i "/enable the sandbox mode/d" "$HERE/bad-rows.sql"
sed -i "/enable the sandbox mode/d" "$HERE/bad-rows.sql"
rm "$HERE/bad-log.tmp"
