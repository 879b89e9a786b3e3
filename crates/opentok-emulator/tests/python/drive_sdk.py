"""Drives the official OpenTok Python SDK (PyPI `opentok`) against the emulator.

Usage: python drive_sdk.py BASE_URL API_KEY with OPENTOK_API_SECRET set (key + secret), or
python drive_sdk.py BASE_URL APPLICATION_ID with VONAGE_PRIVATE_KEY_PATH set (the SDK's Vonage
mode; OTHER_PRIVATE_KEY_PATH names another application's key, a refused credential).
Secrets come from the environment or files, never argv.
Prints one JSON object: {call name: "ok" | error text}. Expected failures count as "ok"
when the SDK raised.
"""
import json
import os
import sys
import time

import requests
from opentok import ArchiveModes, Client, MediaModes, OutputModes, Roles, StreamModes
from opentok.broadcast import BroadcastStreamModes
from opentok.endpoints import Endpoints
from opentok.exceptions import AuthError

base, key = sys.argv[1:3]
key_path = os.environ.get("VONAGE_PRIVATE_KEY_PATH")
api_secret = os.environ.get("OPENTOK_API_SECRET")
vonage = key_path is not None


def client(key, secret):
    c = Client(key, secret, api_url=base)
    if vonage:
        # The Vonage mode (a secret that names a key file) forces https://video.api.vonage.com
        # and ignores api_url: point the SDK's endpoint table at the emulator instead.
        c.endpoints = Endpoints(base, key)
    return c


if not vonage and not api_secret:
    sys.exit("set OPENTOK_API_SECRET (key + secret) or VONAGE_PRIVATE_KEY_PATH (Vonage mode)")
ot = client(key, key_path if vonage else api_secret)
assert ot._using_vonage == vonage
results = {}


def check(name, fn):
    try:
        fn()
        results[name] = "ok"
    except Exception as e:  # noqa: BLE001 - every failure is reported
        results[name] = "%s: %s" % (type(e).__name__, e)


def fails(name, fn):
    try:
        fn()
        results[name] = "expected an error, got success"
    except Exception:  # noqa: BLE001
        results[name] = "ok"


def refused(name, fn):
    """Passes when the SDK reports the service's 403: its AuthError, raised or (session
    create) wrapped in a RequestError."""
    try:
        fn()
        results[name] = "expected an error, got success"
    except Exception as e:  # noqa: BLE001
        if isinstance(e, AuthError) or isinstance(e.__context__, AuthError):
            results[name] = "ok"
        else:
            results[name] = "expected AuthError (403), got %s: %s" % (type(e).__name__, e)


def ctl(method, path, body=None):
    r = requests.request(
        method,
        base + "/_emulator/v1" + path,
        headers=ot.get_json_headers(),
        data=json.dumps(body) if body is not None else None,
        timeout=10,
    )
    if r.status_code >= 300:
        raise RuntimeError("%s %s -> %s %s" % (method, path, r.status_code, r.text))
    return r.json() if r.text else None


def wait_available(archive_id):
    for _ in range(200):
        if ot.get_archive(archive_id).status == "available":
            return
        time.sleep(0.02)
    raise RuntimeError("archive never became available")


s = {}


def sessions():
    s["routed"] = ot.create_session(media_mode=MediaModes.routed).session_id
    s["relayed"] = ot.create_session().session_id
    s["always"] = ot.create_session(
        media_mode=MediaModes.routed,
        archive_mode=ArchiveModes.always,
        archive_name="nm",
        archive_resolution="1280x720",
        location="12.34.56.78",
        e2ee=True,
    ).session_id


check("create_session", sessions)
sid = s["routed"]
tok = ot.generate_token(sid, role=Roles.moderator, data="py")
# T1 tokens need a secret: in the Vonage mode every token is an RS256 JWT.
t1 = ot.generate_token(sid, role=Roles.publisher, use_jwt=vonage)
c = {}


def clients():
    c["mod"] = ctl("POST", "/sessions/%s/connections" % sid, {"token": tok})["connectionId"]
    c["pub"] = ctl("POST", "/sessions/%s/connections" % sid, {"token": t1})["connectionId"]
    c["st"] = ctl(
        "POST", "/sessions/%s/connections/%s/streams" % (sid, c["mod"]), {"videoType": "camera", "name": "py"}
    )["streamId"]


check("generate_token+control_api", clients)
st = c.get("st", "none")
a = {}


def archives():
    a["one"] = ot.start_archive(sid, name="a")
    ot.get_archive(a["one"].id)
    ot.get_archives()
    assert ot.list_archives(offset=0, count=5, session_id=sid).count >= 1
    ot.set_archive_layout(a["one"].id, "bestFit", screenshare_type="horizontalPresentation")
    ot.set_archive_layout(a["one"].id, "custom", stylesheet="stream.instructor {position: absolute;}")


check("start_archive+get+list+layout", archives)


def manual_archive():
    m = ot.start_archive(
        sid, name="m", output_mode=OutputModes.individual, stream_mode=StreamModes.manual, multi_archive_tag="t"
    )
    ot.add_archive_stream(m.id, st, has_audio=True, has_video=False)
    ot.remove_archive_stream(m.id, st)
    a["manual"] = m


check("add/remove_archive_stream", manual_archive)
fails("delete_archive_while_started", lambda: ot.delete_archive(a["one"].id))


def stop_delete():
    ot.stop_archive(a["one"].id)
    a["manual"].stop()
    wait_available(a["one"].id)
    wait_available(a["manual"].id)
    ot.delete_archive(a["one"].id)
    ot.get_archive(a["manual"].id).delete()


check("stop_archive+delete_archive", stop_delete)
fails("start_archive_relayed", lambda: ot.start_archive(s["relayed"]))
check("send_signal", lambda: ot.send_signal(sid, {"type": "chat", "data": "hi"}))
check("send_signal_connection", lambda: ot.send_signal(sid, {"type": "chat", "data": "hi"}, connection_id=c["pub"]))
check("signal", lambda: ot.signal(sid, {"data": "x"}))
fails("send_signal_too_large", lambda: ot.send_signal(sid, {"type": "x" * 200, "data": "x"}))
check("get_stream", lambda: ot.get_stream(sid, st))
fails("get_stream_unknown", lambda: ot.get_stream(sid, "nope"))
check("list_streams", lambda: ot.list_streams(sid))
check("set_stream_class_lists", lambda: ot.set_stream_class_lists(sid, [{"id": st, "layoutClassList": ["focus"]}]))
check("mute_stream", lambda: ot.mute_stream(sid, st))
check("mute_all", lambda: ot.mute_all(sid, [st]))
check("mute_all_none", lambda: ot.mute_all(sid, None))
check("disable_force_mute", lambda: ot.disable_force_mute(sid))
check("play_dtmf", lambda: ot.play_dtmf(sid, None, "1234#"))
check("play_dtmf_connection", lambda: ot.play_dtmf(sid, c["pub"], "1p2"))
check(
    "dial",
    lambda: ot.dial(
        sid,
        tok,
        "sip:user@sip.example.com;transport=tls",
        {
            "from": "14155550101@example.com",
            "headers": {"X-k": "v"},
            "auth": {"username": "u", "password": "p"},
            "secure": True,
            "video": False,
            "observeForceMute": True,
        },
    ),
)
b = {}


def broadcasts():
    b["one"] = ot.start_broadcast(
        sid,
        {
            "layout": {"type": "bestFit"},
            "maxDuration": 3600,
            "maxBitrate": 2000000,
            "outputs": {
                "hls": {"dvr": False, "lowLatency": True},
                "rtmp": [{"id": "r1", "serverUrl": "rtmps://x/live", "streamName": "k"}],
            },
            "resolution": "1280x720",
        },
    )
    ot.get_broadcast(b["one"].id)
    ot.set_broadcast_layout(b["one"].id, "custom", stylesheet="s")
    m = ot.start_broadcast(sid, {"outputs": {"hls": {}}, "multiBroadcastTag": "m"}, stream_mode=BroadcastStreamModes.manual)
    ot.add_broadcast_stream(m.id, st)
    ot.remove_broadcast_stream(m.id, st)
    ot.stop_broadcast(m.id)
    ot.stop_broadcast(b["one"].id)


check("broadcasts", broadcasts)


def renders():
    r = ot.start_render(sid, tok, "https://webapp.example.com", 1800, "1920x1080", {"name": "r"})
    ot.get_render(r.id)
    ot.list_renders()
    ot.list_renders(offset=0, count=10)
    ot.stop_render(r.id)


check("renders", renders)
check(
    "connect_audio_to_websocket",
    lambda: ot.connect_audio_to_websocket(
        sid,
        tok,
        {"uri": "wss://service.example.com/ws", "streams": [st], "headers": {"k": "v"}, "audioRate": 16000, "bidirectional": True},
    ),
)


def captions():
    cap = ot.start_captions(sid, tok, "en-US", 1800, False, "https://cb.example.com/status")
    ot.stop_captions(cap.captions_id)


check("captions", captions)
check("force_disconnect", lambda: ot.force_disconnect(sid, c["pub"]))
fails("force_disconnect_again", lambda: ot.force_disconnect(sid, c["pub"]))
fails("wrong_secret", lambda: Client(key, "0" * 40, api_url=base).create_session())
if vonage:
    refused("wrong_private_key", lambda: client(key, os.environ["OTHER_PRIVATE_KEY_PATH"]).create_session())
    refused("wrong_private_key_archives", lambda: client(key, os.environ["OTHER_PRIVATE_KEY_PATH"]).list_archives())
    refused("wrong_application_id", lambda: client("0a1b2c3d-4e5f-4a6b-8c7d-000000000000", key_path).list_archives())


def events_seen():
    ev = ctl("GET", "/sessions/%s/events" % sid)["items"]
    kinds = {e["type"] for e in ev}
    for k in ("signal", "forceMute", "muteAll", "dtmf", "connectionDestroyed"):
        assert k in kinds, (k, kinds)


check("events_feed", events_seen)
print(json.dumps(results))
