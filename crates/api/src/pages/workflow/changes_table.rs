//! The table of what an upload changes, for the review page: per value the published value it
//! replaces, the new value and the difference, and beside it what a reviewer judges a new year
//! by: the member's previous published year and the other members' range
//! (`vergleich_service::workflow::review::context`).

use std::collections::HashMap;

use maud::{Markup, html};
use vergleich_charts::Lang;
use vergleich_service::workflow::review::{Change, PeerRange, ValueAt};

use super::number;
use crate::pages::t;

/// A catalogue unit as the page's language writes it (`%` stays `%`).
fn shown_unit(lang: Lang, unit: &str) -> String {
    crate::pages::reading::text::unit(unit, lang)
}

/// A change against the published value: in percentage points for a rate (`+9,2 Pp.`, never
/// percent of a percent), else in the indicator's unit.
fn difference_text(lang: Lang, difference: f64, unit: &str) -> String {
    let sign = if difference > 0.0 { "+" } else { "" };
    let unit = match unit {
        "%" => t(lang, "Pp.", "pp").to_owned(),
        other => shown_unit(lang, other),
    };
    format!("{sign}{} {unit}", number(lang, difference))
        .trim_end()
        .to_owned()
}

fn value_text(lang: Lang, v: &ValueAt, unit: &str) -> String {
    let mut text = v.value.map_or_else(
        || "–".to_owned(),
        |x| format!("{} {}", number(lang, x), shown_unit(lang, unit)),
    );
    if v.status != "A" {
        text.push_str(&format!(" ({}", v.status));
        if let Some(reason) = &v.missing_reason {
            text.push_str(&format!(": {reason}"));
        }
        text.push(')');
    }
    text
}

fn kind_label(lang: Lang, kind: &str) -> &str {
    match kind {
        "new" => t(lang, "neu", "new"),
        "value" => t(lang, "Wert geändert", "value changed"),
        "status" => t(lang, "Status geändert", "status changed"),
        other => other,
    }
}

/// The member's earlier published value, with the change to the new one.
fn previous_year(lang: Lang, c: &Change, unit: &str) -> Markup {
    html! {
        @match &c.previous_year {
            None => span.hint title=(t(lang, "Für kein früheres Jahr veröffentlicht", "Published for no earlier year")) { "–" },
            Some(p) => {
                (p.value.map_or_else(|| "–".to_owned(), |v| format!("{} {}", number(lang, v), shown_unit(lang, unit)).trim_end().to_owned()))
                " (" (p.year) ")"
                @if let Some(d) = c.change_from_previous_year {
                    br; small { (difference_text(lang, d, unit)) }
                }
            }
        }
    }
}

fn position_text(lang: Lang, position: &str) -> Option<&str> {
    match position {
        "below" => Some(t(lang, "unter der Spanne", "below the range")),
        "above" => Some(t(lang, "über der Spanne", "above the range")),
        _ => None,
    }
}

/// The other members' range: `3,1–17,4 %`, then median, n and (when not the value's own) year.
fn peer_range(lang: Lang, c: &Change, unit: &str) -> Markup {
    let Some(PeerRange {
        year,
        n,
        min,
        median,
        max,
        position,
        ..
    }) = &c.peers
    else {
        return html! { span.hint title=(t(lang, "Weniger als drei andere Mitglieder haben Werte veröffentlicht", "Fewer than three other members have published values")) { "–" } };
    };
    let unit = shown_unit(lang, unit);
    html! {
        (format!("{}–{} {unit}", number(lang, *min), number(lang, *max)).trim_end())
        br;
        small {
            "Median " (number(lang, *median)) " · n = " (n)
            @if *year != c.year { " · " (t(lang, "Werte ", "values ")) (year) }
        }
        @if let Some(text) = position.and_then(|p| position_text(lang, p)) {
            br; strong.outside { (text) }
        }
    }
}

/// What the upload changes, one row per value; a sentence when it changes nothing.
pub(super) fn table(
    lang: Lang,
    changes: &[Change],
    indicators: &HashMap<String, (String, String)>,
) -> Markup {
    // The column heads; on a phone each value is a card and each cell carries its head.
    let heads = [
        t(lang, "Indikator", "Indicator"),
        t(lang, "Jahr", "Year"),
        t(lang, "Bisher veröffentlicht", "Published so far"),
        t(lang, "Neu", "New"),
        t(lang, "Differenz", "Difference"),
        t(lang, "Früheres Jahr", "Earlier year"),
        t(lang, "Andere Mitglieder", "Other members"),
        t(lang, "Art", "Kind"),
    ];
    html! {
        @if changes.is_empty() {
            p { (t(lang, "Der Upload bringt keine neuen oder geänderten Werte.", "The upload brings no new or changed values.")) }
        } @else {
            p.hint { (t(lang,
                "Neben jedem Wert: der zuletzt veröffentlichte Wert eines früheren Jahres dieser Kommune und die Spanne der anderen Mitglieder (kleinster bis größter veröffentlichter Wert; aus einem früheren Jahr, wenn für dieses Jahr noch keine drei Mitglieder veröffentlicht haben).",
                "Beside each value: this municipality's latest published value of an earlier year and the range of the other members (smallest to largest published value; of an earlier year when fewer than three members have published this year).")) }
            // Wider than a narrow window: a region that scrolls, reachable with the keyboard.
            div.table-wrap tabindex="0" role="region" aria-label=(t(lang, "Änderungen", "Changes")) {
                table.changes {
                    thead { tr {
                        @for (i, head) in heads.iter().enumerate() {
                            th.num[(1..7).contains(&i)] scope="col" { (head) }
                        }
                    } }
                    tbody {
                        @for c in changes {
                            @let (label, unit) = indicators.get(&c.indicator).map_or((c.indicator.as_str(), ""), |(l, u)| (l.as_str(), u.as_str()));
                            tr class=(format!("change-{}", c.kind)) {
                                td { (label) br; code.hint { (c.indicator) } }
                                td.num data-label=(heads[1]) { (c.year) }
                                td.num data-label=(heads[2]) { (c.published.as_ref().map_or_else(|| "–".to_owned(), |p| value_text(lang, p, unit))) }
                                td.num data-label=(heads[3]) { (value_text(lang, &c.new, unit)) }
                                td.num data-label=(heads[4]) { (c.difference.map_or_else(String::new, |d| difference_text(lang, d, unit))) }
                                td.num.previous-year data-label=(heads[5]) { div { (previous_year(lang, c, unit)) } }
                                td.num.peer-range data-label=(heads[6]) { div { (peer_range(lang, c, unit)) } }
                                td data-label=(heads[7]) { (kind_label(lang, c.kind)) }
                            }
                        }
                    }
                }
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_change_of_a_rate_is_in_percentage_points_and_others_in_their_unit() {
        assert_eq!(difference_text(Lang::De, 9.2, "%"), "+9,2 Pp.");
        assert_eq!(difference_text(Lang::En, 9.2, "%"), "+9.2 pp");
        assert_eq!(difference_text(Lang::De, -5.7, "Punkte"), "−5,7 Punkte");
        assert_eq!(difference_text(Lang::En, -5.7, "Punkte"), "−5.7 points");
        assert_eq!(difference_text(Lang::De, 1.5, ""), "+1,5");
    }
}
