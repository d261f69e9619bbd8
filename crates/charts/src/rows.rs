//! The rows of the row charts (ranking and dot plot): the item type, member order (members
//! with data sorted by value, ties by name, members without data after them), competition ranks
//! (ties share the better rank) and the rows of members without data.

use serde::{Deserialize, Serialize};

use crate::canvas::{Align, Canvas};
use crate::format::words;
use crate::spec::{Datum, Lang, Order};
use crate::style::{LABEL_SIZE, MUTED};

/// One bar: a member and its value.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct RankingItem {
    pub name: String,
    pub value: Datum,
    /// Highlight this member (the city the reader looks at).
    #[serde(default)]
    pub selected: bool,
}

/// Items with data in display order, then the ones without.
pub(crate) fn sorted(
    items: &[RankingItem],
    order: Order,
) -> (Vec<(&RankingItem, f64)>, Vec<&RankingItem>) {
    let mut with: Vec<(&RankingItem, f64)> = items
        .iter()
        .filter_map(|i| i.value.value().map(|v| (i, v)))
        .collect();
    with.sort_by(|a, b| {
        let by_value = match order {
            Order::HighFirst => b.1.total_cmp(&a.1),
            Order::LowFirst => a.1.total_cmp(&b.1),
        };
        by_value.then_with(|| a.0.name.cmp(&b.0.name))
    });
    let without = items.iter().filter(|i| i.value.value().is_none()).collect();
    (with, without)
}

/// Competition ranks over sorted values: ties share the better rank (1, 2, 2, 4).
pub(crate) fn ranks(values: &[f64]) -> Vec<usize> {
    let mut out = Vec::with_capacity(values.len());
    for (i, v) in values.iter().enumerate() {
        match (i, out.last()) {
            (0, _) | (_, None) => out.push(1),
            (_, Some(&r)) if values[i - 1] == *v => out.push(r),
            _ => out.push(i + 1),
        }
    }
    out
}

fn no_data_label(d: Datum, lang: Lang) -> &'static str {
    match d {
        Datum::Insufficient => words(lang).insufficient,
        _ => words(lang).no_data,
    }
}

/// The members without a value, listed below the others (ranking and dot plot): the name in
/// muted text right-aligned at `name_x`, then "keine Daten" or "Datenlage unzureichend" from
/// `value_x`; `row_y` gives the centre of a row by its index.
pub(crate) fn draw_no_data_rows(
    c: &Canvas<'_>,
    items: &[&RankingItem],
    first_row: usize,
    row_y: impl Fn(usize) -> f64,
    name_x: f64,
    value_x: f64,
    lang: Lang,
) {
    for (k, item) in items.iter().enumerate() {
        let cy = row_y(first_row + k);
        c.text(name_x, cy, &item.name, LABEL_SIZE, MUTED, Align::End);
        c.text(
            value_x,
            cy,
            no_data_label(item.value, lang),
            LABEL_SIZE,
            MUTED,
            Align::Start,
        );
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn competition_ranks_let_ties_share_the_better_rank() {
        assert_eq!(ranks(&[9.0, 7.0, 7.0, 5.0]), vec![1, 2, 2, 4]);
        assert_eq!(ranks(&[]), Vec::<usize>::new());
    }

    #[test]
    fn low_first_order_sorts_ascending_ties_by_name_and_missing_last() {
        let item = |name: &str, value| RankingItem {
            name: name.into(),
            value,
            selected: false,
        };
        let items = [
            item("B", crate::Datum::Value(2.0)),
            item("C", crate::Datum::Missing),
            item("A", crate::Datum::Value(2.0)),
            item("D", crate::Datum::Provisional(1.0)),
        ];
        let (with, without) = sorted(&items, Order::LowFirst);
        let names: Vec<&str> = with.iter().map(|(i, _)| i.name.as_str()).collect();
        assert_eq!(names, ["D", "A", "B"]);
        assert_eq!(without.len(), 1);
        assert_eq!(ranks(&[1.0, 2.0, 2.0]), vec![1, 2, 2]);
    }
}
