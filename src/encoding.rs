//! Small text encodings: lowercase hex and RFC 4648 base32 (lowercase, no padding).
//! Pure functions; decoding rejects anything malformed instead of guessing. A leaf of the
//! module map: it uses nothing else in the crate.

const HEX: &[u8; 16] = b"0123456789abcdef";
const B32: &[u8; 32] = b"abcdefghijklmnopqrstuvwxyz234567";

/// Lowercase hex.
pub fn hex(bytes: &[u8]) -> String {
    let mut s = String::with_capacity(bytes.len() * 2);
    for b in bytes {
        s.push(HEX[(b >> 4) as usize] as char);
        s.push(HEX[(b & 15) as usize] as char);
    }
    s
}

/// Decode exactly `N` bytes of lowercase hex. Uppercase is rejected so that every hash has
/// exactly one spelling (a changed byte in the journal can never decode to the same value).
pub fn unhex<const N: usize>(s: &str) -> Option<[u8; N]> {
    unhex_bytes(s.as_bytes())
}

/// [`unhex`] of bytes (the journal verifier reads lines as bytes).
pub fn unhex_bytes<const N: usize>(b: &[u8]) -> Option<[u8; N]> {
    if b.len() != N * 2 {
        return None;
    }
    let mut out = [0u8; N];
    let mut bad = 0u8;
    for (o, pair) in out.iter_mut().zip(b.chunks_exact(2)) {
        let (hi, lo) = (HEX_VALUE[usize::from(pair[0])], HEX_VALUE[usize::from(pair[1])]);
        bad |= (hi | lo) & 0x80;
        *o = (hi << 4) | (lo & 0x0f);
    }
    (bad == 0).then_some(out)
}

/// The value of a lowercase hex digit, or 0x80 for any other byte.
const HEX_VALUE: [u8; 256] = {
    let mut t = [0x80u8; 256];
    let mut i = 0;
    while i < 10 {
        t[b'0' as usize + i] = i as u8;
        i += 1;
    }
    let mut i = 0;
    while i < 6 {
        t[b'a' as usize + i] = 10 + i as u8;
        i += 1;
    }
    t
};

/// Lowercase base32 without padding.
pub fn base32(bytes: &[u8]) -> String {
    let mut out = String::new();
    let mut buf: u32 = 0;
    let mut bits = 0;
    for &b in bytes {
        buf = (buf << 8) | u32::from(b);
        bits += 8;
        while bits >= 5 {
            bits -= 5;
            out.push(B32[((buf >> bits) & 31) as usize] as char);
        }
    }
    if bits > 0 {
        out.push(B32[((buf << (5 - bits)) & 31) as usize] as char);
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn unhex_takes_exactly_the_lowercase_digits() {
        let digit = |c: u8| match c {
            b'0'..=b'9' => Some(c - b'0'),
            b'a'..=b'f' => Some(c - b'a' + 10),
            _ => None,
        };
        for hi in 0..=255u8 {
            for lo in 0..=255u8 {
                let want = digit(hi).zip(digit(lo)).map(|(h, l)| [(h << 4) | l]);
                assert_eq!(unhex_bytes::<1>(&[hi, lo]), want, "{hi} {lo}");
            }
        }
    }

    #[test]
    fn hex_round_trip() {
        let b = [0u8, 1, 0xab, 0xff];
        assert_eq!(hex(&b), "0001abff");
        assert_eq!(unhex::<4>("0001abff"), Some(b));
        assert_eq!(unhex::<4>("0001ABff"), None);
        assert_eq!(unhex::<4>("0001abf"), None);
        assert_eq!(unhex::<2>("zz00"), None);
    }

    #[test]
    fn base32_known_values() {
        assert_eq!(base32(b"f"), "my");
        assert_eq!(base32(b"foobar"), "mzxw6ytboi");
    }
}
