//! JSON files, read at JSON speed. JSON is YAML too, but the YAML scanner keeps every token of
//! a flow mapping queued until it can tell keys from values, which for a JSON document is the
//! whole document: 20 times its size in memory. JSON's tokens (from `jsonc-parser`'s scanner,
//! strict options) feed the same node builder, so the tree and its spans are the same. Text
//! that is not plain JSON (comments, trailing commas, a syntax error) goes to the YAML reader,
//! which reads it or says what is wrong.

use jsonc_parser::tokens::Token;
use jsonc_parser::{Scanner, ScannerOptions};
use saphyr_parser::ScalarStyle;

use super::{Builder, Frame, NodeId, Pos, recovers};
use crate::diag::{Diagnostics, Span};

pub(super) enum Outcome {
    /// Read as JSON: the root, or `None` after reporting a problem.
    Read(Option<NodeId>),
    /// Not plain JSON.
    NotJson,
}

/// What the grammar allows next inside one container.
#[derive(Clone, Copy, PartialEq)]
enum Expect {
    Value,
    /// A mapping's key or its `}` (only right after `{`).
    KeyOrEnd,
    Key,
    Colon,
    /// A sequence's first value or its `]`.
    ValueOrEnd,
    CommaOrEnd,
}

/// Line and column (in characters) of a byte offset, moved forward only: linear over a file
/// however long its lines.
struct Cursor<'t> {
    text: &'t str,
    offset: usize,
    at: Pos,
}

impl Cursor<'_> {
    fn to(&mut self, offset: usize) -> Pos {
        for c in self.text[self.offset..offset].chars() {
            if c == '\n' {
                self.at.line += 1;
                self.at.col = 1;
            } else {
                self.at.col += 1;
            }
        }
        self.offset = offset;
        self.at
    }
}

impl Builder<'_> {
    pub(super) fn parse_json(&mut self, text: &str, cx: &mut Diagnostics) -> Outcome {
        let options = ScannerOptions {
            allow_single_quoted_strings: false,
            allow_hexadecimal_numbers: false,
            allow_unary_plus_numbers: false,
            allow_bare_decimal_point_numbers: false,
            allow_non_finite_numbers: false,
            allow_extended_string_escapes: false,
        };
        let mut scanner = Scanner::new(text, &options);
        let mut cursor = Cursor {
            text,
            offset: 0,
            at: Pos { line: 1, col: 1 },
        };
        // One entry per open container; the outermost value stands alone.
        let mut expect: Vec<Expect> = Vec::new();
        let mut done = false;
        loop {
            let token = match scanner.scan() {
                Ok(Some(token)) => token,
                Ok(None) => break,
                Err(_) => return Outcome::NotJson,
            };
            let start = cursor.to(scanner.token_start());
            let end = cursor.to(scanner.token_end());
            let span = Span {
                file: self.file,
                start,
                end,
            };
            let state = expect.last().copied();
            if done || !allowed(state, &token) {
                return Outcome::NotJson;
            }
            let result = match token {
                Token::OpenBrace => {
                    after_value(&mut expect);
                    expect.push(Expect::KeyOrEnd);
                    self.open(Frame::map(0, span.start), span)
                }
                Token::OpenBracket => {
                    after_value(&mut expect);
                    expect.push(Expect::ValueOrEnd);
                    self.open(Frame::seq(0, span.start), span)
                }
                Token::CloseBrace | Token::CloseBracket => {
                    if (token == Token::CloseBrace) != self.in_map() {
                        return Outcome::NotJson;
                    }
                    expect.pop();
                    done = expect.is_empty();
                    self.close(span)
                }
                Token::Comma => {
                    if let Some(last) = expect.last_mut() {
                        *last = match self.in_map() {
                            true => Expect::Key,
                            false => Expect::Value,
                        };
                    }
                    Ok(())
                }
                Token::Colon => {
                    if let Some(last) = expect.last_mut() {
                        *last = Expect::Value;
                    }
                    Ok(())
                }
                Token::String(value) => {
                    let is_key = matches!(state, Some(Expect::Key | Expect::KeyOrEnd));
                    if is_key {
                        if let Some(last) = expect.last_mut() {
                            *last = Expect::Colon;
                        }
                    } else {
                        done = after_value(&mut expect);
                    }
                    let style = ScalarStyle::DoubleQuoted;
                    self.scalar(value.into_owned(), style, false, 0, span)
                }
                Token::Number(text) => {
                    done = after_value(&mut expect);
                    self.scalar(text.to_string(), ScalarStyle::Plain, false, 0, span)
                }
                Token::Boolean(value) => {
                    done = after_value(&mut expect);
                    self.scalar(value.to_string(), ScalarStyle::Plain, false, 0, span)
                }
                Token::Null => {
                    done = after_value(&mut expect);
                    self.scalar("null".into(), ScalarStyle::Plain, false, 0, span)
                }
                Token::Word(_) | Token::CommentLine(_) | Token::CommentBlock(_) => {
                    return Outcome::NotJson;
                }
            };
            if !recovers(result, cx) {
                return Outcome::Read(None);
            }
        }
        if !done {
            return Outcome::NotJson;
        }
        Outcome::Read(self.finish(cx))
    }

    fn in_map(&self) -> bool {
        matches!(self.stack.last(), Some(Frame::Map { .. }))
    }
}

/// Records that a value ended in the innermost container; true when it was the top value.
fn after_value(expect: &mut [Expect]) -> bool {
    match expect.last_mut() {
        Some(last) => {
            *last = Expect::CommaOrEnd;
            false
        }
        None => true,
    }
}

fn allowed(state: Option<Expect>, token: &Token<'_>) -> bool {
    let value = matches!(
        token,
        Token::OpenBrace
            | Token::OpenBracket
            | Token::String(_)
            | Token::Number(_)
            | Token::Boolean(_)
            | Token::Null
    );
    match state {
        None | Some(Expect::Value) => value,
        Some(Expect::ValueOrEnd) => value || *token == Token::CloseBracket,
        Some(Expect::KeyOrEnd) => matches!(token, Token::String(_) | Token::CloseBrace),
        Some(Expect::Key) => matches!(token, Token::String(_)),
        Some(Expect::Colon) => *token == Token::Colon,
        Some(Expect::CommaOrEnd) => {
            matches!(
                token,
                Token::Comma | Token::CloseBrace | Token::CloseBracket
            )
        }
    }
}
