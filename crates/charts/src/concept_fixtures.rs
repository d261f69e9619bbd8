//! Fixtures of the Integrationskonzept's charts (re-exported by `fixtures`): four targets of
//! different kinds and eight measures across every status, deterministic and synthetic.

use chrono::NaiveDate;

use crate::chart::ChartSpec;
use crate::fixtures::header;
use crate::spec::{Header, Lang};
use crate::{BulletActual, BulletRow, GoalProgressSpec, MeasureTimelineSpec, TimelineBar};

/// The Integrationskonzept's charts: goal progress and measures timeline.
pub fn concept(lang: Lang) -> Vec<ChartSpec> {
    vec![
        ChartSpec::GoalProgress(goal_progress(lang)),
        ChartSpec::MeasureTimeline(measure_timeline(lang)),
    ]
}

fn concept_header(lang: Lang, title_de: &str, title_en: &str, period: &str) -> Header {
    Header {
        period: period.to_owned(),
        group: lang
            .pick(
                "Integrationskonzept 2024, Kaiserslautern",
                "Integration concept 2024, Kaiserslautern",
            )
            .to_owned(),
        members_total: 1,
        ..header(lang, lang.pick(title_de, title_en), 1)
    }
}

/// Four targets: one fallen back behind its baseline, a falling (lower is better) one on
/// track, one reached beyond its target, one without data.
pub fn goal_progress(lang: Lang) -> GoalProgressSpec {
    let row = |label: (&str, &str), unit: &str, base: (i32, f64), target: (i32, f64)| BulletRow {
        label: lang.pick(label.0, label.1).to_owned(),
        unit: unit.to_owned(),
        baseline_year: base.0,
        baseline: base.1,
        target_year: target.0,
        target: target.1,
        actual: None,
        expected: None,
        state: lang.pick("keine Daten", "no data").to_owned(),
        monitoring: false,
    };
    // the straight path's value in `year`
    let expected = |r: &BulletRow, year: i32| {
        let share = f64::from(year - r.baseline_year) / f64::from(r.target_year - r.baseline_year);
        // rounded as the API would send it (and so JSON gives back the same number)
        ((r.baseline + share * (r.target - r.baseline)) * 1000.0).round() / 1000.0
    };
    let with = |mut r: BulletRow, year: i32, value: f64, state: (&str, &str)| {
        r.actual = Some(BulletActual { year, value });
        r.expected = Some(expected(&r, year));
        r.state = lang.pick(state.0, state.1).to_owned();
        r
    };
    let naturalisation = row(
        (
            "Einbürgerungsquote (Ziel 3)",
            "Naturalisation rate (goal 3)",
        ),
        "%",
        (2019, 1.1),
        (2030, 2.0),
    );
    let unemployment = row(
        (
            "Arbeitslosenquote Ausländer (Ziel 4)",
            "Unemployment rate, foreign nationals (goal 4)",
        ),
        "%",
        (2019, 14.8),
        (2030, 10.0),
    );
    let staff = row(
        (
            "Beschäftigte mit Einwanderungsgeschichte in der Stadtverwaltung (Ziel 1)",
            "Staff with a migration background in the city administration (goal 1)",
        ),
        "%",
        (2020, 8.0),
        (2025, 12.0),
    );
    let courses = row(
        (
            "Teilnehmende an Sprachkursen (Ziel 2)",
            "Language course participants (goal 2)",
        ),
        lang.pick("Personen", "people"),
        (2021, 450.0),
        (2027, 900.0),
    );
    GoalProgressSpec {
        header: concept_header(
            lang,
            "Fortschritt der Ziele",
            "Progress of the goals",
            "2019–2030",
        ),
        rows: vec![
            BulletRow {
                monitoring: true,
                ..with(naturalisation, 2023, 1.0, ("im Rückstand", "behind"))
            },
            BulletRow {
                monitoring: true,
                ..with(unemployment, 2023, 12.6, ("im Plan", "on track"))
            },
            with(staff, 2024, 12.6, ("erreicht", "reached")),
            courses,
        ],
    }
}

/// Eight measures across every status: completed, running late, open-ended, planned, without
/// dates, dropped, with only an end date; today is 15 May 2025.
pub fn measure_timeline(lang: Lang) -> MeasureTimelineSpec {
    let date = |y, m, d| NaiveDate::from_ymd_opt(y, m, d);
    let status = |code: &str| {
        let (de, en) = match code {
            "idee" => ("Idee", "idea"),
            "in_planung" => ("in Planung", "planned"),
            "in_umsetzung" => ("in Umsetzung", "in progress"),
            "laufend" => ("laufend", "ongoing"),
            "abgeschlossen" => ("abgeschlossen", "completed"),
            _ => ("verworfen", "dropped"),
        };
        (code.to_owned(), lang.pick(de, en).to_owned())
    };
    let bar = |title: (&str, &str), start, end, code: &str, progress| {
        let (status, status_label) = status(code);
        TimelineBar {
            label: lang.pick(title.0, title.1).to_owned(),
            start,
            end,
            status,
            status_label,
            progress,
        }
    };
    MeasureTimelineSpec {
        header: concept_header(
            lang,
            "Zeitplan der Maßnahmen",
            "Timeline of the measures",
            "2021–2027",
        ),
        today: date(2025, 5, 15).unwrap_or_default(),
        bars: vec![
            bar(
                (
                    "Welcome-Center im Bürgerbüro",
                    "Welcome centre at the citizens' office",
                ),
                date(2022, 3, 1),
                date(2023, 6, 30),
                "abgeschlossen",
                Some(100.0),
            ),
            bar(
                (
                    "Interkulturelle Öffnung der Verwaltung: Fortbildungsreihe für alle Ämter und Eigenbetriebe",
                    "Intercultural opening of the administration: training series for all departments",
                ),
                date(2023, 1, 1),
                date(2026, 12, 31),
                "in_umsetzung",
                Some(40.0),
            ),
            bar(
                (
                    "Sprachcafés in den Stadtteilbibliotheken",
                    "Language cafés in the district libraries",
                ),
                date(2021, 9, 1),
                None,
                "laufend",
                None,
            ),
            bar(
                (
                    "Integrationsbeirat: Wahlbeteiligung erhöhen",
                    "Integration council: raise the turnout",
                ),
                date(2024, 4, 1),
                date(2025, 3, 31),
                "in_umsetzung",
                Some(80.0),
            ),
            bar(
                ("Mentoring für Auszubildende", "Mentoring for apprentices"),
                date(2025, 9, 1),
                date(2027, 8, 31),
                "in_planung",
                Some(10.0),
            ),
            bar(
                (
                    "Mehrsprachige Elternlotsen an Grundschulen",
                    "Multilingual parent guides at primary schools",
                ),
                None,
                None,
                "idee",
                None,
            ),
            bar(
                ("Antidiskriminierungsstelle", "Anti-discrimination office"),
                date(2022, 1, 1),
                date(2024, 6, 30),
                "verworfen",
                None,
            ),
            bar(
                (
                    "Leitbild Vielfalt beschließen",
                    "Adopt a diversity mission statement",
                ),
                None,
                date(2026, 6, 30),
                "idee",
                None,
            ),
        ],
    }
}
