//! Recursive descent over the tokens of a signature string.
//!
//! Grammar (Numba's, restricted to what version 1 supports):
//!
//! ```text
//! signature := result? "(" (type ("," type)* ","?)? ")"
//! result    := type | tuple
//! tuple     := "Tuple" "(" ("(" parts ")" | "[" parts "]") ")"
//!            | "UniTuple" "(" type "," INT ","? ")"
//! parts     := type ("," type)* ","?
//! type      := NAME ("[" dim ("," dim)* "]")?
//! dim       := ":" | "::" | "::1"
//! ```
//!
//! A tuple (Numba's `types.Tuple` / `types.UniTuple`, called as in Python) has 2 to
//! [`MAX_TUPLE_PARTS`] parts, each a scalar or a 1-D array, and is only a result: a tuple
//! written as an argument or as a part (nested) is parsed, then refused; so is
//! `Tuple(f8, f8)`, a call Numba refuses too (its one argument is the tuple of types).
//!
//! A bad name does not derail the grammar, so those errors are collected and parsing
//! goes on; a syntax error stops it (what follows would only produce noise).

use super::error::{SigErrorKind, SignatureError};
use super::lexer::{Token, TokenKind, lex};
use super::suggest::nearest;
use super::types::{
    ByteSpan, Layout, MAX_TUPLE_PARTS, Refusal, SigItem, SigType, Signature, TupleForm, TypeName,
    lookup, suggestable_names,
};
use crate::model::ElemType;

/// Where a type stands, which decides whether `void` and tuples are allowed.
#[derive(Clone, Copy, PartialEq, Eq)]
enum Position {
    Result,
    Argument,
    /// A part of a tuple result.
    Part,
}

/// A syntax error: parsing stops.
struct Stop;

struct Parser<'s> {
    src: &'s str,
    tokens: Vec<Token<'s>>,
    pos: usize,
    /// Errors that did not stop the parse, in source order.
    errors: Vec<SignatureError>,
}

/// Parses `src`, reporting every error found (sorted by position), not only the first.
pub fn parse_reporting_all(src: &str) -> Result<Signature, Vec<SignatureError>> {
    let mut parser = Parser {
        src,
        tokens: lex(src),
        pos: 0,
        errors: Vec::new(),
    };
    let parsed = parser.signature();
    let mut errors = parser.errors;
    match parsed {
        Ok(signature) if errors.is_empty() => Ok(signature),
        _ => {
            if errors.is_empty() {
                // Every stop records its error first; this keeps a slip from becoming an
                // error-free failure.
                errors.push(SignatureError::new(
                    SigErrorKind::Unexpected,
                    0..src.len(),
                    "this signature could not be parsed",
                ));
            }
            errors.sort_by_key(|e| (e.span.start, e.span.end));
            Err(errors)
        }
    }
}

impl<'s> Parser<'s> {
    fn peek(&self) -> Option<&Token<'s>> {
        self.tokens.get(self.pos)
    }

    fn peek_kind(&self) -> Option<TokenKind<'s>> {
        self.peek().map(|t| t.kind)
    }

    fn bump(&mut self) -> Option<Token<'s>> {
        let token = self.tokens.get(self.pos).cloned();
        self.pos += 1;
        token
    }

    /// The end of the string without trailing white space: where "missing" errors point.
    fn end(&self) -> ByteSpan {
        let end = self.src.trim_end().len();
        end..end
    }

    /// Records a syntax error and stops.
    fn fail(&mut self, kind: SigErrorKind, span: ByteSpan, message: impl Into<String>) -> Stop {
        self.errors.push(SignatureError::new(kind, span, message));
        Stop
    }

    fn signature(&mut self) -> Result<Signature, Stop> {
        let Some(first) = self.peek().cloned() else {
            return Err(self.fail(
                SigErrorKind::Empty,
                0..self.src.len(),
                "the signature is empty: write one such as `f8(f8[:])`, or leave `signature` out to take the types from the Rust fn",
            ));
        };
        if first.kind == TokenKind::LBracket {
            return Err(self.leading_bracket(first.span));
        }
        let (result, parts) = if first.kind == TokenKind::LParen {
            (None, Vec::new())
        } else {
            let (result, parts) = self.ty_or_tuple(Position::Result)?;
            (Some(result), parts)
        };
        let open = match self.bump() {
            Some(Token {
                kind: TokenKind::LParen,
                span,
            }) => span,
            Some(token) => return Err(self.unexpected_after_result(&token, result.as_ref())),
            None => {
                let written = &self.src[result.as_ref().map_or(0..0, |r| r.span.clone())];
                return Err(self.fail(
                    SigErrorKind::Missing,
                    self.end(),
                    format!(
                        "missing argument list: a signature is `ret(args)` or `(args)`, e.g. `{written}(f8[:])`"
                    ),
                ));
            }
        };
        let mut args = Vec::new();
        let close = loop {
            match self.peek().cloned() {
                None => return Err(self.unclosed_paren(open)),
                Some(Token {
                    kind: TokenKind::RParen,
                    span,
                }) => {
                    self.pos += 1;
                    break span;
                }
                Some(_) => {}
            }
            args.push(self.ty_or_tuple(Position::Argument)?.0);
            match self.peek().cloned() {
                None => return Err(self.unclosed_paren(open)),
                Some(Token {
                    kind: TokenKind::Comma,
                    ..
                }) => self.pos += 1,
                Some(Token {
                    kind: TokenKind::RParen,
                    ..
                }) => {}
                Some(Token {
                    kind: TokenKind::RBracket,
                    span,
                }) => return Err(self.fail(SigErrorKind::Unbalanced, span, "unmatched `]`")),
                Some(token) => {
                    return Err(self.fail(
                        SigErrorKind::Unexpected,
                        token.span,
                        format!(
                            "expected `,` or `)` after an argument type, found {}",
                            token.kind.quoted()
                        ),
                    ));
                }
            }
        };
        // `(f8, f8)(f8)`: a Python tuple where Numba wants `Tuple((f8, f8))`.
        let bare_tuple = (result.is_none() && args.len() >= 2)
            .then(|| super::types::tuple_text(args.iter().map(|a| a.ty)));
        self.after_signature(bare_tuple)?;
        Ok(Signature {
            result,
            parts,
            args,
            args_span: open.start..close.end,
        })
    }

    /// A string that starts with `[`: either Numba's list of signatures or an array
    /// layout with its element type missing.
    fn leading_bracket(&mut self, bracket: ByteSpan) -> Stop {
        match self.tokens.get(self.pos + 1).map(|t| t.kind) {
            Some(TokenKind::Colon | TokenKind::RBracket) => self.fail(
                SigErrorKind::Missing,
                bracket,
                "missing element type before `[`: write e.g. `f8[:]`",
            ),
            _ => self.fail(
                SigErrorKind::NotSupported,
                0..self.src.trim_end().len(),
                "several signatures are not supported yet: give one, e.g. `signature = \"f8(f8[:])\"`",
            ),
        }
    }

    fn unexpected_after_result(&mut self, token: &Token<'s>, result: Option<&SigItem>) -> Stop {
        match token.kind {
            TokenKind::RParen => self.fail(
                SigErrorKind::Unbalanced,
                token.span.clone(),
                "unmatched `)`",
            ),
            TokenKind::RBracket => self.fail(
                SigErrorKind::Unbalanced,
                token.span.clone(),
                "unmatched `]`",
            ),
            _ => {
                let after = result.map_or("", |r| &self.src[r.span.clone()]);
                self.fail(
                    SigErrorKind::Unexpected,
                    token.span.clone(),
                    format!(
                        "expected `(` after the result type `{after}`, found {}: a signature is `ret(args)`, e.g. `{after}(f8[:])`",
                        token.kind.quoted()
                    ),
                )
            }
        }
    }

    fn unclosed_paren(&mut self, open: ByteSpan) -> Stop {
        self.fail(
            SigErrorKind::Unbalanced,
            open,
            "unclosed `(`: the argument list needs a closing `)`",
        )
    }

    /// After the closing `)` only white space may follow. `bare_tuple` is the `Tuple`
    /// spelling of an argument list that may have been meant as a tuple result.
    fn after_signature(&mut self, bare_tuple: Option<String>) -> Result<(), Stop> {
        let Some(token) = self.peek().cloned() else {
            return Ok(());
        };
        let rest = token.span.start..self.src.trim_end().len();
        Err(match token.kind {
            TokenKind::Comma => self.fail(
                SigErrorKind::NotSupported,
                rest,
                "several signatures are not supported yet: give one, e.g. `signature = \"f8(f8[:])\"`",
            ),
            TokenKind::RParen => self.fail(SigErrorKind::Unbalanced, token.span, "unmatched `)`"),
            TokenKind::RBracket => self.fail(SigErrorKind::Unbalanced, token.span, "unmatched `]`"),
            TokenKind::LParen if bare_tuple.is_some() => self.fail(
                SigErrorKind::Trailing,
                rest,
                format!(
                    "unexpected `(` after the signature: a tuple result is written `{}(..)`, not as a parenthesised list",
                    bare_tuple.unwrap_or_default()
                ),
            ),
            TokenKind::Other('-') if self.src[token.span.end..].starts_with('>') => self.fail(
                SigErrorKind::Trailing,
                rest,
                "unexpected `->` after the signature: Numba writes the result first, `ret(args)`, e.g. `f8(f8[:])`",
            ),
            kind => self.fail(
                SigErrorKind::Trailing,
                rest,
                format!(
                    "unexpected {} after the signature: nothing may follow the closing `)`",
                    kind.quoted()
                ),
            ),
        })
    }

    /// A type, or at `Tuple(` / `UniTuple(` a tuple with its parts (refused unless
    /// `position` is the result).
    fn ty_or_tuple(&mut self, position: Position) -> Result<(SigItem, Vec<SigItem>), Stop> {
        match self.at_tuple() {
            Some(form) => self.tuple(form, position),
            None => Ok((self.ty(position)?, Vec::new())),
        }
    }

    /// The tuple form next, if the next tokens are a tuple name (or a misspelling of one
    /// that is no other type) and `(`.
    fn at_tuple(&self) -> Option<TupleForm> {
        let Some(TokenKind::Name(name)) = self.peek_kind() else {
            return None;
        };
        if self.tokens.get(self.pos + 1).map(|t| t.kind) != Some(TokenKind::LParen) {
            return None;
        }
        TupleForm::from_name(name).or_else(|| {
            if lookup(name).is_some() {
                return None;
            }
            nearest(name, ["Tuple", "UniTuple"]).and_then(TupleForm::from_name)
        })
    }

    /// `Tuple((T1, T2, ..))` or `UniTuple(T, n)`, its name and `(` being next.
    fn tuple(
        &mut self,
        form: TupleForm,
        position: Position,
    ) -> Result<(SigItem, Vec<SigItem>), Stop> {
        let name = self.bump().ok_or(Stop)?;
        if let TokenKind::Name(written) = name.kind
            && written != form.name()
        {
            self.errors.push(SignatureError::new(
                SigErrorKind::UnknownType,
                name.span.clone(),
                format!(
                    "unknown type `{written}` in the signature; did you mean `{}`?",
                    form.name()
                ),
            ));
        }
        let open = self.bump().map(|t| t.span).ok_or(Stop)?;
        let (parts, close) = match form {
            TupleForm::Tuple => self.tuple_parts(open)?,
            TupleForm::UniTuple => self.unituple_parts(open)?,
        };
        let span = name.span.start..close.end;
        let refusal = match position {
            Position::Result => None,
            Position::Argument => Some(
                "a tuple is only a result type: an argument is a scalar such as `f8` or an array such as `f8[:]` (pass the parts as arguments of their own)",
            ),
            Position::Part => Some(
                "nested tuples are not supported: each part of a tuple is a scalar such as `f8` or an array such as `f8[:]`",
            ),
        };
        if let Some(message) = refusal {
            self.errors.push(SignatureError::new(
                SigErrorKind::NotSupported,
                span.clone(),
                message,
            ));
        }
        Ok((
            SigItem {
                ty: SigType::Tuple,
                span,
            },
            parts,
        ))
    }

    /// The parts of `Tuple((T1, T2, ..))` (or `Tuple([T1, T2, ..])`) after `Tuple(`
    /// (at `open`), and the span of the closing `)`.
    fn tuple_parts(&mut self, open: ByteSpan) -> Result<(Vec<SigItem>, ByteSpan), Stop> {
        let inner = match self.peek().cloned() {
            Some(Token {
                kind: kind @ (TokenKind::LParen | TokenKind::LBracket),
                span,
            }) => {
                self.pos += 1;
                Some((span, kind))
            }
            _ => None,
        };
        let closer = match inner {
            Some((_, TokenKind::LBracket)) => TokenKind::RBracket,
            _ => TokenKind::RParen,
        };
        let list_open = inner
            .as_ref()
            .map_or_else(|| open.clone(), |(s, _)| s.clone());
        let (parts, list_close) = self.part_list(list_open.clone(), closer)?;
        let close = if inner.is_some() {
            self.close_tuple(&open, TupleForm::Tuple)?
        } else {
            list_close.clone()
        };
        let list = list_open.start..list_close.end;
        if inner.is_none() && !parts.is_empty() {
            // `Tuple(f8, f8)`: Numba's `Tuple` takes one argument, the tuple of types.
            let written = &self.src[parts[0].span.start..parts[parts.len() - 1].span.end];
            let example = if parts.len() == 1 {
                format!("{written}, f8")
            } else {
                written.to_owned()
            };
            self.errors.push(SignatureError::new(
                SigErrorKind::Unexpected,
                parts[0].span.start..parts[parts.len() - 1].span.end,
                format!(
                    "`Tuple` takes its part types as one tuple, in parentheses of their own: write `Tuple(({example}))`"
                ),
            ));
        } else {
            let single = parts.first().map(|p| &self.src[p.span.clone()]);
            let count = parts.len().to_string();
            self.check_count(parts.len(), &count, single, list);
        }
        Ok((parts, close))
    }

    /// Part types separated by commas up to `closer`, the opening bracket being at
    /// `open`; also the span of `closer`.
    fn part_list(
        &mut self,
        open: ByteSpan,
        closer: TokenKind<'s>,
    ) -> Result<(Vec<SigItem>, ByteSpan), Stop> {
        let quoted = closer.quoted();
        let mut parts = Vec::new();
        loop {
            match self.peek().cloned() {
                None => {
                    let message = format!(
                        "unclosed `{}`: the parts of a tuple need a closing {quoted}",
                        &self.src[open.clone()]
                    );
                    return Err(self.fail(SigErrorKind::Unbalanced, open, message));
                }
                Some(token) if token.kind == closer => {
                    self.pos += 1;
                    return Ok((parts, token.span));
                }
                Some(_) => {}
            }
            parts.push(self.ty_or_tuple(Position::Part)?.0);
            match self.peek().cloned() {
                None => {}
                Some(Token {
                    kind: TokenKind::Comma,
                    ..
                }) => self.pos += 1,
                Some(token) if token.kind == closer => {}
                Some(token) => {
                    return Err(self.fail(
                        SigErrorKind::Unexpected,
                        token.span,
                        format!(
                            "expected `,` or {quoted} after a part type of the tuple, found {}",
                            token.kind.quoted()
                        ),
                    ));
                }
            }
        }
    }

    /// The `)` closing `Tuple(` or `UniTuple(` (at `open`).
    fn close_tuple(&mut self, open: &ByteSpan, form: TupleForm) -> Result<ByteSpan, Stop> {
        let name = form.name();
        match self.bump() {
            Some(Token {
                kind: TokenKind::RParen,
                span,
            }) => Ok(span),
            None => Err(self.unclosed_tuple(open.clone(), form)),
            Some(token) => Err(self.fail(
                SigErrorKind::Unexpected,
                token.span,
                format!(
                    "expected `)` to close `{name}(`, found {}: a tuple result is written {}",
                    token.kind.quoted(),
                    match form {
                        TupleForm::Tuple => "`Tuple((f8[:], f8))`",
                        TupleForm::UniTuple => "`UniTuple(f8[:], 2)`",
                    }
                ),
            )),
        }
    }

    fn unclosed_tuple(&mut self, open: ByteSpan, form: TupleForm) -> Stop {
        self.fail(
            SigErrorKind::Unbalanced,
            open,
            format!("unclosed `(` of `{}(`: it needs a closing `)`", form.name()),
        )
    }

    /// The part type and count of `UniTuple(T, n)` after `UniTuple(` (at `open`): `n`
    /// copies of the part, and the span of the closing `)`.
    fn unituple_parts(&mut self, open: ByteSpan) -> Result<(Vec<SigItem>, ByteSpan), Stop> {
        const WRITE: &str = "`UniTuple` takes one part type and a count, e.g. `UniTuple(f8[:], 2)`";
        match self.peek().cloned() {
            Some(Token {
                kind: kind @ (TokenKind::LParen | TokenKind::LBracket),
                span,
            }) => {
                return Err(self.fail(
                    SigErrorKind::Unexpected,
                    span,
                    format!(
                        "expected a part type, found {}: {WRITE}; parts of different types are written `Tuple((f8[:], f8))`",
                        kind.quoted()
                    ),
                ));
            }
            Some(Token {
                kind: TokenKind::RParen,
                span,
            }) => {
                return Err(self.fail(
                    SigErrorKind::Missing,
                    span,
                    format!("missing part type and count: {WRITE}"),
                ));
            }
            _ => {}
        }
        let part = self.ty_or_tuple(Position::Part)?.0;
        match self.bump() {
            Some(Token {
                kind: TokenKind::Comma,
                ..
            }) => {}
            Some(Token {
                kind: TokenKind::RParen,
                span,
            }) => {
                return Err(self.fail(
                    SigErrorKind::Missing,
                    span,
                    format!("missing count: {WRITE}"),
                ));
            }
            None => return Err(self.unclosed_tuple(open, TupleForm::UniTuple)),
            Some(token) => {
                return Err(self.fail(
                    SigErrorKind::Unexpected,
                    token.span,
                    format!(
                        "expected `,` and a count after the part type, found {}: {WRITE}",
                        token.kind.quoted()
                    ),
                ));
            }
        }
        let count = match self.bump() {
            Some(Token {
                kind: TokenKind::Int(digits),
                span,
            }) => (digits.parse::<usize>().unwrap_or(usize::MAX), span),
            Some(Token {
                kind: TokenKind::RParen,
                span,
            }) => {
                return Err(self.fail(
                    SigErrorKind::Missing,
                    span,
                    format!("missing count: {WRITE}"),
                ));
            }
            None => return Err(self.unclosed_tuple(open, TupleForm::UniTuple)),
            Some(token) => {
                let also = match token.kind {
                    TokenKind::Name(_) => {
                        "; parts of different types are written `Tuple((f8[:], f8))`"
                    }
                    _ => "",
                };
                return Err(self.fail(
                    SigErrorKind::Unexpected,
                    token.span,
                    format!(
                        "expected the number of parts, such as `2`, found {}: {WRITE}{also}",
                        token.kind.quoted()
                    ),
                ));
            }
        };
        if self.peek_kind() == Some(TokenKind::Comma) {
            self.pos += 1;
        }
        let close = self.close_tuple(&open, TupleForm::UniTuple)?;
        let single = &self.src[part.span.clone()];
        self.check_count(
            count.0,
            &self.src[count.1.clone()],
            Some(single),
            count.1.clone(),
        );
        Ok((vec![part; count.0.min(MAX_TUPLE_PARTS)], close))
    }

    /// A tuple result has 2 to [`MAX_TUPLE_PARTS`] parts. `shown` is the count as
    /// written (`UniTuple`'s may be too large for a `usize`), `single` the first part as
    /// written, and `at` where the count shows (the list of parts, or `UniTuple`'s count).
    fn check_count(&mut self, count: usize, shown: &str, single: Option<&str>, at: ByteSpan) {
        let message = match count {
            0 => "an empty tuple is not a result: a tuple result has at least 2 parts; write `void` for no result".to_owned(),
            1 => format!(
                "a tuple of one part is not supported: a tuple result has at least 2 parts; for one result write its type alone, `{}`",
                single.unwrap_or("f8")
            ),
            n if n > MAX_TUPLE_PARTS => {
                format!("a tuple result has at most {MAX_TUPLE_PARTS} parts, found {shown}")
            }
            _ => return,
        };
        self.errors
            .push(SignatureError::new(SigErrorKind::NotSupported, at, message));
    }

    fn ty(&mut self, position: Position) -> Result<SigItem, Stop> {
        let Some(token) = self.bump() else {
            return Err(self.fail(
                SigErrorKind::Missing,
                self.end(),
                "expected a type such as `f8` or `f8[:]`, found the end of the signature",
            ));
        };
        let name = match token.kind {
            TokenKind::Name(name) => name,
            TokenKind::RBracket => {
                return Err(self.fail(SigErrorKind::Unbalanced, token.span, "unmatched `]`"));
            }
            TokenKind::LBracket => {
                return Err(self.fail(
                    SigErrorKind::Missing,
                    token.span,
                    "missing element type before `[`: write e.g. `f8[:]`",
                ));
            }
            kind => {
                let what = match position {
                    Position::Result => "a result type",
                    Position::Argument => "an argument type",
                    Position::Part => "a part type",
                };
                return Err(self.fail(
                    SigErrorKind::Unexpected,
                    token.span,
                    format!(
                        "expected {what} such as `f8` or `f8[:]`, found {}",
                        kind.quoted()
                    ),
                ));
            }
        };
        let named = self.type_name(name, token.span.clone(), position);
        let mut span = token.span;
        let mut ty = named.map_or(SigType::Scalar(ElemType::F64), SigType::Scalar);
        if self.peek_kind() == Some(TokenKind::LBracket) {
            let (layout, brackets) = self.layout()?;
            span.end = brackets.end;
            if lookup(name) == Some(TypeName::Void) {
                self.errors.push(SignatureError::new(
                    SigErrorKind::Unexpected,
                    span.clone(),
                    format!("`{name}` has no arrays: arrays need an element type, e.g. `f8[:]`"),
                ));
            }
            ty = SigType::Array(ty.elem().unwrap_or(ElemType::F64), layout);
            if let Some(Token {
                kind: TokenKind::LBracket,
                span: again,
            }) = self.peek().cloned()
            {
                return Err(self.fail(
                    SigErrorKind::NotSupported,
                    again,
                    format!(
                        "arrays of arrays are not supported: `{}` is already an array; write a 1-D array such as `f8[:]`",
                        &self.src[span]
                    ),
                ));
            }
        } else if lookup(name) == Some(TypeName::Void) {
            ty = SigType::Void;
        }
        Ok(SigItem { ty, span })
    }

    /// Resolves a type name, recording an error (and going on) when it is not one;
    /// `None` after an error or for `void`.
    fn type_name(&mut self, name: &str, span: ByteSpan, position: Position) -> Option<ElemType> {
        match lookup(name) {
            Some(TypeName::Elem(elem)) => Some(elem),
            Some(TypeName::Void) => {
                let message = match position {
                    Position::Result => None,
                    Position::Argument => Some(format!(
                        "`{name}` is only a result type; an argument needs a type such as `f8` or `f8[:]`"
                    )),
                    Position::Part => Some(format!(
                        "`{name}` cannot be a part of a tuple: each part is a scalar such as `f8` or an array such as `f8[:]`"
                    )),
                };
                if let Some(message) = message {
                    self.errors
                        .push(SignatureError::new(SigErrorKind::Unexpected, span, message));
                }
                None
            }
            Some(TypeName::Refused(Refusal::Complex)) => {
                self.errors.push(SignatureError::new(
                    SigErrorKind::NotSupported,
                    span,
                    format!("complex numbers (`{name}`) are not supported yet: use `f8` or `f4`"),
                ));
                None
            }
            Some(TypeName::Refused(Refusal::Half)) => {
                self.errors.push(SignatureError::new(
                    SigErrorKind::NotSupported,
                    span,
                    format!(
                        "half-precision floats (`{name}`) are not supported yet: use `f4` or `f8`"
                    ),
                ));
                None
            }
            None if TupleForm::from_name(name).is_some() => {
                let example = match TupleForm::from_name(name) {
                    Some(TupleForm::UniTuple) => "`UniTuple(f8[:], 2)`",
                    _ => "`Tuple((f8[:], f8))`",
                };
                self.errors.push(SignatureError::new(
                    SigErrorKind::Missing,
                    span,
                    format!("`{name}` needs its parts in parentheses, e.g. {example}"),
                ));
                None
            }
            None => {
                let message = match rust_spelling(name)
                    .or_else(|| nearest(name, suggestable_names()))
                {
                    Some(suggestion) => {
                        format!(
                            "unknown type `{name}` in the signature; did you mean `{suggestion}`?"
                        )
                    }
                    None => format!(
                        "unknown type `{name}` in the signature: expected a Numba type such as `f8`, `f4`, `i8`, `intp` or `b1`"
                    ),
                };
                self.errors.push(SignatureError::new(
                    SigErrorKind::UnknownType,
                    span,
                    message,
                ));
                None
            }
        }
    }

    /// `[:]`, `[::1]` (or `[::]`, Python's spelling of `[:]`), the `[` being next.
    fn layout(&mut self) -> Result<(Layout, ByteSpan), Stop> {
        let open = self.bump().map(|t| t.span).ok_or(Stop)?;
        // Each dimension's tokens, split at top-level commas.
        let mut dims: Vec<Vec<Token<'s>>> = vec![Vec::new()];
        let close = loop {
            match self.bump() {
                Some(Token {
                    kind: TokenKind::RBracket,
                    span,
                }) => break span,
                Some(Token {
                    kind: TokenKind::Comma,
                    ..
                }) => dims.push(Vec::new()),
                Some(
                    token @ Token {
                        kind:
                            TokenKind::Colon
                            | TokenKind::Int(_)
                            | TokenKind::Name(_)
                            | TokenKind::Other(_),
                        ..
                    },
                ) => {
                    if let Some(dim) = dims.last_mut() {
                        dim.push(token);
                    }
                }
                Some(token) => {
                    return Err(self.fail(
                        SigErrorKind::Unbalanced,
                        open,
                        format!("unclosed `[`: expected `]`, found {}", token.kind.quoted()),
                    ));
                }
                None => {
                    return Err(self.fail(
                        SigErrorKind::Unbalanced,
                        open,
                        "unclosed `[`: an array is written `f8[:]`",
                    ));
                }
            }
        };
        let brackets = open.start..close.end;
        let mut layout = Layout::Strided;
        for dim in &dims {
            layout = self.dimension(dim, &brackets)?;
        }
        if dims.len() > 1 {
            return Err(self.fail(
                SigErrorKind::NotSupported,
                brackets.clone(),
                format!(
                    "{}-D arrays (`{}`) are not supported yet: arrays are 1-D, `[:]` or `[::1]`",
                    dims.len(),
                    &self.src[brackets]
                ),
            ));
        }
        Ok((layout, brackets))
    }

    /// One dimension's tokens: `:`, `::` or `::1`.
    fn dimension(&mut self, dim: &[Token<'s>], brackets: &ByteSpan) -> Result<Layout, Stop> {
        const WRITE: &str = "write `[:]` (any stride) or `[::1]` (contiguous)";
        let Some(first) = dim.first() else {
            return Err(self.fail(
                SigErrorKind::Missing,
                brackets.clone(),
                format!(
                    "empty dimension in `{}`: {WRITE}",
                    &self.src[brackets.clone()]
                ),
            ));
        };
        let whole = first.span.start..dim.last().map_or(first.span.end, |t| t.span.end);
        // The tokens before the first colon, between the colons, and after the last.
        let parts: Vec<&[Token<'s>]> = dim.split(|t| t.kind == TokenKind::Colon).collect();
        let span_of = |part: &[Token<'s>]| -> ByteSpan {
            part.first().map_or(0, |t| t.span.start)..part.last().map_or(0, |t| t.span.end)
        };
        match parts.as_slice() {
            [_] => Err(self.fail(
                SigErrorKind::SliceBounds,
                whole.clone(),
                format!("`[{}]` is not an array layout: {WRITE}", &self.src[whole]),
            )),
            [start, stop, ..] if !start.is_empty() || !stop.is_empty() => {
                let bounds = if start.is_empty() {
                    span_of(stop)
                } else if stop.is_empty() {
                    span_of(start)
                } else {
                    span_of(start).start..span_of(stop).end
                };
                Err(self.fail(
                    SigErrorKind::SliceBounds,
                    bounds,
                    format!(
                        "slice bounds are not allowed in a signature, found `{}`: {WRITE}",
                        &self.src[brackets.clone()]
                    ),
                ))
            }
            [_, _] | [_, _, []] => Ok(Layout::Strided),
            [
                _,
                _,
                [
                    Token {
                        kind: TokenKind::Int("1"),
                        ..
                    },
                ],
            ] => Ok(Layout::Contiguous),
            [_, _, step] => Err(self.fail(
                SigErrorKind::SliceBounds,
                span_of(step),
                format!(
                    "a step of `{}` is not an array layout: {WRITE}",
                    &self.src[span_of(step)]
                ),
            )),
            _ => Err(self.fail(
                SigErrorKind::SliceBounds,
                whole.clone(),
                format!("too many `:` in `{}`: {WRITE}", &self.src[brackets.clone()]),
            )),
        }
    }
}

/// Rust's name for a type, mapped to the Numba code, since Rust users will write `f64`.
/// (`i8` and `u8` are Numba names too, meaning 8 bytes, so they never reach here.)
fn rust_spelling(name: &str) -> Option<&'static str> {
    ElemType::from_rust_name(name).map(ElemType::numba_code)
}
