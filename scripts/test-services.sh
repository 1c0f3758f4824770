#!/usr/bin/env bash
# Makes sure the databases the tests use are up on this machine: PostgreSQL on 127.0.0.1:5432 and MariaDB on
# 127.0.0.1:3306 (both with a database named "test"). Starts a stopped one with the machine's own start command.
# A machine without them is fine: the tests that need them skip, naming the reason (or fail under
# -Dairouter.require-all=true, as CI runs them).
set -u

if command -v pg_isready >/dev/null 2>&1; then
  if ! pg_isready -q -h 127.0.0.1 -p 5432; then
    echo "Starting PostgreSQL"
    pg_ctlcluster --skip-systemctl-redirect "$(ls /etc/postgresql | head -n 1)" main start || true
    for _ in $(seq 1 30); do pg_isready -q -h 127.0.0.1 -p 5432 && break; sleep 1; done
  fi
fi

if command -v mariadbd >/dev/null 2>&1 || [ -x /usr/sbin/mariadbd ]; then
  if ! mariadb-admin -h 127.0.0.1 -u root ping >/dev/null 2>&1; then
    echo "Starting MariaDB"
    start-stop-daemon --start --oknodo --background --exec /usr/sbin/mariadbd || true
    for _ in $(seq 1 30); do mariadb-admin -h 127.0.0.1 -u root ping >/dev/null 2>&1 && break; sleep 1; done
  fi
fi
exit 0
