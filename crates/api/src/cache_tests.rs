//! The response cache's size limits, at the limit and one past it.

use super::*;

fn entry(bytes: usize) -> CachedResponse {
    CachedResponse {
        headers: Vec::new(),
        body: Bytes::from(vec![b'x'; bytes]),
    }
}

#[test]
fn the_largest_kept_answer_is_admitted_whatever_the_number_of_cores() {
    let cache = ResponseCache::default();
    let key = "1.0.0|published|/api/v1/comparisons/x.png|image/png".to_owned();
    cache.entries.insert(key.clone(), entry(MAX_BODY));
    assert_eq!(
        cache.entries.get(&key).map(|e| e.body.len()),
        Some(MAX_BODY),
        "an answer of MAX_BODY bytes must be kept"
    );
    // Several of them fit together.
    for n in 0..4 {
        cache.entries.insert(format!("{key}{n}"), entry(MAX_BODY));
    }
    assert!(cache.entries.weight() <= CAPACITY_BYTES);
    assert!(cache.len() >= 2, "{} kept", cache.len());
}
