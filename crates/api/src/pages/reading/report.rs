//! Bericht (`/bericht/{key}`): a printable report per member (A4 through the browser's print to
//! PDF; the print stylesheet hides navigation and breaks pages between sections) with profile,
//! findings, trends, the data table and the peer group, stamped with the data state: which data
//! (published or including unreviewed), newest record, uploads, time generated, demo data.

use axum::extract::Path;
use chrono::Utc;
use maud::{Markup, html};
use vergleich_charts::Lang;
use vergleich_domain::Ags;
use vergleich_service::model::{Missing, PeerGroup};
use vergleich_service::views::member::{MemberView, member as compute};
use vergleich_store::StoredObservation;

use super::common::{
    self, Reading, label, member, num, reason_text, status_text, value_text, view_error, with_data,
};
use super::sections;
use crate::pages::{Nav, PageError, href, t};
use vergleich_service::present::format_for;
use vergleich_service::{GroupChoice, ViewData, ViewQuery};

/// Bericht: printable report of one member with its data state.
#[utoipa::path(get, path = "/bericht/{key}", tag = "pages",
    params(
        ("key" = String, Path, description = "Key of the member (AGS or Kreisschlüssel)"),
        super::common::MemberPageParams,
    ),
    responses(
        (status = 200, description = "Printable report", content_type = "text/html"),
        (status = 404, description = "Unknown member", content_type = "text/html")))]
pub async fn report_page(page: Reading, Path(raw): Path<String>) -> Result<Markup, PageError> {
    let Reading {
        state,
        principal,
        method,
        q,
    } = page;
    let lang = q.lang;
    let stored =
        super::member::member_observations(&state, principal.reading(q.preview), &raw, lang)
            .await?;
    let choice = q.group();
    let asked = q.jahr;
    let key = raw.clone();
    let (name, body) = with_data(&state, &principal, &q, move |data| {
        let m = member(data, &key, lang)?;
        Ok((
            m.name.clone(),
            body(data, &m.key, choice, asked, &stored, lang)?,
        ))
    })
    .await?;
    let path = common::member_path(&format!("/bericht/{raw}"), choice, asked);
    let title = format!("{} {name}", t(lang, "Bericht:", "Report:"));
    Ok(super::common::page(
        &q,
        title,
        Nav::Report,
        &principal,
        &method,
        &path,
        body,
    ))
}

fn body(
    data: &ViewData,
    key: &Ags,
    choice: GroupChoice,
    asked: Option<i32>,
    stored: &[StoredObservation],
    lang: Lang,
) -> Result<Markup, PageError> {
    let year = common::year(data, asked, lang)?;
    let q = ViewQuery::about(key, year, choice, lang);
    let view = compute(data, key, &q).map_err(|e| view_error(e, lang))?;
    let look = q.look();
    let radar = sections::radar(data, &view, choice, &look)?;
    let trends = sections::trends(data, &view, &look)?;
    let similar = sections::similar_query(&view);
    let values = data_table(data, &view, lang)?;
    let MemberView { profile, .. } = &view;
    let (group, profile) = (&profile.group, &profile.profile);
    Ok(html! {
        (stamp(data, group, year, lang))
        (common::year_note(data, year, lang, |y| {
            href(lang, &common::member_path(&format!("/bericht/{key}"), choice, Some(y)))
        }))
        p.screen-only {
            (t(lang, "Zum Speichern als PDF: im Browser „Drucken“ (Strg+P bzw. ⌘P) und „Als PDF speichern“ wählen. Das Druckbild ist für A4 eingerichtet.",
                "To save as PDF: choose “Print” in the browser (Ctrl+P or ⌘P) and “Save as PDF”. The print layout is set up for A4."))
            " " a href=(href(lang, &format!("/kommune/{key}"))) { (t(lang, "Zur Seite der Kommune", "To the member's page")) }
        }
        section.report-section aria-labelledby="r-profile" {
            h2 id="r-profile" { "1. " (t(lang, "Profil", "Profile")) " " (year) }
            (radar)
            (sections::profile_table(profile, &similar, lang))
        }
        section.report-section aria-labelledby="r-findings" {
            h2 id="r-findings" { "2. " (t(lang, "Befunde", "Findings")) }
            (sections::findings(data, profile, lang, true))
            h3 { (t(lang, "Vergleichsgruppe", "Peer group")) }
            (sections::peers(data, group, key, lang))
        }
        section.report-section aria-labelledby="r-trends" {
            h2 id="r-trends" { "3. " (t(lang, "Entwicklung", "Trends")) }
            (trends)
        }
        section.report-section aria-labelledby="r-data" {
            h2 id="r-data" { "4. " (t(lang, "Daten", "Data")) " " (year) }
            (values)
            h3 { (t(lang, "Datenstand dieser Kommune", "Data status of this member")) }
            (sections::data_status(data, stored, lang))
        }
    })
}

/// The data state the report was made from, the time and the demo-data notice.
fn stamp(data: &ViewData, group: &PeerGroup, year: i32, lang: Lang) -> Markup {
    let state = &data.state;
    let uploads = match (state.uploads.first(), state.uploads.last()) {
        (Some(a), Some(b)) if a == b => a.0.to_string(),
        (Some(a), Some(b)) => format!("{}–{} ({})", a.0, b.0, state.uploads.len()),
        _ => "–".to_owned(),
    };
    let newest = state.newest_recorded_at.map_or_else(
        || "–".to_owned(),
        |t| t.format("%Y-%m-%d %H:%M UTC").to_string(),
    );
    let generated = Utc::now().format("%Y-%m-%d %H:%M UTC").to_string();
    html! {
        dl.stamp {
            dt { (t(lang, "Daten", "Data")) }
            dd { @if state.unpublished_included {
                strong { (t(lang, "einschließlich ungeprüfter, nicht veröffentlichter Werte", "including unreviewed, unpublished values")) }
            } @else { (t(lang, "veröffentlichte Daten", "published data")) } }
            dt { (t(lang, "Datenstand", "Data as of")) } dd { (newest) }
            dt { (t(lang, "Uploads", "Uploads")) } dd { (uploads) }
            dt { (t(lang, "Jahr", "Year")) } dd { (year) }
            dt { (t(lang, "Vergleichsgruppe", "Peer group")) } dd { (t(lang, &group.label_de, &group.label_en)) " (" (group.members.len()) ")" }
            dt { (t(lang, "Erstellt", "Generated")) } dd { (generated) }
            @if data.synthetic {
                dt { (t(lang, "Hinweis", "Notice")) }
                dd { strong.demo-badge { (vergleich_domain::SYNTHETIC_LABEL_DE) }
                    @if lang == Lang::En { " – " (vergleich_domain::SYNTHETIC_LABEL_EN) } }
            }
        }
    }
}

/// Every compared indicator of the member: value, status, rank in the group, median.
fn data_table(data: &ViewData, view: &MemberView, lang: Lang) -> Result<Markup, PageError> {
    let short = |f: &vergleich_domain::Field| {
        let s = t(lang, &f.short_de, &f.short_en);
        if s.is_empty() {
            t(lang, &f.label_de, &f.label_en).to_owned()
        } else {
            s.to_owned()
        }
    };
    let mut rows = Vec::new();
    for row in view.values(data).map_err(|e| view_error(e, lang))? {
        let (ind, m) = (row.indicator, &row.member);
        let fmt = format_for(ind);
        let status = match (m.status, m.missing) {
            (_, Some(Missing::Missing { reason })) => format!(
                "{} ({})",
                t(lang, "fehlt", "missing"),
                reason_text(reason, lang)
            ),
            (_, Some(Missing::NotReported)) => t(lang, "nicht gemeldet", "not reported").to_owned(),
            (Some(s), None) => status_text(s, lang).to_owned(),
            (None, None) => "–".to_owned(),
        };
        rows.push(html! {
            tr {
                td { (short(row.field)) }
                th scope="row" { (label(lang, ind)) }
                td.num { (value_text(m.value, &fmt, lang)) }
                td { (status) }
                td.num { (m.rank.map_or("–".to_owned(), |r| format!("{r} / {}", row.reported))) }
                td.num { (row.median.map_or("–".to_owned(), |v| num(v, fmt.decimals, lang))) }
            }
        });
    }
    Ok(html! {
        div.table-wrap { table.data.report-data {
            caption { (t(lang, "Werte der Kommune, Rang und Median in der Vergleichsgruppe (Rang 1 = am besten)", "The member's values, rank and median in the peer group (rank 1 = best)")) }
            thead { tr {
                th scope="col" { (t(lang, "Feld", "Field")) }
                th scope="col" { (t(lang, "Indikator", "Indicator")) }
                th scope="col" { (t(lang, "Wert", "Value")) }
                th scope="col" { "Status" }
                th scope="col" { (t(lang, "Rang", "Rank")) }
                th scope="col" { (t(lang, "Median", "Median")) }
            } }
            tbody { @for r in &rows { (r) } }
        } }
    })
}
