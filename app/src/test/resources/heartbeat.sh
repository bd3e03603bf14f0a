TASKS=$(curl -s -H "X-Bot-Key: $KEY" "http://127.0.0.1:8090/api/tasks/pending?assigned_to=anna")
TASK_ID=$(echo "$TASKS" | python3 -c "import sys,json; d=json.load(sys.stdin); print(d[0]['id'] if d else '')")
[ -n "$TASK_ID" ] && curl -s -X PUT -H "X-Bot-Key: $KEY" "http://127.0.0.1:8090/api/tasks/$TASK_ID/start"
# ... work ...
curl -s -X PUT -H "X-Bot-Key: $KEY" -H "Content-Type: application/json" \
  -d '{"result":"done"}' "http://127.0.0.1:8090/api/tasks/$TASK_ID/complete"
