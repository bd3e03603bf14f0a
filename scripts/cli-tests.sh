#!/usr/bin/env bash
# The opentask client's tests (cli/tests, Python's unittest) against the real service: installs the client with
# `pip install ./cli` into a fresh virtual environment, starts the built jar on a free port with a key of its own,
# runs the tests with the installed `opentask` command, and stops the service.
#
# usage: scripts/cli-tests.sh           (after `./mvnw package`; builds the jar when it is missing)
# env:   DB_URL, DB_USER, DB_PASSWORD   the service's database (default: a new H2 file database under target/)
#        OPENTASK_JAR                  the jar to run (default: app/target/opentask.jar)
set -euo pipefail
cd "$(dirname "$0")/.."

ROOT=$(pwd)
WORK=$ROOT/target/cli-tests
JAR=${OPENTASK_JAR:-$ROOT/app/target/opentask.jar}
PYTHON=${PYTHON:-python3}
rm -rf "$WORK" && mkdir -p "$WORK"

if [ ! -f "$JAR" ]; then
    ./mvnw -B -q -DskipTests -pl app -am package
fi

# A venv of the machine's Python; Debian's own python3 needs python3-venv for it.
if ! "$PYTHON" -m venv "$WORK/venv" 2>"$WORK/venv.err"; then
    cat "$WORK/venv.err"
    if command -v apt-get >/dev/null; then
        echo "installing python3-venv"
        apt-get update -q && DEBIAN_FRONTEND=noninteractive apt-get install -y -q python3-venv
        rm -rf "$WORK/venv"
        "$PYTHON" -m venv "$WORK/venv"
    else
        exit 1
    fi
fi
# The package builds with its own backend and needs nothing from an index.
"$WORK/venv/bin/python" -m pip install --quiet --no-index --disable-pip-version-check "$ROOT/cli"
"$WORK/venv/bin/opentask" --version

PORT=$("$PYTHON" -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')
KEY="cli-tests-$RANDOM$RANDOM$RANDOM"
export DB_URL=${DB_URL:-"jdbc:h2:file:$WORK/db/opentask;DB_CLOSE_ON_EXIT=FALSE;WRITE_DELAY=100"}
OPENTASK_API_KEY=$KEY java -jar "$JAR" --server.port="$PORT" --server.address=127.0.0.1 --management.server.port=0 \
    --logging.file.name="$WORK/service.log" >"$WORK/service.out" 2>&1 &
SERVICE=$!
stop() { kill "$SERVICE" 2>/dev/null && wait "$SERVICE" 2>/dev/null || true; }
trap stop EXIT

for _ in $(seq 1 300); do
    curl -fsS "http://127.0.0.1:$PORT/health" >/dev/null 2>&1 && break
    if ! kill -0 "$SERVICE" 2>/dev/null; then
        tail -50 "$WORK/service.out"; echo "the service did not start"; exit 1
    fi
    sleep 1
done
curl -fsS "http://127.0.0.1:$PORT/health"; echo

OPENTASK_TEST_URL="http://127.0.0.1:$PORT" OPENTASK_TEST_KEY="$KEY" OPENTASK_CLI="$WORK/venv/bin/opentask" \
"$WORK/venv/bin/python" - "$ROOT/cli/tests" <<'PY'
import sys
import unittest

suite = unittest.defaultTestLoader.discover(sys.argv[1], top_level_dir=sys.argv[1])
result = unittest.TextTestRunner(verbosity=2).run(suite)
failed = len(result.failures) + len(result.errors)
print("cli: %d passed, %d failed, %d skipped"
      % (result.testsRun - failed - len(result.skipped), failed, len(result.skipped)))
sys.exit(0 if result.wasSuccessful() and result.testsRun > 0 else 1)
PY
