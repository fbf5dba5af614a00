//! Numbers as a reader's language writes them: populations and file sizes.

use crate::domain::Locale;

/// 1500000 → "1,500,000" / "1 500 000" / "1.500.000".
pub fn group_digits(n: i64, locale: Locale) -> String {
    let sep = match locale {
        Locale::En => ",",
        Locale::Fr => "\u{202f}",
        Locale::Es => ".",
    };
    let digits = n.unsigned_abs().to_string();
    let mut out = String::new();
    for (i, ch) in digits.chars().enumerate() {
        if i > 0 && (digits.len() - i).is_multiple_of(3) {
            out.push_str(sep);
        }
        out.push(ch);
    }
    if n < 0 {
        format!("-{out}")
    } else {
        out
    }
}

/// "2.4 MB" / "2,4 Mo".
pub fn human_size(bytes: i64, locale: Locale) -> String {
    let (unit_k, unit_m) = match locale {
        Locale::Fr => ("Ko", "Mo"),
        _ => ("KB", "MB"),
    };
    let s = if bytes >= 1024 * 1024 {
        format!("{:.1} {unit_m}", bytes as f64 / (1024.0 * 1024.0))
    } else {
        format!("{} {unit_k}", (bytes + 1023) / 1024)
    };
    if locale == Locale::En {
        s
    } else {
        s.replace('.', ",")
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn sizes_read_in_the_reader_language() {
        assert_eq!(human_size(2_500_000, Locale::En), "2.4 MB");
        assert_eq!(human_size(2_500_000, Locale::Fr), "2,4 Mo");
        assert_eq!(human_size(1500, Locale::Es), "2 KB");
    }

    #[test]
    fn populations_group_their_digits() {
        assert_eq!(group_digits(1_500_000, Locale::En), "1,500,000");
        assert_eq!(group_digits(66_222, Locale::Fr), "66\u{202f}222");
        assert_eq!(group_digits(999, Locale::Es), "999");
    }
}
