#!/usr/bin/env bash
# The whole story on embedded defaults: a throwaway key, SQLite, the bundled example letters.
set -euo pipefail
cd "$(dirname "$0")/.."
demo=demo-run
rm -rf "$demo"
mkdir -p "$demo"
# The demo's settings live in a file, so the commands it prints at the end work in any shell.
# Settings the caller's environment holds would win over the file: the demo runs without them.
while read -r name; do unset "$name"; done < <(compgen -e | grep '^NAPISHY_' || true)
(umask 077 && cat > "$demo/settings.env" <<SETTINGS
NAPISHY_DATA_DIR=$PWD/$demo/data
NAPISHY_PUBLIC_KEY_FILE=$PWD/$demo/keys/public.key
NAPISHY_KEY_PASSPHRASE=demo passphrase - throwaway
NAPISHY_OPERATOR=demo-operator
NAPISHY_IMPORT_MAILBOXES=association
SETTINGS
)
settings="$PWD/$demo/settings.env"
napishy() { .venv/bin/napishy --env-file "$settings" "$@"; }

echo "== 1. a throwaway organisers' key (the service only ever sees public.key)"
napishy keys generate --out "$demo/keys"
echo
echo "== 2. import the example letters (examples/*.eml) into the 'association' mailbox"
napishy import examples --mailbox association
echo
echo "== 3. the queue: anonymised, classified, waiting for an operator"
napishy queue
echo
first=$(napishy queue --status pending --kind letter --json | .venv/bin/python -c 'import json,sys; print(json.load(sys.stdin)[0]["id"])')
echo "== 4. one letter as an operator sees it (napishy show $first)"
napishy show "$first"
echo
echo "== 5. review: spam rejected in one step, the letters approved"
napishy reject --kind spam --reason "spam"
letters=$(napishy queue --status pending --kind letter --json | .venv/bin/python -c 'import json,sys; print(" ".join(e["id"] for e in json.load(sys.stdin) if e["recipients"]))')
# shellcheck disable=SC2086 # one argument per id
napishy approve $letters
napishy audit verify
echo
echo "== 6. exports (--force: the real publication waits for May 21; before it, publication-DRAFT/)"
napishy export publication --out "$demo/publication" --force
publication="$demo/publication"
[ -d "$demo/publication-DRAFT" ] && publication="$demo/publication-DRAFT"
echo "-- the families' PDFs, each encrypted with its own passphrase (printed once, here)"
napishy export relatives --out "$demo/relatives" --language ru
echo
echo "== 7. the original stays sealed; organisers open it offline with the private key"
napishy open "$first" --private-key "$demo/keys/private.key" --out "$demo/original-$first.eml"
echo
echo "Open in a browser: file://$PWD/$publication/index.html"
echo "The families' PDFs (open with the passphrases above): $PWD/$demo/relatives/"
echo
echo "The napishy command is $PWD/.venv/bin/napishy (or run 'source .venv/bin/activate' first)."
echo "The demo's queue:"
echo "  $PWD/.venv/bin/napishy --env-file $settings queue"
