//! Strong ETags on reads: a GET (or HEAD) answered 200 with a body of known size up to
//! [`MAX_HASHED`] gets `ETag: "<first 128 bits of the body's SHA-256, hex>"`; a request whose
//! `If-None-Match` names it gets 304 without a body. Streaming or larger bodies pass untouched.
//! The answer varies with `Accept` (content negotiation) and the credentials (visibility).
//!
//! An answer that carries its ETag already (a cached view: the cache hashed its body once when it
//! kept it; a versioned asset) is not hashed again; only `If-None-Match` is compared, so a cache
//! hit costs no hashing of its body.

use std::fmt::Write as _;

use axum::body::{Body, HttpBody};
use axum::extract::Request;
use axum::http::{HeaderMap, HeaderValue, Method, StatusCode, header};
use axum::response::{IntoResponse, Response};
use sha2::{Digest, Sha256};

use crate::error::{AppError, ErrorCode};

/// Bodies up to this size are hashed; they are in memory already (their size is known).
pub const MAX_HASHED: u64 = 32 * 1024 * 1024;

pub(crate) const VARY: &str = "Accept, Authorization, Cookie";

/// Before the request goes on: `None` for a method without ETags, else the request's
/// `If-None-Match` (if any). axum answers HEAD with the GET handler and drops the body on the way
/// out, after this step: asking for GET here lets HEAD carry the same ETag as GET.
pub(crate) fn prepare(request: &mut Request) -> Option<Option<HeaderValue>> {
    let method = request.method();
    if method != Method::GET && method != Method::HEAD {
        return None;
    }
    let if_none_match = request.headers().get(header::IF_NONE_MATCH).cloned();
    if method == Method::HEAD {
        *request.method_mut() = Method::GET;
    }
    Some(if_none_match)
}

/// After: adds the ETag to a 200 and answers a matching `If-None-Match` with 304.
pub(crate) async fn finish(response: Response, if_none_match: Option<HeaderValue>) -> Response {
    if response.status() != StatusCode::OK {
        return response;
    }
    if let Some(tag) = response.headers().get(header::ETAG) {
        if if_none_match.is_some_and(|v| matches(&v, tag)) {
            return not_modified(response.into_parts().0.headers);
        }
        return response;
    }
    let size = response.body().size_hint();
    if size.upper() != Some(size.lower()) || size.lower() > MAX_HASHED {
        return response;
    }
    let (mut parts, body) = response.into_parts();
    let bytes = match axum::body::to_bytes(body, usize::MAX).await {
        Ok(bytes) => bytes,
        Err(err) => {
            let mut error = AppError::new(
                ErrorCode::Internal,
                "Die Antwort konnte nicht erstellt werden.",
                "The answer could not be produced.",
            );
            error.source = Some(anyhow::anyhow!("response body failed: {err}"));
            return error.into_response();
        }
    };
    let tag = strong_tag(&bytes);
    parts.headers.insert(header::ETAG, tag.clone());
    parts
        .headers
        .append(header::VARY, HeaderValue::from_static(VARY));
    if if_none_match.is_some_and(|v| matches(&v, &tag)) {
        return not_modified(parts.headers);
    }
    Response::from_parts(parts, Body::from(bytes))
}

/// `"` + hex of the first 16 bytes of SHA-256 + `"`.
pub(crate) fn strong_tag(bytes: &[u8]) -> HeaderValue {
    let digest = Sha256::digest(bytes);
    let mut tag = String::with_capacity(34);
    tag.push('"');
    for b in &digest[..16] {
        let _ = write!(tag, "{b:02x}");
    }
    tag.push('"');
    HeaderValue::from_str(&tag).unwrap_or_else(|_| HeaderValue::from_static("\"\""))
}

/// RFC 9110 §13.1.2: `*` or any listed tag, compared weakly (a `W/` prefix is ignored).
fn matches(if_none_match: &HeaderValue, tag: &HeaderValue) -> bool {
    let Ok(list) = if_none_match.to_str() else {
        return false;
    };
    let tag = tag.to_str().unwrap_or_default();
    list.split(',').map(str::trim).any(|candidate| {
        candidate == "*" || candidate.strip_prefix("W/").unwrap_or(candidate) == tag
    })
}

/// 304 keeps the validators and caching headers of the 200 it stands for, and no body.
fn not_modified(headers: HeaderMap) -> Response {
    let mut response = StatusCode::NOT_MODIFIED.into_response();
    for name in [
        header::ETAG,
        header::VARY,
        header::CACHE_CONTROL,
        header::CONTENT_LOCATION,
        header::EXPIRES,
    ] {
        for value in headers.get_all(&name) {
            response.headers_mut().append(name.clone(), value.clone());
        }
    }
    response
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_tag_is_quoted_hex_of_128_bits() {
        let tag = strong_tag(b"abc");
        // SHA-256("abc") = ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad
        assert_eq!(tag, "\"ba7816bf8f01cfea414140de5dae2223\"");
    }

    #[test]
    fn if_none_match_compares_weakly_and_knows_lists_and_star() {
        let tag = HeaderValue::from_static("\"ab\"");
        let m = |v: &'static str| matches(&HeaderValue::from_static(v), &tag);
        assert!(m("\"ab\""));
        assert!(m("W/\"ab\""));
        assert!(m("\"x\", \"ab\""));
        assert!(m("*"));
        assert!(!m("\"abc\""));
        assert!(!m("ab"));
    }
}
