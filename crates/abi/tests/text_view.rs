//! The text view through its styled writer: the parts chosen, the rules left out, and the
//! style of every piece a front end may colour.

use wavecall_abi::{CallOptions, Part, StyledWrite, TextStyle, TextView, explain};

const WIT: &str = "package demo:pad;
world pad {
  record pair { flag: bool, count: u32 }
  export take: func(p: pair, names: list<string>, pairs: list<pair>) -> pair;
}";

/// Every piece written, with its style.
#[derive(Default)]
struct Pieces(Vec<(TextStyle, String)>);

impl StyledWrite for Pieces {
    fn write_styled(&mut self, style: TextStyle, text: &str) {
        self.0.push((style, text.to_string()));
    }
}

impl Pieces {
    fn text(&self) -> String {
        self.0.iter().map(|(_, t)| t.as_str()).collect()
    }

    fn styled(&self, style: TextStyle) -> Vec<&str> {
        let pieces = self.0.iter().filter(|(s, _)| *s == style);
        pieces.map(|(_, t)| t.as_str()).collect()
    }
}

fn render(call: &str, view: &TextView) -> Pieces {
    let explained = explain(WIT, None, call, CallOptions::default()).unwrap();
    let mut pieces = Pieces::default();
    explained.render(view, &mut pieces);
    pieces
}

#[test]
fn a_fields_bytes_and_label_share_a_style() {
    let call = r#"take({flag: true, count: 7}, ["ab"], [{flag: true, count: 7}])"#;
    let pieces = render(call, &TextView::only([Part::Memory]));
    // Fields are numbered in each block: the string's pointer and length, its bytes, then
    // the record's `flag`, three bytes of padding and `count`.
    let first = [
        "08 00 01 00",
        "names[0]",
        "61 62",
        "names[0]",
        "01",
        "pairs[0].flag",
    ];
    assert_eq!(pieces.styled(TextStyle::Field(0)), first);
    let second = ["02 00 00 00", "names[0]", "07 00 00 00", "pairs[0].count"];
    assert_eq!(pieces.styled(TextStyle::Field(1)), second);
    assert_eq!(pieces.styled(TextStyle::Unwritten), [".. .. .."]);
    let text = pieces.text();
    assert!(text.starts_with("memory written"), "{text}");
    assert!(!text.contains("summary"), "{text}");
}

#[test]
fn the_default_view_leads_with_the_summary_and_brief_drops_the_rules() {
    let call = r#"take({flag: true, count: 7}, ["ab"], [])"#;
    let full = render(call, &TextView::default());
    let text = full.text();
    assert!(text.starts_with("summary of `take"), "{text}");
    assert!(
        text.contains(
            "  spilled         parameters no (6 flat values), result yes (2 flat values > 1)\n"
        ),
        "{text}"
    );
    assert!(
        text.contains("  memory          10 bytes written in 2 blocks, 3 cabi_realloc calls\n"),
        "{text}"
    );
    let rules = full.styled(TextStyle::Rule);
    assert!(
        rules.iter().any(|r| r.contains("MAX_FLAT_PARAMS")),
        "{rules:?}"
    );
    let brief = render(
        call,
        &TextView {
            brief: true,
            ..TextView::default()
        },
    );
    assert!(brief.styled(TextStyle::Rule).is_empty());
    assert!(brief.text().contains("canon lift"));
}

#[test]
fn parts_come_in_their_order_whatever_the_order_asked() {
    let text = render(
        r#"take({flag: false, count: 1}, [], [])"#,
        &TextView::only([Part::Memory, Part::Summary]),
    )
    .text();
    let summary = text.find("summary of").unwrap();
    let memory = text.find("memory written").unwrap();
    assert!(summary < memory, "{text}");
    assert!(!text.contains("canon lift"), "{text}");
}
