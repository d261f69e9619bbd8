//! Kommune (`/kommune/{key}`): one member's profile radar against its peer group, the field
//! scores, the findings as sentences with their observations, trends of key indicators, its data
//! status and the peer group with the reason each peer counts as similar (`?gruppe=`).

use axum::extract::Path;
use maud::{Markup, html};
use vergleich_charts::Lang;
use vergleich_domain::Ags;
use vergleich_store::{ObservationQuery, StoredObservation};

use super::common::{
    self, GROUPS, Reading, data_state, group_param, member, view_error, with_data,
};
use super::sections;
use crate::pages::{Nav, PageError, href, t};
use crate::state::AppState;
use vergleich_service::views::member::{MemberView, member as compute};
use vergleich_service::views::partners::learning_partners;
use vergleich_service::{GroupChoice, ViewData, ViewQuery};

/// Kommune: profile, field scores, findings, trends, data status and peer group of one member.
#[utoipa::path(get, path = "/kommune/{key}", tag = "pages",
    params(
        ("key" = String, Path, description = "Key of the member (AGS or Kreisschlüssel)"),
        super::common::MemberPageParams,
    ),
    responses(
        (status = 200, description = "Member page", content_type = "text/html"),
        (status = 404, description = "Unknown member", content_type = "text/html")))]
pub async fn member_page(page: Reading, Path(raw): Path<String>) -> Result<Markup, PageError> {
    let Reading {
        state,
        principal,
        method,
        q,
    } = page;
    let lang = q.lang;
    // The data status shows the member's own unpublished uploads to who may see them, labelled,
    // whatever the comparisons read.
    let stored = member_observations(&state, principal.visibility(), &raw, lang).await?;
    let choice = q.group();
    let asked = q.jahr;
    let key = raw.clone();
    let index = state
        .workflow()
        .exchange_index_cached(&state.exchange)
        .await
        .map_err(|e| view_error(e, lang))?;
    let (name, body) = with_data(&state, &principal, &q, move |data| {
        let m = member(data, &key, lang)?;
        let body = body(data, &m.key, choice, asked, &stored, lang)?;
        let year = common::year(data, asked, lang)?;
        let partners =
            learning_partners(data, &index, &m.key, Some(year)).map_err(|e| view_error(e, lang))?;
        let partners =
            crate::pages::exchange::partners::section(&partners, &data.catalogue.fields, lang);
        Ok((m.name.clone(), maud::html! { (body) (partners) }))
    })
    .await?;
    let path = common::member_path(&format!("/kommune/{raw}"), choice, asked);
    Ok(super::common::page(
        &q,
        name,
        Nav::Municipality,
        &principal,
        &method,
        &path,
        body,
    ))
}

/// The member's current observations as `visibility` allows (for the data status).
pub async fn member_observations(
    state: &AppState,
    visibility: vergleich_store::Visibility,
    raw: &str,
    lang: Lang,
) -> Result<Vec<StoredObservation>, PageError> {
    let key = Ags::parse(raw).map_err(|_| {
        common::not_found(
            lang,
            &format!("Die Kommune „{raw}“"),
            &format!("municipality \"{raw}\""),
        )
    })?;
    state
        .store
        .observations(&ObservationQuery {
            municipalities: vec![key],
            visibility,
            ..Default::default()
        })
        .await
        .map_err(|err| PageError::from_app(err.into(), lang))
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
    let MemberView { profile, .. } = &view;
    let (group, profile) = (&profile.group, &profile.profile);
    let m = data.cohort.get(key);
    let report = match choice {
        GroupChoice::Cohort => format!("/bericht/{key}"),
        other => format!("/bericht/{key}?gruppe={}", group_param(other)),
    };
    Ok(html! {
        @if let Some(m) = m {
            dl.facts {
                dt { (t(lang, "Art", "Kind")) } dd { (t(lang, m.kind.label_de(), m.kind.label_en())) }
                dt { (t(lang, "Bundesland", "State")) } dd { (m.state.as_str()) }
                dt { (t(lang, "Schlüssel", "Key")) } dd { code { (m.key) } }
                @if let Some(ms) = m.memberships.first() {
                    dt { "Status" } dd { (t(lang, ms.status.label_de(), ms.status.label_en())) }
                }
                (sections::context_facts(data, stored, year, lang))
            }
        }
        p.actions {
            a.button href=(href(lang, &report)) { (t(lang, "Bericht zum Drucken", "Printable report")) }
            " "
            a href=(href(lang, &format!("/vergleich?{similar}&was=feld:{}", profile.fields.first().map_or("", |f| f.field.as_str())))) {
                (t(lang, "Mit den ähnlichsten Kommunen vergleichen", "Compare with the most similar members")) }
            " · "
            a href=(href(lang, &format!("/konzept/{key}"))) { (t(lang, "Integrationskonzept", "Integration concept")) }
            " · "
            a href=(href(lang, &format!("/selbstcheck/{key}"))) { (t(lang, "Selbstcheck", "Self-check")) }
        }
        (data_state(data, lang))
        (group_form(key, choice, year, lang))
        (common::year_note(data, year, lang, |y| {
            href(lang, &common::member_path(&format!("/kommune/{key}"), choice, Some(y)))
        }))
        div.split {
            section aria-labelledby="h-profile" {
                h2 id="h-profile" { (t(lang, "Profil gegen die Vergleichsgruppe", "Profile against the peer group")) " " (year) }
                p { (t(lang, "Die blaue Linie ist die Kommune, das helle Band die mittlere Hälfte der Vergleichsgruppe, die gestrichelte Linie deren Median.",
                    "The blue line is the member, the light band the middle half of the peer group, the dashed line its median.")) }
                (radar)
            }
            section aria-labelledby="h-findings" {
                h2 id="h-findings" { (t(lang, "Befunde", "Findings")) }
                (sections::findings(data, profile, lang, false))
            }
        }
        (sections::profile_table(profile, &similar, lang))
        section aria-labelledby="h-trends" {
            h2 id="h-trends" { (t(lang, "Entwicklung ausgewählter Indikatoren", "Trends of key indicators")) }
            (trends)
        }
        section aria-labelledby="h-status" {
            h2 id="h-status" { (t(lang, "Datenstand dieser Kommune", "Data status of this member")) }
            (sections::data_status(data, stored, lang))
        }
        section aria-labelledby="h-peers" {
            h2 id="h-peers" { (t(lang, "Vergleichsgruppe", "Peer group")) }
            (sections::peers(data, group, key, lang))
        }
    })
}

fn group_form(key: &Ags, choice: GroupChoice, year: i32, lang: Lang) -> Markup {
    html! {
        form.choose method="get" action={ "/kommune/" (key) } {
            @if lang == Lang::En { input type="hidden" name="lang" value="en"; }
            input type="hidden" name="jahr" value=(year);
            label for="gruppe" { (t(lang, "Vergleichen mit", "Compare with")) }
            select id="gruppe" name="gruppe" {
                @for (c, id, de, en) in GROUPS {
                    option value=(id) selected[c == choice] { (t(lang, de, en)) }
                }
            }
            button type="submit" { (t(lang, "Anzeigen", "Show")) }
        }
    }
}
