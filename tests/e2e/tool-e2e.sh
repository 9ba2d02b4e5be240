#!/usr/bin/env bash
# End-to-end test of the installed tool: `dotnet pack` the tool, `dotnet tool install --tool-path` it from the local
# package, and run the installed dotnet-kms-encrypt against moto (started here on a free loopback port):
# init -> set -> the sample (core provider) reads the value -> check passes on that file and fails on a planted
# plaintext password in another; then value, file, rotate, decrypt, policy, init --local, --region/--profile
# (endpoint_url and a services section) against a key that exists only in another region, and the refusals of a
# secret typed as an argument and of a read-only file.
# Prints what every verb printed. Exits non-zero on the first failed expectation.
set -euo pipefail

repo=$(cd "$(dirname "$0")/../.." && pwd)
work=$(mktemp -d "${TMPDIR:-/tmp}/kms-encrypt-e2e.XXXXXX")
moto_pid=""
package=""

cleanup() {
  if [[ -n "$moto_pid" ]]; then
    kill "$moto_pid" 2>/dev/null || true
    wait "$moto_pid" 2>/dev/null || true
  fi
  rm -rf "$work"
  # This run's one-off package version is of no use to anyone afterwards.
  if [[ -n "$package" ]]; then rm -f "$package"; fi
}
trap cleanup EXIT

fail() { echo "E2E FAILED: $*" >&2; exit 1; }

# Runs the installed tool, captures stdout, stderr and the exit code, and shows all three.
run() {
  local stdin_text=$1; shift
  echo
  echo "\$ dotnet-kms-encrypt $*"
  set +e
  if [[ -n "$stdin_text" ]]; then
    printf '%s' "$stdin_text" | "$tool" "$@" >"$work/out" 2>"$work/err"
  else
    "$tool" "$@" </dev/null >"$work/out" 2>"$work/err"
  fi
  rc=$?
  set -e
  out=$(cat "$work/out"); err=$(cat "$work/err")
  [[ -n "$out" ]] && sed 's/^/  stdout| /' "$work/out"
  [[ -n "$err" ]] && sed 's/^/  stderr| /' "$work/err"
  echo "  exit  | $rc"
}

expect_rc() { [[ "$rc" == "$1" ]] || fail "expected exit code $1, got $rc"; }
expect_no_secret() { ! grep -qF -- "$1" "$work/out" "$work/err" || fail "a secret appeared in the tool's output"; }

echo "== Pack the tool with a unique version (a cached package can never be picked)"
version="0.1.0-e2e.$(date +%s).$$"
dotnet pack "$repo/src/KmsConfig.Tool" -c Release -p:PackageVersion="$version" --nologo -v quiet
package="$repo/artifacts/packages/KmsConfig.Tool.$version.nupkg"
[[ -f "$package" ]] || fail "dotnet pack did not produce $package"

echo "== Install it from the local package only (private NuGet cache and config)"
cat >"$work/nuget.config" <<XML
<?xml version="1.0" encoding="utf-8"?>
<configuration>
  <packageSources>
    <clear />
    <add key="local" value="$repo/artifacts/packages" />
  </packageSources>
</configuration>
XML
NUGET_PACKAGES="$work/nuget-cache" dotnet tool install KmsConfig.Tool --version "$version" \
  --tool-path "$work/tools" --configfile "$work/nuget.config"
tool="$work/tools/dotnet-kms-encrypt"
[[ -x "$tool" ]] || fail "the installed tool is missing"

echo "== Start moto on a free loopback port"
source "$repo/tests/e2e/moto.sh"

app="$work/app"
mkdir -p "$app"
cd "$app"
git init -q . && git config user.email e2e@example.invalid && git config user.name e2e
cat >appsettings.Production.json <<'JSON'
{
  // Orders service, production settings.
  "ConnectionStrings": {
    "Cache": "localhost:6379"
  },
  "Logging": { "LogLevel": { "Default": "Warning" } }
}
JSON
git add . && git commit -qm "settings"

secret='Server=orders-db;Database=orders;User Id=app;Password=E2e-S3cret-Pa55'

echo; echo "== init: write the KmsConfig section"
run "" init appsettings.Production.json --key-id alias/orders-config --context app=orders
expect_rc 0
git commit -qam "init"

echo; echo "== set: encrypt the connection string from stdin"
run "$secret" set appsettings.Production.json ConnectionStrings:Default
expect_rc 0; expect_no_secret "$secret"
[[ -z "$out" ]] || fail "set printed on stdout"
echo "git diff --numstat: $(git diff --numstat)"
[[ "$(git diff --numstat)" == $'1\t0\tappsettings.Production.json' ]] || { git diff; fail "set changed more than one line"; }
git commit -qam "set"

echo; echo "== the sample (core provider) reads what the installed tool wrote"
sample_out=$(dotnet run --project "$repo/samples/KmsConfig.Sample" -- --settings "$app/appsettings.Production.json" 2>&1) \
  || { echo "$sample_out"; fail "the sample could not read the file"; }
echo "$sample_out" | sed 's/^/  sample| /'
# The sample exits non-zero when a value does not decrypt, and lists the keys it decrypted (values masked).
grep -q "ConnectionStrings:Default" <<<"$sample_out" || fail "the sample did not decrypt ConnectionStrings:Default"
! grep -qF "$secret" <<<"$sample_out" || fail "the sample printed the secret"

echo; echo "== decrypt (needs kms:Decrypt): round trip, using --endpoint-url instead of the environment"
AWS_ENDPOINT_URL_KMS= run "" decrypt appsettings.Production.json ConnectionStrings:Default --endpoint-url "http://127.0.0.1:$port"
expect_rc 0
[[ "$out" == "$secret" ]] || fail "decrypt did not return the secret"

echo; echo "== check: the encrypted file passes"
run "" check appsettings.Production.json
expect_rc 0
[[ -z "$out" ]] || fail "check reported findings in the encrypted file"

echo; echo "== check: a planted plaintext password in another file fails the gate"
planted='Planted-Pa55w0rd!'
cat >appsettings.Development.json <<JSON
{
  "Smtp": {
    "Host": "smtp.example.com",
    "Password": "$planted"
  }
}
JSON
run "" check appsettings.Production.json appsettings.Development.json
expect_rc 1; expect_no_secret "$planted"
grep -Eq '^appsettings\.Development\.json\(4,17\): warning KMS100[34]: .*Smtp:Password' "$work/out" \
  || fail "check did not report Smtp:Password at (4,17) as an MSBuild-style warning"
run "" check . --format json
expect_rc 1
python3 -c 'import json,sys; f=json.load(open(sys.argv[1])); assert len(f)==1 and f[0]["keyPath"]=="Smtp:Password" and f[0]["severity"]=="warning", f' "$work/out" \
  || fail "check --format json is not the expected JSON"

echo; echo "== file: encrypt the flagged values in place (dry run first)"
run "" file appsettings.Development.json --dry-run --key-id alias/orders-config --context app=orders
expect_rc 0; [[ "$out" == "Smtp:Password" ]] || fail "file --dry-run listed the wrong paths"
run "" file appsettings.Development.json --key-id alias/orders-config --context app=orders
expect_rc 0; expect_no_secret "$planted"
run "" check .
expect_rc 0

echo; echo "== value: a kms:v1: string for an environment variable"
run "ci-token-value" value Payments:ApiKey --settings appsettings.Production.json
expect_rc 0; expect_no_secret "ci-token-value"
[[ "$out" == kms:v1:* ]] || fail "value did not print a kms:v1: string"

echo; echo "== rotate: fold the file's data keys into one"
run "second-secret" set appsettings.Production.json Payments:ApiKey
expect_rc 0
run "" rotate appsettings.Production.json
expect_rc 0
fingerprints=$(grep -o '"kms:v1:[^:"]*' appsettings.Production.json | sort -u | wc -l)
[[ "$fingerprints" == 1 ]] || fail "rotate left $fingerprints wrapped data keys"
run "" decrypt appsettings.Production.json
expect_rc 0
grep -qF "\"Default\": \"$secret\"" "$work/out" || fail "after rotate, decrypt did not show the connection string"
sample_out=$(dotnet run --project "$repo/samples/KmsConfig.Sample" --no-build -- --settings "$app/appsettings.Production.json" 2>&1) \
  || { echo "$sample_out"; fail "the sample could not read the rotated file"; }
echo "$sample_out" | sed 's/^/  sample| /'
grep -q "Payments:ApiKey" <<<"$sample_out" && grep -q "ConnectionStrings:Default" <<<"$sample_out" \
  || fail "the sample did not decrypt both rotated values"

echo; echo "== rotate two files at once: one data key across both"
before=$(cat appsettings.Production.json appsettings.Development.json | grep -o '"kms:v1:[^:"]*' | sort -u | wc -l)
[[ "$before" == 2 ]] || fail "before the two-file rotate, expected 2 wrapped data keys across the files, found $before"
run "" rotate appsettings.Production.json appsettings.Development.json
expect_rc 0; expect_no_secret "$secret"; expect_no_secret "$planted"
grep -qx "appsettings.Development.json: Smtp:Password" "$work/out" || fail "rotate of two files did not prefix key paths with the file"
fingerprints=$(cat appsettings.Production.json appsettings.Development.json | grep -o '"kms:v1:[^:"]*' | sort -u | wc -l)
[[ "$fingerprints" == 1 ]] || fail "rotate of two files left $fingerprints wrapped data keys across them"
run "" decrypt appsettings.Development.json Smtp:Password
expect_rc 0; [[ "$out" == "$planted" ]] || fail "after the two-file rotate, decrypt did not return the Smtp password"
sample_out=$(dotnet run --project "$repo/samples/KmsConfig.Sample" --no-build -- --settings "$app/appsettings.Production.json" 2>&1) \
  || { echo "$sample_out"; fail "the sample could not read the file rotated with another"; }
grep -q "ConnectionStrings:Default" <<<"$sample_out" || fail "the sample did not decrypt the file rotated with another"

echo; echo "== the sample's README on moto: rotate its file from the local sample key to a KMS key, then run it"
sample_copy="$work/sample-settings"
mkdir -p "$sample_copy"
cp "$repo/samples/KmsConfig.Sample/appsettings.Production.json" "$sample_copy/"
(
  cd "$sample_copy"
  KMSCONFIG_LOCAL_KEY_DIR="$repo/samples/KmsConfig.Sample/sample-keys" run "" rotate appsettings.Production.json --to-key-id "$key_arn"
  expect_rc 0
  grep -qF "\"KeyId\": \"$key_arn\"" appsettings.Production.json || fail "rotate did not record the KMS key as the sample file's KeyId"
  ! grep -q "local:sample" appsettings.Production.json || fail "a value of the sample file still uses the local sample key"
)
sample_out=$(dotnet run --project "$repo/samples/KmsConfig.Sample" --no-build -- --settings "$sample_copy/appsettings.Production.json" 2>&1) \
  || { echo "$sample_out"; fail "the sample could not read its file rotated to the KMS key"; }
echo "$sample_out" | sed 's/^/  sample| /'
grep -q "3 values were decrypted" <<<"$sample_out" || fail "the sample did not decrypt its three values from KMS"

echo; echo "== --region and --profile: a key that exists only in eu-west-1"
python3 - <<PY
import boto3
kms = boto3.client("kms", endpoint_url="http://127.0.0.1:$port", region_name="eu-west-1",
                   aws_access_key_id="test", aws_secret_access_key="test")
kms.create_alias(AliasName="alias/eu-config", TargetKeyId=kms.create_key()["KeyMetadata"]["KeyId"])
PY
run "eu-secret" value Payments:ApiKey --key-id alias/eu-config
expect_rc 3; expect_no_secret "eu-secret"
grep -q "not found in this account and region" "$work/err" || fail "without --region the eu-west-1 key should not be found"
run "eu-secret" value Payments:ApiKey --key-id alias/eu-config --region eu-west-1
expect_rc 0; expect_no_secret "eu-secret"
grep -q '^kms:v1:' "$work/out" || fail "--region eu-west-1 did not reach the eu-west-1 key"
# A named profile alone supplies credentials, region and endpoint: no AWS_* variable is set for this run.
cat >"$work/aws-config" <<INI
[profile e2e-eu]
region = eu-west-1
endpoint_url = http://127.0.0.1:$port
INI
cat >"$work/aws-credentials" <<INI
[e2e-eu]
aws_access_key_id = test
aws_secret_access_key = test

[e2e-services]
aws_access_key_id = test
aws_secret_access_key = test
INI
# The same reached through a 'services' section, as AWS_PROFILE would resolve it.
cat >"$work/aws-config-services" <<INI
[profile e2e-services]
region = eu-west-1
services = e2e-moto

[services e2e-moto]
kms =
  endpoint_url = http://127.0.0.1:$port
INI
(
  unset AWS_ACCESS_KEY_ID AWS_SECRET_ACCESS_KEY AWS_REGION AWS_ENDPOINT_URL_KMS
  export AWS_CONFIG_FILE="$work/aws-config" AWS_SHARED_CREDENTIALS_FILE="$work/aws-credentials"
  run "eu-secret" value Payments:ApiKey --key-id alias/eu-config --profile e2e-eu
  expect_rc 0; expect_no_secret "eu-secret"
  grep -q '^kms:v1:' "$work/out" || fail "--profile e2e-eu did not reach the eu-west-1 key"
  run "eu-secret" value Payments:ApiKey --key-id alias/eu-config --profile no-such-profile
  expect_rc 3
  grep -q "profile 'no-such-profile' was not found" "$work/err" || fail "an unknown profile was not reported"
  export AWS_CONFIG_FILE="$work/aws-config-services"
  run "eu-secret" value Payments:ApiKey --key-id alias/eu-config --profile e2e-services
  expect_rc 0; expect_no_secret "eu-secret"
  grep -q '^kms:v1:' "$work/out" || fail "--profile with a services section did not reach the eu-west-1 key"
)

echo; echo "== policy: the key policy for the app role, developers and the rotating role"
run "" policy --key-arn "$key_arn" --app-role arn:aws:iam::123456789012:role/orders-app \
  --developer-role arn:aws:iam::123456789012:role/developers --rotator-role arn:aws:iam::123456789012:role/secrets-rotation \
  --context app=orders
expect_rc 0
python3 -c '
import json, sys
p = json.load(open(sys.argv[1]))
s = {x["Sid"]: x for x in p["Statement"]}
assert s["Enable IAM policies"]["Principal"]["AWS"] == "arn:aws:iam::123456789012:root"
assert s["AllowApplicationDecryptUnderItsContext"]["Action"] == "kms:Decrypt"
assert "kms:Decrypt" not in s["AllowDevelopersEncryptOnly"]["Action"]
assert s["DenyDevelopersDecrypt"]["Effect"] == "Deny"
assert s["AllowRotatorsDecryptAndEncryptUnderItsContext"]["Action"] == ["kms:Decrypt", "kms:GenerateDataKey"]
assert s["AllowRotatorsDecryptAndEncryptUnderItsContext"]["Condition"]["StringEquals"]["kms:EncryptionContext:app"] == "orders"
' "$work/out" || fail "policy printed an unexpected policy"

echo; echo "== init --local: an owner-only local key"
KMSCONFIG_LOCAL_KEY_DIR="$work/keys" run "" init local.json --local dev
expect_rc 0
[[ "$(stat -c %a "$out")" == 600 ]] || fail "the local key is not owner-only"

echo; echo "== usage errors and leftovers"
run "" set appsettings.Production.json
expect_rc 2
# A secret typed as an argument by mistake is refused and never repeated.
run "" set appsettings.Production.json Payments:ApiKey 'Argv-S3cret-Typed-By-Mistake'
expect_rc 2; expect_no_secret 'Argv-S3cret-Typed-By-Mistake'
# A read-only file is left alone, before the secret is read.
cp appsettings.Production.json readonly.json && chmod 444 readonly.json
run "ro-secret" set readonly.json Payments:ApiKey
expect_rc 4; expect_no_secret "ro-secret"
cmp -s appsettings.Production.json readonly.json || fail "set changed a read-only file"
rm -f readonly.json
leftovers=$(ls -A "$app" | grep -v -x -e .git -e appsettings.Production.json -e appsettings.Development.json -e local.json || true)
[[ -z "$leftovers" ]] || fail "files were left behind: $leftovers"

echo
echo "E2E PASSED: installed dotnet-kms-encrypt $version (init, set, decrypt, check, file, value, rotate (one file and two at once), policy; --endpoint-url, --region, --profile with endpoint_url and with a services section) against moto; the sample read its output."
