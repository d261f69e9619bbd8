//! Small statistics in plain Rust for values already taken out of a frame: the quantile
//! definition shared by every summary (linear interpolation, Hyndman–Fan type 7, the same as
//! polars' `QuantileMethod::Linear`, R's default and numpy's default), least-squares slopes, and
//! competition ranks.

/// Quantile `p` (0..=1) of the values, type 7: sort, h = (n − 1)·p, interpolate linearly between
/// the neighbours of h. `None` for no values.
pub fn quantile(values: &[f64], p: f64) -> Option<f64> {
    let mut sorted: Vec<f64> = values.iter().copied().filter(|v| v.is_finite()).collect();
    if sorted.is_empty() {
        return None;
    }
    sorted.sort_by(f64::total_cmp);
    let h = (sorted.len() - 1) as f64 * p.clamp(0.0, 1.0);
    let lo = h.floor() as usize;
    let hi = (lo + 1).min(sorted.len() - 1);
    Some(sorted[lo] + (h - lo as f64) * (sorted[hi] - sorted[lo]))
}

/// Least-squares slope of y over x; `None` with fewer than two distinct x.
pub fn slope(points: &[(f64, f64)]) -> Option<f64> {
    let n = points.len() as f64;
    if points.len() < 2 {
        return None;
    }
    let mean_x = points.iter().map(|p| p.0).sum::<f64>() / n;
    let mean_y = points.iter().map(|p| p.1).sum::<f64>() / n;
    let sxx: f64 = points.iter().map(|p| (p.0 - mean_x).powi(2)).sum();
    let sxy: f64 = points.iter().map(|p| (p.0 - mean_x) * (p.1 - mean_y)).sum();
    (sxx > 0.0).then(|| sxy / sxx)
}

/// Competition ranks ("1224"): higher is better, ties share the better rank, `None` stays
/// unranked.
pub fn ranks_descending(values: &[Option<f64>]) -> Vec<Option<usize>> {
    values
        .iter()
        .map(|v| v.map(|v| 1 + values.iter().filter(|o| o.is_some_and(|o| o > v)).count()))
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn quartiles_interpolate_linearly_by_hand() {
        // 1 2 3 4 10: h(0.25) = 1 -> 2; h(0.5) = 2 -> 3; h(0.75) = 3 -> 4.
        let v = [10.0, 1.0, 3.0, 2.0, 4.0];
        assert_eq!(quantile(&v, 0.25), Some(2.0));
        assert_eq!(quantile(&v, 0.5), Some(3.0));
        assert_eq!(quantile(&v, 0.75), Some(4.0));
        // 1 2 3 4: h(0.25) = 0.75 -> 1 + 0.75·1 = 1.75; median 2.5; h(0.75) = 2.25 -> 3.25.
        let v = [4.0, 3.0, 2.0, 1.0];
        assert_eq!(quantile(&v, 0.25), Some(1.75));
        assert_eq!(quantile(&v, 0.5), Some(2.5));
        assert_eq!(quantile(&v, 0.75), Some(3.25));
    }

    #[test]
    fn quantile_of_one_value_is_that_value_and_of_none_is_none() {
        assert_eq!(quantile(&[7.0], 0.25), Some(7.0));
        assert_eq!(quantile(&[], 0.5), None);
    }

    #[test]
    fn slope_of_a_straight_line_is_its_gradient() {
        assert_eq!(
            slope(&[(2018.0, 1.0), (2019.0, 3.0), (2020.0, 5.0)]),
            Some(2.0)
        );
        // (0,0) (1,1) (2,1): mean x 1, mean y 2/3; sxy = 1, sxx = 2 -> 0.5.
        assert_eq!(slope(&[(0.0, 0.0), (1.0, 1.0), (2.0, 1.0)]), Some(0.5));
        assert_eq!(slope(&[(2020.0, 1.0)]), None);
    }

    #[test]
    fn ties_share_the_better_rank_and_none_stays_unranked() {
        let r = ranks_descending(&[Some(5.0), Some(9.0), None, Some(5.0), Some(1.0)]);
        assert_eq!(r, vec![Some(2), Some(1), None, Some(2), Some(4)]);
    }
}
