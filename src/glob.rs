//! An fnmatch-compatible glob matcher: the one pattern language of aiperture.
//!
//! Every pattern in the system (policy rules, task grants, learned scopes, revocations, critical
//! risk patterns, sensitive paths) is matched with the semantics of Python's
//! `fnmatch.fnmatch(text, pattern)` on POSIX, which the seed relied on (seed spec §1.2):
//!
//! - `*` matches any sequence of characters, **including `/` and newlines** (`src/*` matches
//!   `src/a/b.py`, `ls*` matches `"ls\nrm x"`). Path-aware glob crates differ here on purpose.
//! - `?` matches exactly one character (a newline too).
//! - `[seq]` is a character class with `a-z` ranges; `[!seq]` negates it. A `]` right after `[`
//!   or `[!` is a member, a leading or trailing `-` is a member, `^` does not negate, and a
//!   reversed range such as `z-a` is dropped, exactly as Python's `fnmatch.translate` does.
//! - An unterminated `[` is a literal `[`. Backslash is **not** an escape character.
//! - The match is anchored to the whole text and case-sensitive.
//!
//! Invariants: patterns and texts are handled as `char`s, so any UTF-8 input is safe and no
//! function here panics. [`Glob::matches`] runs the classic iterative algorithm that remembers
//! only the last `*` it passed, so a match costs at most O(pattern × text) steps and never
//! backtracks exponentially, whatever the pattern; a pattern whose only wildcards are stars at
//! its ends (`*.pem`, `git log*`, `*secret*`) is decided by one string comparison instead,
//! which gives the same answer (a property test holds the two to it). Consecutive stars are
//! folded into one when the pattern is compiled. A leaf module: it uses nothing else in the
//! crate, so `risk`, `scope`, the configuration and the engine can all share it.

use std::fmt;

/// A compiled glob pattern with fnmatch semantics.
///
/// Build one with [`Glob::new`] (strict, for patterns a human wrote in a policy file) or
/// [`Glob::lenient`] (never fails, for the exact behaviour of Python's `fnmatch`).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Glob {
    /// The pattern exactly as given.
    pattern: String,
    /// The compiled pattern; consecutive stars are folded into one.
    tokens: Vec<Token>,
    /// How many `Token::Literal`s `tokens` holds.
    literal_len: usize,
    /// True when every token is a `Token::Literal`, so matching is string equality.
    literal: bool,
    /// How [`Glob::matches`] can decide without walking the tokens.
    shape: Shape,
}

/// A pattern whose wildcards are stars at one or both ends only, matched with one string
/// comparison; most patterns in use (`*.pem`, `*secret*`, `git log*`, `.env*`) are.
/// Equivalent to the token walk by construction: `*` matches any sequence, so `LIT*` holds
/// exactly when the text starts with `LIT`, `*LIT` when it ends with it, and `*LIT*` when it
/// contains it.
#[derive(Debug, Clone, PartialEq, Eq)]
enum Shape {
    /// No star-only shape: walk the tokens.
    Tokens,
    /// `*`: every text.
    Any,
    /// `LIT*`.
    Prefix(String),
    /// `*LIT`.
    Suffix(String),
    /// `*LIT*`.
    Contains(String),
}

impl Shape {
    /// The shape of compiled `tokens` (stars already folded).
    fn of(tokens: &[Token]) -> Shape {
        let lit = |ts: &[Token]| -> Option<String> {
            ts.iter()
                .map(|t| match t {
                    Token::Literal(c) => Some(*c),
                    _ => None,
                })
                .collect()
        };
        let shape = match tokens {
            [Token::Star] => Some(Shape::Any),
            [Token::Star, mid @ .., Token::Star] => lit(mid).map(Shape::Contains),
            [Token::Star, rest @ ..] => lit(rest).map(Shape::Suffix),
            [rest @ .., Token::Star] => lit(rest).map(Shape::Prefix),
            _ => None,
        };
        shape.unwrap_or(Shape::Tokens)
    }
}

/// Why [`Glob::new`] rejected a pattern.
///
/// Positions count characters (not bytes) from 0.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum GlobError {
    /// The pattern is the empty string.
    Empty,
    /// A `[` at character `at` has no closing `]`.
    UnclosedClass {
        /// Character position of the opening `[`.
        at: usize,
    },
    /// The character class opening at character `at` can never match (for example `[z-a]`).
    EmptyClass {
        /// Character position of the opening `[`.
        at: usize,
    },
}

impl fmt::Display for GlobError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            GlobError::Empty => f.write_str("empty glob pattern"),
            GlobError::UnclosedClass { at } => {
                write!(f, "unclosed character class: `[` at position {at} has no closing `]`")
            }
            GlobError::EmptyClass { at } => {
                write!(f, "character class at position {at} matches no character")
            }
        }
    }
}

impl std::error::Error for GlobError {}

/// One compiled element of a pattern.
#[derive(Debug, Clone, PartialEq, Eq)]
enum Token {
    /// Exactly this character.
    Literal(char),
    /// `?`: any one character.
    AnyChar,
    /// `*`: any sequence, possibly empty.
    Star,
    /// `[...]`: one character from (or, negated, outside) a set.
    Class(Class),
}

/// A character class: a set of inclusive ranges, optionally negated.
#[derive(Debug, Clone, PartialEq, Eq)]
struct Class {
    /// `[!...]`: match characters outside the ranges.
    negated: bool,
    /// Inclusive ranges; a single member `c` is stored as `(c, c)`.
    ranges: Vec<(char, char)>,
}

impl Class {
    /// Whether `c` belongs to the class.
    fn contains(&self, c: char) -> bool {
        self.ranges.iter().any(|&(lo, hi)| lo <= c && c <= hi) != self.negated
    }

    /// Whether no character at all can match (a non-negated class with no members).
    fn is_empty(&self) -> bool {
        !self.negated && self.ranges.is_empty()
    }
}

impl Token {
    /// Whether this single-character token accepts `c` (a `Star` never does).
    fn accepts(&self, c: char) -> bool {
        match self {
            Token::Literal(l) => *l == c,
            Token::AnyChar => true,
            Token::Star => false,
            Token::Class(class) => class.contains(c),
        }
    }
}

impl Glob {
    /// Compiles `pattern` strictly, as policy files need.
    ///
    /// Rejects the empty pattern, a `[` without a closing `]`, and a class that can never match
    /// (such as `[z-a]`). Everything `new` accepts matches exactly like [`Glob::lenient`].
    ///
    /// # Errors
    ///
    /// [`GlobError::Empty`], [`GlobError::UnclosedClass`] or [`GlobError::EmptyClass`], with the
    /// character position of the offending `[`.
    pub fn new(pattern: &str) -> Result<Glob, GlobError> {
        if pattern.is_empty() {
            return Err(GlobError::Empty);
        }
        compile(pattern, true)
    }

    /// Compiles `pattern` the way Python's `fnmatch` does; never fails.
    ///
    /// An unterminated `[` is a literal `[`, the empty pattern matches only the empty text, and
    /// a class with no members matches nothing.
    pub fn lenient(pattern: &str) -> Glob {
        match compile(pattern, false) {
            Ok(glob) => glob,
            // `compile` only reports errors in strict mode; fall back to a literal pattern
            // rather than panic should that ever change.
            Err(_) => literal_glob(pattern),
        }
    }

    /// Whether the whole of `text` matches the pattern.
    pub fn matches(&self, text: &str) -> bool {
        if self.literal {
            return self.pattern == text;
        }
        match &self.shape {
            Shape::Tokens => {}
            Shape::Any => return true,
            Shape::Prefix(p) => return text.starts_with(p.as_str()),
            Shape::Suffix(p) => return text.ends_with(p.as_str()),
            Shape::Contains(p) => return text.contains(p.as_str()),
        }
        self.walk(text)
    }

    /// [`Glob::matches`] by walking the tokens, whatever the pattern.
    fn walk(&self, text: &str) -> bool {
        let tokens = &self.tokens;
        // `t` indexes tokens, `s` is a byte offset into `text` (always on a char boundary).
        let mut t = 0;
        let mut s = 0;
        // After the last `*` seen: the token index after it, and the text offset it resumes at.
        let mut star: Option<(usize, usize)> = None;
        loop {
            let next = text[s..].chars().next();
            match tokens.get(t) {
                Some(Token::Star) => {
                    t += 1;
                    star = Some((t, s));
                    continue;
                }
                Some(token) => {
                    if let Some(c) = next
                        && token.accepts(c)
                    {
                        t += 1;
                        s += c.len_utf8();
                        continue;
                    }
                }
                None => {
                    if next.is_none() {
                        return true;
                    }
                }
            }
            // Mismatch: let the last star swallow one more character and retry after it.
            let Some((star_t, star_s)) = star else {
                return false;
            };
            let Some(c) = text[star_s..].chars().next() else {
                return false;
            };
            let resume = star_s + c.len_utf8();
            star = Some((star_t, resume));
            t = star_t;
            s = resume;
        }
    }

    /// The pattern exactly as it was given.
    pub fn as_str(&self) -> &str {
        &self.pattern
    }

    /// The number of literal (non-wildcard) characters; a whole `[...]` class counts 0.
    ///
    /// Used as the specificity of a rule: more literal characters means more specific.
    pub fn literal_len(&self) -> usize {
        self.literal_len
    }

    /// True when the pattern has no `*`, `?` or character class, so it matches one text only.
    ///
    /// A lenient pattern whose only `[` is unterminated is literal.
    pub fn is_literal(&self) -> bool {
        self.literal
    }
}

impl fmt::Display for Glob {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.pattern)
    }
}

/// Whether `s` contains a glob metacharacter: `*`, `?` or `[`.
pub fn has_wildcard(s: &str) -> bool {
    s.contains(['*', '?', '['])
}

/// Python's `fnmatch.fnmatch(text, pattern)` on POSIX: `Glob::lenient(pattern).matches(text)`.
///
/// Compiles the pattern on every call; keep a [`Glob`] when matching one pattern many times.
pub fn fnmatch(pattern: &str, text: &str) -> bool {
    if !has_wildcard(pattern) {
        return pattern == text;
    }
    Glob::lenient(pattern).matches(text)
}

/// A glob whose every character is a literal.
fn literal_glob(pattern: &str) -> Glob {
    let tokens: Vec<Token> = pattern.chars().map(Token::Literal).collect();
    Glob {
        pattern: pattern.to_owned(),
        literal_len: tokens.len(),
        tokens,
        literal: true,
        shape: Shape::Tokens,
    }
}

/// Compiles `pattern`, following `fnmatch.translate`; `strict` turns the lenient fallbacks
/// (literal `[`, never-matching class) into errors.
fn compile(pattern: &str, strict: bool) -> Result<Glob, GlobError> {
    let chars: Vec<char> = pattern.chars().collect();
    let n = chars.len();
    let mut tokens = Vec::with_capacity(n);
    let mut i = 0;
    while i < n {
        let c = chars[i];
        i += 1;
        match c {
            '*' => {
                if tokens.last() != Some(&Token::Star) {
                    tokens.push(Token::Star);
                }
            }
            '?' => tokens.push(Token::AnyChar),
            '[' => {
                let open = i - 1;
                let mut j = i;
                if j < n && chars[j] == '!' {
                    j += 1;
                }
                if j < n && chars[j] == ']' {
                    j += 1;
                }
                while j < n && chars[j] != ']' {
                    j += 1;
                }
                if j >= n {
                    if strict {
                        return Err(GlobError::UnclosedClass { at: open });
                    }
                    tokens.push(Token::Literal('['));
                } else {
                    let class = parse_class(&chars[i..j]);
                    if strict && class.is_empty() {
                        return Err(GlobError::EmptyClass { at: open });
                    }
                    tokens.push(Token::Class(class));
                    i = j + 1;
                }
            }
            _ => tokens.push(Token::Literal(c)),
        }
    }
    let literal_len = tokens.iter().filter(|t| matches!(t, Token::Literal(_))).count();
    let literal = literal_len == tokens.len();
    let shape = Shape::of(&tokens);
    Ok(Glob { pattern: pattern.to_owned(), tokens, literal_len, literal, shape })
}

/// One element of a class body after `fnmatch.translate`'s chunking: a member character, or
/// a `-` that joins the characters on either side into a range.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum ClassElem {
    Char(char),
    RangeDash,
}

/// Parses the body of a class (the characters between `[` and `]`, `!` included).
///
/// Mirrors `fnmatch.translate`: the body is cut into chunks at the `-`s that can form ranges
/// (never the first member, and never the `-` right after a range), reversed ranges are
/// removed by merging their neighbouring chunks, and the result is read the way Python's
/// `re` reads a class.
fn parse_class(body: &[char]) -> Class {
    let (negated, rest) = match body.split_first() {
        Some(('!', rest)) => (true, rest),
        _ => (false, body),
    };

    let mut chunks: Vec<Vec<char>> = Vec::new();
    let mut start = 0;
    let mut k = 1;
    while k < rest.len() {
        let Some(offset) = rest[k..].iter().position(|&c| c == '-') else {
            break;
        };
        let dash = k + offset;
        chunks.push(rest[start..dash].to_vec());
        start = dash + 1;
        k = dash + 3;
    }
    let tail = &rest[start.min(rest.len())..];
    match chunks.last_mut() {
        Some(last) if tail.is_empty() => last.push('-'),
        _ => chunks.push(tail.to_vec()),
    }

    // Remove empty (reversed) ranges, from the right, as Python does.
    let mut k = chunks.len();
    while k > 1 {
        k -= 1;
        let reversed = match (chunks[k - 1].last(), chunks[k].first()) {
            (Some(lo), Some(hi)) => lo > hi,
            _ => false,
        };
        if reversed {
            let next = chunks.remove(k);
            let prev = &mut chunks[k - 1];
            prev.pop();
            prev.extend(next.iter().skip(1));
        }
    }
    // Python tests for negation only after the merge, so `[z-a!b]` becomes `[!b]`.
    let mut negated = negated;
    if !negated && chunks.first().and_then(|c| c.first()) == Some(&'!') {
        negated = true;
        chunks[0].remove(0);
    }

    let mut elems = Vec::new();
    for (index, chunk) in chunks.iter().enumerate() {
        if index > 0 {
            elems.push(ClassElem::RangeDash);
        }
        elems.extend(chunk.iter().map(|&c| ClassElem::Char(c)));
    }

    let as_char = |e: ClassElem| match e {
        ClassElem::Char(c) => c,
        ClassElem::RangeDash => '-',
    };
    let mut ranges = Vec::new();
    let mut idx = 0;
    while let Some(&first) = elems.get(idx) {
        let lo = as_char(first);
        if let (Some(ClassElem::RangeDash), Some(&end)) = (elems.get(idx + 1), elems.get(idx + 2)) {
            let hi = as_char(end);
            // Python's `re` would reject a reversed range; such a range matches nothing.
            if lo <= hi {
                ranges.push((lo, hi));
            }
            idx += 3;
        } else {
            ranges.push((lo, lo));
            idx += 1;
        }
    }
    Class { negated, ranges }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn m(pattern: &str, text: &str) -> bool {
        Glob::lenient(pattern).matches(text)
    }

    #[test]
    fn star_crosses_slashes_and_newlines() {
        assert!(m("src/*", "src/a/b.py"));
        assert!(m("ls*", "ls\nrm x"));
        assert!(m("*", ""));
        assert!(m("*", "anything / at all\n"));
        assert!(m("a*b*c", "a/x/b\nc"));
        assert!(!m("src/*", "lib/a.py"));
    }

    #[test]
    fn match_is_anchored_and_case_sensitive() {
        assert!(m("src", "src"));
        assert!(!m("src", "src/"));
        assert!(!m("src", "xsrc"));
        assert!(!m("SRC/*", "src/a"));
        assert!(!m("*.py", "a.pyc"));
        assert!(m("*.py", ".py"));
    }

    #[test]
    fn question_mark_matches_exactly_one_char() {
        assert!(m("?", "a"));
        assert!(m("?", "\n"));
        assert!(m("?", "é"));
        assert!(!m("?", ""));
        assert!(!m("?", "ab"));
        assert!(m("a?c", "a/c"));
    }

    #[test]
    fn classes_and_ranges() {
        assert!(m("[abc]", "b"));
        assert!(!m("[abc]", "d"));
        assert!(m("file[0-9].txt", "file7.txt"));
        assert!(!m("file[0-9].txt", "filex.txt"));
        assert!(m("[a-cx-z]", "y"));
        assert!(!m("[a-cx-z]", "m"));
        assert!(m("[]]", "]"));
        assert!(m("[]a]", "a"));
        assert!(m("[-a]", "-"));
        assert!(m("[a-]", "-"));
        assert!(m("[^a]", "^"), "^ is a member, not a negation");
        assert!(!m("[^a]", "b"));
        assert!(m("[a-c-e]", "-"), "the dash right after a range is a member");
        assert!(m("[a-c-e]", "e"));
        assert!(!m("[a-c-e]", "d"));
        assert!(m("[\\]", "\\"), "backslash is a plain member");
    }

    #[test]
    fn negated_classes() {
        assert!(m("[!abc]", "d"));
        assert!(!m("[!abc]", "a"));
        assert!(m("[!0-9]x", "ax"));
        assert!(!m("[!0-9]x", "5x"));
        assert!(m("[!]]", "a"));
        assert!(!m("[!]]", "]"));
        assert!(m("[!-a]", "b"));
        assert!(!m("[!-a]", "-"));
        assert!(m("[!a]", "\n"));
    }

    #[test]
    fn reversed_ranges_are_dropped_like_python() {
        assert!(!m("[z-a]", "z"));
        assert!(!m("[z-a]", "m"));
        assert!(m("[!z-a]", "m"), "a negated empty class matches any character");
        assert!(m("[a-cz-b]", "b"));
        assert!(!m("[a-cz-b]", "z"));
        assert!(m("[z-ab-c]", "c"));
        assert!(!m("[z-ab-c]", "a"));
        assert!(m("[z-a!b]", "c"), "negation is decided after the merge, as in Python");
        assert!(!m("[z-a!b]", "b"));
    }

    #[test]
    fn backslash_is_not_an_escape() {
        assert!(m("a\\*", "a\\bc"));
        assert!(!m("a\\*", "a*"));
        assert!(m("\\?", "\\x"));
    }

    #[test]
    fn unterminated_bracket_is_literal_when_lenient_and_an_error_when_strict() {
        assert!(m("[abc", "[abc"));
        assert!(!m("[abc", "a"));
        assert!(m("a[*", "a[xyz"));
        assert!(m("[!", "[!"));
        assert!(m("[]", "[]"));
        assert!(Glob::lenient("[abc").is_literal());
        assert_eq!(Glob::new("a[bc"), Err(GlobError::UnclosedClass { at: 1 }));
        assert_eq!(Glob::new("é[!]"), Err(GlobError::UnclosedClass { at: 1 }));
    }

    #[test]
    fn strict_rejects_empty_pattern_and_empty_class() {
        assert_eq!(Glob::new(""), Err(GlobError::Empty));
        assert_eq!(Glob::new("x[z-a]"), Err(GlobError::EmptyClass { at: 1 }));
        assert!(Glob::new("[!z-a]").is_ok());
        assert!(Glob::new("src/**/*.rs").is_ok());
        assert!(Glob::lenient("").matches(""));
        assert!(!Glob::lenient("").matches("a"));
    }

    #[test]
    fn strict_and_lenient_agree_on_valid_patterns() {
        for pattern in ["src/*", "[a-z]?.py", "[!x]*", "a*b*c", "exact"] {
            assert_eq!(Glob::new(pattern), Ok(Glob::lenient(pattern)), "{pattern}");
        }
    }

    #[test]
    fn error_messages_are_lower_case_without_period() {
        for err in
            [GlobError::Empty, GlobError::UnclosedClass { at: 3 }, GlobError::EmptyClass { at: 0 }]
        {
            let text = err.to_string();
            assert!(text.chars().next().is_some_and(char::is_lowercase), "{text}");
            assert!(!text.ends_with('.'), "{text}");
        }
    }

    #[test]
    fn literal_len_counts_literal_chars_only() {
        assert_eq!(Glob::lenient("src/*.py").literal_len(), 7);
        assert_eq!(Glob::lenient("file[0-9].txt").literal_len(), 8);
        assert_eq!(Glob::lenient("[abc]").literal_len(), 0);
        assert_eq!(Glob::lenient("a?b").literal_len(), 2);
        assert_eq!(Glob::lenient("**").literal_len(), 0);
        assert_eq!(Glob::lenient("[abc").literal_len(), 4);
        assert_eq!(Glob::lenient("héllo").literal_len(), 5);
    }

    #[test]
    fn is_literal_and_has_wildcard() {
        assert!(Glob::lenient("src/main.rs").is_literal());
        assert!(!Glob::lenient("src/*.rs").is_literal());
        assert!(!Glob::lenient("a?").is_literal());
        assert!(!Glob::lenient("[ab]").is_literal());
        assert!(has_wildcard("a*"));
        assert!(has_wildcard("a?"));
        assert!(has_wildcard("a[b"));
        assert!(!has_wildcard("a/b.c"));
        assert_eq!(Glob::lenient("src/*").as_str(), "src/*");
        assert_eq!(Glob::lenient("src/*").to_string(), "src/*");
    }

    #[test]
    fn fnmatch_function_matches_lenient_glob() {
        assert!(fnmatch("src/*", "src/a/b.py"));
        assert!(fnmatch("ls*", "ls\nrm x"));
        assert!(fnmatch("exact", "exact"));
        assert!(!fnmatch("exact", "exactly"));
        assert!(fnmatch("[abc", "[abc"));
    }

    #[test]
    fn utf8_is_handled_per_char() {
        assert!(m("日本*", "日本語テキスト"));
        assert!(m("?本", "日本"));
        assert!(m("[あ-ん]", "か"));
        assert!(!m("[あ-ん]", "カ"));
        assert!(m("*語", "日本語"));
    }

    #[test]
    fn star_ended_patterns_match_by_one_comparison() {
        let shape = |p: &str| Glob::lenient(p).shape;
        assert_eq!(shape("*"), Shape::Any);
        assert_eq!(shape("**"), Shape::Any);
        assert_eq!(shape("git log*"), Shape::Prefix("git log".into()));
        assert_eq!(shape("*.pem"), Shape::Suffix(".pem".into()));
        assert_eq!(shape("**secret**"), Shape::Contains("secret".into()));
        assert_eq!(shape("*.ssh/*"), Shape::Contains(".ssh/".into()));
        // Any other wildcard, or a star inside, walks the tokens.
        for p in ["*a?*", "a*b", "*[ab]", "?*", "*a*b*", "exact"] {
            assert_eq!(shape(p), Shape::Tokens, "{p}");
        }
        // An unterminated `[` is a literal character, so `*[x` is a suffix.
        assert_eq!(shape("*[x"), Shape::Suffix("[x".into()));
        assert!(m("*.pem", "a/b.pem") && !m("*.pem", "a/b.pem.txt"));
        assert!(m("*secret*", "secret") && m("*secret*", "my\nsecrets") && !m("*secret*", "secre"));
        assert!(m(".env*", ".env") && m(".env*", ".env.local") && !m(".env*", "x.env"));
        assert!(m("*", "") && m("*", "\n"));
        assert!(m("*日本*", "語日本語") && !m("*日本", "日本語"));
    }

    proptest::proptest! {
        /// Whatever the pattern, the one-comparison shapes decide exactly as the token walk.
        #[test]
        fn shapes_agree_with_the_token_walk(
            pattern in "[ab*?\\[\\]!/\né-]{0,8}",
            text in "[ab/\né*?\\[-]{0,10}",
        ) {
            let g = Glob::lenient(&pattern);
            proptest::prop_assert_eq!(g.matches(&text), g.walk(&text), "{:?} {:?}", pattern, text);
            // Star-shaped patterns built around the text's own pieces, so they match often.
            let cut = text.char_indices().nth(text.chars().count() / 2).map_or(0, |(i, _)| i);
            let (head, tail) = text.split_at(cut);
            for p in [format!("{head}*"), format!("*{tail}"), format!("*{head}*"), format!("*{tail}*")] {
                let g = Glob::lenient(&p);
                proptest::prop_assert_eq!(g.matches(&text), g.walk(&text), "{:?} {:?}", p, text);
            }
        }
    }

    #[test]
    fn pathological_pattern_does_not_explode() {
        let text = "a".repeat(10_000);
        assert!(!m("*a*a*a*a*a*a*b", &text));
        assert!(m("*a*a*a*a*a*a*", &text));
        let mut text_b = text.clone();
        text_b.push('b');
        assert!(m("*a*a*a*a*a*a*b", &text_b));
        assert!(!m("*?*?*?*?*?*?*b*", &text));
    }
}
