use proptest::prelude::*;

use super::*;

fn parse_bytes(bytes: Vec<u8>) -> Result<Session, ResponseError> {
    let resp = Response::builder().status(200).body(bytes).expect("valid");
    CreateSession::new().parse(&resp)
}

proptest! {
    #[test]
    fn arbitrary_bytes_never_panic(bytes in proptest::collection::vec(any::<u8>(), 0..512)) {
        let _ = parse_bytes(bytes);
    }

    #[test]
    fn near_miss_documents_never_panic(
        text in r#"[<>/\[\]{}":, =?a-zA-Z_0-9]{0,200}"#,
        wrap in 0..3u8,
    ) {
        let body = match wrap {
            0 => format!("<sessions><Session>{text}</Session></sessions>"),
            1 => format!(r#"[{{"session_id":"s",{text}}}]"#),
            _ => text,
        };
        if let Ok(s) = parse_bytes(body.into_bytes()) {
            prop_assert!(!s.session_id.is_empty());
        }
    }
}
