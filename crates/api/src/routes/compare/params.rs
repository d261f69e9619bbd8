//! Query parameters of the comparison views: one parser for all of them, so `year`, `group`,
//! `weights` and the others mean the same everywhere. Each route names the parameters it
//! accepts; any other (or a misspelt one) is a 400 naming it.

use std::collections::BTreeMap;

use serde::Deserialize;
use vergleich_charts::{Lang, PngScale, SizePreset};
use vergleich_domain::{Ags, FieldId, IndicatorId, Period};
use vergleich_service::model::FieldScoreOptions;

use super::super::observations::{parse_list, parse_number};
use crate::error::{AppError, ErrorDetail};

mod options;

pub use options::one_of;
use options::options;
use vergleich_service::{GroupChoice, ViewQuery};

/// Rows of a list view when no `limit` is given, and the most one page may hold.
pub const DEFAULT_LIMIT: i64 = 1_000;
pub const MAX_LIMIT: i64 = 10_000;
/// Nearest neighbours allowed in a `neighbours` group.
pub const MAX_K: i64 = 34;

/// Every parameter any comparison view knows, as sent.
#[derive(Debug, Default, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ViewParams {
    pub year: Option<String>,
    pub group: Option<String>,
    pub municipality: Option<String>,
    pub k: Option<String>,
    pub weights: Option<String>,
    pub normalisation: Option<String>,
    pub aggregation: Option<String>,
    pub min_coverage: Option<String>,
    pub from: Option<String>,
    pub to: Option<String>,
    pub base: Option<String>,
    pub like_for_like: Option<String>,
    pub indicator: Option<String>,
    pub field: Option<String>,
    pub x: Option<String>,
    pub y: Option<String>,
    pub limit: Option<String>,
    pub offset: Option<String>,
    pub chart: Option<String>,
    pub lang: Option<String>,
    pub size: Option<String>,
    pub scale: Option<String>,
    pub data: Option<String>,
    pub meta: Option<String>,
    pub cohort: Option<String>,
    pub release: Option<String>,
    pub digest: Option<String>,
}

/// The parameters after parsing; ids are checked against the catalogue later.
#[derive(Debug, Clone)]
pub struct Parsed {
    pub year: Option<i32>,
    pub group: GroupChoice,
    /// Highlighted members; the first is the focus of a relative group.
    pub members: Vec<Ags>,
    pub k: usize,
    pub options: FieldScoreOptions,
    pub from: Option<i32>,
    pub to: Option<i32>,
    pub base: Option<i32>,
    pub like_for_like: bool,
    pub indicators: Vec<IndicatorId>,
    pub field: Option<FieldId>,
    pub x: Option<IndicatorId>,
    pub y: Option<IndicatorId>,
    pub limit: i64,
    pub offset: i64,
    pub chart: Option<String>,
    pub lang: Lang,
    pub size: SizePreset,
    pub scale: PngScale,
    /// `data=preview`: include the unpublished data the reader may see (its own member's
    /// drafts; everything unreviewed for managers). Default: published data only, the state
    /// every comparison shows once approved.
    pub preview: bool,
    /// `meta=none`: a CSV without the leading `#` metadata lines, for tools that read plain
    /// tables (pandas, frictionless); the metadata stays in the JSON and the XLSX sheet.
    pub meta_lines: bool,
    /// `cohort=…`: count only that named cohort's members (checked against the data later).
    pub cohort: Option<String>,
    /// `release=2025-1`: the published data of that release (checked against the releases
    /// later); `digest=…` the first 16 hex digits of its content hash (immutable answers).
    pub release: Option<String>,
    pub digest: Option<String>,
    /// The parameters as sent, for the export's metadata.
    pub given: BTreeMap<&'static str, String>,
}

impl ViewParams {
    fn given(&self) -> BTreeMap<&'static str, String> {
        let all = [
            ("year", &self.year),
            ("group", &self.group),
            ("municipality", &self.municipality),
            ("k", &self.k),
            ("weights", &self.weights),
            ("normalisation", &self.normalisation),
            ("aggregation", &self.aggregation),
            ("min_coverage", &self.min_coverage),
            ("from", &self.from),
            ("to", &self.to),
            ("base", &self.base),
            ("like_for_like", &self.like_for_like),
            ("indicator", &self.indicator),
            ("field", &self.field),
            ("x", &self.x),
            ("y", &self.y),
            ("limit", &self.limit),
            ("offset", &self.offset),
            ("chart", &self.chart),
            ("lang", &self.lang),
            ("size", &self.size),
            ("scale", &self.scale),
            ("data", &self.data),
            ("meta", &self.meta),
            ("cohort", &self.cohort),
            ("release", &self.release),
            ("digest", &self.digest),
        ];
        all.into_iter()
            .filter_map(|(name, value)| value.clone().map(|v| (name, v)))
            .collect()
    }

    /// Parses every parameter; `allowed` are the ones this route accepts (besides `lang`,
    /// `size`, `scale` and `data`, which every view has). All problems are reported at once.
    pub fn parse(self, allowed: &[&str]) -> Result<Parsed, AppError> {
        let given = self.given();
        let mut errors = Vec::new();
        for (name, value) in &given {
            if !allowed.contains(name)
                && !matches!(
                    *name,
                    "lang" | "size" | "scale" | "data" | "meta" | "cohort" | "release" | "digest"
                )
            {
                errors.push(ErrorDetail::parameter(
                    name,
                    value,
                    format!(
                        "Diese Ansicht kennt den Parameter „{name}“ nicht; erlaubt: {}, lang, size, scale, data, meta, cohort.",
                        allowed.join(", ")
                    ),
                    format!(
                        "This view has no parameter \"{name}\"; allowed: {}, lang, size, scale, data, meta, cohort, release, digest.",
                        allowed.join(", ")
                    ),
                ));
            }
        }
        let years = i64::from(Period::MIN)..=i64::from(Period::MAX);
        let year_of = |name: &str, raw: &Option<String>, errors: &mut Vec<ErrorDetail>| {
            parse_number(name, raw.as_deref(), years.clone(), errors)
                .and_then(|y| i32::try_from(y).ok())
        };
        let year = year_of("year", &self.year, &mut errors);
        let from = year_of("from", &self.from, &mut errors);
        let to = year_of("to", &self.to, &mut errors);
        let base = year_of("base", &self.base, &mut errors);
        if let (Some(f), Some(t)) = (from, to)
            && f > t
        {
            errors.push(ErrorDetail::parameter(
                "from",
                &f.to_string(),
                format!("Das Startjahr {f} liegt nach dem Endjahr {t}."),
                format!("The first year {f} is after the last year {t}."),
            ));
        }
        let group = match self.group.as_deref() {
            None => GroupChoice::Cohort,
            Some(raw) => one_of(
                "group",
                raw,
                &[
                    ("cohort", GroupChoice::Cohort),
                    ("kind", GroupChoice::Kind),
                    ("state", GroupChoice::State),
                    ("east-west", GroupChoice::EastWest),
                    ("size", GroupChoice::Size),
                    ("neighbours", GroupChoice::Neighbours),
                ],
                &mut errors,
            )
            .unwrap_or_default(),
        };
        let members = parse_list(
            "municipality",
            self.municipality.as_deref(),
            Ags::parse,
            &mut errors,
        );
        let k = parse_number("k", self.k.as_deref(), 1..=MAX_K, &mut errors)
            .map_or(vergleich_service::DEFAULT_NEIGHBOURS, |k| {
                usize::try_from(k).unwrap_or(1)
            });
        let options = options(&self, &mut errors);
        let like_for_like = match self.like_for_like.as_deref() {
            None => false,
            Some(raw) => one_of(
                "like_for_like",
                raw,
                &[("true", true), ("false", false)],
                &mut errors,
            )
            .unwrap_or(false),
        };
        let indicators = parse_list(
            "indicator",
            self.indicator.as_deref(),
            IndicatorId::parse,
            &mut errors,
        );
        let field = parse_list("field", self.field.as_deref(), FieldId::parse, &mut errors)
            .into_iter()
            .next();
        let x = parse_list("x", self.x.as_deref(), IndicatorId::parse, &mut errors)
            .into_iter()
            .next();
        let y = parse_list("y", self.y.as_deref(), IndicatorId::parse, &mut errors)
            .into_iter()
            .next();
        let limit = parse_number("limit", self.limit.as_deref(), 1..=MAX_LIMIT, &mut errors)
            .unwrap_or(DEFAULT_LIMIT);
        let offset =
            parse_number("offset", self.offset.as_deref(), 0..=i64::MAX, &mut errors).unwrap_or(0);
        let lang = match self.lang.as_deref() {
            None => Lang::En,
            Some(raw) => one_of(
                "lang",
                raw,
                &[("de", Lang::De), ("en", Lang::En)],
                &mut errors,
            )
            .unwrap_or(Lang::En),
        };
        let size = match self.size.as_deref() {
            None => SizePreset::Web,
            Some(raw) => one_of(
                "size",
                raw,
                &[
                    ("web", SizePreset::Web),
                    ("column", SizePreset::Column),
                    ("print", SizePreset::Print),
                ],
                &mut errors,
            )
            .unwrap_or_default(),
        };
        let scale = match self.scale.as_deref() {
            None => PngScale::X1,
            Some(raw) => one_of(
                "scale",
                raw,
                &[("1", PngScale::X1), ("2", PngScale::X2)],
                &mut errors,
            )
            .unwrap_or_default(),
        };
        let preview = match self.data.as_deref() {
            None => false,
            Some(raw) => one_of(
                "data",
                raw,
                &[("published", false), ("preview", true)],
                &mut errors,
            )
            .unwrap_or(false),
        };
        let meta_lines = match self.meta.as_deref() {
            None => true,
            Some(raw) => one_of(
                "meta",
                raw,
                &[("lines", true), ("none", false)],
                &mut errors,
            )
            .unwrap_or(true),
        };
        if let Some(name) = &self.cohort
            && let Err(problem) = vergleich_domain::cohort_periods::check_cohort_name(name)
        {
            errors.push(ErrorDetail::parameter(
                "cohort",
                name,
                format!("Kein Kohortenname: {problem}."),
                format!("Not a cohort name: {problem}."),
            ));
        }
        if let Some(name) = &self.release
            && let Err(problem) = vergleich_domain::release::check_release_name(name)
        {
            errors.push(ErrorDetail::parameter(
                "release",
                name,
                format!("Kein Name eines Datenstands: {problem}."),
                format!("Not a release name: {problem}."),
            ));
        }
        if self.release.is_some() && preview {
            errors.push(ErrorDetail::parameter(
                "data",
                "preview",
                "Ein Datenstand ist veröffentlicht: release und data=preview schließen sich aus."
                    .to_owned(),
                "A release is published data: release and data=preview exclude each other."
                    .to_owned(),
            ));
        }
        if let Some(digest) = &self.digest {
            if self.release.is_none() {
                errors.push(ErrorDetail::parameter(
                    "digest",
                    digest,
                    "digest gehört zu einem Datenstand: release=… angeben.".to_owned(),
                    "digest belongs to a release: give release=….".to_owned(),
                ));
            } else if digest.len() != 16
                || !digest
                    .bytes()
                    .all(|b| matches!(b, b'0'..=b'9' | b'a'..=b'f'))
            {
                errors.push(ErrorDetail::parameter(
                    "digest",
                    digest,
                    "digest: 16 Hexziffern (a–f, 0–9), wie sie GET /api/v1/releases nennt."
                        .to_owned(),
                    "digest: 16 hex digits (a-f, 0-9) as GET /api/v1/releases gives them."
                        .to_owned(),
                ));
            }
        }
        if !errors.is_empty() {
            return Err(AppError::invalid(errors));
        }
        Ok(Parsed {
            year,
            group,
            members,
            k,
            options,
            from,
            to,
            base,
            like_for_like,
            indicators,
            field,
            x,
            y,
            limit,
            offset,
            chart: self.chart,
            lang,
            size,
            scale,
            preview,
            meta_lines,
            cohort: self.cohort,
            release: self.release,
            digest: self.digest,
            given,
        })
    }
}

impl Parsed {
    /// The `chart` parameter as one of `choices`; without it the first.
    pub fn chart_kind<T: Copy>(&self, choices: &[(&str, T)]) -> Result<T, AppError> {
        let Some(raw) = self.chart.as_deref() else {
            return choices
                .first()
                .map(|(_, kind)| *kind)
                .ok_or_else(|| AppError::invalid(Vec::new()));
        };
        let mut errors = Vec::new();
        one_of("chart", raw, choices, &mut errors).ok_or_else(|| AppError::invalid(errors))
    }

    /// The choices the application layer's views read.
    pub fn query(&self) -> ViewQuery {
        ViewQuery {
            year: self.year,
            group: self.group,
            members: self.members.clone(),
            k: self.k,
            options: self.options.clone(),
            from: self.from,
            to: self.to,
            base: self.base,
            like_for_like: self.like_for_like,
            lang: self.lang,
            size: self.size,
            cohort: self.cohort.clone(),
        }
    }
}
