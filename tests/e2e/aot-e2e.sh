#!/usr/bin/env bash
# End-to-end test of the provider in a Native AOT app: publishes the sample with PublishAot (warnings are errors, so a
# trim or AOT warning from KmsConfig or the AWS SDK fails the publish), then runs the native binary offline on the
# local sample key, against moto (started here on a free loopback port) with a file the tool encrypted, with a wrong
# encryption context, and with KMS down. Exits non-zero on the first failed expectation.
set -euo pipefail

repo=$(cd "$(dirname "$0")/../.." && pwd)
work=$(mktemp -d "${TMPDIR:-/tmp}/kms-aot-e2e.XXXXXX")
moto_pid=""

cleanup() {
  if [[ -n "$moto_pid" ]]; then
    kill "$moto_pid" 2>/dev/null || true
    wait "$moto_pid" 2>/dev/null || true
  fi
  rm -rf "$work"
}
trap cleanup EXIT

fail() { echo "AOT E2E FAILED: $*" >&2; exit 1; }

# Runs the native sample; keeps its output (stdout and stderr) in $out and its exit code in $rc.
run_sample() {
  echo
  echo "\$ KmsConfig.Sample $*"
  set +e
  out=$(timeout 120 "$work/aot/KmsConfig.Sample" "$@" 2>&1)
  rc=$?
  set -e
  sed 's/^/  | /' <<<"$out"
  echo "  exit $rc"
}

echo "== Start moto on a free loopback port"
source "$repo/tests/e2e/moto.sh"

echo "== Encrypt a connection string into a settings file with the tool"
secret='Server=orders-db;Database=orders;User Id=app;Password=Aot-S3cret-Pa55'
echo '{ "Logging": { "LogLevel": { "Default": "Warning" } } }' >"$work/orders.json"
tool() { dotnet run --project "$repo/src/KmsConfig.Tool" -c Release -- "$@"; }
tool init "$work/orders.json" --key-id alias/orders-config --context app=orders
printf '%s' "$secret" | tool set "$work/orders.json" ConnectionStrings:Default

rid=$(dotnet --info | sed -n 's/^ *RID: *//p' | head -1)
echo "== Publish the sample with Native AOT for $rid"
started=$(date +%s)
dotnet publish "$repo/samples/KmsConfig.Sample" -c Release -r "$rid" -p:SamplePublishAot=true -o "$work/aot" --nologo \
  >"$work/publish.log" 2>&1 || { cat "$work/publish.log"; fail "the Native AOT publish failed (a trim or AOT warning is an error)"; }
! grep -E "warning (IL|NETSDK)" "$work/publish.log" || fail "the Native AOT publish warned"
[[ -x "$work/aot/KmsConfig.Sample" ]] || fail "the publish produced no native binary"
echo "published in $(( $(date +%s) - started )) s: $(du -h "$work/aot/KmsConfig.Sample" | cut -f1) native binary"

echo; echo "== Offline, on the local sample key"
run_sample
[[ $rc == 0 ]] || fail "the native sample failed on its own file"
grep -q "3 values were decrypted" <<<"$out" || fail "the native sample did not decrypt its three values"

echo; echo "== AWS KMS (moto) through the AWS SDK, on the file the tool wrote"
run_sample --settings "$work/orders.json"
[[ $rc == 0 ]] || fail "the native sample could not read the file encrypted under the KMS key"
grep -q "ConnectionStrings:Default" <<<"$out" || fail "the native sample did not decrypt ConnectionStrings:Default"
! grep -qF "$secret" <<<"$out" || fail "the native sample printed the secret"

echo; echo "== A wrong encryption context fails the load with the file, key path and key named"
sed 's/"app": "orders"/"app": "billing"/' "$work/orders.json" >"$work/wrong-context.json"
run_sample --settings "$work/wrong-context.json"
[[ $rc != 0 ]] || fail "a wrong encryption context loaded"
grep -q "Could not decrypt 'ConnectionStrings:Default' in 'wrong-context.json' with key '$key_arn'" <<<"$out" \
  || fail "the error does not name the key path, file and key"
grep -q "encryption context" <<<"$out" || fail "the error does not say the encryption context differs"
! grep -qF -e "$secret" -e "kms:v1:" <<<"$out" || fail "the error shows the secret or the ciphertext"

echo; echo "== A file that does not parse fails the load with the file named"
: >"$work/empty.json"
run_sample --settings "$work/empty.json"
[[ $rc != 0 ]] || fail "an empty settings file loaded"
grep -q "empty.json" <<<"$out" || fail "the error does not name the file"

echo; echo "== KMS down: a clear error, no hang"
kill "$moto_pid"; wait "$moto_pid" 2>/dev/null || true; moto_pid=""
run_sample --settings "$work/orders.json"
[[ $rc != 0 && $rc != 124 ]] || fail "with KMS down the native sample did not fail promptly (exit $rc)"
grep -q "KMS could not be reached" <<<"$out" || fail "the error does not say KMS could not be reached"

echo
echo "AOT E2E PASSED: the sample published with Native AOT decrypts offline and through AWS KMS, and fails clearly."
