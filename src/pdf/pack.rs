//! Packs the PDF krilla wrote: compresses its uncompressed streams and moves every
//! non-stream object into a compressed object stream with a cross-reference stream
//! (PDF 1.5+, allowed by PDF/A-2).
//!
//! Why: a tagged document is mostly small dictionaries (structure elements, annotations,
//! outline items), which krilla writes as plain objects; packed they take a fifth of the
//! room. And every stream is compressed here, with libdeflate at its fastest level and
//! one compressor per thread shared with krilla: compression is the largest single cost
//! of a render (README, Performance).
//!
//! The input is krilla's own output, so the parser only needs what pdf-writer writes: a
//! classic cross-reference table, `N 0 obj … endobj` objects, and streams whose dictionary
//! has a direct `/Length`. Anything unexpected leaves the PDF as krilla wrote it.

use std::io::Write as _;

/// libdeflate level for content streams, the object stream and the cross-reference
/// stream. Measured on the reference workload's 132 KB of such streams (README,
/// Performance): level 1 gives 30.9 KB in 0.45 ms, where zlib-rs needed 0.82 ms for the
/// same size (its level 2) and its level 1 left 42 KB; libdeflate's levels 2–6 buy
/// 2–5 KB for up to three times the time.
const LEVEL: u32 = 1;

/// One object of the input.
struct Object<'a> {
    number: usize,
    body: &'a [u8],
}

/// Packs `pdf`; returns it unchanged if it is not in the expected shape.
pub fn pack(pdf: Vec<u8>) -> Vec<u8> {
    match try_pack(&pdf) {
        Some(packed) => packed,
        None => pdf,
    }
}

fn try_pack(pdf: &[u8]) -> Option<Vec<u8>> {
    let (objects, trailer) = parse(pdf)?;
    let header_end = find(pdf, b" 0 obj\n", 0)
        .and_then(|i| pdf[..i].iter().rposition(|&b| b == b'\n'))?
        + 1;
    let size = objects.iter().map(|o| o.number).max()? + 1;
    let objstm_number = size;
    let xref_number = size + 1;

    // Sort the objects: streams are written as they are (compressed here if krilla left
    // them plain), everything else goes into the object stream.
    let mut streams = Vec::new();
    let mut packed_index = Vec::new();
    let mut packed_body = Vec::with_capacity(pdf.len() / 2);
    for object in &objects {
        if let Some(stream_at) = stream_start(object.body) {
            streams.push(Stream::split(object, stream_at)?);
        } else {
            packed_index.push((object.number, packed_body.len()));
            packed_body.extend_from_slice(trim(object.body));
            packed_body.push(b'\n');
        }
    }
    // The object stream: "number offset" pairs, then the objects.
    let mut index = Vec::with_capacity(packed_index.len() * 10 + packed_body.len());
    for (number, offset) in &packed_index {
        push_decimal(&mut index, *number);
        index.push(b' ');
        push_decimal(&mut index, *offset);
        index.push(b' ');
    }
    let first = index.len();
    index.extend_from_slice(&packed_body);

    // Compress the page contents and the object stream: together most of the time this
    // stage takes. On this thread, one after the other: handing them to other threads
    // made a lone render slower, not faster (README "Performance"), and in a batch or
    // the service the other cores render other documents.
    let compressed: Vec<Vec<u8>> = streams
        .iter()
        .filter(|s| s.compressible)
        .map(|s| deflate(s.data))
        .collect();
    let objstm_data = deflate(&index);
    let mut compressed = compressed.into_iter();

    let mut out = Vec::with_capacity(pdf.len() / 2);
    out.extend_from_slice(&pdf[..header_end]);
    // (type, field 2, field 3) per object number: 1 = at offset, 2 = in object stream.
    let mut xref = vec![(0u8, 0usize, 0u16); xref_number + 1];
    for (i, (number, _)) in packed_index.iter().enumerate() {
        xref[*number] = (2, objstm_number, u16::try_from(i).ok()?);
    }
    for stream in &streams {
        xref[stream.number] = (1, out.len(), 0);
        let data = if stream.compressible { Some(compressed.next()?) } else { None };
        stream.write(&mut out, data)?;
    }
    xref[objstm_number] = (1, out.len(), 0);
    write!(
        out,
        "{objstm_number} 0 obj\n<</Type/ObjStm/N {}/First {first}/Filter/FlateDecode/Length {}>>\nstream\n",
        packed_index.len(),
        objstm_data.len()
    )
    .ok()?;
    out.extend_from_slice(&objstm_data);
    end_stream(&mut out, &objstm_data);
    out.extend_from_slice(b"endobj\n");

    // The cross-reference stream, carrying the trailer's entries.
    let xref_offset = out.len();
    xref[xref_number] = (1, xref_offset, 0);
    let mut rows = Vec::with_capacity(xref.len() * 7);
    for (kind, second, third) in &xref {
        rows.push(*kind);
        rows.extend_from_slice(&u32::try_from(*second).ok()?.to_be_bytes());
        rows.extend_from_slice(&third.to_be_bytes());
    }
    let data = deflate(&rows);
    let entries = trailer_entries(trailer)?;
    write!(
        out,
        "{xref_number} 0 obj\n<</Type/XRef/Size {}/W[1 4 2]{entries}/Filter/FlateDecode/Length {}>>\nstream\n",
        xref_number + 1,
        data.len()
    )
    .ok()?;
    out.extend_from_slice(&data);
    end_stream(&mut out, &data);
    write!(out, "endobj\nstartxref\n{xref_offset}\n%%EOF\n").ok()?;
    Some(out)
}

/// The objects (in file order) and the trailer dictionary's text.
fn parse(pdf: &[u8]) -> Option<(Vec<Object<'_>>, &[u8])> {
    let startxref = rfind(pdf, b"startxref")?;
    let xref_at: usize = std::str::from_utf8(pdf.get(startxref + 9..)?)
        .ok()?
        .split_whitespace()
        .next()?
        .parse()
        .ok()?;
    let table = pdf.get(xref_at..)?;
    if !table.starts_with(b"xref") {
        return None;
    }
    let trailer_at = match trailer_after_entries(table) {
        Some(at) => at,
        None => find(table, b"trailer", 0)?,
    };
    let text = std::str::from_utf8(&table[4..trailer_at]).ok()?;
    let mut tokens = text.split_whitespace();
    let first: usize = tokens.next()?.parse().ok()?;
    let count: usize = tokens.next()?.parse().ok()?;
    if first != 0 {
        return None;
    }
    let mut offsets = Vec::with_capacity(count);
    for number in 0..count {
        let offset: usize = tokens.next()?.parse().ok()?;
        let _generation = tokens.next()?;
        if tokens.next()? == "n" {
            offsets.push((offset, number));
        }
    }
    offsets.sort_unstable();
    let mut objects = Vec::with_capacity(offsets.len());
    for (i, &(offset, number)) in offsets.iter().enumerate() {
        let end = offsets.get(i + 1).map_or(xref_at, |next| next.0);
        let raw = pdf.get(offset..end)?;
        let start = raw.iter().position(|&b| b == b'\n')? + 1;
        let stop = rfind(raw, b"endobj")?;
        objects.push(Object { number, body: raw.get(start..stop)? });
    }
    let dict_start = find(table, b"<<", trailer_at)?;
    let dict_end = rfind(table, b">>")? + 2;
    Some((objects, table.get(dict_start..dict_end)?))
}

/// Where the trailer starts if it follows the table's entries, each 20 bytes long
/// (ISO 32000-1 §7.5.4): found without searching the whole table.
fn trailer_after_entries(table: &[u8]) -> Option<usize> {
    let subsection = table.get(4..)?.iter().position(|&b| b != b'\n' && b != b'\r')? + 4;
    let line_end =
        subsection + table.get(subsection..)?.iter().position(|&b| b == b'\n')?;
    let header = std::str::from_utf8(table.get(subsection..line_end)?).ok()?;
    let count: usize = header.split_whitespace().nth(1)?.parse().ok()?;
    let at = count.checked_mul(20)?.checked_add(line_end + 1)?;
    table.get(at..)?.starts_with(b"trailer").then_some(at)
}

/// Where the stream data starts, if the object is a stream.
fn stream_start(body: &[u8]) -> Option<usize> {
    let body = trim(body);
    if !body.ends_with(b"endstream") {
        return None;
    }
    let dict_end = find(body, b">>\nstream\n", 0)?;
    Some(dict_end + b">>\nstream\n".len())
}

/// A stream object of krilla's output, split into dictionary and data.
struct Stream<'a> {
    number: usize,
    dict: &'a [u8],
    data: &'a [u8],
    /// Left uncompressed by krilla, and not the XMP metadata (which PDF/A wants readable).
    compressible: bool,
}

impl<'a> Stream<'a> {
    fn split(object: &Object<'a>, data_at: usize) -> Option<Self> {
        let body = trim(object.body);
        let dict = body.get(..data_at - b"\nstream\n".len())?;
        let data_end = rfind(body, b"endstream")?;
        let mut data = body.get(data_at..data_end)?;
        if data.ends_with(b"\n") {
            data = &data[..data.len() - 1];
        }
        let compressible = find(dict, b"/Filter", 0).is_none()
            && find(dict, b"/Type/Metadata", 0).is_none()
            && dict.starts_with(b"<</Length ");
        Some(Self { number: object.number, dict, data, compressible })
    }

    /// Writes the object, with `compressed` as its data if given.
    fn write(&self, out: &mut Vec<u8>, compressed: Option<Vec<u8>>) -> Option<()> {
        writeln!(out, "{} 0 obj", self.number).ok()?;
        match compressed {
            Some(compressed) => {
                // Replace "/Length N" (krilla writes it first) and add the filter.
                let rest_at =
                    self.dict.get(10..)?.iter().position(|b| !b.is_ascii_digit())? + 10;
                write!(out, "<</Length {}/Filter/FlateDecode", compressed.len()).ok()?;
                out.extend_from_slice(&self.dict[rest_at..]);
                out.extend_from_slice(b"\nstream\n");
                out.extend_from_slice(&compressed);
                end_stream(out, &compressed);
            }
            None => {
                out.extend_from_slice(self.dict);
                out.extend_from_slice(b"\nstream\n");
                out.extend_from_slice(self.data);
                end_stream(out, self.data);
            }
        }
        out.extend_from_slice(b"endobj\n");
        Some(())
    }
}

/// Ends a stream whose data was just written: the end-of-line marker and `endstream`.
/// The marker is LF, or CR LF after data that ends in CR: a reader takes a CR LF before
/// `endstream` as the marker (ISO 32000-1 §7.3.8.1), so a lone LF there would cost the
/// data its last byte and the `/Length` would not match (PDF/A-2 §6.1.7.1).
fn end_stream(out: &mut Vec<u8>, data: &[u8]) {
    if data.last() == Some(&b'\r') {
        out.extend_from_slice(b"\r\nendstream\n");
    } else {
        out.extend_from_slice(b"\nendstream\n");
    }
}

/// The trailer's entries other than `/Size`, for the cross-reference stream.
fn trailer_entries(trailer: &[u8]) -> Option<String> {
    let text = std::str::from_utf8(trailer).ok()?;
    let inner = text.strip_prefix("<<")?.strip_suffix(">>")?;
    let size_at = inner.find("/Size")?;
    let after = &inner[size_at + 5..];
    let number_end = after
        .char_indices()
        .find(|(i, c)| *i > 0 && !c.is_ascii_digit())
        .map_or(after.len(), |(i, _)| i);
    Some(format!("{}{}", &inner[..size_at], &after[number_end..]))
}

/// `data` as a zlib stream at [`LEVEL`], from the thread's one compressor, shared with
/// krilla's font subsets and ICC profiles (same level).
fn deflate(data: &[u8]) -> Vec<u8> {
    krilla::stream::deflate_zlib(data, LEVEL)
}

/// Appends `n` in decimal (what `write!(out, "{n}")` writes, without the formatter).
fn push_decimal(out: &mut Vec<u8>, mut n: usize) {
    let mut digits = [0u8; 20];
    let mut at = digits.len();
    loop {
        at -= 1;
        digits[at] = b'0' + (n % 10) as u8;
        n /= 10;
        if n == 0 {
            break;
        }
    }
    out.extend_from_slice(&digits[at..]);
}

fn trim(body: &[u8]) -> &[u8] {
    let start = body
        .iter()
        .position(|b| !b.is_ascii_whitespace())
        .unwrap_or(body.len());
    let end = body
        .iter()
        .rposition(|b| !b.is_ascii_whitespace())
        .map_or(start, |i| i + 1);
    &body[start..end]
}

fn find(haystack: &[u8], needle: &[u8], from: usize) -> Option<usize> {
    haystack
        .get(from..)?
        .windows(needle.len())
        .position(|w| w == needle)
        .map(|i| i + from)
}

fn rfind(haystack: &[u8], needle: &[u8]) -> Option<usize> {
    haystack.windows(needle.len()).rposition(|w| w == needle)
}

#[cfg(test)]
mod tests {
    use super::{end_stream, push_decimal, trailer_after_entries};

    #[test]
    fn the_trailer_follows_the_twenty_byte_entries() {
        let table = b"xref\n0 2\n0000000000 65535 f\r\n0000000015 00000 n\r\ntrailer\n<</Size 2>>";
        let at = trailer_after_entries(table);
        assert_eq!(at, Some(table.len() - "trailer\n<</Size 2>>".len()));
        // Not where the count says: no answer (the caller searches instead).
        assert_eq!(
            trailer_after_entries(b"xref\n0 3\n0000000000 65535 f\r\ntrailer"),
            None
        );
        assert_eq!(trailer_after_entries(b"xref\n0 99999999999999999999\n"), None);
        assert_eq!(trailer_after_entries(b"xref"), None);
    }

    #[test]
    fn decimals_as_the_formatter_writes_them() {
        for n in [0, 7, 10, 99, 100, 4818, 65535, 1_000_000, usize::MAX] {
            let mut out = Vec::new();
            push_decimal(&mut out, n);
            assert_eq!(out, n.to_string().into_bytes());
        }
    }

    #[test]
    fn data_ending_in_cr_gets_cr_lf_before_endstream() {
        let mut out = Vec::new();
        end_stream(&mut out, b"x\r");
        assert_eq!(out, b"\r\nendstream\n");
        out.clear();
        end_stream(&mut out, b"x\n");
        assert_eq!(out, b"\nendstream\n");
    }
}
