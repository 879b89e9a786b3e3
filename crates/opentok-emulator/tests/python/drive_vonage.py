"""Drives the official Vonage Python SDK (PyPI `vonage` with `vonage-video`) against the
emulator over HTTPS (the SDK only builds `https://` URLs) with application credentials.

Usage: python drive_vonage.py HOST:PORT APPLICATION_ID
The private key is read from the file named by VONAGE_PRIVATE_KEY_PATH (never argv); the key of
another application from OTHER_PRIVATE_KEY_PATH (a refused credential). The emulator's test CA
comes from REQUESTS_CA_BUNDLE.
Prints one JSON object: {call name: "ok" | error text}.
"""
import base64
import json
import os
import sys
import time

import requests
from vonage import Auth, HttpClientOptions, Vonage
from vonage_http_client.errors import HttpRequestError
from vonage_video.errors import InvalidArchiveStateError
from vonage_video.models import (
    AddStreamRequest,
    ArchiveMode,
    AudioConnectorOptions,
    AudioConnectorWebSocket,
    BroadcastHls,
    BroadcastOutputSettings,
    BroadcastRtmp,
    CaptionsOptions,
    ComposedLayout,
    CreateArchiveRequest,
    CreateBroadcastRequest,
    ExperienceComposerOptions,
    InitiateSipRequest,
    ListArchivesFilter,
    ListBroadcastsFilter,
    MediaMode,
    SessionOptions,
    SignalData,
    SipAuth,
    SipOptions,
    StreamLayout,
    StreamLayoutOptions,
    TokenOptions,
    TokenRole,
)

host, app_id = sys.argv[1:3]
base = "https://" + host


def client(application_id, key_path):
    auth = Auth(application_id=application_id, private_key=key_path)
    return Vonage(auth, HttpClientOptions(video_host=host, timeout=10)).video


video = client(app_id, os.environ["VONAGE_PRIVATE_KEY_PATH"])
results = {}


def check(name, fn):
    try:
        fn()
        results[name] = "ok"
    except Exception as e:  # noqa: BLE001 - every failure is reported
        results[name] = "%s: %s" % (type(e).__name__, e)


def refused(name, status, fn, error=HttpRequestError):
    """Passes when the call is refused with HTTP `status`, or with the SDK's `error` for it
    (the SDK maps some replies to its own errors, which carry no response)."""
    try:
        fn()
        results[name] = "expected an error, got success"
    except Exception as e:  # noqa: BLE001
        got = getattr(getattr(e, "response", None), "status_code", None)
        passed = got == status if error is HttpRequestError else isinstance(e, error)
        results[name] = "ok" if passed else "expected %s, got %s: %s: %s" % (status, got, type(e).__name__, e)


def ctl(method, path, body=None):
    """The control API, signed with the SDK's own bearer header."""
    r = requests.request(
        method,
        base + "/_emulator/v1" + path,
        headers={"Authorization": video.http_client.auth.create_jwt_auth_string(), "Content-Type": "application/json"},
        data=json.dumps(body) if body is not None else None,
        timeout=10,
    )
    if r.status_code >= 300:
        raise RuntimeError("%s %s -> %s %s" % (method, path, r.status_code, r.text))
    return r.json() if r.text else None


def claims(jwt):
    part = jwt.split(".")[1]
    return json.loads(base64.urlsafe_b64decode(part + "=" * (-len(part) % 4)))


def token(sid, **kw):
    tok = video.generate_client_token(TokenOptions(session_id=sid, **kw))
    return tok.decode() if isinstance(tok, bytes) else tok


s = {}


def sessions():
    s["routed"] = video.create_session(SessionOptions(media_mode=MediaMode.ROUTED)).session_id
    s["relayed"] = video.create_session(SessionOptions(media_mode=MediaMode.RELAYED)).session_id
    s["default"] = video.create_session().session_id
    s["always"] = video.create_session(
        SessionOptions(media_mode=MediaMode.ROUTED, archive_mode=ArchiveMode.ALWAYS, location="12.34.56.78")
    ).session_id
    raw = s["routed"][2:]
    field1 = base64.urlsafe_b64decode(raw + "=" * (-len(raw) % 4)).decode().split("~")[1]
    assert field1 == app_id, field1


check("create_session", sessions)
sid = s.get("routed", "none")
tok = token(sid, role=TokenRole.MODERATOR, connection_data="py", initial_layout_class_list=["focus"])
pub = token(sid)
c = {}


def clients():
    assert claims(tok)["application_id"] == app_id and claims(tok)["role"] == "moderator", claims(tok)
    c["mod"] = ctl("POST", "/sessions/%s/connections" % sid, {"token": tok})["connectionId"]
    c["pub"] = ctl("POST", "/sessions/%s/connections" % sid, {"token": pub})["connectionId"]
    c["st"] = ctl("POST", "/sessions/%s/connections/%s/streams" % (sid, c["mod"]), {"videoType": "camera", "name": "py"})[
        "streamId"
    ]


check("generate_client_token+join", clients)
st = c.get("st", "none")


def token_for_another_session():
    r = requests.post(
        base + "/_emulator/v1/sessions/%s/connections" % sid,
        headers={"Authorization": video.http_client.auth.create_jwt_auth_string()},
        json={"token": token(s["relayed"])},
        timeout=10,
    )
    assert 400 <= r.status_code < 500, r.status_code


check("token_for_another_session_refused", token_for_another_session)
a = {}


def wait_available(archive_id):
    for _ in range(200):
        if video.get_archive(archive_id).status == "available":
            return
        time.sleep(0.02)
    raise RuntimeError("archive never became available")


def archives():
    a["one"] = video.start_archive(CreateArchiveRequest(session_id=sid, name="a"))
    assert a["one"].session_id == sid and a["one"].status == "started", a["one"]
    assert a["one"].application_id == app_id, a["one"].application_id
    assert video.get_archive(a["one"].id).id == a["one"].id
    items, count, _ = video.list_archives(ListArchivesFilter(session_id=sid))
    assert count >= 1 and any(x.id == a["one"].id for x in items), count
    video.change_archive_layout(a["one"].id, ComposedLayout(type="bestFit", screenshare_type="horizontalPresentation"))
    a["manual"] = video.start_archive(
        CreateArchiveRequest(session_id=sid, output_mode="individual", stream_mode="manual", multi_archive_tag="t")
    )
    video.add_stream_to_archive(a["manual"].id, AddStreamRequest(stream_id=st, has_audio=True, has_video=False))
    video.remove_stream_from_archive(a["manual"].id, st)


check("archives", archives)
refused("delete_archive_while_started", 409, lambda: video.delete_archive(a["one"].id), InvalidArchiveStateError)


def stop_delete():
    assert video.stop_archive(a["one"].id).status == "stopped"
    video.stop_archive(a["manual"].id)
    wait_available(a["one"].id)
    video.delete_archive(a["one"].id)
    assert video.get_archive(a["one"].id).status == "deleted"


check("stop_archive+delete_archive", stop_delete)
refused("start_archive_relayed", 409, lambda: video.start_archive(CreateArchiveRequest(session_id=s["relayed"])))
check("send_signal", lambda: video.send_signal(sid, SignalData(type="chat", data="hi")))
check("send_signal_connection", lambda: video.send_signal(sid, SignalData(type="chat", data="hi"), c["pub"]))
refused("send_signal_unknown_connection", 404, lambda: video.send_signal(sid, SignalData(type="c", data="x"), "nope"))


def streams():
    one = video.get_stream(sid, st)
    assert one.id == st and one.video_type == "camera", one
    assert [x.id for x in video.list_streams(sid)] == [st]


check("get_stream+list_streams", streams)
def stream_layout():
    items = video.change_stream_layout(sid, StreamLayoutOptions(items=[StreamLayout(id=st, layout_class_list=["focus"])]))
    assert [(x.id, x.layout_class_list) for x in items] == [(st, ["focus"])], items
    assert video.get_stream(sid, st).layout_class_list == ["focus"]


check("change_stream_layout", stream_layout)
check("mute_stream", lambda: video.mute_stream(sid, st))
check("mute_all_streams", lambda: video.mute_all_streams(sid, [st]))
check("disable_mute_all_streams", lambda: video.disable_mute_all_streams(sid))
check("play_dtmf", lambda: video.play_dtmf(sid, "1234#"))
check("play_dtmf_connection", lambda: video.play_dtmf(sid, "1p2", c["pub"]))


def sip():
    call = video.initiate_sip_call(
        InitiateSipRequest(
            session_id=sid,
            token=tok,
            sip=SipOptions(
                uri="sip:user@sip.example.com;transport=tls",
                from_="14155550101@example.com",
                headers={"X-k": "v"},
                auth=SipAuth(username="u", password="p"),
                secure=True,
                observe_force_mute=True,
            ),
        )
    )
    assert call.id and call.connection_id, call


check("initiate_sip_call", sip)


def broadcasts():
    b = video.start_broadcast(
        CreateBroadcastRequest(
            session_id=sid,
            outputs=BroadcastOutputSettings(
                hls=BroadcastHls(low_latency=True),
                rtmp=[BroadcastRtmp(id="r1", server_url="rtmps://x/live", stream_name="k")],
            ),
            max_duration=3600,
            resolution="1280x720",
        )
    )
    assert b.id and b.application_id == app_id, b
    assert video.get_broadcast(b.id).id == b.id
    items, count, _ = video.list_broadcasts(ListBroadcastsFilter(session_id=sid))
    assert count >= 1, count
    video.change_broadcast_layout(b.id, ComposedLayout(type="custom", stylesheet="stream {}"))
    m = video.start_broadcast(
        CreateBroadcastRequest(
            session_id=sid, outputs=BroadcastOutputSettings(hls=BroadcastHls()), stream_mode="manual", multi_broadcast_tag="m"
        )
    )
    video.add_stream_to_broadcast(m.id, AddStreamRequest(stream_id=st))
    video.remove_stream_from_broadcast(m.id, st)
    video.stop_broadcast(m.id)
    assert video.stop_broadcast(b.id).status == "stopped"


check("broadcasts", broadcasts)


def renders():
    r = video.start_experience_composer(
        ExperienceComposerOptions(session_id=sid, token=tok, url="https://webapp.example.com", max_duration=1800)
    )
    assert video.get_experience_composer(r.id).id == r.id
    items, count, _ = video.list_experience_composers()
    assert count >= 1, count
    video.stop_experience_composer(r.id)


check("experience_composer", renders)


def audio_connector():
    r = video.start_audio_connector(
        AudioConnectorOptions(
            session_id=sid,
            token=tok,
            websocket=AudioConnectorWebSocket(
                uri="wss://service.example.com/ws", streams=[st], headers={"k": "v"}, audio_rate=16000, bidirectional=True
            ),
        )
    )
    assert r.id and r.connection_id, r


check("start_audio_connector", audio_connector)


def captions():
    cap = video.start_captions(CaptionsOptions(session_id=sid, token=tok, language_code="en-US", max_duration=1800))
    video.stop_captions(cap)


check("captions", captions)
check("disconnect_client", lambda: video.disconnect_client(sid, c["pub"]))
refused("disconnect_client_again", 404, lambda: video.disconnect_client(sid, c["pub"]))


def events_seen():
    kinds = {e["type"] for e in ctl("GET", "/sessions/%s/events" % sid)["items"]}
    for k in ("signal", "forceMute", "muteAll", "dtmf", "connectionDestroyed"):
        assert k in kinds, (k, kinds)


check("events_feed", events_seen)
wrong_key = client(app_id, os.environ["OTHER_PRIVATE_KEY_PATH"])
refused("wrong_private_key", 403, lambda: wrong_key.create_session())
refused("wrong_private_key_archive_list", 403, lambda: wrong_key.list_archives())
wrong_app = client("0a1b2c3d-4e5f-4a6b-8c7d-000000000000", os.environ["VONAGE_PRIVATE_KEY_PATH"])
refused("wrong_application_id", 403, lambda: wrong_app.list_archives())
print(json.dumps(results))
