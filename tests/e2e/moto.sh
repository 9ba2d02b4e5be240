# Sourced by the end-to-end scripts: starts moto (our local KMS) on a free loopback port, points the standard AWS SDK
# environment at it, and creates the key alias/orders-config. Sets port, moto_pid and key_arn; the caller stops moto
# by pid (its cleanup trap) and provides fail() and $work.

port=$(python3 -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1]); s.close()')
python3 -m moto.server -H 127.0.0.1 -p "$port" >"$work/moto.log" 2>&1 &
moto_pid=$!
for _ in $(seq 1 100); do
  if curl -s -o /dev/null -X POST -H 'X-Amz-Target: TrentService.ListKeys' -H 'Content-Type: application/x-amz-json-1.1' \
      -d '{}' "http://127.0.0.1:$port/"; then
    break
  fi
  kill -0 "$moto_pid" 2>/dev/null || { cat "$work/moto.log" >&2; fail "moto did not start"; }
  sleep 0.2
done

# The standard AWS SDK environment, pointed at moto.
export AWS_ACCESS_KEY_ID=test AWS_SECRET_ACCESS_KEY=test AWS_REGION=us-east-1
export AWS_ENDPOINT_URL_KMS="http://127.0.0.1:$port"
unset AWS_PROFILE AWS_DEFAULT_PROFILE AWS_ENDPOINT_URL AWS_SESSION_TOKEN
key_arn=$(python3 - <<PY
import boto3
kms = boto3.client("kms", endpoint_url="http://127.0.0.1:$port", region_name="us-east-1",
                   aws_access_key_id="test", aws_secret_access_key="test")
arn = kms.create_key()["KeyMetadata"]["Arn"]
kms.create_alias(AliasName="alias/orders-config", TargetKeyId=arn)
print(arn)
PY
)
echo "moto pid $moto_pid on port $port; key $key_arn (alias/orders-config)"
