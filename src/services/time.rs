//! Time zones: organizers type wall-clock times in the event's zone; the store
//! keeps UTC instants with the zone; readers see their own time with the
//! event's zone beside it.

use crate::domain::event::LocalTime;
use crate::domain::Locale;
use crate::i18n::{dates, Msg};
use chrono::{DateTime, Datelike, LocalResult, NaiveDate, Offset, TimeZone, Timelike, Utc};
use chrono_tz::Tz;

/// The zone with this IANA name, if the time-zone database knows it.
pub fn zone(name: &str) -> Option<Tz> {
    name.trim().parse().ok()
}

/// The instant a wall-clock time names in `tz`. A time skipped by a clock
/// change does not exist (refused); a repeated one means its first occurrence.
pub fn to_instant(local: LocalTime, tz: Tz) -> Result<i64, Msg> {
    let naive = NaiveDate::from_ymd_opt(local.year, local.month, local.day)
        .and_then(|d| d.and_hms_opt(local.hour, local.minute, 0))
        .ok_or(Msg::ErrDateTime)?;
    match tz.from_local_datetime(&naive) {
        LocalResult::Single(t) => Ok(t.timestamp()),
        LocalResult::Ambiguous(first, _) => Ok(first.timestamp()),
        LocalResult::None => Err(Msg::ErrTimeSkipped),
    }
}

fn at(ts: i64, tz: Tz) -> DateTime<Tz> {
    tz.from_utc_datetime(
        &DateTime::<Utc>::from_timestamp(ts, 0)
            .unwrap_or_default()
            .naive_utc(),
    )
}

/// The wall-clock time of an instant in `tz`, as a form shows it.
pub fn to_local(ts: i64, tz: Tz) -> LocalTime {
    let t = at(ts, tz);
    LocalTime {
        year: t.year(),
        month: t.month(),
        day: t.day(),
        hour: t.hour(),
        minute: t.minute(),
    }
}

pub fn rfc3339(ts: i64) -> String {
    DateTime::<Utc>::from_timestamp(ts, 0)
        .unwrap_or_default()
        .format("%Y-%m-%dT%H:%M:%SZ")
        .to_string()
}

fn day(locale: Locale, t: &DateTime<Tz>) -> String {
    dates::date(
        locale,
        t.year(),
        t.month(),
        t.day(),
        t.weekday().num_days_from_monday(),
    )
}

/// The day of an instant in `tz`, written the reader's way ("Thu 3 December 2026").
pub fn date_in(locale: Locale, ts: i64, tz: Tz) -> String {
    day(locale, &at(ts, tz))
}

fn clock(locale: Locale, t: &DateTime<Tz>) -> String {
    dates::time(locale, t.hour(), t.minute())
}

/// "Mon 15 Mar 2027, 10:00 AM – 11:30 AM CST": a span in one zone, with its
/// abbreviation; an end on another day carries its own date.
pub fn span(locale: Locale, starts_at: i64, ends_at: i64, tz: Tz) -> String {
    let (s, e) = (at(starts_at, tz), at(ends_at, tz));
    let end = if e.date_naive() == s.date_naive() {
        clock(locale, &e)
    } else {
        format!("{}, {}", day(locale, &e), clock(locale, &e))
    };
    format!(
        "{}, {} – {} {}",
        day(locale, &s),
        clock(locale, &s),
        end,
        e.format("%Z")
    )
}

/// "10:00 AM – 10:45 AM" (same day) for an agenda line; the day is its heading.
pub fn clock_span(locale: Locale, starts_at: i64, ends_at: i64, tz: Tz) -> String {
    let (s, e) = (at(starts_at, tz), at(ends_at, tz));
    if e.date_naive() == s.date_naive() {
        format!("{} – {}", clock(locale, &s), clock(locale, &e))
    } else {
        format!(
            "{} – {}, {}",
            clock(locale, &s),
            day(locale, &e),
            clock(locale, &e)
        )
    }
}

/// The day heading of an instant in `tz`, and its key (YYYY-MM-DD).
pub fn day_heading(locale: Locale, ts: i64, tz: Tz) -> (String, String) {
    let t = at(ts, tz);
    (day(locale, &t), t.format("%Y-%m-%d").to_string())
}

/// "15:30 CST": a time with the zone's abbreviation.
pub fn clock_with_zone(locale: Locale, ts: i64, tz: Tz) -> String {
    let t = at(ts, tz);
    format!("{} {}", clock(locale, &t), t.format("%Z"))
}

/// "Mon 15 Mar 2027, 5:00 PM EDT": one instant in one zone.
pub fn instant(locale: Locale, ts: i64, tz: Tz) -> String {
    let t = at(ts, tz);
    format!(
        "{}, {} {}",
        day(locale, &t),
        clock(locale, &t),
        t.format("%Z")
    )
}

/// The offset of `tz` from UTC at an instant, in seconds.
pub fn offset_at(ts: i64, tz: Tz) -> i32 {
    at(ts, tz).offset().fix().local_minus_utc()
}

/// How an event's times read for one reader.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Reading {
    /// the span in the zone the page is read in (the reader's when known)
    pub main: String,
    /// the zone `main` is written in
    pub main_zone: String,
    /// the span in the event's own zone, when the reader's differs
    pub event: Option<String>,
    /// "Your time zone (Europe/Madrid) is 7 hours ahead of the event's"
    pub note: Option<String>,
}

/// The reader's zone when it is known and valid; otherwise the event's.
pub fn reader_zone(reader: Option<&str>, event: Tz) -> Tz {
    reader.and_then(zone).unwrap_or(event)
}

/// An event's span for a reader: in the reader's zone with the event's zone
/// beside it, and a note when the two clocks differ at that time.
pub fn reading(
    locale: Locale,
    starts_at: i64,
    ends_at: i64,
    event_zone: Tz,
    reader: Option<&str>,
) -> Reading {
    let rz = reader_zone(reader, event_zone);
    let differs = rz != event_zone
        && (offset_at(starts_at, rz) != offset_at(starts_at, event_zone)
            || offset_at(ends_at, rz) != offset_at(ends_at, event_zone));
    if !differs {
        return Reading {
            main: span(locale, starts_at, ends_at, event_zone),
            main_zone: event_zone.name().to_owned(),
            event: None,
            note: None,
        };
    }
    let diff = offset_at(starts_at, rz) - offset_at(starts_at, event_zone);
    let hours = format_hours(locale, diff.abs());
    let msg = if diff > 0 {
        Msg::EventZoneAhead
    } else {
        Msg::EventZoneBehind
    };
    Reading {
        main: span(locale, starts_at, ends_at, rz),
        main_zone: rz.name().to_owned(),
        event: Some(span(locale, starts_at, ends_at, event_zone)),
        note: Some(msg.fill(
            locale,
            &[
                ("reader_zone", rz.name()),
                ("event_zone", event_zone.name()),
                ("hours", &hours),
            ],
        )),
    }
}

/// 3600 → "1", 19800 → "5.5" (or "5,5").
fn format_hours(locale: Locale, secs: i32) -> String {
    let h = secs / 3600;
    let m = (secs % 3600) / 60;
    if m == 0 {
        h.to_string()
    } else {
        let frac = format!("{:.2}", f64::from(m) / 60.0);
        let frac = frac.trim_start_matches('0').trim_end_matches('0');
        let s = format!("{h}{frac}");
        if locale == Locale::En {
            s
        } else {
            s.replace('.', ",")
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn utc(y: i32, mo: u32, d: u32, h: u32, mi: u32) -> i64 {
        Utc.with_ymd_and_hms(y, mo, d, h, mi, 0)
            .unwrap()
            .timestamp()
    }

    fn local(s: &str) -> LocalTime {
        LocalTime::parse("t", s).unwrap()
    }

    #[test]
    fn local_times_become_instants_across_clock_changes() {
        let madrid = zone("Europe/Madrid").unwrap();
        // winter, UTC+1
        assert_eq!(
            to_instant(local("2027-03-27T10:00"), madrid),
            Ok(utc(2027, 3, 27, 9, 0))
        );
        // the day after the change, UTC+2
        assert_eq!(
            to_instant(local("2027-03-28T10:00"), madrid),
            Ok(utc(2027, 3, 28, 8, 0))
        );
        // 02:30 does not exist on 28 March in Madrid
        assert_eq!(
            to_instant(local("2027-03-28T02:30"), madrid),
            Err(Msg::ErrTimeSkipped)
        );
        // 02:30 happens twice on 31 October: the first one (still summer time)
        assert_eq!(
            to_instant(local("2027-10-31T02:30"), madrid),
            Ok(utc(2027, 10, 31, 0, 30))
        );
        // and back again
        assert_eq!(
            to_local(utc(2027, 3, 28, 8, 0), madrid),
            local("2027-03-28T10:00")
        );
        assert!(zone("Mars/Olympus").is_none());
    }

    #[test]
    fn mexico_city_read_from_madrid_while_clocks_change_on_different_dates() {
        let mx = zone("America/Mexico_City").unwrap();
        // Mexico City keeps UTC-6 all year (no DST since 2022). Madrid moves to
        // summer time on 28 March 2027: the gap between them grows from 7 to 8 hours.
        let before = to_instant(local("2027-03-25T10:00"), mx).unwrap();
        assert_eq!(before, utc(2027, 3, 25, 16, 0));
        let r = reading(Locale::En, before, before + 5400, mx, Some("Europe/Madrid"));
        assert_eq!(r.main, "Thu 25 Mar 2027, 5:00 PM – 6:30 PM CET");
        assert_eq!(
            r.event.as_deref(),
            Some("Thu 25 Mar 2027, 10:00 AM – 11:30 AM CST")
        );
        assert!(
            r.note.as_deref().unwrap().contains("7 hours ahead"),
            "{r:?}"
        );
        let after = to_instant(local("2027-04-01T10:00"), mx).unwrap();
        let r = reading(Locale::Es, after, after + 5400, mx, Some("Europe/Madrid"));
        assert_eq!(r.main, "jue 1 abr 2027, 18:00 – 19:30 CEST");
        assert!(r.note.as_deref().unwrap().contains("8 horas"), "{r:?}");
        // the same event read in its own zone has no note
        let r = reading(
            Locale::En,
            after,
            after + 5400,
            mx,
            Some("America/Mexico_City"),
        );
        assert_eq!(r.event, None);
        assert_eq!(r.note, None);
        assert_eq!(r.main_zone, "America/Mexico_City");
        // an unknown reader zone falls back to the event's
        let r = reading(Locale::En, after, after + 5400, mx, Some("Nowhere/Land"));
        assert_eq!(r.note, None);
    }

    #[test]
    fn new_york_and_madrid_change_clocks_on_different_weekends() {
        let ny = zone("America/New_York").unwrap();
        // 15 March 2027: New York is already on EDT (since 14 March), Madrid
        // still on CET: 5 hours apart instead of the usual 6.
        let t = to_instant(local("2027-03-15T12:00"), ny).unwrap();
        let r = reading(Locale::Fr, t, t + 3600, ny, Some("Europe/Madrid"));
        assert_eq!(r.main, "lun. 15 mars 2027, 17:00 – 18:00 CET");
        assert!(r.note.unwrap().contains("5 heures"));
    }

    #[test]
    fn an_event_crossing_midnight_and_a_half_hour_zone() {
        let van = zone("America/Vancouver").unwrap();
        let t = to_instant(local("2027-01-14T21:00"), van).unwrap();
        assert_eq!(
            span(Locale::En, t, t + 4 * 3600, van),
            "Thu 14 Jan 2027, 9:00 PM – Fri 15 Jan 2027, 1:00 AM PST"
        );
        assert_eq!(
            clock_span(Locale::Es, t, t + 4 * 3600, van),
            "21:00 – vie 15 ene 2027, 01:00"
        );
        let r = reading(Locale::En, t, t + 3600, van, Some("Asia/Kolkata"));
        assert!(r.note.unwrap().contains("13.5 hours ahead"));
        assert_eq!(format_hours(Locale::Fr, 19800), "5,5");
    }
}
