//! `format` checks, with `Config::check_formats(true)` and this crate's `formats` feature:
//! JSON Schema 2020-12 makes formats annotations by default, so they are only checked when
//! asked. Each is read by a crate made for it, not by a hand-written parser.

/// A `format` the generated code can check.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Format {
    /// `date-time`: RFC 3339 (`2024-08-28T12:00:00Z`, `...+02:00`), by chrono.
    DateTime,
    /// `date`: RFC 3339's full-date (`2024-08-28`), by chrono.
    Date,
    /// `time`: RFC 3339's full-time, with its offset (`12:00:00Z`), by chrono.
    Time,
    /// `uuid`: RFC 9562's hyphenated form, by uuid.
    Uuid,
    /// `email`: RFC 5321's address, by email_address.
    Email,
    /// `ipv4`: dotted decimal, no leading zeros, by the standard library.
    Ipv4,
    /// `ipv6`: RFC 4291's text forms, by the standard library.
    Ipv6,
    /// `uri`: an absolute URI (RFC 3986), by fluent-uri.
    Uri,
}

impl Format {
    /// What `text` is not, when it is not of this format: `a date-time (RFC 3339)`.
    pub fn refuses(self, text: &str) -> Option<&'static str> {
        let fits = match self {
            Format::DateTime => chrono::DateTime::parse_from_rfc3339(text).is_ok(),
            Format::Date => {
                // `%Y` alone would take `+12024-01-01` and `1-1-1`.
                let shape =
                    text.len() == 10 && text.as_bytes()[4] == b'-' && text.as_bytes()[7] == b'-';
                shape && chrono::NaiveDate::parse_from_str(text, "%Y-%m-%d").is_ok()
            }
            Format::Time => {
                chrono::DateTime::parse_from_rfc3339(&format!("1970-01-01T{text}")).is_ok()
            }
            Format::Uuid => text.len() == 36 && uuid::Uuid::try_parse(text).is_ok(),
            Format::Email => email_address::EmailAddress::is_valid(text),
            Format::Ipv4 => text.parse::<std::net::Ipv4Addr>().is_ok(),
            Format::Ipv6 => text.parse::<std::net::Ipv6Addr>().is_ok(),
            Format::Uri => fluent_uri::Uri::parse(text).is_ok(),
        };
        (!fits).then_some(match self {
            Format::DateTime => "a date-time (RFC 3339)",
            Format::Date => "a date (RFC 3339 full-date)",
            Format::Time => "a time (RFC 3339 full-time)",
            Format::Uuid => "a UUID",
            Format::Email => "an email address",
            Format::Ipv4 => "an IPv4 address",
            Format::Ipv6 => "an IPv6 address",
            Format::Uri => "an absolute URI",
        })
    }
}

#[cfg(test)]
mod tests {
    use super::Format::{self, *};

    #[test]
    fn each_format_takes_its_values_and_refuses_others() {
        let cases: &[(Format, &[&str], &[&str])] = &[
            (
                DateTime,
                &["2024-08-28T12:00:00Z", "2024-08-28T12:00:00.5+02:00"],
                &["2024-08-28", "2024-08-28 12:00:00", "2024-13-01T00:00:00Z"],
            ),
            (
                Date,
                &["2024-08-28", "2024-02-29"],
                &["2023-02-29", "24-08-28", "2024-8-28", "+12024-01-01"],
            ),
            (
                Time,
                &["12:00:00Z", "23:59:59.123-05:00"],
                &["12:00", "25:00:00Z", "12:00:00"],
            ),
            (
                Uuid,
                &["67e55044-10b1-426f-9247-bb680e5fe0c8"],
                &["67e5504410b1426f9247bb680e5fe0c8", "not-a-uuid"],
            ),
            (
                Email,
                &["a@example.com", "first.last+tag@sub.example.org"],
                &["a@", "@example.com", "a b@example.com"],
            ),
            (
                Ipv4,
                &["192.168.0.1", "0.0.0.0"],
                &["256.0.0.1", "192.168.0", "01.2.3.4"],
            ),
            (
                Ipv6,
                &["::1", "2001:db8::8a2e:370:7334"],
                &["2001:db8::g", "192.168.0.1"],
            ),
            (
                Uri,
                &["https://example.com/a?b#c", "urn:isbn:0451450523"],
                &["/relative/path", "http://exa mple.com"],
            ),
        ];
        for (format, good, bad) in cases {
            for text in *good {
                assert_eq!(format.refuses(text), None, "{format:?} {text}");
            }
            for text in *bad {
                assert!(format.refuses(text).is_some(), "{format:?} took {text}");
            }
        }
    }
}
