//! Sections the member page and the printable report share: the profile radar and its table,
//! the findings with their observations, trends of key indicators, the peer group and why, and
//! the member's data status.

use maud::{Markup, html};
use vergleich_charts::Lang;
use vergleich_domain::{Ags, Status};
use vergleich_service::model::{
    Finding, FindingKind, GroupDefinition, MIN_PEERS_FOR_FINDINGS, PeerGroup, Profile,
};
use vergleich_store::StoredObservation;

use super::common::{chart_error, group_param, label, num, reason_text, status_text, value_text};
use super::figure::{Downloads, figure};
use crate::pages::{PageError, href, t};
use vergleich_service::present::format_for;
use vergleich_service::views::member::MemberView;
use vergleich_service::{GroupChoice, Look, ViewData};

/// The radar of the member's field scores against its peers.
pub fn radar(
    data: &ViewData,
    member: &MemberView,
    choice: GroupChoice,
    look: &Look<'_>,
) -> Result<Markup, PageError> {
    let lang = look.lang;
    let profile = &member.profile;
    let spec = profile.radar(data, look);
    let downloads = Downloads::new(data, format!("/api/v1/profiles/{}", profile.key))
        .with("year", profile.year.to_string())
        .with("group", group_param(choice));
    figure(&spec, Some(&downloads), lang, "radar").map_err(|e| chart_error(e, lang))
}

/// The member and its nearest neighbours as `kommune=…` for a link to the comparison page (a
/// link with the member alone would land on the "choose 2 to 6" message).
pub fn similar_query(member: &MemberView) -> String {
    let list: Vec<String> = member.similar.iter().map(ToString::to_string).collect();
    format!("kommune={}", list.join(","))
}

/// The field scores against the peers, one row per field; each field links to the comparison
/// of the member with `compare` (`kommune=…`).
pub fn profile_table(profile: &Profile, compare: &str, lang: Lang) -> Markup {
    html! {
        div.table-wrap { table.data {
            caption { (t(lang, "Punktwerte je Handlungsfeld (0–100) und die Vergleichsgruppe", "Scores per field of action (0–100) and the peer group")) ", " (profile.year) }
            thead { tr {
                th scope="col" { (t(lang, "Handlungsfeld", "Field of action")) }
                th scope="col" { (t(lang, "Punktwert", "Score")) }
                th scope="col" { (t(lang, "Abdeckung", "Coverage")) }
                th scope="col" { (t(lang, "Median der Vergleichsgruppe", "Peer median")) }
                th scope="col" { (t(lang, "mittlere Hälfte", "middle half")) }
                th scope="col" { (t(lang, "Vergleichskommunen mit Wert", "Peers with a score")) }
                th scope="col" { (t(lang, "Befund", "Finding")) }
            } }
            tbody { @for f in &profile.fields {
                @let finding = profile.findings.iter().find(|x| x.field == f.field);
                tr {
                    th scope="row" { a href=(href(lang, &format!("/vergleich?was=feld:{}&{compare}", f.field))) { (t(lang, &f.label_de, &f.label_en)) } }
                    td.num { @match f.score.value() {
                        Some(v) => (num(v, 0, lang)),
                        None => span.insufficient { (t(lang, "Datenlage unzureichend", "insufficient data")) },
                    } }
                    td.num { (num(f.coverage * 100.0, 0, lang)) " %" }
                    td.num { (f.peer_median.map_or("–".to_owned(), |v| num(v, 0, lang))) }
                    td.num { @if let (Some(q1), Some(q3)) = (f.peer_q1, f.peer_q3) { (num(q1, 0, lang)) "–" (num(q3, 0, lang)) } @else { "–" } }
                    td.num { (f.peers_reported) " " (t(lang, "von", "of")) " " (f.peers_total) }
                    td { @match finding.map(|x| x.kind) {
                        Some(FindingKind::Strength) => strong.strength { (t(lang, "Stärke", "strength")) },
                        Some(FindingKind::NeedForAction) => strong.need { (t(lang, "Handlungsbedarf", "need for action")) },
                        None => "–",
                    } }
                }
            } }
        } }
    }
}

/// The findings as sentences, each with the observations behind its score (shown open in the
/// printable report, where a closed `<details>` would not print).
pub fn findings(data: &ViewData, profile: &Profile, lang: Lang, open: bool) -> Markup {
    let strengths: Vec<_> = profile
        .findings
        .iter()
        .filter(|f| f.kind == FindingKind::Strength)
        .collect();
    let needs: Vec<_> = profile
        .findings
        .iter()
        .filter(|f| f.kind == FindingKind::NeedForAction)
        .collect();
    let enough = profile
        .fields
        .iter()
        .any(|f| f.peers_reported >= MIN_PEERS_FOR_FINDINGS);
    let list = |items: &[&Finding]| {
        html! {
            ul.findings { @for f in items {
                li {
                    p { (t(lang, &f.text_de, &f.text_en)) }
                    details open[open] {
                        summary { (t(lang, "Werte dahinter", "Values behind it")) " (" (f.observations.len()) ")" }
                        ul { @for o in &f.observations {
                            @let ind = data.catalogue.indicator(&o.indicator);
                            li {
                                @if let Some(ind) = ind {
                                    a href=(href(lang, &format!("/indikator/{}?kommune={}", o.indicator, o.municipality))) { (label(lang, ind)) }
                                    ", " (o.year) ": " (value_text(o.value, &format_for(ind), lang))
                                } @else { (o.indicator) ", " (o.year) }
                                @if let Some(s) = o.status { @if s != Status::A { " (" (status_text(s, lang)) ")" } }
                            }
                        } }
                    }
                }
            } }
        }
    };
    html! {
        @if !enough {
            p { (t(lang, "Zu wenige Vergleichskommunen mit Punktwert (mindestens 3 nötig): keine Befunde. Wählen Sie eine größere Vergleichsgruppe.",
                "Too few peers with a score (at least 3 needed): no findings. Choose a larger peer group.")) }
        } @else if profile.findings.is_empty() {
            p { (t(lang, "Kein Handlungsfeld liegt deutlich über oder unter der Vergleichsgruppe (außerhalb der mittleren Hälfte).",
                "No field of action lies clearly above or below the peer group (outside the middle half).")) }
        } @else {
            @if !strengths.is_empty() { h3 { (t(lang, "Stärken", "Strengths")) } (list(&strengths)) }
            @if !needs.is_empty() { h3 { (t(lang, "Handlungsbedarf", "Needs for action")) } (list(&needs)) }
        }
    }
}

/// Time series of the key indicators for one member.
pub fn trends(data: &ViewData, member: &MemberView, look: &Look<'_>) -> Result<Markup, PageError> {
    let lang = look.lang;
    let mut out = Vec::new();
    for view in &member.trends {
        let spec = view.chart_spec(data, look);
        let downloads = Downloads::new(data, format!("/api/v1/trends/{}", view.indicator.id))
            .with("municipality", member.profile.key.to_string());
        out.push(figure(&spec, Some(&downloads), lang, "half").map_err(|e| chart_error(e, lang))?);
    }
    Ok(html! { div.chart-grid { @for f in &out { (f) } } })
}

/// The peer group and why each member belongs.
pub fn peers(data: &ViewData, group: &PeerGroup, focus: &Ags, lang: Lang) -> Markup {
    let neighbours = group.members.iter().any(|m| m.distance.is_some());
    let whole = matches!(group.definition, GroupDefinition::WholeCohort);
    html! {
        p { strong { (t(lang, &group.label_de, &group.label_en)) } ", " (group.members.len()) (t(lang, " Mitglieder. ", " members. "))
            (super::common::group_reason(&group.definition, &data.catalogue, lang)) }
        @if !whole { div.table-wrap { table.data {
            caption { (t(lang, "Mitglieder der Vergleichsgruppe und warum sie dazugehören", "Members of the peer group and why they belong")) }
            thead { tr {
                th scope="col" { (t(lang, "Kommune", "Municipality")) }
                th scope="col" { (t(lang, "Grund", "Reason")) }
                @if neighbours { th scope="col" { (t(lang, "Abstand (0 = gleich)", "Distance (0 = alike)")) } }
            } }
            tbody { @for m in &group.members {
                tr class=[(&m.key == focus).then_some("selected")] {
                    th scope="row" { a href=(href(lang, &format!("/kommune/{}", m.key))) { (m.name) } }
                    td { (t(lang, &m.reason_de, &m.reason_en)) }
                    @if neighbours { td.num { (m.distance.map_or("–".to_owned(), |d| num(d, 2, lang))) } }
                }
            } }
        } } }
    }
}

/// Provisional, estimated and missing values of the member and its newest upload.
pub fn data_status(data: &ViewData, stored: &[StoredObservation], lang: Lang) -> Markup {
    let mut flagged: Vec<&StoredObservation> = stored
        .iter()
        .filter(|o| {
            o.observation.status != Status::A
                || o.upload_state != vergleich_domain::UploadState::Published
        })
        .collect();
    flagged.sort_by(|a, b| {
        b.observation
            .period
            .year()
            .cmp(&a.observation.period.year())
    });
    let newest = stored.iter().max_by_key(|o| o.recorded_at);
    let count = |s: Status| stored.iter().filter(|o| o.observation.status == s).count();
    html! {
        @match newest {
            Some(o) => p {
                (t(lang, "Letzte Erfassung: ", "Last record: ")) (o.recorded_at.format("%Y-%m-%d %H:%M UTC"))
                (t(lang, ", Upload ", ", upload ")) (o.upload_id.0) " (" (upload_state(o.upload_state, lang)) ")."
                " " (stored.len()) (t(lang, " Werte, davon ", " values, of which "))
                (count(Status::P)) " " (t(lang, "vorläufig", "provisional")) ", "
                (count(Status::E)) " " (t(lang, "geschätzt", "estimated")) ", "
                (count(Status::M)) " " (t(lang, "fehlend", "missing")) "."
            },
            None => p { (t(lang, "Für diese Kommune sind noch keine Werte sichtbar.", "No values are visible for this member yet.")) },
        }
        @if !flagged.is_empty() {
            details {
                summary { (t(lang, "Vorläufige, geschätzte, fehlende und unveröffentlichte Werte", "Provisional, estimated, missing and unpublished values")) " (" (flagged.len()) ")" }
                div.table-wrap { table.data {
                    thead { tr {
                        th scope="col" { (t(lang, "Indikator", "Indicator")) }
                        th scope="col" { (t(lang, "Jahr", "Year")) }
                        th scope="col" { (t(lang, "Wert", "Value")) }
                        th scope="col" { "Status" }
                        th scope="col" { (t(lang, "Upload", "Upload")) }
                    } }
                    tbody { @for o in &flagged {
                        @let ind = data.catalogue.indicator(&o.observation.indicator);
                        tr {
                            th scope="row" { @match ind { Some(i) => (label(lang, i)), None => (o.observation.indicator) } }
                            td { (o.observation.period.year()) }
                            td.num { @match ind { Some(i) => (value_text(o.observation.value, &format_for(i), lang)), None => "–" } }
                            td { (status_text(o.observation.status, lang))
                                @if o.observation.status == Status::M { " (" (reason_text(o.observation.missing_reason, lang)) ")" } }
                            td { (o.upload_id.0) " (" (upload_state(o.upload_state, lang)) ")" }
                        }
                    } }
                } }
            }
        }
    }
}

pub fn upload_state(state: vergleich_domain::UploadState, lang: Lang) -> &'static str {
    use vergleich_domain::UploadState as U;
    match state {
        U::Draft => t(lang, "Entwurf, ungeprüft", "draft, unreviewed"),
        U::Submitted => t(lang, "eingereicht, ungeprüft", "submitted, unreviewed"),
        U::Published => t(lang, "veröffentlicht", "published"),
        U::Rejected => t(lang, "abgelehnt", "rejected"),
    }
}

/// The member's context figures (population, density, share of foreign residents) of `year`,
/// or of the latest earlier year it has, each with its year and source: an official figure
/// with table and Stand, demo data labelled as such. Published values only (the data status
/// below lists the member's own drafts, labelled).
pub fn context_facts(
    data: &ViewData,
    stored: &[StoredObservation],
    year: i32,
    lang: Lang,
) -> Markup {
    let facts: Vec<(&vergleich_domain::Indicator, &StoredObservation)> = data
        .catalogue
        .indicators
        .iter()
        .filter(|i| i.kind == vergleich_domain::IndicatorKind::Context)
        .filter_map(|i| {
            stored
                .iter()
                .filter(|o| {
                    // A draft of the reader's own member is no figure to show as the member's.
                    o.upload_state == vergleich_domain::UploadState::Published
                        && o.observation.indicator == i.id
                        && o.observation.value.is_some()
                        && o.observation.period.year() <= year
                })
                .max_by_key(|o| (o.observation.period.year(), o.version))
                .map(|o| (i, o))
        })
        .collect();
    html! {
        @for (indicator, o) in facts {
            dt { (t(lang, &indicator.label_de, &indicator.label_en)) " " (o.observation.period.year()) }
            dd {
                (value_text(o.observation.value, &format_for(indicator), lang))
                @if o.observation.status != Status::A {
                    " (" (status_text(o.observation.status, lang)) ")"
                }
                br;
                small.hint {
                    @if o.synthetic {
                        (t(lang, "Beispieldaten (synthetisch)", "Demo data (synthetic)"))
                    } @else {
                        (o.observation.source.as_deref().unwrap_or(&indicator.source))
                    }
                }
            }
        }
    }
}
