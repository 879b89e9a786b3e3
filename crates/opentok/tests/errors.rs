//! What web apps ask of an [`Error`]: its status, whose fault it was, whether to try again;
//! and a bad session id given to `generate_token` reads as invalid input.

use std::time::Duration;

use opentok::archive::{GetArchive, StartArchive};
use opentok::token::{TokenError, TokenOptions};
use opentok::{
    Error, HttpRequest, HttpResponse, ManualClock, OpenTok, Rule, SeededNonce, Sent, TransportError,
    TransportErrorKind,
};

const KEY: &str = "123456";
const SECRET: &str = "0123456789abcdef0123456789abcdef01234567";

/// A client whose every reply has `status` and a JSON error body.
fn answering(status: u16) -> OpenTok {
    let transport = move |_req: HttpRequest| async move {
        Ok::<HttpResponse, TransportError>(
            http::Response::builder()
                .status(status)
                .body(br#"{"code":-1,"message":"no"}"#.to_vec())
                .expect("response"),
        )
    };
    OpenTok::builder(KEY, SECRET)
        .transport(transport)
        .clock(ManualClock::at_unix(1_700_000_000))
        .nonce_source(SeededNonce::new(3))
        .build()
        .expect("client")
}

/// A client whose transport fails with `kind` / `sent`.
fn failing(kind: TransportErrorKind, sent: Sent) -> OpenTok {
    let transport = move |_req: HttpRequest| async move {
        Err::<HttpResponse, _>(TransportError::new(kind, sent, "failed"))
    };
    OpenTok::builder(KEY, SECRET)
        .transport(transport)
        .build()
        .expect("client")
}

async fn get_error(ot: &OpenTok) -> Error {
    ot.archives()
        .get(GetArchive::new("a1"))
        .await
        .expect_err("the transport fails every call")
}

#[tokio::test]
async fn statuses_split_into_client_errors_and_retryable_ones() {
    // (status, is_client_error, is_retryable)
    let table = [
        (400, true, false),
        (401, true, false),
        (403, true, false),
        (404, true, false),
        (405, true, false),
        (408, true, false), // the service's "invalid stream id", not a timeout
        (409, true, false),
        (413, true, false),
        (429, false, true),
        (500, false, false),
        (501, false, false),
        (502, false, true),
        (503, false, true),
        (504, false, true),
        (302, false, false),
    ];
    for (status, client, retry) in table {
        let e = get_error(&answering(status)).await;
        assert_eq!(e.status().map(|s| s.as_u16()), Some(status), "{e}");
        assert_eq!(e.is_client_error(), client, "HTTP {status}: is_client_error");
        assert_eq!(e.is_retryable(), retry, "HTTP {status}: is_retryable");
    }
}

#[tokio::test]
async fn transport_errors_are_retryable_only_when_nothing_was_sent() {
    let table = [
        (TransportErrorKind::Connect, Sent::No, true),
        (TransportErrorKind::Timeout, Sent::No, true),
        (TransportErrorKind::Timeout, Sent::Maybe, false),
        (TransportErrorKind::Io, Sent::Maybe, false),
        (TransportErrorKind::Tls, Sent::No, false),
        (TransportErrorKind::Proxy, Sent::No, false),
        (TransportErrorKind::BodyTooLarge, Sent::Maybe, false),
        (TransportErrorKind::InvalidRequest, Sent::No, false),
    ];
    for (kind, sent, retry) in table {
        let e = get_error(&failing(kind, sent)).await;
        assert!(matches!(e, Error::Transport(_)), "{e:?}");
        assert_eq!(e.status(), None);
        assert!(!e.is_client_error(), "{kind:?}");
        assert_eq!(e.is_retryable(), retry, "{kind:?} {sent:?}");
    }
}

#[tokio::test]
async fn invalid_input_is_a_client_error_with_no_status() {
    let ot = answering(200);
    let e = ot
        .archives()
        .start(StartArchive::new(""))
        .await
        .expect_err("empty session id");
    assert!(matches!(e, Error::Validation(_)), "{e:?}");
    assert_eq!(e.status(), None);
    assert!(e.is_client_error());
    assert!(!e.is_retryable());
}

#[tokio::test]
async fn an_unreadable_success_reply_is_neither() {
    let ot = answering(200); // `{"code":-1,…}` is not an archive
    let e = get_error(&ot).await;
    assert!(matches!(e, Error::Decode(_)), "{e:?}");
    assert_eq!(e.status(), None, "a success status is not an error status");
    assert!(!e.is_client_error());
    assert!(!e.is_retryable());
}

#[test]
fn a_bad_session_id_for_a_token_is_invalid_input_naming_the_field() {
    let ot = answering(500);
    let other_key = opentok::session_id::mint(
        "654321",
        None,
        std::time::UNIX_EPOCH + Duration::from_secs(1_699_999_000),
        &SeededNonce::new(1),
    )
    .expect("session id");
    let cases = [
        ("", "must be a session id"),
        ("not-a-session", "must be a session id"),
        ("2_!!!", "must be a session id"),
        (other_key.as_str(), "does not belong to this API key"),
    ];
    for (session_id, says) in cases {
        let e = ot
            .generate_token(session_id, &TokenOptions::new())
            .expect_err(session_id);
        let Error::Validation(v) = &e else {
            panic!("{session_id:?}: {e:?} is not Error::Validation")
        };
        assert_eq!(v.field, "session_id");
        assert!(
            matches!(v.rule, Rule::Format(_) | Rule::Conflict(_)),
            "{:?}",
            v.rule
        );
        let text = e.to_string();
        assert!(text.starts_with("invalid `session_id`: "), "{text}");
        assert!(text.contains(says), "{text}");
        assert!(e.is_client_error());
        assert!(!e.is_retryable());
        assert_eq!(e.status(), None);
    }
    // The other minting options read the same way.
    let session = opentok::session_id::mint(
        KEY,
        None,
        std::time::UNIX_EPOCH + Duration::from_secs(1_699_999_000),
        &SeededNonce::new(2),
    )
    .expect("session id");
    let e = ot
        .generate_token(&session, &TokenOptions::new().data("x".repeat(1001)))
        .expect_err("data too long");
    assert!(
        matches!(&e, Error::Validation(v) if v.field == "connection_data"),
        "{e:?}"
    );
}

#[test]
fn token_errors_that_are_not_input_checks_stay_token_errors() {
    let e = Error::from(TokenError::BadSignature);
    assert!(matches!(e, Error::Token(TokenError::BadSignature)), "{e:?}");
    assert!(e.is_client_error(), "a token that does not verify is bad input");
    assert!(!e.is_retryable());
    assert_eq!(e.status(), None);
}
