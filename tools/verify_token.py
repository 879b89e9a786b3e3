#!/usr/bin/env python3
"""Checks an OpenTok client token without the project's Rust code: Python standard library only.

The tests run it on tokens the SDK mints, so a mistake shared by core's encoder and core's decoder
cannot go unnoticed. Secrets stay out of argv: the request is one JSON object on stdin,

    {"api_key": "...", "api_secret": "...", "token": "...",
     "session_id": "..." (optional), "now": 1700000000 (optional, Unix seconds)}

and the answer is one JSON object on stdout,

    {"ok": true|false, "type": "T1"|"JWT"|null, "fields": {...}, "problems": ["..."]}

with exit status 0 when `ok`, 1 when a check failed and 2 when the request is unreadable.

T1:  "T1==" + base64(standard, padded) of "partner_id=<key>&sig=<hex HMAC-SHA1(secret, data)>:" + data,
     where data is a form-encoded string holding role, session_id, create_time, nonce and
     optionally expire_time, connection_data, initial_layout_class_list, in any order.
JWT: HS256 over "header.claims" with the secret; claims iss=<key>, ist="project",
     scope="session.connect", role, session_id, iat, exp (and optional extras).
"""
import base64
import binascii
import hashlib
import hmac
import json
import sys
import time
from urllib.parse import parse_qsl

ROLES = {"subscriber", "publisher", "publisheronly", "moderator"}


def b64url(text):
    """Decodes unpadded base64url, strictly."""
    padded = text + "=" * (-len(text) % 4)
    return base64.b64decode(padded.replace("-", "+").replace("_", "/"), validate=True)


def session_fields(session_id):
    """The '~'-separated fields inside a session id, or None when it does not decode."""
    if len(session_id) < 3 or session_id[:2] not in ("1_", "2_"):
        return None
    try:
        return b64url(session_id[2:]).decode("utf-8").split("~")
    except (binascii.Error, ValueError, UnicodeDecodeError):
        return None


def check_common(fields, req, problems):
    """Role, session, and times: the rules both formats share."""
    if fields.get("role") not in ROLES:
        problems.append("role %r is not one of %s" % (fields.get("role"), sorted(ROLES)))
    sid = fields.get("session_id")
    if not sid:
        problems.append("no session_id")
    else:
        if req.get("session_id") is not None and sid != req["session_id"]:
            problems.append("session_id is not the one asked for")
        parts = session_fields(sid)
        if parts is None:
            problems.append("session_id does not decode")
        elif len(parts) < 2 or parts[1] != req["api_key"]:
            problems.append("session_id belongs to another project")
    now = req.get("now", int(time.time()))
    for name in ("create_time", "iat"):
        if name in fields and not str(fields[name]).isdigit():
            problems.append("%s is not a whole number of seconds" % name)
    for name in ("expire_time", "exp"):
        value = fields.get(name)
        if value is None:
            continue
        if not str(value).isdigit():
            problems.append("%s is not a whole number of seconds" % name)
        elif int(value) <= int(now):
            problems.append("%s is not after now" % name)


def check_t1(req, problems):
    try:
        inner = base64.b64decode(req["token"][4:], validate=True).decode("utf-8")
    except (binascii.Error, ValueError, UnicodeDecodeError):
        problems.append("the body after T1== is not base64 of UTF-8 text")
        return {}
    head, sep, data = inner.partition(":")
    if not sep:
        problems.append("no ':' between the signature part and the data")
        return {}
    head_pairs = parse_qsl(head, keep_blank_values=True)
    if [k for k, _ in head_pairs] != ["partner_id", "sig"]:
        problems.append("the signature part is not partner_id then sig")
        return {}
    partner, sig = head_pairs[0][1], head_pairs[1][1]
    if partner != req["api_key"]:
        problems.append("partner_id is not the API key")
    want = hmac.new(req["api_secret"].encode("utf-8"), data.encode("utf-8"), hashlib.sha1).hexdigest()
    if not hmac.compare_digest(sig.lower().encode("ascii", "replace"), want.encode("ascii")):
        problems.append("the HMAC-SHA1 signature does not match")
    fields = {}
    for key, value in parse_qsl(data, keep_blank_values=True):
        if key in fields:
            problems.append("field %s appears twice" % key)
        fields[key] = value
    for key in ("nonce", "create_time"):
        if key not in fields:
            problems.append("no %s" % key)
    if "expire_time" in fields and "create_time" in fields:
        if fields["expire_time"].isdigit() and fields["create_time"].isdigit():
            if int(fields["expire_time"]) <= int(fields["create_time"]):
                problems.append("expire_time is not after create_time")
    check_common(fields, req, problems)
    return fields


def check_jwt(req, problems):
    parts = req["token"].split(".")
    if len(parts) != 3:
        problems.append("a JWT has three dot-separated parts")
        return {}
    try:
        header = json.loads(b64url(parts[0]))
        claims = json.loads(b64url(parts[1]))
        sig = b64url(parts[2])
    except (binascii.Error, ValueError, UnicodeDecodeError):
        problems.append("a part does not decode")
        return {}
    if not isinstance(header, dict) or header.get("alg") != "HS256":
        problems.append("the header's alg is not HS256")
    signed = (parts[0] + "." + parts[1]).encode("ascii")
    want = hmac.new(req["api_secret"].encode("utf-8"), signed, hashlib.sha256).digest()
    if not hmac.compare_digest(sig, want):
        problems.append("the HS256 signature does not match")
    if not isinstance(claims, dict):
        problems.append("the claims are not a JSON object")
        return {}
    if claims.get("iss") != req["api_key"]:
        problems.append("iss is not the API key")
    if claims.get("ist") != "project":
        problems.append("ist is not project")
    if claims.get("scope") != "session.connect":
        problems.append("scope is not session.connect")
    for key in ("iat", "exp", "nonce"):
        if key not in claims:
            problems.append("no %s" % key)
    check_common(claims, req, problems)
    return claims


def main():
    try:
        req = json.load(sys.stdin)
        for key in ("api_key", "api_secret", "token"):
            if not isinstance(req.get(key), str):
                raise ValueError("%s must be a string" % key)
    except ValueError as e:
        print(json.dumps({"ok": False, "type": None, "fields": {}, "problems": [str(e)]}))
        return 2
    problems = []
    if req["token"].startswith("T1=="):
        kind, fields = "T1", check_t1(req, problems)
    elif req["token"].count(".") == 2:
        kind, fields = "JWT", check_jwt(req, problems)
    else:
        kind, fields = None, {}
        problems.append("neither a T1 token nor a JWT")
    print(json.dumps({"ok": not problems, "type": kind, "fields": fields, "problems": problems}))
    return 0 if not problems else 1


if __name__ == "__main__":
    sys.exit(main())
