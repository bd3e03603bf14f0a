"""The installed `opentask` command against the real service, as a bot or an operator runs it: a process per call.

The service and the command come from the environment (scripts/cli-tests.sh sets them):
  OPENTASK_TEST_URL  the running service
  OPENTASK_TEST_KEY  its operator key (not the public default key)
  OPENTASK_CLI       the command to run (default: `opentask` on the PATH)
"""

import datetime
import http.server
import json
import os
import shlex
import socket
import subprocess
import threading
import time
import unittest
import urllib.error
import urllib.request
import uuid

URL = os.environ.get("OPENTASK_TEST_URL", "http://127.0.0.1:8090")
KEY = os.environ.get("OPENTASK_TEST_KEY", "")
CLI = shlex.split(os.environ.get("OPENTASK_CLI", "opentask"))


class Run:
    def __init__(self, completed):
        self.exit = completed.returncode
        self.out = completed.stdout
        self.err = completed.stderr

    def json(self):
        return json.loads(self.out)

    def __repr__(self):
        return "exit %d, out %r, err %r" % (self.exit, self.out, self.err)


def opentask(*args, env=None, stdin=None, key=True, url=URL):
    environment = {k: v for k, v in os.environ.items()
                   if k not in ("OPENTASK_KEY", "OPENTASK_BOT", "OPENTASK_OPERATOR", "OPENTASK_URL",
                                "OPENTASK_RETRY_SECONDS")}
    environment["OPENTASK_URL"] = url
    if key:
        environment["OPENTASK_KEY"] = KEY
    environment.update(env or {})
    completed = subprocess.run(CLI + list(args), input=stdin, capture_output=True, text=True, env=environment,
                               timeout=120)
    return Run(completed)


def bot(name):
    return "%s-%s" % (name, uuid.uuid4().hex[:8])


def create(bot_name, name="a task", *more):
    run = opentask("create", "--to", bot_name, "--name", name, *more)
    assert run.exit == 0, run
    return run.json()


def free_port():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


class Forwarder(http.server.ThreadingHTTPServer):
    """A stand-in in front of the real service: answers the first `refusals` requests with 503 and Retry-After,
    then forwards every request to the service. Records when each request arrived."""

    daemon_threads = True

    def __init__(self, port, refusals=0, retry_after=None):
        self.refusals = refusals
        self.retry_after = retry_after
        self.arrivals = []
        super().__init__(("127.0.0.1", port), ForwardingHandler)
        self.thread = threading.Thread(target=self.serve_forever, daemon=True)
        self.thread.start()

    def close(self):
        self.shutdown()
        self.server_close()


class ForwardingHandler(http.server.BaseHTTPRequestHandler):
    def log_message(self, *args):
        pass

    def _any(self):
        server = self.server
        server.arrivals.append(time.monotonic())
        length = int(self.headers.get("Content-Length") or 0)
        body = self.rfile.read(length) if length else None
        if len(server.arrivals) <= server.refusals:
            payload = b'{"detail":"busy"}'
            self.send_response(503)
            if server.retry_after is not None:
                self.send_header("Retry-After", server.retry_after)
            self.send_header("Content-Type", "application/problem+json")
            self.send_header("Content-Length", str(len(payload)))
            self.end_headers()
            self.wfile.write(payload)
            return
        headers = {k: v for k, v in self.headers.items() if k.lower() not in ("host", "content-length")}
        request = urllib.request.Request(URL + self.path, data=body, method=self.command, headers=headers)
        try:
            with urllib.request.urlopen(request, timeout=60) as response:
                status, answer, kind = response.status, response.read(), response.headers.get("Content-Type")
        except urllib.error.HTTPError as e:
            status, answer, kind = e.code, e.read(), e.headers.get("Content-Type")
        self.send_response(status)
        if kind:
            self.send_header("Content-Type", kind)
        self.send_header("Content-Length", str(len(answer)))
        self.end_headers()
        self.wfile.write(answer)

    do_GET = do_POST = do_PUT = do_DELETE = _any


class KeyAndVersionTest(unittest.TestCase):

    def test_version_is_the_package_version(self):
        run = opentask("--version", key=False)
        self.assertEqual(run.exit, 0, run)
        self.assertRegex(run.out.strip(), r"^opentask \d+\.\d+\.\d+$")

    def test_without_a_key_it_refuses_with_exit_code_2_and_says_how_to_give_one(self):
        run = opentask("list", key=False)
        self.assertEqual(run.exit, 2, run)
        self.assertIn("no API key", run.err)
        self.assertIn("OPENTASK_KEY", run.err)
        self.assertIn("--key", run.err)
        self.assertEqual(run.out, "")

    def test_the_key_may_come_from_the_command_line(self):
        run = opentask("list", "--limit", "1", "--key", KEY, key=False)
        self.assertEqual(run.exit, 0, run)
        self.assertIsInstance(run.json(), list)

    def test_default_key_sends_the_public_key_which_this_service_refuses(self):
        run = opentask("list", "--default-key", key=False)
        self.assertEqual(run.exit, 1, run)
        self.assertIn("401", run.err)
        self.assertIn("Invalid API Key", run.err)

    def test_a_wrong_key_is_exit_code_1(self):
        run = opentask("list", env={"OPENTASK_KEY": "not-the-key"}, key=False)
        self.assertEqual(run.exit, 1, run)
        self.assertIn("Invalid API Key", run.err)

    def test_usage_errors_are_exit_code_2(self):
        self.assertEqual(opentask().exit, 2)
        self.assertEqual(opentask("launch").exit, 2)
        self.assertEqual(opentask("claim", "--bot", "x", "--wait", "61").exit, 2)
        self.assertEqual(opentask("list", "--colour", "red").exit, 2)
        self.assertEqual(opentask("list", "--format", "xml").exit, 2)
        self.assertEqual(opentask("list", "--status", "done").exit, 2)
        self.assertEqual(opentask("show", "abc").exit, 2)
        self.assertEqual(opentask("update", "1").exit, 2)
        self.assertEqual(opentask("create", "--to", "x", "--name", "n", "--params", "{bad").exit, 2)
        self.assertEqual(opentask("stats", "weekly").exit, 2)
        self.assertEqual(opentask("--help", key=False).exit, 0)


class BotCommandsTest(unittest.TestCase):

    def test_claim_heartbeat_with_progress_complete_then_logs_and_events(self):
        anna = bot("anna")
        task = create(anna, "write report", "--params", '{"week": 47}', "--timeout", "600")

        claimed = opentask("claim", "--bot", anna)
        self.assertEqual(claimed.exit, 0, claimed)
        self.assertEqual(claimed.json()["id"], task["id"])
        self.assertEqual(claimed.json()["status"], "running")

        beat = opentask("heartbeat", str(task["id"]), "--progress", "40")
        self.assertEqual(beat.exit, 0, beat)
        self.assertEqual(beat.json()["progress"], 40)
        self.assertIsNotNone(beat.json()["lease_expires_time"])

        done = opentask("complete", str(task["id"]), "-", stdin="3 pages\n")
        self.assertEqual(done.exit, 0, done)
        self.assertEqual(done.json()["status"], "completed")
        self.assertEqual(done.json()["result"], "3 pages\n")

        logs = opentask("logs", str(task["id"]))
        self.assertEqual(logs.exit, 0, logs)
        actions = [row["action"] for row in logs.json()]
        self.assertEqual(actions[0], "complete")
        self.assertIn("start", actions)
        self.assertEqual(actions[-1], "create")

        table = opentask("logs", str(task["id"]), "--format", "table")
        self.assertEqual(table.exit, 0, table)
        lines = table.out.splitlines()
        self.assertTrue(lines[0].startswith("ID"), table)
        self.assertIn("ACTION", lines[0])
        self.assertEqual(len(lines), 1 + len(actions))
        self.assertIn("complete", lines[1])

        events = opentask("events", str(task["id"]))
        self.assertEqual(events.exit, 0, events)
        types = [e["type"] for e in events.json()]
        self.assertEqual(types[0], "TaskCreatedEvent")
        self.assertEqual(types[-1], "TaskCompletedEvent")
        events_table = opentask("events", str(task["id"]), "--format", "table")
        self.assertIn("TaskCompletedEvent", events_table.out)
        self.assertTrue(events_table.out.startswith("SEQUENCE_NUMBER"), events_table)

    def test_the_heartbeat_prints_the_task_its_lease_and_what_to_do_or_HEARTBEAT_OK(self):
        beat = bot("beat")
        task = create(beat, "water the plants", "--priority", "P0", "--timeout", "300")

        working = opentask("heartbeat", "--bot", beat)
        idle = opentask("heartbeat", env={"OPENTASK_BOT": beat})

        self.assertEqual(working.exit, 0, working)
        self.assertIn("TASK %d (P0)" % task["id"], working.out)
        self.assertIn("Lease: yours until", working.out)
        self.assertIn("opentask heartbeat %d" % task["id"], working.out)
        self.assertIn("opentask complete %d" % task["id"], working.out)
        self.assertEqual(idle.exit, 3, idle)
        self.assertTrue(idle.out.startswith("HEARTBEAT_OK"), idle)

    def test_fail_then_pending_is_empty_and_exit_code_3(self):
        unlucky = bot("unlucky")
        task = create(unlucky, "will fail")
        self.assertEqual(opentask("pending", "--bot", unlucky, "--format", "table").exit, 0)
        opentask("claim", "--bot", unlucky)

        failed = opentask("fail", str(task["id"]), "disk full")
        empty = opentask("pending", "--bot", unlucky)

        self.assertEqual(failed.exit, 0, failed)
        self.assertEqual(failed.json()["status"], "failed")
        self.assertEqual(failed.json()["error_message"], "disk full")
        self.assertEqual(empty.exit, 3, empty)
        self.assertEqual(empty.json(), [])

    def test_errors_map_to_exit_codes(self):
        strict = bot("strict")
        task = create(strict, "pending still")

        conflict = opentask("complete", str(task["id"]), "too early")
        unknown = opentask("show", "987654321")
        refused = opentask("create", "--to", "b" * 51, "--name", "too long a bot")

        self.assertEqual(conflict.exit, 4, conflict)
        self.assertIn("409", conflict.err)
        self.assertEqual(unknown.exit, 5, unknown)
        self.assertIn("404", unknown.err)
        self.assertEqual(refused.exit, 2, refused)
        self.assertIn("assigned_to", refused.err)


class OperatorCommandsTest(unittest.TestCase):

    def test_create_sets_every_field(self):
        owner = bot("owner")
        run = opentask("create", "--to", owner, "--name", "full", "--priority", "p1", "--description", "all of it",
                       "--params", '{"a": [1, 2]}', "--max-retry", "5", "--timeout", "120", "--auto-retry",
                       "--not-before", "2030-01-01T10:00:00", "--created-by", "ops",
                       "--operator", "alice")
        self.assertEqual(run.exit, 0, run)
        task = run.json()
        self.assertEqual(task["priority"], "P1")
        self.assertEqual(task["task_description"], "all of it")
        self.assertEqual(json.loads(task["task_params"]), {"a": [1, 2]})
        self.assertEqual(task["max_retry"], 5)
        self.assertEqual(task["timeout_seconds"], 120)
        self.assertTrue(task["auto_retry"])
        self.assertTrue(task["not_before"].startswith("2030-01-01T10:00"), task)
        self.assertEqual(task["created_by"], "ops")
        # not due before 2030: nothing to claim
        self.assertEqual(opentask("claim", "--bot", owner).exit, 3)
        logs = opentask("logs", str(task["id"])).json()
        self.assertEqual(logs[-1]["operator"], "alice")

    def test_an_idempotency_key_gives_the_same_task_and_another_body_is_exit_code_4(self):
        careful = bot("careful")
        key = "cli-" + careful
        first = opentask("create", "--to", careful, "--name", "once", "--idempotency-key", key, "--field", "id")
        again = opentask("create", "--to", careful, "--name", "once", "--idempotency-key", key, "--field", "id")
        other = opentask("create", "--to", careful, "--name", "twice", "--idempotency-key", key)

        self.assertEqual(first.exit, 0, first)
        self.assertRegex(first.out.strip(), r"^\d+$")
        self.assertEqual(again.out, first.out)
        self.assertEqual(other.exit, 4, other)
        self.assertIn("422", other.err)
        self.assertEqual(len(opentask("list", "--bot", careful).json()), 1)

    def test_list_filters_and_prints_a_table(self):
        lister = bot("lister")
        urgent = create(lister, "urgent one", "--priority", "P0")
        create(lister, "normal one")

        every = opentask("list", "--bot", lister)
        p0 = opentask("list", "--bot", lister, "--priority", "P0", "--status", "pending")
        table = opentask("list", "--bot", lister, "--format", "table")
        page = opentask("list", "--bot", lister, "--limit", "1", "--offset", "1")

        self.assertEqual(len(every.json()), 2)
        self.assertEqual([t["id"] for t in p0.json()], [urgent["id"]])
        lines = table.out.splitlines()
        self.assertEqual(len(lines), 3, table)
        for column in ("ID", "PRIORITY", "STATUS", "ASSIGNED_TO", "TASK_NAME"):
            self.assertIn(column, lines[0])
        self.assertTrue(any("urgent one" in line and "P0" in line for line in lines[1:]), table)
        self.assertEqual(len(page.json()), 1)
        self.assertEqual(page.json()[0]["id"], every.json()[1]["id"])

    def test_show_as_json_table_field_and_as_it_was(self):
        shown = bot("shown")
        task = create(shown, "look at me")
        # times are printed to the second: a second after its creation, the task was as created
        created = datetime.datetime.fromisoformat(task["created_time"][:19])
        before = (created + datetime.timedelta(seconds=1)).isoformat()
        time.sleep(1.2)
        opentask("update", str(task["id"]), "--name", "renamed")

        now = opentask("show", str(task["id"]))
        table = opentask("show", str(task["id"]), "--format", "table")
        field = opentask("show", str(task["id"]), "--field", "task_name")
        then = opentask("show", str(task["id"]), "--at", before)

        self.assertEqual(now.json()["task_name"], "renamed")
        self.assertRegex(table.out, r"(?m)^task_name\s+renamed$")
        self.assertEqual(field.out, "renamed\n")
        self.assertEqual(then.exit, 0, then)
        self.assertEqual(then.json()["task_name"], "look at me")

    def test_update_retry_cancel_start_and_delete(self):
        ops = bot("ops")
        task = create(ops, "to edit", "--max-retry", "1")
        tid = str(task["id"])

        updated = opentask("update", tid, "--name", "edited", "--priority", "P0", "--progress", "10",
                           "--params", '{"x": 1}', "--description", "new")
        self.assertEqual(updated.exit, 0, updated)
        self.assertEqual(updated.json()["task_name"], "edited")
        self.assertEqual(updated.json()["priority"], "P0")
        self.assertEqual(updated.json()["progress"], 10)

        started = opentask("start", tid)
        self.assertEqual(started.json()["status"], "running")
        opentask("fail", tid, "broke")
        retried = opentask("retry", tid)
        self.assertEqual(retried.exit, 0, retried)
        self.assertEqual(retried.json()["status"], "pending")
        self.assertEqual(retried.json()["retry_count"], 1)

        cancelled = opentask("cancel", tid, "--reason", "no longer needed")
        self.assertEqual(cancelled.exit, 0, cancelled)
        self.assertEqual(cancelled.json()["status"], "cancelled")
        self.assertIn("no longer needed", json.dumps(opentask("logs", tid).json()[0]))

        deleted = opentask("delete", tid)
        self.assertEqual(deleted.exit, 0, deleted)
        self.assertEqual(deleted.json(), {"id": task["id"], "deleted": True})
        self.assertEqual(opentask("show", tid).exit, 5)
        self.assertEqual(opentask("logs", tid).json()[0]["action"], "delete")

    def test_exhausted_lists_failed_tasks_out_of_retries(self):
        dead = bot("dead")
        task = create(dead, "no retries", "--max-retry", "0")
        opentask("claim", "--bot", dead)
        opentask("fail", str(task["id"]), "gone")

        exhausted = opentask("list", "--bot", dead, "--status", "failed", "--exhausted")

        self.assertEqual([t["id"] for t in exhausted.json()], [task["id"]])

    def test_stats_today_and_daily_as_json_and_table(self):
        counted = bot("counted")
        create(counted, "counted today")

        today = opentask("stats")
        today_table = opentask("stats", "today", "--format", "table")
        daily = opentask("stats", "daily", "--bot", counted)
        daily_table = opentask("stats", "daily", "--by", "day", "--format", "table")

        self.assertEqual(today.exit, 0, today)
        self.assertEqual(today.json()[counted]["pending"], 1)
        self.assertTrue(today_table.out.startswith("BOT"), today_table)
        self.assertRegex(today_table.out, r"(?m)^%s\s+1\s+1\s+0\s+0\s+0\s+0$" % counted)
        self.assertEqual(daily.exit, 0, daily)
        self.assertIn("days", daily.json())
        self.assertEqual(daily_table.exit, 0, daily_table)
        self.assertIn(" .. ", daily_table.out.splitlines()[0])


class RetryTest(unittest.TestCase):

    def test_a_refused_connection_is_retried_until_the_service_answers(self):
        port = free_port()
        waiting = subprocess.Popen(CLI + ["list", "--limit", "1", "--retry-for", "30"],
                                   env=dict(os.environ, OPENTASK_URL="http://127.0.0.1:%d" % port,
                                            OPENTASK_KEY=KEY),
                                   stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
        try:
            time.sleep(1.5)
            self.assertIsNone(waiting.poll(), "the client still tries")
            forwarder = Forwarder(port)
            try:
                out, err = waiting.communicate(timeout=60)
            finally:
                forwarder.close()
        finally:
            if waiting.poll() is None:
                waiting.kill()
        self.assertEqual(waiting.returncode, 0, err)
        self.assertIsInstance(json.loads(out), list)

    def test_a_503_is_retried_after_the_time_retry_after_names(self):
        forwarder = Forwarder(free_port(), refusals=2, retry_after="2")
        try:
            run = opentask("stats", url="http://127.0.0.1:%d" % forwarder.server_port)
        finally:
            forwarder.close()
        self.assertEqual(run.exit, 0, run)
        self.assertEqual(len(forwarder.arrivals), 3)
        gaps = [b - a for a, b in zip(forwarder.arrivals, forwarder.arrivals[1:])]
        # the client's own first steps are a quarter and half a second: these waits are the service's
        self.assertGreaterEqual(min(gaps), 1.9, gaps)

    def test_retrying_is_bounded_and_then_exit_code_1(self):
        forwarder = Forwarder(free_port(), refusals=1000)
        try:
            run = opentask("list", "--retry-for", "2", url="http://127.0.0.1:%d" % forwarder.server_port)
        finally:
            forwarder.close()
        self.assertEqual(run.exit, 1, run)
        self.assertIn("503", run.err)
        self.assertIn("gave up after", run.err)
        self.assertGreater(len(forwarder.arrivals), 2)
        self.assertLess(len(forwarder.arrivals), 1000)

    def test_retry_for_0_tries_once(self):
        forwarder = Forwarder(free_port(), refusals=1000)
        try:
            run = opentask("list", "--retry-for", "0", url="http://127.0.0.1:%d" % forwarder.server_port)
        finally:
            forwarder.close()
        self.assertEqual(run.exit, 1, run)
        self.assertEqual(len(forwarder.arrivals), 1)


if __name__ == "__main__":
    unittest.main()
