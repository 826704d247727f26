#!/usr/bin/env bash
# Runs the web server and the background task worker side by side; Ctrl-C stops both.
set -euo pipefail
PY=.venv/bin/python
ADDR="${PTP_ADDR:-127.0.0.1:8000}"
"$PY" manage.py db_worker --interval 1 &
WORKER=$!
"$PY" manage.py runserver "$ADDR" &
WEB=$!
stop() { kill "$WORKER" "$WEB" 2>/dev/null || true; wait 2>/dev/null || true; }
trap stop INT TERM EXIT
echo "Rete PTP: http://$ADDR (Ctrl-C per fermare server e worker)"
wait -n "$WORKER" "$WEB"
