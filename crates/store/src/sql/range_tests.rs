//! The member ranges of a whole read cover every key once.

use super::member_ranges;

fn within((from, before): &super::MemberRange, key: &str) -> bool {
    from.as_deref().is_none_or(|f| key >= f) && before.as_deref().is_none_or(|b| key < b)
}

#[test]
fn ranges_cover_every_key_once_and_keys_outside_the_list() {
    let keys: Vec<String> = (0..11).map(|n| format!("{:08}", n * 1000 + 500)).collect();
    for parts in [1, 2, 3, 4, 11, 20] {
        let ranges = member_ranges(&keys, parts);
        assert_eq!(ranges.len(), parts.min(keys.len()), "{parts}");
        let probes = keys.iter().cloned().chain([
            "00000000".to_owned(),
            "99999999".to_owned(),
            "00001499".to_owned(),
        ]);
        for key in probes {
            let hits = ranges.iter().filter(|r| within(r, &key)).count();
            assert_eq!(hits, 1, "{key} in {parts} parts: {ranges:?}");
        }
    }
    assert_eq!(member_ranges(&[], 2), vec![(None, None)]);
}
