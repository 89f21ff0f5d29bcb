#!/usr/bin/env bash
# The whole story on embedded defaults: a throwaway key, SQLite, the bundled example letters.
set -euo pipefail
cd "$(dirname "$0")/.."
demo=demo-run
rm -rf "$demo"
mkdir -p "$demo"
export NAPISHY_DATA_DIR="$PWD/$demo/data"
export NAPISHY_PUBLIC_KEY_FILE="$PWD/$demo/keys/public.key"
export NAPISHY_KEY_PASSPHRASE="demo passphrase - throwaway"
export NAPISHY_OPERATOR="demo-operator"
napishy() { .venv/bin/napishy --env-file /dev/null "$@"; }

echo "== 1. a throwaway organisers' key (the service only ever sees public.key)"
napishy keys generate --out "$demo/keys"
echo
echo "== 2. import the example letters (examples/*.eml) into the 'association' mailbox"
napishy import examples --mailbox association
echo
echo "== 3. the queue"
napishy queue
