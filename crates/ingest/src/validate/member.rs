//! Which member a row belongs to: the key as the file gives it, checked against the cohort and
//! the uploader's own member (rows of another member, a key that lost its leading zero).

use std::borrow::Cow;

use vergleich_domain::Ags;

use super::{Found, Record, Validator};
use crate::report::Code;
use crate::table::Cell;
use crate::table::format_number;

impl Validator<'_> {
    /// Whether the row names a cohort member other than the principal.
    pub(super) fn of_other_member(&self, r: &Record<'_>) -> bool {
        let (Some(principal), Some(slot)) = (&self.ctx.principal, r.municipality) else {
            return false;
        };
        let text = match slot.cell {
            Cell::Text(t) => Cow::Borrowed(t.trim()),
            Cell::Number(n) if n.fract() == 0.0 && n >= 0.0 => Cow::Owned(format_number(n)),
            _ => return false,
        };
        self.municipalities
            .get(&*text)
            .is_some_and(|i| self.ctx.cohort.municipalities[*i].key != *principal)
    }

    pub(super) fn municipality(&mut self, r: &Record<'_>) -> Found<(usize, Ags)> {
        let Some(slot) = r.municipality else {
            let principal = self.ctx.principal.as_ref();
            let index = principal.and_then(|p| self.municipalities.get(p.as_str()));
            return match (principal, index) {
                (Some(p), Some(i)) => Ok((*i, p.clone())),
                _ => Err(self
                    .err(Code::MissingCell, r.row, None)
                    .msg("Die Kommune fehlt.", "The municipality is missing.")),
            };
        };
        let text: Cow<'_, str> = match slot.cell {
            Cell::Text(t) => Cow::Borrowed(t.trim()),
            Cell::Number(n) if n.fract() == 0.0 && n >= 0.0 => Cow::Owned(format_number(n)),
            _ if slot.cell.is_blank() => Cow::Borrowed(""),
            _ => Cow::Owned(slot.cell.display()),
        };
        if let Some(index) = self.municipalities.get(&*text) {
            let key = self.ctx.cohort.municipalities[*index].key.clone();
            if let Some(p) = &self.ctx.principal
                && *p != key
            {
                return Err(self.err(Code::WrongMunicipality, r.row, Some(slot)).msg(
                    format!("Sie dürfen nur Daten Ihrer eigenen Kommune ({p}) hochladen."),
                    format!("You may upload data of your own municipality ({p}) only."),
                ));
            }
            return Ok((*index, key));
        }
        Err(match Ags::parse(&text) {
            Ok(_) => self.err(Code::ForeignKey, r.row, Some(slot)).msg(
                "Diese Kommune gehört nicht zum Verbund. Bitte den amtlichen Gemeindeschlüssel prüfen.",
                "This municipality is not a member. Check the official municipality key.",
            ),
            // A spreadsheet read the key as a number: when it is the uploader's own member
            // with the zero put back, that is what was meant (one warning for all rows).
            Err(vergleich_domain::IdError::AgsLeadingZeroLost { .. })
                if self.ctx.principal.as_ref().is_some_and(|p| p.as_str() == format!("0{text}")) =>
            {
                if let Some(p) = self.ctx.principal.clone()
                    && let Some(index) = self.municipalities.get(p.as_str()).copied()
                {
                    self.zero_restored_rows.push(r.row);
                    return Ok((index, p));
                }
                self.err(Code::ForeignKey, r.row, Some(slot)).msg(
                    "Diese Kommune gehört nicht zum Verbund.",
                    "This municipality is not a member.",
                )
            }
            Err(vergleich_domain::IdError::AgsLeadingZeroLost { .. }) => {
                self.err(Code::TypeError, r.row, Some(slot)).msg(
                    "Dem Gemeindeschlüssel fehlt die führende Null. Spalte als Text formatieren und den Schlüssel 8-stellig (bzw. 5-stellig) eingeben.",
                    "The municipality key lost its leading zero. Format the column as text and enter the 8-digit (or 5-digit) key.",
                )
            }
            Err(_) if text.is_empty() => self.err(Code::MissingCell, r.row, Some(slot)).msg(
                "Der Gemeindeschlüssel fehlt.",
                "The municipality key is missing.",
            ),
            Err(_) => self.err(Code::TypeError, r.row, Some(slot)).msg(
                "Der Gemeindeschlüssel muss aus 8 (Gemeinde) oder 5 (Kreis) Ziffern bestehen.",
                "The municipality key must be 8 (municipality) or 5 (district) digits.",
            ),
        })
    }
}
