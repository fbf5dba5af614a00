//! Dates and times written the way each language writes them.

use crate::domain::locale::Locale;

const MONTHS: [[&str; 12]; 3] = [
    [
        "Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec",
    ],
    [
        "janv.", "févr.", "mars", "avr.", "mai", "juin", "juil.", "août", "sept.", "oct.", "nov.",
        "déc.",
    ],
    [
        "ene", "feb", "mar", "abr", "may", "jun", "jul", "ago", "sept", "oct", "nov", "dic",
    ],
];

const WEEKDAYS: [[&str; 7]; 3] = [
    ["Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun"],
    ["lun.", "mar.", "mer.", "jeu.", "ven.", "sam.", "dim."],
    ["lun", "mar", "mié", "jue", "vie", "sáb", "dom"],
];

fn idx(locale: Locale) -> usize {
    match locale {
        Locale::En => 0,
        Locale::Fr => 1,
        Locale::Es => 2,
    }
}

/// `weekday` counts from Monday = 0; `month` from 1.
pub fn date(locale: Locale, year: i32, month: u32, day: u32, weekday: u32) -> String {
    let m = MONTHS[idx(locale)][(month.clamp(1, 12) - 1) as usize];
    let w = WEEKDAYS[idx(locale)][(weekday % 7) as usize];
    format!("{w} {day} {m} {year}")
}

pub fn time(locale: Locale, hour: u32, minute: u32) -> String {
    match locale {
        Locale::En => {
            let (h12, ampm) = match hour {
                0 => (12, "AM"),
                1..=11 => (hour, "AM"),
                12 => (12, "PM"),
                _ => (hour - 12, "PM"),
            };
            format!("{h12}:{minute:02} {ampm}")
        }
        Locale::Fr | Locale::Es => format!("{hour:02}:{minute:02}"),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn per_locale() {
        assert_eq!(date(Locale::En, 2027, 1, 14, 3), "Thu 14 Jan 2027");
        assert_eq!(date(Locale::Fr, 2027, 1, 14, 3), "jeu. 14 janv. 2027");
        assert_eq!(date(Locale::Es, 2027, 8, 2, 0), "lun 2 ago 2027");
        assert_eq!(time(Locale::En, 0, 5), "12:05 AM");
        assert_eq!(time(Locale::En, 12, 0), "12:00 PM");
        assert_eq!(time(Locale::En, 17, 30), "5:30 PM");
        assert_eq!(time(Locale::Fr, 17, 30), "17:30");
        assert_eq!(time(Locale::Es, 9, 0), "09:00");
    }
}
