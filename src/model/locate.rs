//! Finds where a JSON path's value starts in the source text, for error messages.
//!
//! Only called when there is an error to report, so the happy path never pays for it.

use std::fmt;

/// One step of a JSON path.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Seg {
    /// An object member.
    Key(String),
    /// An array element.
    Index(usize),
}

/// A JSON path such as `integration.exemptions[0].id`.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct JsonPath(pub Vec<Seg>);

impl JsonPath {
    /// This path extended by an object member.
    pub fn key(&self, key: &str) -> Self {
        let mut p = self.clone();
        p.0.push(Seg::Key(key.to_owned()));
        p
    }

    /// This path extended by an array index.
    pub fn index(&self, index: usize) -> Self {
        let mut p = self.clone();
        p.0.push(Seg::Index(index));
        p
    }
}

impl fmt::Display for JsonPath {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        for (i, seg) in self.0.iter().enumerate() {
            match seg {
                Seg::Key(k) if i == 0 => write!(f, "{k}")?,
                Seg::Key(k) => write!(f, ".{k}")?,
                Seg::Index(n) => write!(f, "[{n}]")?,
            }
        }
        Ok(())
    }
}

/// Line and column (1-based, in characters) where the value at `path` starts.
pub fn locate(json: &str, path: &JsonPath) -> Option<(usize, usize)> {
    let mut s = Scanner { src: json.as_bytes(), pos: 0 };
    s.skip_ws();
    let offset = s.find(&path.0)?;
    Some(position(json, offset))
}

/// Line and column (1-based, in characters) of byte `offset` in `json`.
pub fn position(json: &str, offset: usize) -> (usize, usize) {
    let before = json.get(..offset).unwrap_or(json);
    let line = before.matches('\n').count() + 1;
    let column = before.rsplit('\n').next().map_or(0, |l| l.chars().count()) + 1;
    (line, column)
}

/// Byte-level scanner over (possibly invalid) JSON.
struct Scanner<'a> {
    src: &'a [u8],
    pos: usize,
}

impl Scanner<'_> {
    fn peek(&self) -> Option<u8> {
        self.src.get(self.pos).copied()
    }

    fn skip_ws(&mut self) {
        while matches!(self.peek(), Some(b' ' | b'\t' | b'\n' | b'\r')) {
            self.pos += 1;
        }
    }

    /// At the start of a value: the offset of the value at `rest` below it.
    fn find(&mut self, rest: &[Seg]) -> Option<usize> {
        let Some((first, tail)) = rest.split_first() else {
            return Some(self.pos);
        };
        match (self.peek()?, first) {
            (b'{', Seg::Key(want)) => {
                self.pos += 1;
                loop {
                    self.skip_ws();
                    if self.peek()? == b'}' {
                        return None;
                    }
                    let key = self.string()?;
                    self.skip_ws();
                    if self.peek()? != b':' {
                        return None;
                    }
                    self.pos += 1;
                    self.skip_ws();
                    if &key == want {
                        return self.find(tail);
                    }
                    self.skip_value()?;
                    self.skip_ws();
                    if self.peek()? == b',' {
                        self.pos += 1;
                    }
                }
            }
            (b'[', Seg::Index(want)) => {
                self.pos += 1;
                let mut index = 0;
                loop {
                    self.skip_ws();
                    if self.peek()? == b']' {
                        return None;
                    }
                    if index == *want {
                        return self.find(tail);
                    }
                    self.skip_value()?;
                    self.skip_ws();
                    if self.peek()? == b',' {
                        self.pos += 1;
                    }
                    index += 1;
                }
            }
            _ => None,
        }
    }

    /// Reads a string literal, decoding the escapes a key may hold.
    fn string(&mut self) -> Option<String> {
        if self.peek()? != b'"' {
            return None;
        }
        self.pos += 1;
        let start = self.pos;
        while self.peek()? != b'"' {
            self.pos += if self.peek()? == b'\\' { 2 } else { 1 };
        }
        let raw = std::str::from_utf8(self.src.get(start..self.pos)?).ok()?;
        self.pos += 1;
        serde_json::from_str(&format!("\"{raw}\"")).ok()
    }

    fn skip_value(&mut self) -> Option<()> {
        match self.peek()? {
            b'"' => self.string().map(|_| ()),
            open @ (b'{' | b'[') => {
                let close = if open == b'{' { b'}' } else { b']' };
                self.pos += 1;
                loop {
                    self.skip_ws();
                    match self.peek()? {
                        c if c == close => {
                            self.pos += 1;
                            return Some(());
                        }
                        b',' | b':' => self.pos += 1,
                        _ => self.skip_value()?,
                    }
                }
            }
            _ => {
                let start = self.pos;
                while !matches!(
                    self.peek(),
                    None | Some(b',' | b'}' | b']' | b' ' | b'\n' | b'\r' | b'\t')
                ) {
                    self.pos += 1;
                }
                // No value here (a stray `]` in an object): stop, rather than loop.
                (self.pos > start).then_some(())
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn finds_nested_values() {
        let json = "{\n  \"a\": [1, {\"b\": \"x\"}],\n  \"c\": {\"d\": 4}\n}";
        let path = JsonPath::default().key("a").index(1).key("b");
        assert_eq!(path.to_string(), "a[1].b");
        assert_eq!(locate(json, &path), Some((2, 18)));
        assert_eq!(locate(json, &JsonPath::default().key("c").key("d")), Some((3, 14)));
        assert_eq!(locate(json, &JsonPath::default().key("zz")), None);
    }

    #[test]
    fn broken_text_ends_the_search() {
        // A closer of the wrong kind must end the value, not loop (held by tests/engine/parsers.rs).
        for json in ["{\"a\": {]}", "[{]", "{\"a\": [}", "{\"a\": {\"b\" ]}"] {
            assert_eq!(locate(json, &JsonPath::default().key("zz")), None, "{json}");
            assert_eq!(locate(json, &JsonPath::default().index(3)), None, "{json}");
        }
    }
}
