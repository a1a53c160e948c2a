//! Splits a signature string into tokens that keep their byte offsets.

use super::types::ByteSpan;

/// One token of a signature string.
#[derive(Clone, Debug, PartialEq, Eq)]
pub(crate) struct Token<'s> {
    /// What the token is.
    pub kind: TokenKind<'s>,
    /// Its bytes in the string.
    pub span: ByteSpan,
}

/// The kinds of token a signature string is made of.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum TokenKind<'s> {
    /// A name: an ASCII letter or `_`, then ASCII letters, digits and `_`.
    Name(&'s str),
    /// A run of ASCII digits (only meaningful in `[::1]`, but lexed anywhere so that
    /// `f8[1:]` gets a message about slice bounds rather than about a character).
    Int(&'s str),
    /// `(`
    LParen,
    /// `)`
    RParen,
    /// `[`
    LBracket,
    /// `]`
    RBracket,
    /// `:`
    Colon,
    /// `,`
    Comma,
    /// Any other character, kept so that the parser reports it in context.
    Other(char),
}

impl TokenKind<'_> {
    /// How the token reads in a message, quoted.
    pub fn quoted(self) -> String {
        match self {
            TokenKind::Name(s) | TokenKind::Int(s) => format!("`{s}`"),
            TokenKind::LParen => "`(`".to_owned(),
            TokenKind::RParen => "`)`".to_owned(),
            TokenKind::LBracket => "`[`".to_owned(),
            TokenKind::RBracket => "`]`".to_owned(),
            TokenKind::Colon => "`:`".to_owned(),
            TokenKind::Comma => "`,`".to_owned(),
            TokenKind::Other(c) if c.is_control() => format!("`{}`", c.escape_default()),
            TokenKind::Other(c) => format!("`{c}`"),
        }
    }
}

/// Tokenises `src`, skipping white space (any Unicode white space, so tabs and newlines
/// in a multi-line string are fine). Never fails: unknown characters become
/// [`TokenKind::Other`].
pub(crate) fn lex(src: &str) -> Vec<Token<'_>> {
    let mut tokens = Vec::new();
    let mut chars = src.char_indices().peekable();
    while let Some((start, c)) = chars.next() {
        if c.is_whitespace() {
            continue;
        }
        let run_end = |chars: &mut std::iter::Peekable<std::str::CharIndices<'_>>,
                       keep: fn(char) -> bool| {
            while let Some(&(_, next)) = chars.peek() {
                if !keep(next) {
                    break;
                }
                chars.next();
            }
            chars.peek().map_or(src.len(), |&(i, _)| i)
        };
        let (kind, end) = match c {
            'a'..='z' | 'A'..='Z' | '_' => {
                let end = run_end(&mut chars, |c| c.is_ascii_alphanumeric() || c == '_');
                (TokenKind::Name(&src[start..end]), end)
            }
            '0'..='9' => {
                let end = run_end(&mut chars, |c| c.is_ascii_digit());
                (TokenKind::Int(&src[start..end]), end)
            }
            '(' => (TokenKind::LParen, start + 1),
            ')' => (TokenKind::RParen, start + 1),
            '[' => (TokenKind::LBracket, start + 1),
            ']' => (TokenKind::RBracket, start + 1),
            ':' => (TokenKind::Colon, start + 1),
            ',' => (TokenKind::Comma, start + 1),
            other => (TokenKind::Other(other), start + other.len_utf8()),
        };
        tokens.push(Token {
            kind,
            span: start..end,
        });
    }
    tokens
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn offsets_are_bytes() {
        let tokens = lex(" f8[::1]( é8 )");
        let kinds: Vec<_> = tokens.iter().map(|t| (t.kind, t.span.clone())).collect();
        assert_eq!(
            kinds,
            vec![
                (TokenKind::Name("f8"), 1..3),
                (TokenKind::LBracket, 3..4),
                (TokenKind::Colon, 4..5),
                (TokenKind::Colon, 5..6),
                (TokenKind::Int("1"), 6..7),
                (TokenKind::RBracket, 7..8),
                (TokenKind::LParen, 8..9),
                (TokenKind::Other('é'), 10..12),
                (TokenKind::Int("8"), 12..13),
                (TokenKind::RParen, 14..15),
            ]
        );
    }

    #[test]
    fn names_take_digits_and_underscores() {
        let tokens = lex("bool_ uint64\tfloat32\n");
        let names: Vec<_> = tokens.iter().map(|t| t.kind).collect();
        assert_eq!(
            names,
            vec![
                TokenKind::Name("bool_"),
                TokenKind::Name("uint64"),
                TokenKind::Name("float32")
            ]
        );
    }
}
