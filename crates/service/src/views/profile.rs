//! The profile of one member: its field scores against its peers, with findings. The member
//! page, the printed report and `GET /api/v1/profiles/{key}` all show this one computation.

use serde::Serialize;
use vergleich_analysis::PeerGroup;
use vergleich_analysis::profile::{FindingKind, Profile};
use vergleich_charts::{ChartSpec, Lang, PeerBand, RadarAxis, RadarSpec};
use vergleich_domain::Ags;

use super::{Render, View, to_json};
use crate::analyses;
use crate::data::ViewData;
use crate::error::Result;
use crate::groups::group_of;
use crate::present::{self, method_line, points, score_datum, scores_method};
use crate::request::{Look, ViewQuery};
use crate::table::{Cell, Column, Table};

/// One member's profile against its peer group.
pub struct ProfileView {
    pub key: Ags,
    pub year: i32,
    pub group: PeerGroup,
    pub profile: Profile,
    pub options: vergleich_analysis::score::FieldScoreOptions,
}

#[derive(Serialize)]
struct Body<'a> {
    profile: &'a Profile,
}

/// Computes the profile of `key` (the path's member) in its group.
pub fn profile(data: &ViewData, key: &Ags, q: &ViewQuery) -> Result<ProfileView> {
    data.member("municipality", key)?;
    let year = data.year_or_latest(q.year)?;
    let q = ViewQuery {
        members: vec![key.clone()],
        ..q.clone()
    };
    let group = group_of(data, &q, year)?;
    let profile = analyses::profile(data, &group, key, year, &q.options)?;
    Ok(ProfileView {
        key: key.clone(),
        year,
        group,
        profile,
        options: q.options,
    })
}

fn kind_text(kind: FindingKind, lang: Lang) -> &'static str {
    match kind {
        FindingKind::Strength => lang.pick("Stärke", "strength"),
        _ => lang.pick("Handlungsbedarf", "need for action"),
    }
}

impl ProfileView {
    pub fn into_view(self) -> View {
        View {
            name: "profile",
            file_stem: format!("profil-{}-{}", self.key, self.year),
            period: self.year.to_string(),
            group: Some(self.profile.group.clone()),
            method: format!(
                "field scores against the peers' median and quartiles (type 7); strength above Q3, \
                 need for action below Q1, at most three each, only with at least three peers; {}",
                scores_method(&self.options)
            ),
            extra: vec![(
                "Kommune",
                "Municipality",
                format!("{} ({})", self.profile.name, self.key),
            )],
            body: Box::new(self),
        }
    }

    /// The radar of the member's field scores with the peers' band.
    pub fn radar(&self, data: &ViewData, look: &Look<'_>) -> ChartSpec {
        let lang = look.lang;
        let profile = &self.profile;
        let axes = profile
            .fields
            .iter()
            .map(|f| RadarAxis {
                label: lang.pick(&f.label_de, &f.label_en).to_owned(),
                value: score_datum(&f.score),
                peer: match (f.peer_q1, f.peer_median, f.peer_q3) {
                    (Some(q1), Some(median), Some(q3)) => Some(PeerBand { q1, median, q3 }),
                    _ => None,
                },
            })
            .collect();
        let n_with_data = profile
            .fields
            .iter()
            .map(|f| f.peers_reported)
            .max()
            .unwrap_or(0);
        ChartSpec::Radar(RadarSpec {
            header: present::header(
                data,
                look,
                (
                    &self.group.label_de,
                    &self.group.label_en,
                    self.group.members.len(),
                ),
                lang.pick(
                    "Profil der Handlungsfelder",
                    "Profile of the fields of action",
                )
                .to_owned(),
                self.year.to_string(),
                method_line(lang, &self.options),
            ),
            format: points(),
            member: profile.name.clone(),
            n_with_data,
            range: [0.0, 100.0],
            axes,
        })
    }
}

impl Render for ProfileView {
    fn json(&self) -> Result<Vec<u8>> {
        to_json(&Body {
            profile: &self.profile,
        })
    }

    fn table(&self, lang: Lang) -> Table {
        let profile = &self.profile;
        let columns = vec![
            Column::new("Handlungsfeld", "field"),
            Column::new("Bezeichnung", "label"),
            Column::new("Punktwert", "score"),
            Column::new("Zustand", "state"),
            Column::new("Abdeckung (0–1)", "coverage"),
            Column::new("Q1 Vergleichsgruppe", "peer_q1"),
            Column::new("Median Vergleichsgruppe", "peer_median"),
            Column::new("Q3 Vergleichsgruppe", "peer_q3"),
            Column::new("Vergleichskommunen mit Wert", "peers_reported"),
            Column::new("Vergleichskommunen", "peers_total"),
            Column::new("Befund", "finding"),
            Column::new("Befundtext", "finding_text"),
        ];
        let rows = profile
            .fields
            .iter()
            .map(|f| {
                let finding = profile.findings.iter().find(|x| x.field == f.field);
                let mut row = vec![
                    Cell::text(f.field.as_str()),
                    Cell::text(lang.pick(&f.label_de, &f.label_en)),
                ];
                row.extend(super::scores::score_cells(&f.score, f.coverage, lang));
                row.extend([
                    Cell::number(f.peer_q1),
                    Cell::number(f.peer_median),
                    Cell::number(f.peer_q3),
                    Cell::int(Some(f.peers_reported)),
                    Cell::int(Some(f.peers_total)),
                    Cell::text(finding.map_or("", |x| kind_text(x.kind, lang))),
                    Cell::text(finding.map_or("", |x| lang.pick(&x.text_de, &x.text_en))),
                ]);
                row
            })
            .collect();
        Table::new(columns, rows)
    }

    fn chart(&self, data: &ViewData, look: &Look<'_>) -> Result<ChartSpec> {
        Ok(self.radar(data, look))
    }
}
