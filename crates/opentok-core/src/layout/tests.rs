use super::*;

fn err(layout: &Layout, prefix: &str) -> ValidationError {
    layout.validate(prefix).expect_err("invalid layout")
}

#[test]
fn valid_layouts() {
    for l in [
        Layout::best_fit(),
        Layout::pip(),
        Layout::horizontal_presentation(),
        Layout::vertical_presentation(),
        Layout::custom("stream { width: 100% }"),
        Layout::best_fit().screenshare_type(LayoutType::VerticalPresentation),
    ] {
        l.validate("layout").expect("valid");
    }
}

#[test]
fn custom_needs_stylesheet() {
    let e = err(&Layout::new(LayoutType::Custom), "layout");
    assert_eq!(e.field, "layout.stylesheet");
    assert_eq!(e.rule, Rule::Required);
    let e = err(&Layout::custom("  "), "");
    assert_eq!(e.field, "stylesheet");
    assert_eq!(e.rule, Rule::Required);
}

#[test]
fn stylesheet_only_with_custom() {
    let e = err(&Layout::pip().stylesheet("x"), "layout");
    assert_eq!(e.field, "layout.stylesheet");
    assert!(matches!(e.rule, Rule::Conflict(_)));
}

#[test]
fn screenshare_only_with_best_fit() {
    let e = err(&Layout::pip().screenshare_type(LayoutType::BestFit), "layout");
    assert_eq!(e.field, "layout.screenshareType");
    assert!(matches!(e.rule, Rule::Conflict(_)));
}

#[test]
fn screenshare_type_must_be_known() {
    // The spec's screenshareType enum has all five layout types, `custom` included.
    for st in LayoutType::KNOWN {
        let l = Layout::best_fit().screenshare_type(LayoutType::from(*st));
        l.validate("layout").expect(st);
        assert_eq!(
            serde_json::to_string(&l).expect("ser"),
            format!(r#"{{"type":"bestFit","screenshareType":"{st}"}}"#)
        );
    }
    let e = err(&Layout::best_fit().screenshare_type("mosaic".into()), "");
    assert_eq!(e.field, "screenshareType");
    assert_eq!(e.rule, Rule::OneOf(LayoutType::KNOWN));
}

#[test]
fn unknown_type_rejected() {
    let e = err(&Layout::new(LayoutType::from("mosaic")), "layout");
    assert_eq!(e.field, "layout.type");
    assert_eq!(e.rule, Rule::OneOf(LayoutType::KNOWN));
}

#[test]
fn layout_wire_shape() {
    let l = Layout::best_fit().screenshare_type(LayoutType::Pip);
    assert_eq!(
        serde_json::to_value(&l).expect("serializes"),
        serde_json::json!({"type": "bestFit", "screenshareType": "pip"})
    );
    let back: Layout =
        serde_json::from_str(r#"{"type":"mosaic","stylesheet":"s","extra":1}"#).expect("parses");
    assert_eq!(back.layout_type, LayoutType::Other("mosaic".into()));
    assert_eq!(back.stylesheet.as_deref(), Some("s"));
}

#[test]
fn resolutions() {
    for r in Resolution::KNOWN {
        Resolution::from(*r).validate("resolution").expect("known");
    }
    let e = Resolution::from("800x600")
        .validate("resolution")
        .expect_err("unknown");
    assert_eq!(e.field, "resolution");
    assert_eq!(e.rule, Rule::OneOf(Resolution::KNOWN));
    assert_eq!(Resolution::Hd.as_str(), "1280x720");
    assert_eq!(Resolution::FullHdPortrait.as_str(), "1080x1920");
}

#[test]
fn stream_mode_and_helpers() {
    assert!(StreamMode::from("auto").validate("streamMode").is_ok());
    let e = StreamMode::from("semi")
        .validate("streamMode")
        .expect_err("unknown");
    assert_eq!(e.rule, Rule::OneOf(StreamMode::KNOWN));
}
