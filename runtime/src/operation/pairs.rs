//! The one reader of `key=value` text: query strings, form bodies, cookies, a `matrix`
//! value's pieces, an exploded object's entries; and of bracketed keys (`a[b][0]`), which
//! `deepObject` parameters and form bodies share. Pairs are returned as written, undecoded:
//! each caller decodes as its location asks.

/// `key=value` split at the first `=`; a piece without one is a key with an empty value.
pub(super) fn pair(piece: &str) -> (&str, &str) {
    piece.split_once('=').unwrap_or((piece, ""))
}

/// The pairs of a query string or a form body, separated by `&`: empty pieces are skipped,
/// nothing is trimmed (a space in a query or a form is written `+` or `%20`, so a raw one is
/// part of the key it stands in).
pub(crate) fn query_pairs(text: &str) -> impl Iterator<Item = (&str, &str)> {
    text.split('&').filter(|p| !p.is_empty()).map(pair)
}

/// The pairs of a `Cookie` header, separated by `;` and the space that follows it (RFC 6265's
/// `cookie-pair *( ";" SP cookie-pair )`); spaces around a pair are not part of it.
pub(crate) fn cookie_pairs(text: &str) -> impl Iterator<Item = (&str, &str)> {
    text.split(';')
        .map(|p| p.trim_matches(' '))
        .filter(|p| !p.is_empty())
        .map(pair)
}

/// A bracketed key, `a[b][0]`: its head `a` and its segments `b`, `0` (`[]` is an empty
/// segment). `None` for a key without brackets, or one whose brackets do not close it.
pub(super) fn bracketed(key: &str) -> Option<(&str, Vec<&str>)> {
    let open = key.find('[')?;
    let inner = key[open + 1..].strip_suffix(']')?;
    Some((&key[..open], inner.split("][").collect()))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn pairs_split_one_way_everywhere() {
        let query: Vec<_> = query_pairs("a=1& b=2&&c&d=x=y").collect();
        assert_eq!(query, [("a", "1"), (" b", "2"), ("c", ""), ("d", "x=y")]);
        let cookies: Vec<_> = cookie_pairs("a=1; b=2;;c").collect();
        assert_eq!(cookies, [("a", "1"), ("b", "2"), ("c", "")]);
    }

    #[test]
    fn brackets_read_once() {
        assert_eq!(bracketed("a[b][0]"), Some(("a", vec!["b", "0"])));
        assert_eq!(bracketed("tags[]"), Some(("tags", vec![""])));
        assert_eq!(bracketed("plain"), None);
        assert_eq!(bracketed("open[b"), None);
    }
}
