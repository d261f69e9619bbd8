//! The report's `source` section for an official-statistics file: which format and table it is,
//! its Stand, and per value variable what it measures, whether and where it is mapped and how many
//! rows it has inside and outside the cohort. Also its lines of the text report.

use std::fmt::Write as _;

use serde::Serialize;

/// The official formats recognised from the bytes.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum SourceFormat {
    /// GENESIS "Tabelle als CSV" (Regionaldatenbank, Landesdatenbanken, GENESIS-Online).
    GenesisTable,
    /// GENESIS flat file (`ffcsv`), plain or in its ZIP.
    GenesisFlat,
    /// INKAR (BBSR) export, CSV or the legacy `.xls`.
    Inkar,
    /// A table of the Statistik der Bundesagentur für Arbeit (XLSX).
    Ba,
}

impl SourceFormat {
    /// The name used in the report and in `datasets/sources.csv`.
    pub fn as_str(self) -> &'static str {
        match self {
            Self::GenesisTable => "genesis-table",
            Self::GenesisFlat => "genesis-flat",
            Self::Inkar => "inkar",
            Self::Ba => "ba",
        }
    }

    pub fn parse(text: &str) -> Option<Self> {
        [Self::GenesisTable, Self::GenesisFlat, Self::Inkar, Self::Ba]
            .into_iter()
            .find(|f| f.as_str() == text)
    }
}

/// One value variable of the file (a value variable code plus the attributes of the other
/// classifying variables, e.g. `BEVSTD:GES=GESW`).
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct SourceVariable {
    /// The variable as a mapping names it: `CODE[:ATTR=VAL…]`.
    pub code: String,
    pub label: String,
    /// `None` when the file does not state one (INKAR).
    pub unit: Option<String>,
    /// The catalogue indicator it is mapped to, if any.
    pub mapped_to: Option<String>,
    /// Value cells of this variable in the file.
    pub rows: usize,
    /// Value cells of cohort members.
    pub cohort_rows: usize,
}

/// What the report says about an official file.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct SourceSection {
    pub format: SourceFormat,
    /// Table id (`12411-01-01-4`), when the file or its name states it.
    pub table: Option<String>,
    /// Statistic code (`12411`, flat files).
    pub statistic: Option<String>,
    pub title: Option<String>,
    /// The table's Stand (`10.07.2023`): classic GENESIS tables, BA tables (`Erstellungsdatum`).
    pub stand: Option<String>,
    pub variables: Vec<SourceVariable>,
    /// Distinct regions in the file that are not cohort members (Germany, Länder and other Kreise;
    /// in BA tables also the rows of West- and Ostdeutschland).
    pub regions_outside_cohort: usize,
    /// Distinct regions with a `-` in every value of a row: "Gebietseinheit besteht nicht" in that
    /// period. They yield no observation.
    pub defunct_regions: usize,
    /// Rows of a flat file that repeat an earlier row exactly (same region, time, variable and
    /// value); read once.
    pub repeated_rows: usize,
    /// Values with the quality mark `()` (restricted reliability), kept with a note.
    pub restricted_values: usize,
}

impl SourceSection {
    /// The section's lines of the text report, German and English.
    pub(crate) fn write_text(&self, out: &mut String) {
        let _ = write!(out, "\nsource / Quelle: {}", self.format.as_str());
        if let Some(table) = &self.table {
            let _ = write!(out, " {table}");
        }
        if let Some(statistic) = &self.statistic {
            let _ = write!(out, " (statistic / Statistik {statistic})");
        }
        if let Some(title) = &self.title {
            let _ = write!(out, " \"{title}\"");
        }
        if let Some(stand) = &self.stand {
            let _ = write!(out, ", Stand {stand}");
        }
        for v in &self.variables {
            let unit = v.unit.as_deref().unwrap_or("?");
            let target = v
                .mapped_to
                .as_deref()
                .unwrap_or("- (not mapped / nicht zugeordnet)");
            let _ = write!(
                out,
                "\n  {} \"{}\" ({unit}) -> {target}: {} rows / Zeilen, {} in cohort / im Verbund",
                v.code, v.label, v.rows, v.cohort_rows
            );
        }
        let _ = write!(
            out,
            "\n  regions outside the cohort / Regionen außerhalb des Verbunds: {}; \
             region does not exist / Gebietseinheit besteht nicht: {}",
            self.regions_outside_cohort, self.defunct_regions
        );
        if self.repeated_rows > 0 {
            let _ = write!(
                out,
                "; repeated rows / wiederholte Zeilen: {}",
                self.repeated_rows
            );
        }
        if self.restricted_values > 0 {
            let _ = write!(
                out,
                "; restricted reliability / eingeschränkte Aussagefähigkeit: {}",
                self.restricted_values
            );
        }
    }
}
