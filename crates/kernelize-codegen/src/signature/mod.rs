//! Numba signature strings: lexer, parser, types, byte spans into the string.
