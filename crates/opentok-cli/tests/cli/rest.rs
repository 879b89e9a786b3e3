//! The other REST commands end to end: sessions, broadcasts, streams, connections, signals,
//! SIP, captions, renders, the Audio Connector, callbacks and the legacy hl API.

use serde_json::{Value, json};

use crate::harness::{Emu, KEY};

fn s(v: &Value) -> String {
    v.as_str()
        .unwrap_or_else(|| panic!("not a string: {v}"))
        .to_owned()
}

#[test]
fn session_create() {
    let emu = Emu::start();
    let plain = emu
        .run(&["session", "create", "--routed", "--archive-mode", "always"])
        .stdout_line();
    assert!(plain.starts_with("2_") || plain.starts_with("1_"), "{plain}");
    let doc = emu.json(&[
        "session",
        "create",
        "--routed",
        "--e2ee",
        "--location",
        "192.168.1.1",
    ]);
    let sid = s(&doc["sessionId"]);
    let decoded = emu.json(&["session", "inspect", &sid]);
    assert_eq!(decoded["projectId"], KEY);
    assert_eq!(decoded["location"], "192.168.1.1");
    // always-archiving needs a routed session; e2ee too: refused before sending.
    emu.run(&["session", "create", "--archive-mode", "always"])
        .assert_fails(2, &["invalid input", "archiveMode"]);
    emu.run(&["session", "create", "--location", "not-an-ip"])
        .assert_fails(2, &["location"]);
}

#[test]
fn broadcasts() {
    let emu = Emu::start();
    let (sid, _cid, stid) = emu.busy_session();
    let started = emu.run_input(
        &[
            "--json",
            "broadcast",
            "start",
            &sid,
            "--hls",
            "--hls-dvr",
            "--rtmp",
            "rtmp://live.example.com/app",
            "--rtmp-stream-key-file",
            "-",
            "--max-duration",
            "600",
            "--resolution",
            "1280x720",
        ],
        &[],
        "key1\n",
    );
    started.assert_code(0);
    let b = started.json();
    let id = s(&b["id"]);
    assert_eq!(b["status"], "started");
    assert_eq!(b["sessionId"], sid.as_str());
    assert_eq!(b["resolution"], "1280x720");
    assert_eq!(b["maxDuration"], 600);
    assert!(
        b["broadcastUrls"]["hls"].as_str().is_some_and(|u| !u.is_empty()),
        "{b}"
    );
    assert_eq!(
        b["broadcastUrls"]["rtmp"][0]["serverUrl"],
        "rtmp://live.example.com/app"
    );
    assert_eq!(b["broadcastUrls"]["rtmp"][0]["streamName"], "key1");
    assert_eq!(emu.json(&["broadcast", "get", &id])["id"], id.as_str());
    let list = emu.json(&["broadcast", "list", "--session-id", &sid]);
    assert_eq!(list["count"], 1);
    assert_eq!(list["items"][0]["id"], id.as_str());
    let l = emu.json(&["broadcast", "layout", &id, "verticalPresentation"]);
    assert_eq!(
        (l["broadcastId"].as_str(), l["layout"].as_str()),
        (Some(id.as_str()), Some("verticalPresentation"))
    );
    emu.run(&["broadcast", "add-stream", &id, &stid])
        .assert_fails(1, &["HTTP 405"]);
    let stopped = emu.json(&["broadcast", "stop", &id]);
    assert_eq!(stopped["status"], "stopped");
    emu.run(&["broadcast", "get", "nope"])
        .assert_fails(1, &["HTTP 404"]);
    emu.run(&["broadcast", "start", &sid])
        .assert_fails(2, &["invalid input"]);

    let m = emu.json(&["broadcast", "start", &sid, "--hls", "--stream-mode", "manual"]);
    let mid = s(&m["id"]);
    let added = emu.json(&["broadcast", "add-stream", &mid, &stid, "--no-audio"]);
    assert_eq!(added["streamId"], stid.as_str());
    let got = emu.json(&["broadcast", "get", &mid]);
    assert_eq!(got["streams"][0]["streamId"], stid.as_str());
    assert_eq!(got["streams"][0]["hasAudio"], false);
    emu.json(&["broadcast", "remove-stream", &mid, &stid]);
    assert_eq!(
        emu.json(&["broadcast", "get", &mid])["streams"]
            .as_array()
            .map_or(0, Vec::len),
        0
    );
    let table = emu.run(&["broadcast", "list"]);
    table.assert_code(0);
    assert!(table.stdout().contains(&mid), "{}", table.stdout());
}

#[test]
fn streams_connections_and_signals() {
    let emu = Emu::start();
    let (sid, cid, stid) = emu.busy_session();
    let (cid2, stid2) = emu.join_and_publish(&sid);

    let list = emu.json(&["stream", "list", &sid]);
    assert_eq!(list["count"], 2);
    let ids: Vec<String> = list["items"]
        .as_array()
        .expect("items")
        .iter()
        .map(|x| s(&x["id"]))
        .collect();
    assert!(ids.contains(&stid) && ids.contains(&stid2), "{list}");
    let one = emu.json(&["stream", "get", &sid, &stid]);
    assert_eq!(one["id"], stid.as_str());
    assert_eq!(one["videoType"], "camera");
    assert_eq!(one["name"], "cam");

    let item_a = format!("{stid}=focus,full");
    let item_b = format!("{stid2}=");
    emu.json(&["stream", "layout", &sid, &item_a, &item_b]);
    assert_eq!(
        emu.json(&["stream", "get", &sid, &stid])["layoutClassList"],
        json!(["focus", "full"])
    );
    emu.json(&["stream", "layout-one", &sid, &stid2, "small"]);
    assert_eq!(
        emu.json(&["stream", "get", &sid, &stid2])["layoutClassList"],
        json!(["small"])
    );
    emu.run(&["stream", "layout", &sid, "no-equals-sign"])
        .assert_fails(2, &["NAME=VALUE"]);
    emu.run(&["stream", "get", &sid, "missing-stream"])
        .assert_fails(1, &["HTTP"]);

    let muted = emu.json(&["stream", "mute", &sid, &stid]);
    assert_eq!(
        (muted["ok"].as_bool(), muted["streamId"].as_str()),
        (Some(true), Some(stid.as_str()))
    );
    let all = emu.json(&["stream", "mute-all", &sid, "--exclude", &stid2]);
    assert_eq!(all["active"], true);
    assert_eq!(all["excludedStreamIds"], json!([stid2]));
    assert_eq!(emu.json(&["stream", "unmute-all", &sid])["active"], false);
    let kinds: Vec<String> = emu.events(&sid).iter().map(|e| s(&e["type"])).collect();
    assert!(kinds.iter().any(|k| k == "forceMute"), "{kinds:?}");
    assert!(kinds.iter().filter(|k| *k == "muteAll").count() >= 2, "{kinds:?}");

    // Signals: to everyone, to one connection, with the `send` spelling too.
    let doc = emu.json(&["signal", &sid, "--type", "chat", "--data", "hello all"]);
    assert_eq!(
        (doc["ok"].as_bool(), doc["type"].as_str()),
        (Some(true), Some("chat"))
    );
    emu.json(&[
        "signal",
        "send",
        &sid,
        "--connection",
        &cid2,
        "--data",
        "just you",
    ]);
    let signals: Vec<Value> = emu
        .events(&sid)
        .into_iter()
        .filter(|e| e["type"] == "signal")
        .collect();
    assert_eq!(signals.len(), 2, "{signals:?}");
    assert_eq!(signals[0]["signalType"], "chat");
    assert_eq!(signals[0]["data"], "hello all");
    assert_eq!(signals[1]["data"], "just you");
    assert_eq!(signals[1]["to"], cid2.as_str());
    emu.run(&["signal", &sid, "--data", &"x".repeat(9000)])
        .assert_fails(2, &["invalid input", "data"]);
    emu.run(&["signal", &sid]).assert_fails(2, &["--data"]);

    let conns = emu.json(&["connection", "list", &sid]);
    assert_eq!(conns["count"], 2);
    let cids: Vec<String> = conns["items"]
        .as_array()
        .expect("items")
        .iter()
        .map(|x| s(&x["connectionId"]))
        .collect();
    assert!(cids.contains(&cid) && cids.contains(&cid2), "{conns}");
    assert_eq!(conns["items"][0]["connectionState"], "Connected");
    let gone = emu.json(&["connection", "disconnect", &sid, &cid2]);
    assert_eq!(gone["connectionId"], cid2.as_str());
    assert_eq!(emu.json(&["connection", "list", &sid])["count"], 1);
    emu.run(&["connection", "disconnect", &sid, &cid2])
        .assert_fails(1, &["HTTP 404"]);
    let table = emu.run(&["connection", "list", &sid]);
    assert!(
        table.stdout().starts_with("CONNECTION") && table.stdout().contains(&cid),
        "{}",
        table.stdout()
    );
}

#[test]
fn sip_captions_renders_audio() {
    let emu = Emu::start();
    let (sid, cid, _stid) = emu.busy_session();

    let call = emu.json(&[
        "sip",
        "dial",
        &sid,
        "--uri",
        "sip:+15551230000@sip.example.com;transport=tls",
        "--secure",
        "--from",
        "ops@example.com",
        "--header",
        "X-Team=video",
    ]);
    assert!(!s(&call["id"]).is_empty());
    assert!(!s(&call["connectionId"]).is_empty());
    emu.run(&["sip", "dial", &sid, "--uri", "http://not-sip"])
        .assert_fails(2, &["invalid input"]);
    let dtmf = emu.json(&["sip", "dtmf", &sid, "12#"]);
    assert_eq!(dtmf["digits"], "12#");
    emu.json(&["sip", "dtmf", &sid, "9", "--connection", &cid]);
    let tones: Vec<Value> = emu
        .events(&sid)
        .into_iter()
        .filter(|e| e["type"] == "dtmf")
        .collect();
    assert_eq!(tones.len(), 2, "{tones:?}");
    assert_eq!(tones[0]["digits"], "12#");
    emu.run(&["sip", "dtmf", &sid, "12x"])
        .assert_fails(2, &["invalid input"]);

    let cap = emu.json(&[
        "captions",
        "start",
        &sid,
        "--max-duration",
        "600",
        "--language-code",
        "en-US",
    ]);
    let cap_id = s(&cap["captionsId"]);
    // The service never served a captions status call, so the CLI has none.
    emu.run(&["captions", "get", &cap_id])
        .assert_fails(2, &["unrecognized subcommand 'get'"]);
    let stopped = emu.json(&["captions", "stop", &cap_id]);
    assert_eq!(stopped["captionsId"], cap_id.as_str());
    emu.run(&["captions", "start", &sid, "--max-duration", "10"])
        .assert_fails(2, &["maxDuration"]);

    let r = emu.json(&[
        "render",
        "start",
        &sid,
        "--url",
        "https://example.com/board",
        "--name",
        "board",
        "--status-callback-url",
        "http://127.0.0.1:9/render-status",
    ]);
    let rid = s(&r["id"]);
    assert_eq!(r["sessionId"], sid.as_str());
    assert_eq!(r["callbackUrl"], "http://127.0.0.1:9/render-status");
    assert_eq!(emu.json(&["render", "get", &rid])["id"], rid.as_str());
    let list = emu.json(&["render", "list"]);
    assert_eq!(list["count"], 1);
    assert_eq!(list["items"][0]["id"], rid.as_str());
    assert_eq!(emu.json(&["render", "list", "--count", "1"])["count"], 1);
    assert_eq!(emu.json(&["render", "stop", &rid])["renderId"], rid.as_str());
    emu.run(&["render", "get", "nope"]).assert_fails(1, &["HTTP 404"]);

    let a = emu.json(&[
        "audio-connector",
        "start",
        &sid,
        "--uri",
        "wss://example.com/audio",
        "--audio-rate",
        "16000",
        "--header",
        "k=v",
    ]);
    let call_id = s(&a["id"]);
    assert!(!s(&a["connectionId"]).is_empty());
    assert_eq!(
        emu.json(&["audio-connector", "stop", &call_id])["callId"],
        call_id.as_str()
    );
    emu.run(&["audio-connector", "start", &sid, "--uri", "https://x.example.com"])
        .assert_fails(2, &["invalid input"]);

    // websocket.audioTransport: the emulator refuses a json transport without base64 encoding,
    // so its 200 shows the CLI sent one.
    let ws = [
        "audio-connector",
        "start",
        &sid,
        "--uri",
        "wss://bot.example.com/ws",
    ];
    let json_transport = [
        "--bidirectional",
        "--audio-transport",
        "json",
        "--audio-field",
        "out",
        "--receive-audio-field",
        "in",
        "--static-field",
        "type=audio",
    ];
    let a = emu.json(&[&ws[..], &json_transport[..]].concat());
    emu.json(&["audio-connector", "stop", &s(&a["id"])]);
    let a = emu.json(&[&ws[..], &["--audio-transport", "binary"][..]].concat());
    emu.json(&["audio-connector", "stop", &s(&a["id"])]);
    emu.run(
        &[
            &ws[..],
            &["--audio-transport", "binary", "--audio-field", "out"][..],
        ]
        .concat(),
    )
    .assert_fails(
        2,
        &["websocket.audioTransport.audio_field", "only with transport json"],
    );
    emu.run(
        &[
            &ws[..],
            &["--audio-transport", "binary", "--audio-encoding", "base64"][..],
        ]
        .concat(),
    )
    .assert_fails(2, &["--audio-encoding: only with --audio-transport json"]);
    emu.run(
        &[
            &ws[..],
            &["--audio-transport", "json", "--static-field", "novalue"][..],
        ]
        .concat(),
    )
    .assert_fails(2, &["--static-field \"novalue\": expected NAME=VALUE"]);
    emu.run(&[&ws[..], &["--audio-field", "out"][..]].concat())
        .assert_fails(2, &["--audio-transport"]);
    emu.run(&[&ws[..], &["--audio-transport", "pcm"][..]].concat())
        .assert_fails(2, &["binary", "json"]);
}

#[test]
fn callbacks_and_legacy() {
    let emu = Emu::start();
    let cb = emu.json(&[
        "callback",
        "register",
        "--group",
        "connection",
        "--event",
        "created",
        "--url",
        "https://example.com/hooks/ot",
    ]);
    let cb_id = s(&cb["id"]);
    assert_eq!(cb["group"], "connection");
    assert_eq!(cb["event"], "created");
    assert_eq!(cb["url"], "https://example.com/hooks/ot");
    let list = emu.json(&["callback", "list"]);
    assert_eq!(list["count"], 1);
    assert_eq!(list["items"][0]["id"], cb_id.as_str());
    assert_eq!(
        emu.json(&["callback", "delete", &cb_id])["callbackId"],
        cb_id.as_str()
    );
    assert_eq!(emu.json(&["callback", "list"])["count"], 0);
    emu.run(&["callback", "delete", &cb_id])
        .assert_fails(1, &["HTTP 404"]);

    let legacy_sid = emu
        .run(&["legacy", "session-create", "--p2p", "disabled"])
        .stdout_line();
    assert!(legacy_sid.len() > 10, "{legacy_sid}");
    let doc = emu.json(&["legacy", "session-create"]);
    assert!(
        doc["sessionId"].as_str().is_some_and(|x| x.starts_with("2_")),
        "{doc}"
    );
    assert_eq!(doc["partnerId"], KEY);

    // A finished archive seen through the hl API.
    let (sid, _, _) = emu.busy_session();
    let a = emu.json(&["archive", "start", &sid, "--name", "old"]);
    let aid = s(&a["id"]);
    emu.json(&["archive", "stop", &aid]);
    emu.wait_available(&aid);
    let m = emu.json(&["legacy", "manifest", &aid, "--session", &sid]);
    assert_eq!(m["archiveId"], aid.as_str());
    let video = s(&m["resources"][0]["id"]);
    let url = emu
        .run(&["legacy", "download-url", &aid, &video, "--session", &sid])
        .stdout_line();
    assert!(url.starts_with(&emu.url), "{url}");
    let (status, _) = emu.http("GET", &url, None);
    assert_eq!(status, 200);
    let subscriber = emu
        .run(&["token", "create", &sid, "--role", "subscriber"])
        .stdout_line();
    emu.run_input(
        &["legacy", "manifest", &aid, "--token-file", "-"],
        &[],
        &subscriber,
    )
    .assert_fails(1, &["moderator"]);
    emu.run(&["legacy", "manifest", &aid])
        .assert_fails(2, &["--token"]);
    assert_eq!(
        emu.json(&["legacy", "delete", &aid, "--session", &sid])["archiveId"],
        aid.as_str()
    );
    emu.run(&["legacy", "manifest", &aid, "--session", &sid])
        .assert_fails(1, &["not found"]);

    // Stitching: the archive is composed into one MP4 (ready at once in the emulator).
    let (sid, _, _) = emu.busy_session();
    let a = emu.json(&["archive", "start", &sid]);
    let aid = s(&a["id"]);
    let doc = emu.json(&["legacy", "stitch", &aid]);
    assert_eq!(doc["status"], "processing", "{doc}");
    emu.json(&["archive", "stop", &aid]);
    emu.wait_available(&aid);
    let doc = emu.json(&["legacy", "stitch", &aid]);
    assert_eq!(doc["status"], "ready", "{doc}");
    let url = emu.run(&["legacy", "stitch", &aid]).stdout_line();
    assert_eq!(doc["url"], url.as_str());
    assert_eq!(emu.http("GET", &url, None).0, 200);
}

#[test]
fn archive_storage() {
    let emu = Emu::start();
    let dir = crate::harness::scratch("storage");
    let key_file = dir.join("key");
    std::fs::write(&key_file, "wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY\n").expect("write");
    let key_path = key_file.to_str().expect("utf8");
    let doc = emu.json(&[
        "archive",
        "storage",
        "s3",
        "--bucket",
        "recordings",
        "--access-key",
        "AKIAEXAMPLE",
        "--secret-key-file",
        key_path,
        "--fallback",
        "opentok",
    ]);
    assert_eq!(
        (doc["ok"].as_bool(), doc["type"].as_str()),
        (Some(true), Some("s3"))
    );
    assert_eq!(doc["fallback"], "opentok");
    let r = emu.run(&[
        "archive",
        "storage",
        "azure",
        "--account-name",
        "acme",
        "--account-key-file",
        key_path,
        "--container",
        "rec",
    ]);
    r.assert_code(0);
    assert!(r.stdout().contains("azure"), "{}", r.stdout());
    assert!(!r.stdout().contains("wJalrXUtnFEMI"), "the storage key leaked");
    emu.run(&[
        "archive",
        "storage",
        "s3",
        "--bucket",
        "",
        "--access-key",
        "A",
        "--secret-key-file",
        key_path,
    ])
    .assert_fails(2, &["invalid input", "bucket"]);
    emu.run(&[
        "archive",
        "storage",
        "s3",
        "--bucket",
        "b",
        "--access-key",
        "A",
        "--secret-key-file",
        "/nonexistent",
    ])
    .assert_fails(2, &["cannot read the secret file"]);
    emu.run(&[
        "archive",
        "storage",
        "s3",
        "--bucket",
        "b",
        "--access-key",
        "A",
        "--secret-key",
        "x",
    ])
    .assert_fails(2, &["--secret-key"]);
    let doc = emu.json(&["archive", "storage", "remove"]);
    assert_eq!((doc["ok"].as_bool(), &doc["type"]), (Some(true), &Value::Null));
    assert!(
        emu.run(&["archive", "storage", "remove"])
            .stdout()
            .contains("stay on OpenTok")
    );
}

/// Every command that names something the service does not have fails with exit 1 and the
/// service's status on stderr; every list refuses a bad key with exit 1.
#[test]
fn every_command_reports_service_refusals() {
    let emu = Emu::start();
    let (sid, cid, stid) = emu.busy_session();
    let nope = "00000000-0000-0000-0000-000000000000";
    // A well-formed id of this project that the service never created.
    let ghost = "2_MX40NzAwMDAwMX5-MTcwMDAwMDAwMDAwMH5hYmNkZWZnaGlqa2xtbm9wcXJzdHV2d3g-fg";
    let cases: Vec<Vec<&str>> = vec![
        vec!["archive", "stop", nope],
        vec!["archive", "delete", nope],
        vec!["archive", "layout", nope, "pip"],
        vec!["archive", "remove-stream", nope, &stid],
        vec!["broadcast", "stop", nope],
        vec!["broadcast", "layout", nope, "pip"],
        vec!["broadcast", "remove-stream", nope, &stid],
        vec!["stream", "list", ghost],
        vec!["stream", "layout-one", &sid, nope, "focus"],
        vec!["stream", "mute", &sid, nope],
        vec!["stream", "mute-all", ghost],
        vec!["stream", "unmute-all", ghost],
        vec!["connection", "list", ghost],
        vec!["signal", "send", &sid, "--connection", nope, "--data", "x"],
        vec!["sip", "dtmf", &sid, "1", "--connection", nope],
        vec!["captions", "stop", nope],
        vec!["render", "stop", nope],
        vec!["audio-connector", "stop", nope],
        vec!["legacy", "download-url", nope, nope, "--session", &sid],
        vec!["legacy", "delete", nope, "--session", &sid],
    ];
    for args in &cases {
        emu.run(args)
            .assert_fails(1, &["the service refused the request", "service: HTTP 4"]);
    }
    let bad_key = [
        ("OPENTOK_API_KEY", "99999999"),
        ("OPENTOK_API_SECRET", crate::harness::SECRET),
    ];
    for args in [
        &["broadcast", "list"][..],
        &["render", "list"],
        &["callback", "list"],
        &["stream", "get", &sid, &stid],
        &["connection", "disconnect", &sid, &cid],
        &["session", "create"],
        &["legacy", "session-create"],
    ] {
        emu.run_env(args, &bad_key).assert_fails(1, &["HTTP 403"]);
    }
    // Input the service would refuse never leaves the machine: exit 2, the field named.
    emu.run(&["render", "start", &sid, "--url", "not a url"])
        .assert_fails(2, &["invalid input", "url"]);
    emu.run(&[
        "callback", "register", "--group", "stream", "--event", "created", "--url", "ftp://x",
    ])
    .assert_fails(2, &["invalid input", "url"]);
    emu.run(&["broadcast", "start", &sid, "--hls", "--max-duration", "5"])
        .assert_fails(2, &["maxDuration"]);
}
