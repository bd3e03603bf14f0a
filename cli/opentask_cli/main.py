"""opentask: the OpenTask client for bots, their shell scripts and operators.

Usage:
  opentask COMMAND [ARGUMENTS] [OPTIONS]

Bot commands:
  claim     [--bot BOT] [--wait SECONDS] [--field NAME]
            start BOT's next pending task and print it (waits up to --wait seconds, 0..60, for one)
  heartbeat [--bot BOT] [--wait SECONDS]
            a bot's heartbeat: claim BOT's next task and print it with what to do next, or print
            HEARTBEAT_OK when there is none
  heartbeat TASK_ID [--progress N]
            tell the service the bot still works on that task: renews its lease, records progress 0..100
  complete  TASK_ID [RESULT | -]      report a running task done; '-' reads the result from standard input
  fail      TASK_ID [ERROR | -]       report a running task failed; '-' reads the error from standard input
  pending   [--bot BOT] [--limit N]   BOT's pending tasks, next first

Operator commands:
  create    --to BOT --name NAME [--priority P0|P1|P2] [--description TEXT] [--params JSON]
            [--max-retry N] [--timeout SECONDS] [--auto-retry | --no-auto-retry] [--not-before TIME]
            [--created-by NAME] [--idempotency-key KEY] [--field NAME]
  list      [--bot BOT] [--status STATUS] [--priority P] [--exhausted] [--limit N] [--offset N]
  show      TASK_ID [--at TIME] [--field NAME]   one task, or the task as it was at TIME
  logs      TASK_ID                   the task's audit trail, newest first
  events    TASK_ID                   the task's stored events, oldest first
  stats     [today]                   today's tasks per bot, by status
  stats     daily [--from DATE] [--to DATE] [--bot BOT] [--by bot|day]
  start     TASK_ID                   pending -> running
  update    TASK_ID [--name NAME] [--description TEXT] [--params JSON] [--to BOT] [--priority P] [--progress N]
  retry     TASK_ID                   failed -> pending
  cancel    TASK_ID [--reason TEXT]   pending, running or failed -> cancelled
  delete    TASK_ID                   hide the task from reads; its history stays

Options (anywhere on the line):
  --url URL           the service (default: $OPENTASK_URL, else http://127.0.0.1:8090)
  --key KEY           the API key sent as X-Bot-Key (default: $OPENTASK_KEY); without one opentask refuses to run
  --default-key       use the service's documented public default key: for a local trial only
  --bot BOT           the bot (default for bot commands: $OPENTASK_BOT)
  --operator WHO      who acts, for the audit trail (default: $OPENTASK_OPERATOR)
  --format json|table how reads are printed (default: json)
  --field NAME        print only this field of the task (id, status, task_params, ...), as plain text
  --retry-for SECONDS how long to keep trying while the service refuses connections or answers 503 or 429
                      (default: $OPENTASK_RETRY_SECONDS, else 30; 0 tries once). Retry-After is honoured
  --version           print the client's version
  --help              print this text

Times (--not-before, --at) are ISO-8601, such as 2026-11-25T10:00:00 (the server's time zone) or with an
offset such as 2026-11-25T10:00:00Z.

Exit codes:
  0  done (claim, heartbeat: a task was started and printed)
  1  any other failure: service unreachable (after retrying), wrong key, server error
  2  usage: bad arguments, no API key, or the service refused the input (400, 413)
  3  no task: claim and heartbeat found none, pending is empty
  4  conflict: the task is not in a state for this (409), or an idempotency key was reused with another body (422)
  5  not found: no such task (404)
"""

import email.utils
import json
import os
import random
import socket
import sys
import time
import urllib.error
import urllib.parse
import urllib.request

from opentask_cli import __version__

OK, FAILED, USAGE, NO_TASK, CONFLICT, NOT_FOUND = 0, 1, 2, 3, 4, 5
DEFAULT_URL = "http://127.0.0.1:8090"
# The original service's documented key: public, so it is sent only when asked for by name.
DEFAULT_KEY = "hope-bot-apikey-2026-0424"
MAX_WAIT = 60
DEFAULT_RETRY_SECONDS = 30
FIRST_BACKOFF = 0.25
MAX_BACKOFF = 8.0
FLAGS = {"default-key", "exhausted", "auto-retry", "no-auto-retry", "help", "version"}
FORMATS = ("json", "table")
PRIORITIES = ("P0", "P1", "P2")
STATUSES = ("pending", "running", "completed", "failed", "cancelled")
TASK_COLUMNS = ("id", "priority", "status", "assigned_to", "progress", "retry_count", "task_name", "created_time")


class UsageError(Exception):
    pass


class ServiceError(Exception):
    def __init__(self, code, message):
        super().__init__(message)
        self.code = code


def run():
    """The console script's entry point."""
    try:
        sys.exit(main(sys.argv[1:]))
    except KeyboardInterrupt:
        sys.exit(FAILED)


def main(argv):
    try:
        options = Options(argv)
    except UsageError as e:
        return usage(str(e))
    if options.flag("version"):
        sys.stdout.write("opentask %s\n" % __version__)
        return OK
    if options.flag("help") or (options.positional[:1] == ["help"]):
        sys.stdout.write(__doc__)
        return OK
    if not options.positional:
        sys.stdout.write(__doc__)
        return USAGE
    command = options.positional.pop(0)
    if command not in COMMANDS:
        return usage("unknown command '%s'" % command)
    try:
        client = Client(options)
        return COMMANDS[command](client, options)
    except UsageError as e:
        return usage(str(e))
    except ServiceError as e:
        sys.stderr.write("opentask: %s\n" % e)
        return e.code


def usage(message):
    sys.stderr.write("opentask: %s\nRun 'opentask --help' for usage.\n" % message)
    return USAGE


class Options:
    """Positional arguments, --name value options and a few --flags, in any order."""

    def __init__(self, args):
        self.positional = []
        self.named = {}
        i = 0
        while i < len(args):
            arg = args[i]
            if arg == "--":
                self.positional.extend(args[i + 1:])
                break
            if arg in ("-h",):
                arg = "--help"
            if arg.startswith("--") and len(arg) > 2:
                name, eq, value = arg[2:].partition("=")
                if name in FLAGS:
                    if eq:
                        raise UsageError("--%s takes no value" % name)
                    value = True
                elif not eq:
                    if i + 1 >= len(args):
                        raise UsageError("--%s needs a value" % name)
                    i += 1
                    value = args[i]
                self.named[name] = value
            else:
                self.positional.append(arg)
            i += 1
        self.used = {"help", "version"}

    def get(self, name, default=None):
        self.used.add(name)
        return self.named.get(name, default)

    def flag(self, name):
        self.used.add(name)
        return self.named.get(name) is True

    def number(self, name, low, high):
        raw = self.get(name)
        if raw is None:
            return None
        try:
            value = int(raw)
        except ValueError:
            raise UsageError("--%s must be a whole number, got '%s'" % (name, raw))
        if value < low or value > high:
            raise UsageError("--%s must be between %d and %d, got %d" % (name, low, high, value))
        return value

    def choice(self, name, choices, normalize=str):
        raw = self.get(name)
        if raw is None:
            return None
        value = normalize(raw)
        if value not in choices:
            raise UsageError("--%s must be one of %s, got '%s'" % (name, ", ".join(choices), raw))
        return value

    def done(self, max_positional):
        unknown = sorted(set(self.named) - self.used)
        if unknown:
            raise UsageError("unknown option --%s" % unknown[0])
        if len(self.positional) > max_positional:
            raise UsageError("unexpected argument '%s'" % self.positional[max_positional])


# --- the service -----------------------------------------------------------------------------------------------

class Client:
    """The service at --url with the key of --key; retries what may succeed a moment later."""

    def __init__(self, options):
        self.base = (options.get("url") or os.environ.get("OPENTASK_URL") or DEFAULT_URL).rstrip("/")
        key = options.get("key") or os.environ.get("OPENTASK_KEY")
        if options.flag("default-key"):
            if key:
                raise UsageError("--default-key and a key (--key or OPENTASK_KEY) exclude each other")
            key = DEFAULT_KEY
        if not key:
            raise UsageError("no API key: set OPENTASK_KEY or pass --key KEY "
                             "(--default-key sends the service's public default key, for a local trial only)")
        self.key = key
        operator = options.get("operator") or os.environ.get("OPENTASK_OPERATOR")
        self.operator = operator or None
        self.format = options.choice("format", FORMATS, str.lower) or "json"
        retry_for = options.get("retry-for") or os.environ.get("OPENTASK_RETRY_SECONDS")
        try:
            self.retry_for = DEFAULT_RETRY_SECONDS if retry_for is None else float(retry_for)
        except ValueError:
            raise UsageError("--retry-for must be a number of seconds, got '%s'" % retry_for)
        if self.retry_for < 0 or self.retry_for > 3600:
            raise UsageError("--retry-for must be between 0 and 3600 seconds, got %s" % retry_for)

    def call(self, method, path, query=None, body=None, headers=None, timeout=30):
        """Sends one request, retried while the service refuses connections or answers 503 or 429, for at most
        retry_for seconds. Answers (status, parsed JSON or None, response headers); raises ServiceError."""
        deadline = time.monotonic() + self.retry_for
        backoff = FIRST_BACKOFF
        attempt = 0
        while True:
            attempt += 1
            try:
                return self._send(method, path, query, body, headers, timeout)
            except _Retryable as e:
                # the wait: what the service asked for, else a doubling step with jitter
                pause = e.retry_after if e.retry_after is not None else backoff * (0.5 + random.random() / 2)
                backoff = min(backoff * 2, MAX_BACKOFF)
                remaining = deadline - time.monotonic()
                if pause > remaining:
                    suffix = " (gave up after %d attempts)" % attempt if attempt > 1 else ""
                    raise ServiceError(e.code, e.message + suffix)
                time.sleep(pause)

    def _send(self, method, path, query, body, headers, timeout):
        url = self.base + path
        if query:
            url += "?" + urllib.parse.urlencode([(k, v) for k, v in query.items() if v is not None])
        data = None
        request_headers = {"X-Bot-Key": self.key, "Accept": "application/json",
                           "User-Agent": "opentask-cli/" + __version__}
        if self.operator:
            request_headers["X-Operator"] = self.operator
        if body is not None:
            data = json.dumps(body).encode("utf-8")
            request_headers["Content-Type"] = "application/json"
        request_headers.update(headers or {})
        request = urllib.request.Request(url, data=data, method=method, headers=request_headers)
        try:
            with urllib.request.urlopen(request, timeout=timeout) as response:
                return response.status, parse(response.read()), response.headers
        except urllib.error.HTTPError as e:
            payload = parse(e.read())
            detail = payload.get("detail") if isinstance(payload, dict) else None
            message = "%s %s: %s %s" % (method, path, e.code, detail or e.reason)
            if e.code in (429, 503):
                raise _Retryable(FAILED, message, retry_after(e.headers.get("Retry-After")))
            raise ServiceError(exit_code_for(e.code), message)
        except urllib.error.URLError as e:
            reason = e.reason
            message = "cannot reach %s: %s" % (self.base, reason)
            if isinstance(reason, ConnectionRefusedError):
                # nothing reached the service: safe to send again, whatever the method
                raise _Retryable(FAILED, message, None)
            raise ServiceError(FAILED, message)
        except ConnectionRefusedError as e:
            raise _Retryable(FAILED, "cannot reach %s: %s" % (self.base, e), None)
        except (OSError, socket.timeout) as e:
            raise ServiceError(FAILED, "cannot reach %s: %s" % (self.base, e))


class _Retryable(Exception):
    def __init__(self, code, message, retry_after_seconds):
        super().__init__(message)
        self.code = code
        self.message = message
        self.retry_after = retry_after_seconds


def retry_after(value):
    """Retry-After as seconds: a number of seconds or an HTTP date (RFC 9110); None when absent or unreadable."""
    if not value:
        return None
    value = value.strip()
    if value.isdigit():
        return float(value)
    try:
        when = email.utils.parsedate_to_datetime(value)
    except (TypeError, ValueError):
        return None
    if when is None:
        return None
    return max(0.0, when.timestamp() - time.time())


def parse(raw):
    if not raw:
        return None
    try:
        return json.loads(raw.decode("utf-8"))
    except (ValueError, UnicodeDecodeError):
        return None


def exit_code_for(status):
    if status in (400, 413):
        return USAGE
    if status in (409, 422):
        return CONFLICT
    if status == 404:
        return NOT_FOUND
    return FAILED


# --- output ------------------------------------------------------------------------------------------------------

def print_json(value):
    sys.stdout.write(json.dumps(value, ensure_ascii=False) + "\n")


def cell(value):
    if value is None:
        return ""
    if isinstance(value, (dict, list)):
        value = json.dumps(value, ensure_ascii=False)
    text = str(value).replace("\r", " ").replace("\n", " ")
    return text if len(text) <= 60 else text[:59] + "\u2026"


def print_table(rows, columns=None):
    """Rows (dicts) as aligned columns under a header; columns default to every key, in first-seen order."""
    if columns is None:
        columns = []
        for row in rows:
            for key in row:
                if key not in columns:
                    columns.append(key)
    cells = [[cell(row.get(c)) for c in columns] for row in rows]
    widths = [max([len(c)] + [len(r[i]) for r in cells]) for i, c in enumerate(columns)]
    lines = ["  ".join(c.upper().ljust(w) for c, w in zip(columns, widths)).rstrip()]
    for r in cells:
        lines.append("  ".join(v.ljust(w) for v, w in zip(r, widths)).rstrip())
    if not rows:
        lines.append("(none)")
    sys.stdout.write("\n".join(lines) + "\n")


def print_record(record):
    """One object as FIELD  value lines."""
    width = max([len(k) for k in record] or [0])
    lines = ["%s  %s" % (k.ljust(width), "" if v is None else (
        json.dumps(v, ensure_ascii=False) if isinstance(v, (dict, list)) else v)) for k, v in record.items()]
    sys.stdout.write("\n".join(lines) + "\n")


def show(client, value, columns=None):
    """A read's answer in the chosen format: a list as a table, an object as field lines."""
    if client.format == "json":
        print_json(value)
    elif isinstance(value, list):
        print_table(value, columns)
    elif isinstance(value, dict):
        print_record(value)
    else:
        sys.stdout.write("%s\n" % value)


def print_task(client, task, field):
    if field is None:
        show(client, task)
        return
    if field not in task:
        raise UsageError("a task has no field '%s' (it has: %s)" % (field, ", ".join(sorted(task))))
    value = task[field]
    if value is None:
        sys.stdout.write("\n")
    elif isinstance(value, (dict, list)):
        print_json(value)
    else:
        sys.stdout.write("%s\n" % value)


# --- arguments ---------------------------------------------------------------------------------------------------

def bot_of(options):
    bot = options.get("bot") or os.environ.get("OPENTASK_BOT")
    if not bot:
        raise UsageError("name the bot with --bot BOT or OPENTASK_BOT")
    return bot


def task_id_of(options, what):
    if not options.positional:
        raise UsageError("%s needs a TASK_ID" % what)
    raw = options.positional[0]
    if not raw.isdigit():
        raise UsageError("TASK_ID must be a number, got '%s'" % raw)
    return raw


def text_of(options, index):
    if len(options.positional) <= index:
        return None
    text = options.positional[index]
    return sys.stdin.read() if text == "-" else text


def json_of(options, name):
    raw = options.get(name)
    if raw is None:
        return None
    try:
        return json.loads(raw)
    except ValueError as e:
        raise UsageError("--%s must be JSON: %s" % (name, e))


def priority_of(options):
    return options.choice("priority", PRIORITIES, lambda v: v.strip().upper())


# --- bot commands ------------------------------------------------------------------------------------------------

def claim_task(client, options):
    bot = bot_of(options)
    wait = options.number("wait", 0, MAX_WAIT) or 0
    status, task, _ = client.call("POST", "/api/tasks/claim", query={"assigned_to": bot, "wait": wait},
                                  timeout=wait + 30)
    if status == 204 or task is None:
        return bot, None
    return bot, task


def claim(client, options):
    field = options.get("field")
    bot, task = claim_task(client, options)
    options.done(0)
    if task is None:
        sys.stderr.write("opentask: no pending task for %s\n" % bot)
        return NO_TASK
    print_task(client, task, field)
    return OK


def heartbeat(client, options):
    if options.positional:
        # the lease heartbeat of a task the bot is working on
        task_id = task_id_of(options, "heartbeat")
        progress = options.number("progress", 0, 100)
        options.done(1)
        body = {"progress": progress} if progress is not None else None
        _, task, _ = client.call("PUT", "/api/tasks/%s/heartbeat" % task_id, body=body)
        if task is not None:
            show(client, task)
        return OK
    bot, task = claim_task(client, options)
    options.done(0)
    if task is None:
        sys.stdout.write("HEARTBEAT_OK (no task for %s)\n" % bot)
        return NO_TASK
    lines = [
        "TASK %s (%s) for %s: %s" % (task["id"], task.get("priority"), bot, task.get("task_name")),
    ]
    if task.get("task_description"):
        lines.append("Description: %s" % task["task_description"])
    if task.get("task_params"):
        lines.append("Params: %s" % task["task_params"])
    lease = task.get("lease_expires_time")
    if lease:
        lines.append("Lease: yours until %s; for longer work run `opentask heartbeat %s` before then "
                     "to keep it, or the task goes back to the queue." % (lease, task["id"]))
    lines.append("It is started and yours. Do it now, then report the outcome with one of:")
    lines.append("  opentask complete %s \"<what you did>\"" % task["id"])
    lines.append("  opentask fail %s \"<why it failed>\"" % task["id"])
    lines.append("Task JSON: %s" % json.dumps(task, ensure_ascii=False))
    sys.stdout.write("\n".join(lines) + "\n")
    return OK


def complete(client, options):
    return finish(client, options, "complete", "result")


def fail(client, options):
    return finish(client, options, "fail", "error_message")


def finish(client, options, action, field_name):
    task_id = task_id_of(options, action)
    text = text_of(options, 1)
    field = options.get("field")
    options.done(2)
    _, task, _ = client.call("PUT", "/api/tasks/%s/%s" % (task_id, action), body={field_name: text})
    print_task(client, task, field)
    return OK


def pending(client, options):
    bot = bot_of(options)
    limit = options.number("limit", 1, 10000)
    options.done(0)
    _, tasks, _ = client.call("GET", "/api/tasks/pending", query={"assigned_to": bot, "limit": limit})
    show(client, tasks, TASK_COLUMNS)
    return OK if tasks else NO_TASK


# --- operator commands -------------------------------------------------------------------------------------------

def create(client, options):
    body = {
        "task_name": options.get("name"),
        "assigned_to": options.get("to") or options.get("bot") or os.environ.get("OPENTASK_BOT"),
    }
    if not body["task_name"]:
        raise UsageError("create needs --name NAME")
    if not body["assigned_to"]:
        raise UsageError("create needs --to BOT")
    for option, name in (("description", "task_description"), ("created-by", "created_by"),
                         ("not-before", "not_before")):
        value = options.get(option)
        if value is not None:
            body[name] = value
    priority = priority_of(options)
    if priority is not None:
        body["priority"] = priority
    params = json_of(options, "params")
    if params is not None:
        body["task_params"] = params
    max_retry = options.number("max-retry", 0, 100)
    if max_retry is not None:
        body["max_retry"] = max_retry
    timeout = options.number("timeout", 0, 7 * 24 * 3600)
    if timeout is not None:
        body["timeout_seconds"] = timeout
    if options.flag("auto-retry") and options.flag("no-auto-retry"):
        raise UsageError("--auto-retry and --no-auto-retry exclude each other")
    if options.flag("auto-retry"):
        body["auto_retry"] = True
    elif options.flag("no-auto-retry"):
        body["auto_retry"] = False
    headers = {}
    key = options.get("idempotency-key")
    if key is not None:
        headers["Idempotency-Key"] = key
    field = options.get("field")
    options.done(0)
    _, task, _ = client.call("POST", "/api/tasks", body=body, headers=headers)
    print_task(client, task, field)
    return OK


def list_tasks(client, options):
    query = {
        "assigned_to": options.get("bot"),
        "status": options.choice("status", STATUSES, lambda v: v.strip().lower()),
        "priority": priority_of(options),
        "limit": options.number("limit", 1, 10000),
        "offset": options.number("offset", 0, 10 ** 9),
    }
    if options.flag("exhausted"):
        query["exhausted"] = "true"
    options.done(0)
    _, tasks, _ = client.call("GET", "/api/tasks", query=query)
    show(client, tasks, TASK_COLUMNS)
    return OK


def show_task(client, options):
    task_id = task_id_of(options, "show")
    at = options.get("at")
    field = options.get("field")
    options.done(1)
    _, task, _ = client.call("GET", "/api/tasks/%s" % task_id, query={"at": at} if at else None)
    print_task(client, task, field)
    return OK


def logs(client, options):
    task_id = task_id_of(options, "logs")
    options.done(1)
    _, rows, _ = client.call("GET", "/api/logs/%s" % task_id)
    show(client, rows, ("id", "action", "old_status", "new_status", "operator", "created_time", "message"))
    return OK


def events(client, options):
    task_id = task_id_of(options, "events")
    options.done(1)
    _, rows, _ = client.call("GET", "/api/tasks/%s/events" % task_id)
    show(client, rows, ("sequence_number", "type", "time", "operator", "payload"))
    return OK


def stats(client, options):
    which = options.positional[0] if options.positional else "today"
    if which == "today":
        options.done(1)
        _, counts, _ = client.call("GET", "/api/stats/today")
        if client.format == "json":
            print_json(counts)
        else:
            rows = [dict([("bot", bot)] + list(values.items())) for bot, values in sorted(counts.items())]
            print_table(rows, ("bot", "total", "pending", "running", "completed", "failed", "cancelled"))
        return OK
    if which == "daily":
        query = {"from": options.get("from"), "to": options.get("to"), "assigned_to": options.get("bot"),
                 "group_by": options.choice("by", ("bot", "day"))}
        options.done(1)
        _, daily, _ = client.call("GET", "/api/stats/daily", query=query)
        if client.format == "json":
            print_json(daily)
        else:
            sys.stdout.write("%s .. %s (%s)\n" % (daily.get("from"), daily.get("to"), daily.get("time_zone")))
            print_table(daily.get("days") or [])
        return OK
    raise UsageError("stats shows 'today' or 'daily', got '%s'" % which)


def transition(action, body_of=None):
    def command(client, options):
        task_id = task_id_of(options, action)
        body = body_of(options) if body_of else None
        field = options.get("field")
        options.done(1)
        _, task, _ = client.call("PUT", "/api/tasks/%s/%s" % (task_id, action), body=body)
        print_task(client, task, field)
        return OK
    return command


def cancel_body(options):
    reason = options.get("reason")
    return {"reason": reason} if reason is not None else None


def update(client, options):
    task_id = task_id_of(options, "update")
    body = {}
    for option, name in (("name", "task_name"), ("description", "task_description"), ("to", "assigned_to")):
        value = options.get(option)
        if value is not None:
            body[name] = value
    params = json_of(options, "params")
    if params is not None:
        body["task_params"] = params
    priority = priority_of(options)
    if priority is not None:
        body["priority"] = priority
    progress = options.number("progress", 0, 100)
    if progress is not None:
        body["progress"] = progress
    field = options.get("field")
    options.done(1)
    if not body:
        raise UsageError("update needs at least one of --name, --description, --params, --to, --priority, "
                         "--progress")
    _, task, _ = client.call("PUT", "/api/tasks/%s" % task_id, body=body)
    print_task(client, task, field)
    return OK


def delete(client, options):
    task_id = task_id_of(options, "delete")
    options.done(1)
    _, answer, _ = client.call("DELETE", "/api/tasks/%s" % task_id)
    show(client, answer)
    return OK


COMMANDS = {
    "claim": claim,
    "heartbeat": heartbeat,
    "complete": complete,
    "fail": fail,
    "pending": pending,
    "create": create,
    "list": list_tasks,
    "show": show_task,
    "logs": logs,
    "events": events,
    "stats": stats,
    "start": transition("start"),
    "update": update,
    "retry": transition("retry"),
    "cancel": transition("cancel", cancel_body),
    "delete": delete,
}

if __name__ == "__main__":
    run()
