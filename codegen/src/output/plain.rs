//! A plain printer of items, for output past the formatting budget: one statement, field,
//! variant or arm per line, indented by braces, without prettyplease's line-width layout.
//! Formatting (parsing the tokens back with syn, then laying them out) is four fifths of
//! generation; this printer is a single walk over the tokens. Whitespace never changes what
//! Rust code means, so both printers make the same program.

use proc_macro2::{Delimiter, Spacing, TokenStream, TokenTree};

/// `items` as text at `indent` levels (each four spaces), one item after another.
pub fn items(items: TokenStream, indent: usize) -> String {
    let mut printer = Printer {
        out: String::new(),
        indent,
        line_start: true,
        prev: Prev::Glue,
        angles: 0,
    };
    printer.block(items);
    printer.end_line();
    printer.out
}

struct Printer {
    out: String,
    indent: usize,
    /// Nothing written on the current line yet.
    line_start: bool,
    /// What was written last, which decides the space before the next token.
    prev: Prev,
    /// `<`s opened and not closed on this statement: a `,` between them separates generic
    /// arguments, not fields.
    angles: usize,
}

#[derive(Clone, Copy, PartialEq)]
enum Prev {
    /// An identifier, a literal, or a closing delimiter.
    Word,
    /// A lifetime's name (`'static`): a bracket after it opens a slice type, not an index.
    Lifetime,
    /// An opening delimiter, or a token the next one reads best glued to (`.`, `&`, `::`).
    Glue,
    /// Punctuation: joint ones (`:` of `::`, `-` of `->`, `'` of `'a`) must stay together
    /// with what follows, and two alone must stay apart, or they would lex as another token.
    Punct(char, Spacing),
}

impl Printer {
    fn end_line(&mut self) {
        if !self.line_start {
            self.out.push('\n');
            self.line_start = true;
            self.prev = Prev::Glue;
        }
    }

    fn write(&mut self, text: &str, space: bool) {
        if self.line_start {
            for _ in 0..self.indent {
                self.out.push_str("    ");
            }
            self.line_start = false;
        } else if space {
            self.out.push(' ');
        }
        self.out.push_str(text);
    }

    /// The contents of a brace group (or the items): a line per statement, field, variant
    /// and arm, and one per attribute.
    fn block(&mut self, tokens: TokenStream) {
        let tokens: Vec<TokenTree> = tokens.into_iter().collect();
        let mut i = 0;
        while i < tokens.len() {
            // `#[doc = "text"]` reads best as the comment it stands for.
            if let Some(doc) = doc_comment(&tokens[i..]) {
                self.end_line();
                self.write(&format!("///{doc}"), false);
                self.end_line();
                i += 2;
                continue;
            }
            let attribute = matches!(&tokens[i], TokenTree::Punct(p) if p.as_char() == '#')
                && matches!(tokens.get(i + 1), Some(TokenTree::Group(g)) if g.delimiter() == Delimiter::Bracket);
            if attribute {
                self.end_line();
                self.token(&tokens[i]);
                self.token(&tokens[i + 1]);
                self.end_line();
                i += 2;
                continue;
            }
            self.token(&tokens[i]);
            match &tokens[i] {
                TokenTree::Punct(p) if p.as_char() == ';' => {
                    self.angles = 0;
                    self.end_line();
                }
                TokenTree::Punct(p) if p.as_char() == ',' && self.angles == 0 => self.end_line(),
                // An item or a block ends its line, unless what follows continues it.
                TokenTree::Group(g) if g.delimiter() == Delimiter::Brace => {
                    let continues = matches!(tokens.get(i + 1), Some(TokenTree::Punct(p))
                        if matches!(p.as_char(), ',' | ';' | '.' | '?'));
                    if !continues {
                        self.angles = 0;
                        self.end_line();
                    }
                }
                _ => {}
            }
            i += 1;
        }
    }

    fn token(&mut self, token: &TokenTree) {
        match token {
            TokenTree::Ident(ident) => {
                let space = !matches!(self.prev, Prev::Glue | Prev::Punct(_, Spacing::Joint));
                self.write(&ident.to_string(), space);
                self.prev = match self.prev {
                    Prev::Punct('\'', Spacing::Joint) => Prev::Lifetime,
                    _ => Prev::Word,
                };
            }
            TokenTree::Literal(literal) => {
                let space = !matches!(self.prev, Prev::Glue | Prev::Punct(_, Spacing::Joint));
                self.write(&literal.to_string(), space);
                self.prev = Prev::Word;
            }
            TokenTree::Punct(punct) => self.punct(punct.as_char(), punct.spacing()),
            TokenTree::Group(group) => self.group(group.delimiter(), group.stream()),
        }
    }

    fn punct(&mut self, c: char, spacing: Spacing) {
        let space = match self.prev {
            Prev::Punct(_, Spacing::Joint) => false,
            // Two puncts written apart stay apart where together they would be another
            // token (`: ::` is not `:::`); `)?;` and `?.` need no space.
            Prev::Punct(before, Spacing::Alone) => {
                joins(before, c) || !matches!(c, ',' | ';' | '?' | '.')
            }
            Prev::Glue => false,
            Prev::Word | Prev::Lifetime => {
                !matches!(c, ',' | ';' | '.' | '?' | ':' | '<' | '>' | '!')
            }
        };
        self.write(c.encode_utf8(&mut [0; 4]), space);
        match c {
            '<' => self.angles += 1,
            '>' if !matches!(self.prev, Prev::Punct('-' | '=', Spacing::Joint)) => {
                self.angles = self.angles.saturating_sub(1)
            }
            _ => {}
        }
        // The second `:` of `::`, a `.`, a `<`, a unary `&` or `!` and a `#` read best glued
        // to what follows.
        let path = c == ':' && self.prev == Prev::Punct(':', Spacing::Joint);
        self.prev = match c {
            _ if spacing == Spacing::Joint => Prev::Punct(c, spacing),
            '.' | '<' | '&' | '!' | '#' => Prev::Glue,
            ':' if path => Prev::Glue,
            _ => Prev::Punct(c, spacing),
        };
    }

    fn group(&mut self, delimiter: Delimiter, inner: TokenStream) {
        let glued = matches!(
            self.prev,
            Prev::Word | Prev::Glue | Prev::Punct(_, Spacing::Joint)
        ) || self.prev == Prev::Punct('>', Spacing::Alone);
        match delimiter {
            Delimiter::Brace => {
                let space = !matches!(self.prev, Prev::Glue | Prev::Punct(_, Spacing::Joint));
                self.write("{", space);
                if inner.is_empty() {
                    self.write("}", false);
                } else {
                    self.end_line();
                    self.indent += 1;
                    let angles = std::mem::take(&mut self.angles);
                    self.block(inner);
                    self.angles = angles;
                    self.end_line();
                    self.indent -= 1;
                    self.write("}", false);
                }
                self.prev = Prev::Word;
            }
            Delimiter::Parenthesis | Delimiter::Bracket => {
                let (open, close) = match delimiter {
                    Delimiter::Parenthesis => ("(", ")"),
                    _ => ("[", "]"),
                };
                self.write(open, !glued);
                self.prev = Prev::Glue;
                let angles = std::mem::take(&mut self.angles);
                for token in inner {
                    self.token(&token);
                }
                self.angles = angles;
                self.write(close, false);
                self.prev = Prev::Word;
            }
            Delimiter::None => {
                for token in inner {
                    self.token(&token);
                }
            }
        }
    }
}

/// Whether `a` written right before `b` would lex as another token (`::`, `->`, `&&`, `..`,
/// `+=`, a comment's `//`).
fn joins(a: char, b: char) -> bool {
    matches!(
        (a, b),
        (':', ':')
            | ('-' | '=', '>')
            | ('.', '.')
            | ('&', '&')
            | ('|', '|')
            | ('<', '<' | '-')
            | ('>', '>')
            | ('/', '/' | '*')
            | ('*', '/')
            | (
                '=' | '!' | '<' | '>' | '+' | '-' | '*' | '/' | '%' | '^' | '&' | '|' | '.',
                '='
            )
    )
}

/// The text of a `#[doc = "..."]` attribute at the start of `tokens`, when its string needs
/// no unescaping (most docs): what a `///` comment would hold.
fn doc_comment(tokens: &[TokenTree]) -> Option<String> {
    let (TokenTree::Punct(hash), TokenTree::Group(group)) = (tokens.first()?, tokens.get(1)?)
    else {
        return None;
    };
    if hash.as_char() != '#' || group.delimiter() != Delimiter::Bracket {
        return None;
    }
    let inner: Vec<TokenTree> = group.stream().into_iter().collect();
    let [
        TokenTree::Ident(doc),
        TokenTree::Punct(eq),
        TokenTree::Literal(text),
    ] = inner.as_slice()
    else {
        return None;
    };
    if doc != "doc" || eq.as_char() != '=' {
        return None;
    }
    let text = text.to_string();
    let body = text.strip_prefix('"')?.strip_suffix('"')?;
    (!body.contains(['\\', '\n', '\r'])).then(|| body.to_string())
}

#[cfg(test)]
mod tests {
    use quote::quote;

    #[test]
    fn items_print_one_statement_per_line_and_parse_back_the_same() {
        let tokens = quote! {
            #[doc = " A pet."]
            #[derive(Debug, Clone)]
            pub struct Pet<'a> {
                #[doc = " Its \"name\"."]
                pub name: &'a str,
                pub tags: Option<Vec<::std::string::String>>,
            }
            impl<'de> serde::Deserialize<'de> for Pet<'de> {
                fn deserialize<D: serde::Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
                    let len = 1 + [self.a.is_some(), !x].into_iter().filter(|p| *p).count();
                    match index { 0 => map.read(&mut field0), _ => map.skip() }?;
                    Ok(Self { name: field0 })
                }
            }
        };
        let text = super::items(tokens.clone(), 1);
        assert!(text.starts_with("    /// A pet.\n"), "{text}");
        assert!(text.contains("\n    pub struct Pet<'a> {\n        #[doc = \" Its \\\"name\\\".\"]\n        pub name: &'a str,\n"), "{text}");
        assert!(
            text.contains(
                "fn deserialize<D: serde::Deserializer<'de>>(d: D) -> Result<Self, D::Error> {"
            ),
            "{text}"
        );
        // Whitespace aside, the same program.
        let printed: syn::File = syn::parse_str(&text).unwrap();
        let original: syn::File = syn::parse2(tokens).unwrap();
        assert_eq!(
            prettyplease::unparse(&printed),
            prettyplease::unparse(&original)
        );
    }
}
