#!/usr/bin/env python3
"""Independent check of docs/format.md: recomputes every test vector from the prose alone (Python `cryptography`)."""
import base64, re, struct, sys, pathlib
from cryptography.hazmat.primitives.ciphers.aead import AESGCM

def lp(text):
    data = text.encode("utf-8")
    return struct.pack(">I", len(data)) + data

def b64url(data):
    return base64.urlsafe_b64encode(data).rstrip(b"=").decode("ascii")

def compute(v):
    key_id = "local:" + v["key id"].split(":", 1)[1]
    context = {} if v["encryption context"] == "(none)" else dict(p.split("=", 1) for p in v["encryption context"].split(", "))
    context["kmsconfig"] = "v1"
    wrap_aad = lp("kmsconfig:local-wrap:v1") + lp(key_id) + b"".join(lp(k) + lp(context[k]) for k in sorted(context))
    data_key = bytes.fromhex(v["data key (hex)"])
    wrap_nonce = bytes.fromhex(v["wrap nonce (hex)"])
    blob = wrap_nonce + AESGCM(base64.b64decode(v["local key (base64)"])).encrypt(wrap_nonce, data_key, wrap_aad)
    key_id_bytes = key_id.encode("utf-8")
    wrapped = bytes([0x02]) + struct.pack(">H", len(key_id_bytes)) + key_id_bytes + blob
    value_aad = lp("kmsconfig:v1") + lp(key_id) + lp(v["key path"].upper())
    nonce = bytes.fromhex(v["value nonce (hex)"])
    sealed = AESGCM(data_key).encrypt(nonce, v["plaintext"].encode("utf-8"), value_aad)
    return "kms:v1:" + ":".join([b64url(wrapped), b64url(nonce), b64url(sealed)])

doc = pathlib.Path(sys.argv[1] if len(sys.argv) > 1 else pathlib.Path(__file__).parents[1] / "format.md").read_text(encoding="utf-8")
vectors = [dict(line.split(":", 1) for line in block.strip().splitlines()) for block in re.findall(r"```vector\n(.*?)```", doc, re.S)]
vectors = [{k.strip(): val.strip() for k, val in v.items()} for v in vectors]
failed = [v["name"] for v in vectors if compute(v) != v["value"]]
print(f"{len(vectors)} vectors, {len(failed)} mismatches {failed}")
sys.exit(1 if failed or not vectors else 0)
