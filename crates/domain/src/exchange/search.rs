//! Text folding for search: lower case, umlauts and ß folded (`Förderung`, `Foerderung` and
//! `forderung` are one word), then a light German stemmer (CISTEM, Weissweiler & Fraser 2017:
//! suffixes -e, -s, -n, -t, -em, -er, -nd stripped, the prefix ge- of long words), so `Sprachkurse`
//! finds `Sprachkurs`. A query term matches a document word that contains it, so compounds are
//! found by their parts (`Förderung` in `Sprachförderung`); terms shorter than three letters
//! must match a whole word.

/// The folded and stemmed words of a text, in order.
pub fn terms(text: &str) -> Vec<String> {
    text.split(|c: char| !c.is_alphanumeric())
        .filter(|w| !w.is_empty())
        .map(|w| stem(&fold(w)))
        .filter(|w| !w.is_empty())
        .collect()
}

/// Lower case, umlauts and ß folded, accents of common Latin letters dropped; `ae`, `oe`, `ue`
/// read as the umlaut they spell.
pub fn fold(word: &str) -> String {
    let mut out = String::with_capacity(word.len());
    for c in word.chars().flat_map(char::to_lowercase) {
        match c {
            'ä' | 'á' | 'à' | 'â' => out.push('a'),
            'ö' | 'ó' | 'ò' | 'ô' => out.push('o'),
            'ü' | 'ú' | 'ù' | 'û' => out.push('u'),
            'é' | 'è' | 'ê' => out.push('e'),
            'ß' => out.push_str("ss"),
            c => out.push(c),
        }
    }
    out.replace("ae", "a").replace("oe", "o").replace("ue", "u")
}

/// CISTEM on a folded word (case-insensitive variant).
pub fn stem(word: &str) -> String {
    let mut w: Vec<char> = word.chars().collect();
    if w.len() > 5 && w.starts_with(&['g', 'e']) {
        w.drain(..2);
    }
    // Digraphs as one letter each, doubled letters as letter + '*', as CISTEM does.
    let mut s: Vec<char> = Vec::with_capacity(w.len());
    let mut i = 0;
    while i < w.len() {
        let rest = &w[i..];
        if rest.starts_with(&['s', 'c', 'h']) {
            s.push('$');
            i += 3;
        } else if rest.starts_with(&['e', 'i']) {
            s.push('%');
            i += 2;
        } else if rest.starts_with(&['i', 'e']) {
            s.push('&');
            i += 2;
        } else {
            if s.last() == Some(&w[i]) {
                s.push('*');
            } else {
                s.push(w[i]);
            }
            i += 1;
        }
    }
    while s.len() > 3 {
        let n = s.len();
        if n > 5
            && (s[n - 2..] == ['e', 'm'] || s[n - 2..] == ['e', 'r'] || s[n - 2..] == ['n', 'd'])
        {
            s.truncate(n - 2);
            continue;
        }
        if matches!(s[n - 1], 't' | 'e' | 's' | 'n') {
            s.truncate(n - 1);
            continue;
        }
        break;
    }
    let mut out = String::with_capacity(s.len() + 4);
    let mut prev = None;
    for c in s {
        match c {
            '$' => out.push_str("sch"),
            '%' => out.push_str("ei"),
            '&' => out.push_str("ie"),
            '*' => out.extend(prev),
            c => out.push(c),
        }
        prev = match c {
            '*' => prev,
            '$' => Some('h'),
            '%' => Some('i'),
            '&' => Some('e'),
            c => Some(c),
        };
    }
    out
}

/// A parsed query: its terms.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct Query {
    terms: Vec<String>,
}

impl Query {
    pub fn parse(text: &str) -> Self {
        let mut terms = terms(text);
        terms.dedup();
        Self { terms }
    }

    pub fn is_empty(&self) -> bool {
        self.terms.is_empty()
    }

    /// How well a document matches: 0 unless every term is found; each term counts `weight` of
    /// the first part it is found in (`parts`: the folded words of title, body, … with weights).
    pub fn score(&self, parts: &[(&[String], u32)]) -> u32 {
        let mut total = 0;
        for term in &self.terms {
            let found = parts.iter().find(|(words, _)| {
                words.iter().any(|w| {
                    if term.chars().count() < 3 {
                        w == term
                    } else {
                        w.contains(term.as_str())
                    }
                })
            });
            match found {
                Some((_, weight)) => total += weight,
                None => return 0,
            }
        }
        total
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn umlauts_case_and_spellings_fold_to_one_word() {
        assert_eq!(terms("Förderung"), terms("foerderung"));
        assert_eq!(terms("FÖRDERUNG"), terms("Forderung"));
        assert_eq!(terms("Straße"), terms("strasse"));
        assert_eq!(terms("Begegnungscafé"), terms("begegnungscafe"));
    }

    #[test]
    fn inflections_share_a_stem() {
        assert_eq!(stem(&fold("Sprachkurse")), stem(&fold("Sprachkurs")));
        assert_eq!(
            stem(&fold("Migrantenorganisationen")),
            stem(&fold("Migrantenorganisation"))
        );
        assert_eq!(stem(&fold("Beratungen")), stem(&fold("Beratung")));
        assert_eq!(stem(&fold("Vereine")), stem(&fold("Verein")));
        assert_eq!(stem(&fold("Lotsen")), stem(&fold("Lotse")));
    }

    #[test]
    fn a_term_finds_compounds_and_all_terms_must_match() {
        let title = terms("Sprachförderung in Kitas");
        let body = terms("Mit Migrantenorganisationen und Elternbegleitern");
        let parts: [(&[String], u32); 2] = [(&title, 3), (&body, 1)];
        assert_eq!(Query::parse("Förderung").score(&parts), 3);
        assert_eq!(Query::parse("migrantenorganisation").score(&parts), 1);
        assert_eq!(Query::parse("Förderung Eltern").score(&parts), 4);
        assert_eq!(Query::parse("Förderung Sport").score(&parts), 0);
        assert!(Query::parse(" ,; ").is_empty());
    }

    #[test]
    fn short_terms_match_whole_words_only() {
        let words = terms("Sprache und Arbeit in der Stadt");
        let parts: [(&[String], u32); 1] = [(&words, 1)];
        assert_eq!(Query::parse("in").score(&parts), 1);
        let other = terms("Integration");
        let parts: [(&[String], u32); 1] = [(&other, 1)];
        assert_eq!(Query::parse("in").score(&parts), 0);
    }
}
