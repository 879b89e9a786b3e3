//! A small, bounded XML tree for the legacy documents: element names, attributes, children and
//! text. Names are compared without their namespace prefix and without regard to ASCII case
//! (`<Sessions>` and `<sessions>` are both seen on the wire). Unknown elements are kept in the
//! tree and simply never looked at.

use std::borrow::Cow;

use quick_xml::XmlVersion;
use quick_xml::events::{BytesStart, Event};

/// How deep elements may nest; the legacy documents use three levels.
const MAX_DEPTH: usize = 32;

/// One element.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub(crate) struct Element {
    /// Local name (prefix removed).
    pub(crate) name: String,
    /// Attributes in document order, local names, values unescaped.
    pub(crate) attrs: Vec<(String, String)>,
    /// Child elements in document order.
    pub(crate) children: Vec<Element>,
    /// The text directly inside this element, unescaped (not trimmed).
    pub(crate) text: String,
}

impl Element {
    /// Whether this element is called `name` (ASCII case ignored).
    pub(crate) fn is(&self, name: &str) -> bool {
        self.name.eq_ignore_ascii_case(name)
    }

    /// The value of attribute `name` (ASCII case ignored).
    pub(crate) fn attr(&self, name: &str) -> Option<&str> {
        self.attrs
            .iter()
            .find(|(k, _)| k.eq_ignore_ascii_case(name))
            .map(|(_, v)| v.as_str())
    }

    /// The first child called `name`.
    pub(crate) fn child(&self, name: &str) -> Option<&Element> {
        self.children.iter().find(|c| c.is(name))
    }

    /// Every child called `name`.
    pub(crate) fn children_named<'a>(&'a self, name: &'a str) -> impl Iterator<Item = &'a Element> + 'a {
        self.children.iter().filter(move |c| c.is(name))
    }

    /// The trimmed text of the first child called `name`, `None` when absent or blank.
    pub(crate) fn child_text(&self, name: &str) -> Option<String> {
        let t = self.child(name)?.text.trim();
        (!t.is_empty()).then(|| t.to_owned())
    }
}

/// Why a document could not be read as a tree.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct TreeError(pub(crate) String);

impl std::fmt::Display for TreeError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.0)
    }
}

/// Parses `xml` into its root element. Content after the root closes is ignored; a document
/// that ends inside an element, nests deeper than 32 levels or has no element is an error.
pub(crate) fn parse(xml: &str) -> Result<Element, TreeError> {
    let xml = xml.trim_start_matches('\u{feff}');
    let mut reader = quick_xml::Reader::from_str(xml);
    let mut stack: Vec<Element> = Vec::new();
    loop {
        let event = reader
            .read_event()
            .map_err(|e| TreeError(format!("malformed XML: {e}")))?;
        match event {
            Event::Start(start) => {
                if stack.len() >= MAX_DEPTH {
                    return Err(TreeError(format!("elements nest deeper than {MAX_DEPTH}")));
                }
                stack.push(element(&start)?);
            }
            Event::Empty(start) => {
                let done = element(&start)?;
                match stack.last_mut() {
                    Some(parent) => parent.children.push(done),
                    None => return Ok(done),
                }
            }
            Event::End(_) => {
                let Some(done) = stack.pop() else {
                    return Err(TreeError("closing tag without an opening tag".into()));
                };
                match stack.last_mut() {
                    Some(parent) => parent.children.push(done),
                    None => return Ok(done),
                }
            }
            Event::Text(t) => {
                if let Some(top) = stack.last_mut() {
                    top.text.push_str(&t.xml10_content());
                }
            }
            Event::CData(t) => {
                if let Some(top) = stack.last_mut() {
                    top.text.push_str(&t.xml10_content());
                }
            }
            Event::GeneralRef(r) => {
                if let Some(top) = stack.last_mut() {
                    let name = r.xml10_content();
                    if let Some(c) = r
                        .resolve_char_ref()
                        .map_err(|e| TreeError(format!("bad character reference: {e}")))?
                    {
                        top.text.push(c);
                    } else if let Some(s) = quick_xml::escape::resolve_predefined_entity(&name) {
                        top.text.push_str(s);
                    } else {
                        return Err(TreeError(format!("unknown entity &{name};")));
                    }
                }
            }
            Event::Eof => {
                return Err(TreeError(if stack.is_empty() {
                    "no element in the document".into()
                } else {
                    "the document ends inside an element".into()
                }));
            }
            Event::Decl(_) | Event::PI(_) | Event::Comment(_) | Event::DocType(_) => {}
        }
    }
}

fn element(start: &BytesStart<'_>) -> Result<Element, TreeError> {
    let name = start.local_name().into_inner().to_owned();
    let mut attrs = Vec::new();
    for attr in start.attributes() {
        let attr = attr.map_err(|e| TreeError(format!("malformed attribute: {e}")))?;
        let key = attr.key.local_name().into_inner().to_owned();
        let value = attr
            .normalized_value(XmlVersion::Implicit1_0)
            .map_err(|e| TreeError(format!("malformed attribute value: {e}")))?
            .into_owned();
        attrs.push((key, value));
    }
    Ok(Element {
        name,
        attrs,
        children: Vec::new(),
        text: String::new(),
    })
}

/// Escapes text or an attribute value for writing XML. Tab, line feed and carriage return
/// become character references, so attribute-value normalisation and line-end handling give
/// back exactly what was written.
pub(crate) fn escape(s: &str) -> Cow<'_, str> {
    let escaped = quick_xml::escape::escape(s);
    if !escaped.contains(['\t', '\n', '\r']) {
        return escaped;
    }
    let mut out = String::with_capacity(escaped.len() + 16);
    for c in escaped.chars() {
        match c {
            '\t' => out.push_str("&#9;"),
            '\n' => out.push_str("&#10;"),
            '\r' => out.push_str("&#13;"),
            c => out.push(c),
        }
    }
    Cow::Owned(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reads_names_attributes_and_text() {
        let e = parse(
            "<?xml version=\"1.0\"?>\u{feff}<a:Root x:k=\"1 &amp; 2\"><B>t &lt;<![CDATA[c]]>&#65;</B><c/></a:Root>trailing",
        )
        .expect("parses");
        assert!(e.is("root"));
        assert_eq!(e.attr("K"), Some("1 & 2"));
        assert_eq!(e.child("b").map(|b| b.text.as_str()), Some("t <cA"));
        assert_eq!(e.children_named("C").count(), 1);
    }

    #[test]
    fn rejects_bad_documents() {
        for bad in [
            "",
            "text only",
            "<a>",
            "<a></b>",
            "<a>&nope;</a>",
            "<a b=\"1\" b=\"2\"/>",
        ] {
            assert!(parse(bad).is_err(), "{bad:?}");
        }
        let deep = "<a>".repeat(40) + &"</a>".repeat(40);
        assert!(parse(&deep).is_err());
        let ok = "<a>".repeat(30) + &"</a>".repeat(30);
        assert!(parse(&ok).is_ok());
    }

    #[test]
    fn escaped_whitespace_survives() {
        let value = "a\tb\nc\r\nd <&> \"'";
        let doc = format!("<r k=\"{}\">{}</r>", escape(value), escape(value));
        let e = parse(&doc).expect("parses");
        assert_eq!(e.attr("k"), Some(value));
        assert_eq!(e.text, value);
    }
}
