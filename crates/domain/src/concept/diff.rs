//! What changed between two versions of a concept (the diff page): Themenfelder matched by key,
//! goals and measures by their ids, which stay stable across versions. Each entry says whether
//! it was added, dropped or changed, and for a change every aspect with its value before and
//! after (a target is matched by its indicator).

use chrono::NaiveDate;
use serde::Serialize;

use super::{ConceptContent, Goal, Measure, MeasureStatus, Target, Themenfeld};

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum DiffKind {
    Themenfeld,
    Goal,
    Measure,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum ChangeKind {
    Added,
    Dropped,
    Changed,
}

/// A value before or after, typed so a page formats it in its language.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[serde(tag = "type", content = "value", rename_all = "snake_case")]
pub enum DiffValue {
    Text(String),
    Number(f64),
    Date(NaiveDate),
    Status(MeasureStatus),
    List(Vec<String>),
    /// A target: baseline (year) → target (year).
    Target {
        baseline_year: i32,
        baseline: f64,
        target_year: i32,
        target: f64,
    },
}

/// One aspect that changed: `title`, `status`, `target:einbuergerungsquote`, …
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct DiffDetail {
    pub aspect: String,
    pub before: Option<DiffValue>,
    pub after: Option<DiffValue>,
}

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct DiffEntry {
    pub kind: DiffKind,
    /// The Themenfeld's key or the goal's or measure's id.
    pub id: String,
    /// The title in the newer version (the older one's when dropped).
    pub title: String,
    pub change: ChangeKind,
    /// For a change: every aspect that differs.
    pub details: Vec<DiffDetail>,
}

/// The changes from `old` to `new`, Themenfelder first, then goals, then measures, each in
/// the newer version's order with the dropped ones after.
pub fn diff(old: &ConceptContent, new: &ConceptContent) -> Vec<DiffEntry> {
    let mut out = Vec::new();
    matched(
        &mut out,
        DiffKind::Themenfeld,
        &old.themenfelder,
        &new.themenfelder,
        |t| t.key.clone(),
        |t| t.title.clone(),
        themenfeld_details,
    );
    let goal = |c: &ConceptContent| -> Vec<(String, Goal)> {
        c.goals().map(|(k, g)| (k.to_owned(), g.clone())).collect()
    };
    matched(
        &mut out,
        DiffKind::Goal,
        &goal(old),
        &goal(new),
        |(_, g)| g.id.to_string(),
        |(_, g)| g.title.clone(),
        goal_details,
    );
    matched(
        &mut out,
        DiffKind::Measure,
        &old.measures,
        &new.measures,
        |m| m.id.to_string(),
        |m| m.title.clone(),
        measure_details,
    );
    out
}

fn matched<T>(
    out: &mut Vec<DiffEntry>,
    kind: DiffKind,
    old: &[T],
    new: &[T],
    id: impl Fn(&T) -> String,
    title: impl Fn(&T) -> String,
    details: impl Fn(&T, &T) -> Vec<DiffDetail>,
) {
    for n in new {
        let key = id(n);
        let (change, details) = match old.iter().find(|o| id(o) == key) {
            None => (ChangeKind::Added, Vec::new()),
            Some(o) => {
                let d = details(o, n);
                if d.is_empty() {
                    continue;
                }
                (ChangeKind::Changed, d)
            }
        };
        out.push(DiffEntry {
            kind,
            id: key,
            title: title(n),
            change,
            details,
        });
    }
    for o in old {
        let key = id(o);
        if !new.iter().any(|n| id(n) == key) {
            out.push(DiffEntry {
                kind,
                id: key,
                title: title(o),
                change: ChangeKind::Dropped,
                details: Vec::new(),
            });
        }
    }
}

/// Collects the aspects whose values differ.
#[derive(Default)]
struct Details(Vec<DiffDetail>);

impl Details {
    fn add(&mut self, aspect: &str, before: Option<DiffValue>, after: Option<DiffValue>) {
        if before != after {
            self.0.push(DiffDetail {
                aspect: aspect.to_owned(),
                before,
                after,
            });
        }
    }
}

fn text(s: &str) -> Option<DiffValue> {
    Some(DiffValue::Text(s.to_owned()))
}

fn opt_text(s: Option<&String>) -> Option<DiffValue> {
    s.map(|s| DiffValue::Text(s.clone()))
}

fn date(d: Option<NaiveDate>) -> Option<DiffValue> {
    d.map(DiffValue::Date)
}

fn number(n: Option<f64>) -> Option<DiffValue> {
    n.map(DiffValue::Number)
}

fn themenfeld_details(o: &Themenfeld, n: &Themenfeld) -> Vec<DiffDetail> {
    let mut d = Details::default();
    d.add("title", text(&o.title), text(&n.title));
    let fields = |t: &Themenfeld| {
        Some(DiffValue::List(
            t.fields.iter().map(ToString::to_string).collect(),
        ))
    };
    d.add("fields", fields(o), fields(n));
    d.add("ideal", text(&o.ideal_de), text(&n.ideal_de));
    d.0
}

fn target_value(t: &Target) -> DiffValue {
    DiffValue::Target {
        baseline_year: t.baseline_year,
        baseline: t.baseline,
        target_year: t.target_year,
        target: t.target,
    }
}

fn goal_details((ok, o): &(String, Goal), (nk, n): &(String, Goal)) -> Vec<DiffDetail> {
    let mut d = Details::default();
    d.add("title", text(&o.title), text(&n.title));
    d.add("themenfeld", text(ok), text(nk));
    d.add(
        "parent",
        o.parent.map(|p| DiffValue::Text(p.to_string())),
        n.parent.map(|p| DiffValue::Text(p.to_string())),
    );
    d.add(
        "owner",
        opt_text(o.owner.as_ref()),
        opt_text(n.owner.as_ref()),
    );
    d.add("deadline", date(o.deadline), date(n.deadline));
    for t in &n.targets {
        let before = o.targets.iter().find(|x| x.indicator == t.indicator);
        d.add(
            &format!("target:{}", t.indicator),
            before.map(target_value),
            Some(target_value(t)),
        );
    }
    for t in &o.targets {
        if !n.targets.iter().any(|x| x.indicator == t.indicator) {
            d.add(
                &format!("target:{}", t.indicator),
                Some(target_value(t)),
                None,
            );
        }
    }
    d.0
}

fn measure_details(o: &Measure, n: &Measure) -> Vec<DiffDetail> {
    let mut d = Details::default();
    d.add("title", text(&o.title), text(&n.title));
    d.add(
        "status",
        Some(DiffValue::Status(o.status)),
        Some(DiffValue::Status(n.status)),
    );
    d.add("progress", number(o.progress), number(n.progress));
    d.add("start", date(o.start), date(n.start));
    d.add("end", date(o.end), date(n.end));
    d.add(
        "owner",
        opt_text(o.owner.as_ref()),
        opt_text(n.owner.as_ref()),
    );
    let goals = |m: &Measure| {
        Some(DiffValue::List(
            m.goals.iter().map(ToString::to_string).collect(),
        ))
    };
    d.add("goals", goals(o), goals(n));
    d.add("budget", number(o.budget), number(n.budget));
    d.add(
        "funding",
        opt_text(o.funding.as_ref()),
        opt_text(n.funding.as_ref()),
    );
    d.0
}
