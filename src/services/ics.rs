//! iCalendar (RFC 5545) output for event feeds and single-event downloads.
//!
//! Times are written in the event's own zone with a `VTIMEZONE` that lists
//! every real offset change around the events explicitly (no `RRULE`s), so a
//! client does not need its own copy of the time-zone database to agree with
//! us. Events in UTC (or an unknown zone) are written as `...Z` times.

use chrono::{DateTime, Datelike, Months, NaiveDateTime, Offset, TimeZone, Timelike};
use chrono_tz::{OffsetComponents, OffsetName, Tz, TzOffset};

/// The host part of the site's address (`tandem.example.org`), which makes
/// calendar UIDs unique to this site.
pub(crate) fn uid_host(base_url: &str) -> String {
    base_url
        .split("://")
        .nth(1)
        .unwrap_or(base_url)
        .split(['/', ':'])
        .next()
        .unwrap_or("tandem")
        .to_owned()
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum IcsStatus {
    Confirmed,
    Tentative,
    Cancelled,
}

impl IcsStatus {
    fn as_str(self) -> &'static str {
        match self {
            IcsStatus::Confirmed => "CONFIRMED",
            IcsStatus::Tentative => "TENTATIVE",
            IcsStatus::Cancelled => "CANCELLED",
        }
    }
}

#[derive(Debug, Clone)]
pub struct IcsEvent {
    /// Globally unique, e.g. `event-12@tandem.example`.
    pub uid: String,
    /// Increases with every change (`SEQUENCE`).
    pub sequence: i64,
    /// Unix seconds, UTC.
    pub starts_at: i64,
    /// Unix seconds, UTC.
    pub ends_at: i64,
    /// IANA zone of the event; an unknown zone is treated as UTC.
    pub timezone: String,
    pub summary: String,
    /// Plain text; may contain newlines and any Unicode.
    pub description: String,
    /// Empty: no `LOCATION`.
    pub location: String,
    /// Empty: no `URL`.
    pub url: String,
    pub status: IcsStatus,
    /// Unix seconds; written as `DTSTAMP` and `LAST-MODIFIED`.
    pub updated_at: i64,
}

const PRODID: &str = "-//Tandem//Tandem Events//EN";
/// Longest physical line, in octets, not counting the CRLF (RFC 5545 §3.1).
const FOLD_AT: usize = 75;
/// How far around the events a `VTIMEZONE` reaches.
const MARGIN: Months = Months::new(12);
/// Scan step when looking for offset changes; far shorter than the time
/// between two changes of any real zone.
const SCAN_STEP_SECS: i64 = 6 * 3600;
/// 0001-01-02T00:00:00Z and 9999-12-30T23:59:59Z: keeps every local time a
/// four-digit year whatever the offset.
const MIN_TS: i64 = -62_135_596_800 + 86_400;
const MAX_TS: i64 = 253_402_300_799 - 86_400;

/// A whole `VCALENDAR` holding `events`, named `name`, with one `VTIMEZONE`
/// per distinct zone used (none for UTC).
pub fn calendar(name: &str, events: &[IcsEvent]) -> String {
    let mut out = String::new();
    line(&mut out, "BEGIN:VCALENDAR");
    line(&mut out, &format!("PRODID:{PRODID}"));
    line(&mut out, "VERSION:2.0");
    line(&mut out, "CALSCALE:GREGORIAN");
    line(&mut out, "METHOD:PUBLISH");
    line(&mut out, &format!("X-WR-CALNAME:{}", escape_text(name)));

    // Zones in order of first use, each with the spans of its events.
    let mut zones: Vec<(Tz, Vec<(i64, i64)>)> = Vec::new();
    for event in events {
        let Some(tz) = event_zone(&event.timezone) else {
            continue;
        };
        let span = event_span(event);
        match zones.iter_mut().find(|(z, _)| *z == tz) {
            Some((_, spans)) => spans.push(span),
            None => zones.push((tz, vec![span])),
        }
    }
    for (tz, spans) in zones {
        write_vtimezone(&mut out, tz, &spans);
    }

    for event in events {
        write_vevent(&mut out, event);
    }
    line(&mut out, "END:VCALENDAR");
    out
}

/// The `VTIMEZONE` for `zone` covering `from..=to` (Unix seconds) with a
/// year's margin either side: a leading component for the offset in effect
/// at the start of the window, then one `STANDARD`/`DAYLIGHT` per offset
/// change. An unknown zone gives the UTC component.
pub fn vtimezone(zone: &str, from: i64, to: i64) -> String {
    let mut out = String::new();
    let tz = parse_zone(zone).unwrap_or(Tz::UTC);
    write_vtimezone(&mut out, tz, &[(from.min(to), from.max(to))]);
    out
}

fn parse_zone(zone: &str) -> Option<Tz> {
    zone.trim().parse::<Tz>().ok()
}

/// The zone to write an event's times in, or `None` for UTC (`...Z` times).
fn event_zone(zone: &str) -> Option<Tz> {
    parse_zone(zone).filter(|tz| !is_utc(*tz))
}

/// Zones that are UTC under another name: always offset zero, never a change.
fn is_utc(tz: Tz) -> bool {
    matches!(
        tz.name(),
        "UTC"
            | "UCT"
            | "Universal"
            | "Zulu"
            | "GMT"
            | "GMT0"
            | "GMT+0"
            | "GMT-0"
            | "Greenwich"
            | "Etc/UTC"
            | "Etc/UCT"
            | "Etc/Universal"
            | "Etc/Zulu"
            | "Etc/GMT"
            | "Etc/GMT0"
            | "Etc/GMT+0"
            | "Etc/GMT-0"
            | "Etc/Greenwich"
    )
}

/// Start and end, with the end never before the start.
fn event_span(event: &IcsEvent) -> (i64, i64) {
    let start = clamp_ts(event.starts_at);
    (start, clamp_ts(event.ends_at).max(start))
}

fn clamp_ts(ts: i64) -> i64 {
    ts.clamp(MIN_TS, MAX_TS)
}

fn naive_utc(ts: i64) -> NaiveDateTime {
    DateTime::from_timestamp(clamp_ts(ts), 0)
        .unwrap_or_default()
        .naive_utc()
}

fn offset_at(tz: Tz, ts: i64) -> TzOffset {
    tz.offset_from_utc_datetime(&naive_utc(ts))
}

fn offset_secs(tz: Tz, ts: i64) -> i32 {
    offset_at(tz, ts).fix().local_minus_utc()
}

/// `YYYYMMDDTHHMMSS`.
fn stamp(t: &NaiveDateTime) -> String {
    format!(
        "{:04}{:02}{:02}T{:02}{:02}{:02}",
        t.year(),
        t.month(),
        t.day(),
        t.hour(),
        t.minute(),
        t.second()
    )
}

fn utc_stamp(ts: i64) -> String {
    format!("{}Z", stamp(&naive_utc(ts)))
}

/// The wall-clock time at `ts` for a zone `offset` seconds east of UTC.
fn local_at(ts: i64, offset: i32) -> NaiveDateTime {
    naive_utc(ts.saturating_add(i64::from(offset)))
}

/// `+hhmm`, or `+hhmmss` when the offset has seconds (RFC 5545 UTC-OFFSET).
fn utc_offset(secs: i32) -> String {
    let sign = if secs < 0 { '-' } else { '+' };
    let abs = secs.unsigned_abs();
    let (h, m, s) = (abs / 3600, abs / 60 % 60, abs % 60);
    if s == 0 {
        format!("{sign}{h:02}{m:02}")
    } else {
        format!("{sign}{h:02}{m:02}{s:02}")
    }
}

/// The zone's abbreviation, or the numeric form the tz database uses for
/// zones without one (`-06`, `+0530`), which chrono-tz leaves out.
fn abbreviation(offset: &TzOffset) -> String {
    if let Some(name) = offset.abbreviation() {
        return name.to_owned();
    }
    let secs = offset.fix().local_minus_utc();
    let sign = if secs < 0 { '-' } else { '+' };
    let abs = secs.unsigned_abs();
    let (h, m, s) = (abs / 3600, abs / 60 % 60, abs % 60);
    match (m, s) {
        (0, 0) => format!("{sign}{h:02}"),
        (_, 0) => format!("{sign}{h:02}{m:02}"),
        _ => format!("{sign}{h:02}{m:02}{s:02}"),
    }
}

/// Summer time: an offset ahead of the zone's standard one that year.
///
/// Usually that is a positive `dst_offset`. Europe/Dublin is the exception:
/// the tz database makes its summer time (IST) the standard offset and its
/// winter (GMT) a negative `dst_offset`; there the summer offset is still
/// written as `DAYLIGHT` and winter as `STANDARD`, as every other zone does.
fn is_daylight(offset: &TzOffset, neighbours: &[Option<&TzOffset>]) -> bool {
    let dst = offset.dst_offset().num_seconds();
    dst > 0
        || (dst == 0
            && neighbours.iter().flatten().any(|n| {
                n.dst_offset().num_seconds() < 0 && n.base_utc_offset() == offset.base_utc_offset()
            }))
}

struct Transition {
    /// The first second of the new offset.
    at: i64,
    before: i32,
    after: TzOffset,
}

/// Every change of `tz`'s UTC offset in `start..=end`, in order.
fn transitions(tz: Tz, start: i64, end: i64) -> Vec<Transition> {
    let mut found = Vec::new();
    let mut t = start;
    let mut current = offset_secs(tz, t);
    while t < end {
        let next = t.saturating_add(SCAN_STEP_SECS).min(end);
        if offset_secs(tz, next) == current {
            t = next;
            continue;
        }
        // `lo` has the current offset, `hi` does not.
        let (mut lo, mut hi) = (t, next);
        while hi - lo > 1 {
            let mid = lo + (hi - lo) / 2;
            if offset_secs(tz, mid) == current {
                lo = mid;
            } else {
                hi = mid;
            }
        }
        let after = offset_at(tz, hi);
        found.push(Transition {
            at: hi,
            before: current,
            after,
        });
        current = after.fix().local_minus_utc();
        t = hi;
    }
    found
}

/// The windows to describe: each span widened by a year either side, and
/// merged where they overlap (or nearly), in order. Events years apart do
/// not make us scan the decades between them.
fn scan_windows(spans: &[(i64, i64)]) -> Vec<(i64, i64)> {
    let mut widened: Vec<(i64, i64)> = spans
        .iter()
        .map(|&(from, to)| {
            let start = naive_utc(from)
                .checked_sub_months(MARGIN)
                .map_or(MIN_TS, |t| clamp_ts(t.and_utc().timestamp()));
            let end = naive_utc(to)
                .checked_add_months(MARGIN)
                .map_or(MAX_TS, |t| clamp_ts(t.and_utc().timestamp()));
            (start, end.max(start))
        })
        .collect();
    widened.sort_unstable();
    let mut merged: Vec<(i64, i64)> = Vec::with_capacity(widened.len());
    for (start, end) in widened {
        match merged.last_mut() {
            // Two days' slack: a window's first component starts at the
            // local midnight before it, which must come after the last one.
            Some(last) if start <= last.1.saturating_add(2 * 86_400) => last.1 = last.1.max(end),
            _ => merged.push((start, end)),
        }
    }
    merged
}

fn write_vtimezone(out: &mut String, tz: Tz, spans: &[(i64, i64)]) {
    // (offset, DTSTART as wall-clock time, TZOFFSETFROM)
    let mut observances: Vec<(TzOffset, NaiveDateTime, i32)> = Vec::new();
    for (start, end) in scan_windows(spans) {
        let initial = offset_at(tz, start);
        let initial_secs = initial.fix().local_minus_utc();
        let midnight = local_at(start, initial_secs)
            .date()
            .and_hms_opt(0, 0, 0)
            .unwrap_or_default();
        observances.push((initial, midnight, initial_secs));
        for change in transitions(tz, start, end) {
            let wall_clock = local_at(change.at, change.before);
            observances.push((change.after, wall_clock, change.before));
        }
    }

    line(out, "BEGIN:VTIMEZONE");
    line(out, &format!("TZID:{}", escape_text(tz.name())));
    for (i, (offset, dtstart, from)) in observances.iter().enumerate() {
        let before = i.checked_sub(1).and_then(|j| observances.get(j));
        let after = observances.get(i + 1);
        let daylight = is_daylight(offset, &[before.map(|o| &o.0), after.map(|o| &o.0)]);
        write_observance(out, offset, daylight, dtstart, *from);
    }
    line(out, "END:VTIMEZONE");
}

/// One `STANDARD` or `DAYLIGHT` sub-component: from `dtstart` (wall-clock
/// time in the `from` offset) the zone is at `offset`.
fn write_observance(
    out: &mut String,
    offset: &TzOffset,
    daylight: bool,
    dtstart: &NaiveDateTime,
    from: i32,
) {
    let kind = if daylight { "DAYLIGHT" } else { "STANDARD" };
    line(out, &format!("BEGIN:{kind}"));
    line(out, &format!("DTSTART:{}", stamp(dtstart)));
    line(out, &format!("TZOFFSETFROM:{}", utc_offset(from)));
    line(
        out,
        &format!("TZOFFSETTO:{}", utc_offset(offset.fix().local_minus_utc())),
    );
    line(
        out,
        &format!("TZNAME:{}", escape_text(&abbreviation(offset))),
    );
    line(out, &format!("END:{kind}"));
}

fn write_vevent(out: &mut String, event: &IcsEvent) {
    let (start, end) = event_span(event);
    line(out, "BEGIN:VEVENT");
    line(out, &format!("UID:{}", escape_text(&event.uid)));
    line(out, &format!("DTSTAMP:{}", utc_stamp(event.updated_at)));
    line(
        out,
        &format!("LAST-MODIFIED:{}", utc_stamp(event.updated_at)),
    );
    line(
        out,
        &format!("SEQUENCE:{}", event.sequence.clamp(0, i64::from(i32::MAX))),
    );
    match event_zone(&event.timezone) {
        Some(tz) => {
            let local = |ts: i64| stamp(&local_at(ts, offset_secs(tz, ts)));
            line(out, &format!("DTSTART;TZID={}:{}", tz.name(), local(start)));
            line(out, &format!("DTEND;TZID={}:{}", tz.name(), local(end)));
        }
        None => {
            line(out, &format!("DTSTART:{}", utc_stamp(start)));
            line(out, &format!("DTEND:{}", utc_stamp(end)));
        }
    }
    line(out, &format!("SUMMARY:{}", escape_text(&event.summary)));
    if !event.description.is_empty() {
        line(
            out,
            &format!("DESCRIPTION:{}", escape_text(&event.description)),
        );
    }
    if !event.location.is_empty() {
        line(out, &format!("LOCATION:{}", escape_text(&event.location)));
    }
    let url = strip_controls(&event.url);
    if !url.is_empty() {
        line(out, &format!("URL:{url}"));
    }
    line(out, &format!("STATUS:{}", event.status.as_str()));
    line(out, "TRANSP:OPAQUE");
    line(out, "END:VEVENT");
}

/// A TEXT value (RFC 5545 §3.3.11): `\` `;` `,` escaped, any line break as
/// `\n`, other control characters (not allowed in TEXT) dropped.
fn escape_text(value: &str) -> String {
    let mut out = String::with_capacity(value.len());
    let mut chars = value.chars().peekable();
    while let Some(c) = chars.next() {
        match c {
            '\\' => out.push_str("\\\\"),
            ';' => out.push_str("\\;"),
            ',' => out.push_str("\\,"),
            '\n' => out.push_str("\\n"),
            '\r' => {
                if chars.peek() == Some(&'\n') {
                    chars.next();
                }
                out.push_str("\\n");
            }
            '\t' => out.push('\t'),
            c if c.is_control() => {}
            c => out.push(c),
        }
    }
    out
}

/// A URI value is not escaped, but must stay on its line.
fn strip_controls(value: &str) -> String {
    value.trim().chars().filter(|c| !c.is_control()).collect()
}

/// Appends one content line, folded so no physical line is longer than 75
/// octets (continuations start with a space; a UTF-8 character is never
/// split), ending in CRLF.
fn line(out: &mut String, content: &str) {
    let mut used = 0;
    for c in content.chars() {
        let len = c.len_utf8();
        if used + len > FOLD_AT {
            out.push_str("\r\n ");
            used = 1;
        }
        out.push(c);
        used += len;
    }
    out.push_str("\r\n");
}

#[cfg(test)]
mod tests {
    use super::*;
    use chrono::Utc;

    fn ts(y: i32, mo: u32, d: u32, h: u32, mi: u32) -> i64 {
        Utc.with_ymd_and_hms(y, mo, d, h, mi, 0)
            .unwrap()
            .timestamp()
    }

    fn event(zone: &str, starts_at: i64, ends_at: i64) -> IcsEvent {
        IcsEvent {
            uid: "event-12@tandem.example".into(),
            sequence: 3,
            starts_at,
            ends_at,
            timezone: zone.into(),
            summary: "Language exchange".into(),
            description: "Bring a friend.".into(),
            location: "Café Central".into(),
            url: "https://tandem.example/events/12".into(),
            status: IcsStatus::Confirmed,
            updated_at: ts(2027, 1, 2, 3, 4),
        }
    }

    /// The logical lines of `text`, unfolded.
    fn unfold(text: &str) -> Vec<String> {
        let mut lines: Vec<String> = Vec::new();
        for physical in text.split("\r\n") {
            match physical.strip_prefix(' ') {
                Some(rest) => lines.last_mut().unwrap().push_str(rest),
                None if physical.is_empty() => {}
                None => lines.push(physical.to_owned()),
            }
        }
        lines
    }

    /// The sub-components of a VTIMEZONE as (kind, DTSTART, FROM, TO, NAME).
    fn observances(text: &str) -> Vec<[String; 5]> {
        let mut found = Vec::new();
        let mut current: Option<[String; 5]> = None;
        for l in unfold(text) {
            if l == "BEGIN:STANDARD" || l == "BEGIN:DAYLIGHT" {
                current = Some(Default::default());
                current.as_mut().unwrap()[0] = l["BEGIN:".len()..].to_owned();
            } else if l.starts_with("END:STANDARD") || l.starts_with("END:DAYLIGHT") {
                found.push(current.take().unwrap());
            } else if let Some(c) = current.as_mut() {
                let (name, value) = l.split_once(':').unwrap();
                let slot = match name {
                    "DTSTART" => 1,
                    "TZOFFSETFROM" => 2,
                    "TZOFFSETTO" => 3,
                    "TZNAME" => 4,
                    other => panic!("unexpected {other}"),
                };
                c[slot] = value.to_owned();
            }
        }
        found
    }

    fn obs(kind: &str, start: &str, from: &str, to: &str, name: &str) -> [String; 5] {
        [kind, start, from, to, name].map(str::to_owned)
    }

    #[test]
    fn mexico_city_has_no_daylight_time_after_2022() {
        let start = ts(2027, 3, 15, 16, 0);
        let text = calendar(
            "Tandem",
            &[event("America/Mexico_City", start, start + 7200)],
        );
        let lines = unfold(&text);
        assert!(lines.contains(&"DTSTART;TZID=America/Mexico_City:20270315T100000".into()));
        assert!(lines.contains(&"DTEND;TZID=America/Mexico_City:20270315T120000".into()));
        assert!(lines.contains(&"TZID:America/Mexico_City".into()));
        assert!(!text.contains("DAYLIGHT"));

        let zone = observances(&vtimezone("America/Mexico_City", start, start + 7200));
        assert_eq!(
            zone,
            vec![obs("STANDARD", "20260315T000000", "-0600", "-0600", "CST")]
        );
    }

    #[test]
    fn zone_without_any_change_still_gets_a_component() {
        let zone = observances(&vtimezone(
            "Asia/Tokyo",
            ts(2027, 5, 1, 0, 0),
            ts(2027, 5, 2, 0, 0),
        ));
        assert_eq!(
            zone,
            vec![obs("STANDARD", "20260501T000000", "+0900", "+0900", "JST")]
        );
    }

    #[test]
    fn madrid_changes_in_march_and_october() {
        let text = vtimezone(
            "Europe/Madrid",
            ts(2027, 1, 1, 0, 0),
            ts(2027, 12, 31, 0, 0),
        );
        let zone = observances(&text);
        assert!(zone.contains(&obs(
            "DAYLIGHT",
            "20270328T020000",
            "+0100",
            "+0200",
            "CEST"
        )));
        assert!(zone.contains(&obs("STANDARD", "20271031T030000", "+0200", "+0100", "CET")));
        // A year either side: 2026's and 2028's changes too, and nothing else.
        assert_eq!(
            zone[0],
            obs("STANDARD", "20260101T000000", "+0100", "+0100", "CET")
        );
        assert_eq!(zone.len(), 1 + 6);
        assert!(!text.contains("RRULE"));
        assert!(text.starts_with("BEGIN:VTIMEZONE\r\nTZID:Europe/Madrid\r\n"));
        assert!(text.ends_with("END:VTIMEZONE\r\n"));
    }

    #[test]
    fn new_york_changes_on_the_second_sunday_of_march_and_first_of_november() {
        let zone = observances(&vtimezone(
            "America/New_York",
            ts(2027, 6, 1, 0, 0),
            ts(2027, 6, 2, 0, 0),
        ));
        assert!(zone.contains(&obs("DAYLIGHT", "20270314T020000", "-0500", "-0400", "EDT")));
        assert!(zone.contains(&obs("STANDARD", "20271107T020000", "-0400", "-0500", "EST")));
        // The window opens on 31 May 2026 (local), in summer time.
        assert_eq!(
            zone[0],
            obs("DAYLIGHT", "20260531T000000", "-0400", "-0400", "EDT")
        );
        // DTSTARTs are in order.
        let starts: Vec<&String> = zone.iter().map(|o| &o[1]).collect();
        assert!(starts.windows(2).all(|w| w[0] < w[1]));
    }

    #[test]
    fn transitions_are_found_to_the_second() {
        let found = transitions(
            Tz::Europe__Madrid,
            ts(2027, 1, 1, 0, 0),
            ts(2027, 12, 31, 0, 0),
        );
        let at: Vec<i64> = found.iter().map(|t| t.at).collect();
        assert_eq!(at, vec![ts(2027, 3, 28, 1, 0), ts(2027, 10, 31, 1, 0)]);
    }

    #[test]
    fn dublin_winter_time_is_standard_time() {
        // chrono-tz gives Dublin a negative DST offset in winter.
        let zone = observances(&vtimezone(
            "Europe/Dublin",
            ts(2027, 6, 1, 0, 0),
            ts(2027, 6, 1, 0, 0),
        ));
        assert!(zone.contains(&obs("DAYLIGHT", "20270328T010000", "+0000", "+0100", "IST")));
        assert!(zone.contains(&obs("STANDARD", "20271031T020000", "+0100", "+0000", "GMT")));
    }

    #[test]
    fn numeric_abbreviations_and_offsets_with_minutes() {
        let zone = observances(&vtimezone(
            "America/Bogota",
            ts(2027, 6, 1, 0, 0),
            ts(2027, 6, 1, 0, 0),
        ));
        assert_eq!(
            zone,
            vec![obs("STANDARD", "20260531T000000", "-0500", "-0500", "-05")]
        );
        let zone = observances(&vtimezone(
            "Asia/Kolkata",
            ts(2027, 6, 1, 0, 0),
            ts(2027, 6, 1, 0, 0),
        ));
        assert_eq!(
            zone,
            vec![obs("STANDARD", "20260601T000000", "+0530", "+0530", "IST")]
        );
        assert_eq!(utc_offset(-(25 * 60 + 21)), "-002521");
        assert_eq!(utc_offset(0), "+0000");
    }

    #[test]
    fn event_crossing_midnight_ends_the_next_day() {
        // 21:00 to 01:00 in Vancouver (PDT, -0700).
        let text = calendar(
            "Tandem",
            &[event(
                "America/Vancouver",
                ts(2027, 7, 10, 4, 0),
                ts(2027, 7, 10, 8, 0),
            )],
        );
        let lines = unfold(&text);
        assert!(lines.contains(&"DTSTART;TZID=America/Vancouver:20270709T210000".into()));
        assert!(lines.contains(&"DTEND;TZID=America/Vancouver:20270710T010000".into()));
    }

    #[test]
    fn event_times_follow_the_offset_in_effect_on_their_day() {
        let lines = unfold(&calendar(
            "Tandem",
            &[
                event(
                    "Europe/Madrid",
                    ts(2027, 1, 20, 18, 0),
                    ts(2027, 1, 20, 20, 0),
                ),
                event(
                    "Europe/Madrid",
                    ts(2027, 7, 20, 18, 0),
                    ts(2027, 7, 20, 20, 0),
                ),
            ],
        ));
        assert!(lines.contains(&"DTSTART;TZID=Europe/Madrid:20270120T190000".into()));
        assert!(lines.contains(&"DTSTART;TZID=Europe/Madrid:20270720T200000".into()));
        // One zone used twice: one VTIMEZONE.
        assert_eq!(lines.iter().filter(|l| *l == "BEGIN:VTIMEZONE").count(), 1);
    }

    #[test]
    fn long_lines_fold_at_75_octets_without_splitting_characters() {
        // Every prefix length so that a multibyte character lands on every
        // possible position around the fold.
        for pad in 0..8 {
            let mut e = event(
                "Europe/Madrid",
                ts(2027, 5, 1, 18, 0),
                ts(2027, 5, 1, 20, 0),
            );
            e.description = format!(
                "{}Café crème, déjà vu — 東京で会いましょう 🎉🌍 naïve façade ✨ 日本語と español {}",
                "x".repeat(pad),
                "😀".repeat(40)
            );
            e.summary = "é".repeat(100 + pad);
            let text = calendar("Tandem", &[e.clone()]);
            assert!(text.ends_with("\r\n"));
            for physical in text.split("\r\n") {
                assert!(
                    physical.len() <= 75,
                    "{} octets: {physical}",
                    physical.len()
                );
            }
            assert!(text.split("\r\n").any(|l| l.starts_with(' ')));
            // No bare CR or LF.
            assert_eq!(text.matches('\n').count(), text.matches("\r\n").count());
            let lines = unfold(&text);
            assert!(lines.contains(&format!("DESCRIPTION:{}", escape_text(&e.description))));
            assert!(lines.contains(&format!("SUMMARY:{}", e.summary)));
        }
    }

    #[test]
    fn text_values_are_escaped() {
        let mut e = event("UTC", ts(2027, 5, 1, 18, 0), ts(2027, 5, 1, 20, 0));
        e.summary = r"Tapas, vino; y C:\temp".into();
        e.description = "Line one\nLine two\r\nLine three\rend\u{7}".into();
        e.location = "Plaza Mayor, 1; Madrid".into();
        e.url = "https://tandem.example/e?a=1,2;b\r\nX-INJECTED:1".into();
        let lines = unfold(&calendar("Friends, food; fun", &[e]));
        assert!(lines.contains(&r"SUMMARY:Tapas\, vino\; y C:\\temp".into()));
        assert!(lines.contains(&r"DESCRIPTION:Line one\nLine two\nLine three\nend".into()));
        assert!(lines.contains(&r"LOCATION:Plaza Mayor\, 1\; Madrid".into()));
        assert!(lines.contains(&r"X-WR-CALNAME:Friends\, food\; fun".into()));
        // A URI is not text-escaped, but cannot break out of its line.
        assert!(lines.contains(&"URL:https://tandem.example/e?a=1,2;bX-INJECTED:1".into()));
        assert!(!lines.iter().any(|l| l.starts_with("X-INJECTED")));
    }

    #[test]
    fn calendar_header_and_event_properties() {
        let text = calendar(
            "Tandem",
            &[event(
                "Europe/Madrid",
                ts(2027, 5, 1, 18, 0),
                ts(2027, 5, 1, 20, 0),
            )],
        );
        let lines = unfold(&text);
        assert_eq!(
            lines[..7],
            [
                "BEGIN:VCALENDAR",
                "PRODID:-//Tandem//Tandem Events//EN",
                "VERSION:2.0",
                "CALSCALE:GREGORIAN",
                "METHOD:PUBLISH",
                "X-WR-CALNAME:Tandem",
                "BEGIN:VTIMEZONE",
            ]
        );
        assert_eq!(lines.last().unwrap(), "END:VCALENDAR");
        let vevent: Vec<&str> = lines
            .iter()
            .map(String::as_str)
            .skip_while(|l| *l != "BEGIN:VEVENT")
            .collect();
        assert_eq!(
            vevent,
            [
                "BEGIN:VEVENT",
                "UID:event-12@tandem.example",
                "DTSTAMP:20270102T030400Z",
                "LAST-MODIFIED:20270102T030400Z",
                "SEQUENCE:3",
                "DTSTART;TZID=Europe/Madrid:20270501T200000",
                "DTEND;TZID=Europe/Madrid:20270501T220000",
                "SUMMARY:Language exchange",
                "DESCRIPTION:Bring a friend.",
                "LOCATION:Café Central",
                "URL:https://tandem.example/events/12",
                "STATUS:CONFIRMED",
                "TRANSP:OPAQUE",
                "END:VEVENT",
                "END:VCALENDAR",
            ]
        );
    }

    #[test]
    fn empty_optional_fields_are_left_out() {
        let mut e = event("UTC", ts(2027, 5, 1, 18, 0), ts(2027, 5, 1, 20, 0));
        e.description.clear();
        e.location.clear();
        e.url.clear();
        let text = calendar("Tandem", &[e]);
        for name in ["DESCRIPTION", "LOCATION", "URL"] {
            assert!(!unfold(&text).iter().any(|l| l.starts_with(name)), "{name}");
        }
    }

    #[test]
    fn statuses() {
        for (status, written) in [
            (IcsStatus::Confirmed, "STATUS:CONFIRMED"),
            (IcsStatus::Tentative, "STATUS:TENTATIVE"),
            (IcsStatus::Cancelled, "STATUS:CANCELLED"),
        ] {
            let mut e = event("UTC", ts(2027, 5, 1, 18, 0), ts(2027, 5, 1, 20, 0));
            e.status = status;
            assert!(unfold(&calendar("Tandem", &[e])).contains(&written.into()));
        }
    }

    #[test]
    fn utc_and_unknown_zones_use_z_times_and_no_vtimezone() {
        for zone in ["UTC", "Etc/UTC", "Not/AZone", ""] {
            let text = calendar(
                "Tandem",
                &[event(zone, ts(2027, 5, 1, 18, 0), ts(2027, 5, 1, 20, 0))],
            );
            let lines = unfold(&text);
            assert!(!text.contains("VTIMEZONE"), "{zone}");
            assert!(!text.contains("TZID"), "{zone}");
            assert!(lines.contains(&"DTSTART:20270501T180000Z".into()), "{zone}");
            assert!(lines.contains(&"DTEND:20270501T200000Z".into()), "{zone}");
        }
        // Asked directly, an unknown zone gets the UTC component, no panic.
        let zone = observances(&vtimezone("Not/AZone", 0, 0));
        assert_eq!(
            zone,
            vec![obs("STANDARD", "19690101T000000", "+0000", "+0000", "UTC")]
        );
    }

    #[test]
    fn two_zones_give_two_vtimezones_in_order_of_use() {
        let text = calendar(
            "Tandem",
            &[
                event(
                    "Europe/Madrid",
                    ts(2027, 5, 1, 18, 0),
                    ts(2027, 5, 1, 20, 0),
                ),
                event("UTC", ts(2027, 5, 2, 18, 0), ts(2027, 5, 2, 20, 0)),
                event(
                    "America/New_York",
                    ts(2027, 5, 3, 18, 0),
                    ts(2027, 5, 3, 20, 0),
                ),
                event(
                    "Europe/Madrid",
                    ts(2027, 5, 4, 18, 0),
                    ts(2027, 5, 4, 20, 0),
                ),
            ],
        );
        let tzids: Vec<String> = unfold(&text)
            .into_iter()
            .filter(|l| l.starts_with("TZID:"))
            .collect();
        assert_eq!(tzids, ["TZID:Europe/Madrid", "TZID:America/New_York"]);
    }

    #[test]
    fn odd_inputs_do_not_panic() {
        let mut e = event("Europe/Madrid", i64::MAX, i64::MIN);
        e.sequence = -5;
        let text = calendar("", &[e]);
        let lines = unfold(&text);
        assert!(lines.contains(&"SEQUENCE:0".into()));
        assert!(lines.contains(&"DTSTART;TZID=Europe/Madrid:99991230T235959".into()));
        // The end is never before the start.
        assert!(lines.contains(&"DTEND;TZID=Europe/Madrid:99991230T235959".into()));
        let _ = vtimezone("Europe/Madrid", i64::MIN, i64::MIN);
        let _ = vtimezone("Europe/Madrid", i64::MAX, i64::MAX);
    }

    #[test]
    fn events_years_apart_get_separate_windows() {
        let started = std::time::Instant::now();
        let text = calendar(
            "Tandem",
            &[
                event(
                    "Europe/Madrid",
                    ts(1990, 5, 1, 18, 0),
                    ts(1990, 5, 1, 20, 0),
                ),
                event(
                    "Europe/Madrid",
                    ts(2030, 5, 1, 18, 0),
                    ts(2030, 5, 1, 20, 0),
                ),
            ],
        );
        assert!(started.elapsed() < std::time::Duration::from_millis(200));
        let zone = observances(&text);
        // Each window: a leading component, then 2 years of changes.
        assert_eq!(zone.len(), 2 * (1 + 4), "{zone:?}");
        assert_eq!(
            zone[0],
            obs("DAYLIGHT", "19890501T000000", "+0200", "+0200", "CEST")
        );
        assert_eq!(
            zone[5],
            obs("DAYLIGHT", "20290501T000000", "+0200", "+0200", "CEST")
        );
        let starts: Vec<&String> = zone.iter().map(|o| &o[1]).collect();
        assert!(starts.windows(2).all(|w| w[0] < w[1]));
    }

    #[test]
    fn a_three_year_window_is_fast() {
        let started = std::time::Instant::now();
        let text = vtimezone(
            "America/New_York",
            ts(2026, 1, 1, 0, 0),
            ts(2028, 12, 31, 0, 0),
        );
        assert!(started.elapsed() < std::time::Duration::from_millis(200));
        // Three years plus one either side: ten changes.
        assert_eq!(observances(&text).len(), 1 + 10);
    }

    #[test]
    fn parses_back_with_the_ical_crate() {
        let mut madrid = event(
            "Europe/Madrid",
            ts(2027, 5, 1, 18, 0),
            ts(2027, 5, 1, 20, 0),
        );
        madrid.summary = "Tapas, vino; y más — 東京 🎉".repeat(4);
        madrid.description = "Line one\nLine two, with; marks\\".into();
        let mut cancelled = event(
            "America/Mexico_City",
            ts(2027, 3, 15, 16, 0),
            ts(2027, 3, 15, 18, 0),
        );
        cancelled.uid = "event-13@tandem.example".into();
        cancelled.status = IcsStatus::Cancelled;
        let utc = IcsEvent {
            uid: "event-14@tandem.example".into(),
            timezone: "UTC".into(),
            ..madrid.clone()
        };
        let text = calendar("Tandem", &[madrid.clone(), cancelled, utc]);

        let mut parser = ical::IcalParser::new(std::io::BufReader::new(text.as_bytes()));
        let cal = parser.next().expect("a calendar").expect("parses");
        assert!(parser.next().is_none());

        let prop = |props: &[ical::property::Property], name: &str| {
            props
                .iter()
                .find(|p| p.name == name)
                .unwrap_or_else(|| panic!("no {name}"))
                .clone()
        };
        assert_eq!(
            prop(&cal.properties, "VERSION").value.as_deref(),
            Some("2.0")
        );

        let tzids: Vec<String> = cal
            .timezones
            .iter()
            .map(|tz| prop(&tz.properties, "TZID").value.unwrap())
            .collect();
        assert_eq!(tzids, ["Europe/Madrid", "America/Mexico_City"]);

        assert_eq!(cal.events.len(), 3);
        let first = &cal.events[0].properties;
        assert_eq!(
            prop(first, "SUMMARY").value.as_deref(),
            Some(escape_text(&madrid.summary).as_str())
        );
        assert_eq!(
            prop(first, "DESCRIPTION").value.as_deref(),
            Some(r"Line one\nLine two\, with\; marks\\")
        );
        let dtstart = prop(first, "DTSTART");
        assert_eq!(dtstart.value.as_deref(), Some("20270501T200000"));
        assert_eq!(
            dtstart.params,
            Some(vec![("TZID".to_owned(), vec!["Europe/Madrid".to_owned()])])
        );

        let second = &cal.events[1].properties;
        assert_eq!(prop(second, "STATUS").value.as_deref(), Some("CANCELLED"));
        assert_eq!(
            prop(second, "DTSTART").value.as_deref(),
            Some("20270315T100000")
        );

        let third = &cal.events[2].properties;
        let dtstart = prop(third, "DTSTART");
        assert_eq!(dtstart.value.as_deref(), Some("20270501T180000Z"));
        assert_eq!(dtstart.params, None);
    }

    #[test]
    fn first_component_starts_at_local_midnight_a_year_before() {
        // 2026-05-01 20:00 UTC is already 2 May, 05:00 in Tokyo.
        let from = ts(2027, 5, 1, 20, 0);
        let zone = observances(&vtimezone("Asia/Tokyo", from, from));
        assert_eq!(zone[0][1], "20260502T000000");
    }
}
