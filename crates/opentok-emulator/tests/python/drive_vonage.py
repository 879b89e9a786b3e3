"""Drives the Vonage Python SDK (PyPI `vonage-video` with `vonage-http-client`) against the
emulator's application project over HTTPS (the SDK only builds `https://` URLs; the test
certificate is trusted through REQUESTS_CA_BUNDLE).

Usage: python drive_vonage.py HOST:PORT APPLICATION_ID PRIVATE_KEY_FILE OTHER_KEY_FILE
Prints one JSON object: {call name: "ok" | error text}. Expected failures count as "ok"
when the SDK raised.
"""
import json
import sys
import time

from vonage_http_client import Auth, HttpClient, HttpClientOptions
from vonage_video import Video
from vonage_video.models import (
    AddStreamRequest,
    AudioConnectorOptions,
    AudioConnectorWebSocket,
    CaptionsOptions,
    CreateArchiveRequest,
    CreateBroadcastRequest,
    ExperienceComposerOptions,
    InitiateSipRequest,
    SessionOptions,
    SignalData,
    SipOptions,
    TokenOptions,
)
from vonage_video.models.broadcast import BroadcastOutputSettings, BroadcastRtmp
from vonage_video.models.enums import ArchiveMode, MediaMode, TokenRole

host, app_id, key_file, other_key_file = sys.argv[1:5]


def client(key_path):
    with open(key_path) as f:
        key = f.read()
    return Video(HttpClient(Auth(application_id=app_id, private_key=key), HttpClientOptions(video_host=host)))


video = client(key_file)
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


def ctl(method, path, body=None):
    """The emulator's control API, signed by the SDK's own bearer JWT."""
    return video.http_client.make_request(method, host, "/_emulator/v1" + path, body, "jwt", "json")


s = {}


def sessions():
    s["routed"] = video.create_session(SessionOptions(media_mode=MediaMode.ROUTED)).session_id
    s["relayed"] = video.create_session().session_id
    s["always"] = video.create_session(
        SessionOptions(media_mode=MediaMode.ROUTED, archive_mode=ArchiveMode.ALWAYS, location="12.34.56.78")
    ).session_id


check("create_session", sessions)
sid = s.get("routed", "none")


def token(role):
    return video.generate_client_token(TokenOptions(session_id=sid, role=role, connection_data="py")).decode()


c = {}


def clients():
    c["mod"] = ctl("POST", "/sessions/%s/connections" % sid, {"token": token(TokenRole.MODERATOR)})["connectionId"]
    c["pub"] = ctl("POST", "/sessions/%s/connections" % sid, {"token": token(TokenRole.PUBLISHER)})["connectionId"]
    c["st"] = ctl(
        "POST", "/sessions/%s/connections/%s/streams" % (sid, c["mod"]), {"videoType": "camera", "name": "py"}
    )["streamId"]


check("generate_client_token+control_api", clients)
st = c.get("st", "none")
check("list_streams", lambda: video.list_streams(sid))
check("get_stream", lambda: video.get_stream(sid, st))
check("send_signal", lambda: video.send_signal(sid, SignalData(type="chat", data="hi")))
check("send_signal_connection", lambda: video.send_signal(sid, SignalData(type="chat", data="hi"), c["pub"]))
a = {}


def archives():
    a["one"] = video.start_archive(CreateArchiveRequest(session_id=sid, name="a"))
    video.get_archive(a["one"].id)
    archives, count, _ = video.list_archives()
    assert count >= 1, count


check("start_archive+get+list", archives)


def manual_archive():
    m = video.start_archive(CreateArchiveRequest(
            session_id=sid, stream_mode="manual", output_mode="individual", multi_archive_tag="m"
        ))
    video.add_stream_to_archive(m.id, AddStreamRequest(stream_id=st))
    video.remove_stream_from_archive(m.id, st)
    video.stop_archive(m.id)


check("add/remove_stream_to_archive", manual_archive)


def stop_delete():
    video.stop_archive(a["one"].id)
    for _ in range(200):
        if video.get_archive(a["one"].id).status == "available":
            break
        time.sleep(0.02)
    video.delete_archive(a["one"].id)


check("stop_archive+delete_archive", stop_delete)
fails("start_archive_relayed", lambda: video.start_archive(CreateArchiveRequest(session_id=s["relayed"])))


def broadcasts():
    b = video.start_broadcast(
        CreateBroadcastRequest(
            session_id=sid,
            outputs=BroadcastOutputSettings(
                rtmp=[BroadcastRtmp(id="r", server_url="rtmp://example.com/live", stream_name="k")]
            ),
        )
    )
    video.get_broadcast(b.id)
    video.list_broadcasts()
    video.stop_broadcast(b.id)


check("broadcasts", broadcasts)
check("mute_stream", lambda: video.mute_stream(sid, st))
check("mute_all_streams", lambda: video.mute_all_streams(sid, [st]))
check("disable_mute_all_streams", lambda: video.disable_mute_all_streams(sid))


def sip():
    call = video.initiate_sip_call(
        InitiateSipRequest(session_id=sid, token=token(TokenRole.PUBLISHER), sip=SipOptions(uri="sip:user@example.com"))
    )
    video.play_dtmf(sid, "1234")
    video.play_dtmf(sid, "5#", call.connection_id)


check("sip+dtmf", sip)


def captions():
    cap = video.start_captions(CaptionsOptions(session_id=sid, token=token(TokenRole.MODERATOR)))
    video.stop_captions(cap)


check("captions", captions)


def renders():
    r = video.start_experience_composer(
        ExperienceComposerOptions(session_id=sid, token=token(TokenRole.PUBLISHER), url="https://example.com/page")
    )
    video.get_experience_composer(r.id)
    video.list_experience_composers()
    video.stop_experience_composer(r.id)


check("experience_composer", renders)
check(
    "audio_connector",
    lambda: video.start_audio_connector(
        AudioConnectorOptions(
            session_id=sid, token=token(TokenRole.PUBLISHER), websocket=AudioConnectorWebSocket(uri="wss://example.com/ws")
        )
    ),
)
check("disconnect_client", lambda: video.disconnect_client(sid, c["pub"]))
fails("refused_with_another_key", lambda: client(other_key_file).create_session())
fails("refused_with_another_key_list", lambda: client(other_key_file).list_archives())
print(json.dumps(results))
