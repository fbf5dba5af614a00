//! Events as the home page and the events section list them.

use super::store_error;
use crate::domain::Locale;
use crate::dto::{EventCard, Overview};
use crate::error::AppError;
use crate::i18n::dates;
use crate::server::{unix_now, AppState};
use crate::store::EventSummary;
use chrono::{DateTime, Datelike, TimeZone, Timelike, Utc};
use chrono_tz::Tz;

pub async fn home_overview(state: &AppState, locale: Locale) -> Result<Overview, AppError> {
    let store = &*state.store;
    let members = store.count_users().await.map_err(store_error)?;
    let cities = store.count_cities().await.map_err(store_error)?;
    let events = store
        .upcoming_events(unix_now(), locale, 6)
        .await
        .map_err(store_error)?;
    Ok(Overview {
        members,
        cities,
        events: events.into_iter().map(|e| card(e, locale)).collect(),
    })
}

pub fn card(e: EventSummary, locale: Locale) -> EventCard {
    EventCard {
        when_local: when_local(locale, e.starts_at, e.ends_at, &e.timezone),
        starts_utc: rfc3339(e.starts_at),
        ends_utc: rfc3339(e.ends_at),
        id: e.id,
        kind: e.kind,
        title: e.title,
        summary: e.summary,
        language: e.language,
        place: e.city_name,
        zone: e.timezone,
    }
}

fn rfc3339(ts: i64) -> String {
    DateTime::<Utc>::from_timestamp(ts, 0)
        .unwrap_or_default()
        .format("%Y-%m-%dT%H:%M:%SZ")
        .to_string()
}

/// "Thu 14 Jan 2027, 10:00 AM – 11:30 AM CST" in the event's zone; an end on
/// another day carries its own date.
pub fn when_local(locale: Locale, starts_at: i64, ends_at: i64, zone: &str) -> String {
    let tz: Tz = zone.parse().unwrap_or(Tz::UTC);
    let start = tz
        .timestamp_opt(starts_at, 0)
        .single()
        .unwrap_or_else(|| tz.timestamp_opt(0, 0).unwrap());
    let end = tz.timestamp_opt(ends_at, 0).single().unwrap_or(start);
    let d = |t: &DateTime<Tz>| {
        dates::date(
            locale,
            t.year(),
            t.month(),
            t.day(),
            t.weekday().num_days_from_monday(),
        )
    };
    let h = |t: &DateTime<Tz>| dates::time(locale, t.hour(), t.minute());
    let end_part = if end.date_naive() == start.date_naive() {
        h(&end)
    } else {
        format!("{}, {}", d(&end), h(&end))
    };
    format!(
        "{}, {} – {} {}",
        d(&start),
        h(&start),
        end_part,
        end.format("%Z")
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn same_instant_reads_differently_per_zone_and_across_dst() {
        // 2027-03-15 16:00 UTC: Mexico City has no DST since 2022 (UTC-6);
        // Madrid is still on CET (UTC+1) until 28 March.
        let t = Utc
            .with_ymd_and_hms(2027, 3, 15, 16, 0, 0)
            .unwrap()
            .timestamp();
        assert_eq!(
            when_local(Locale::En, t, t + 5400, "America/Mexico_City"),
            "Mon 15 Mar 2027, 10:00 AM – 11:30 AM CST"
        );
        assert_eq!(
            when_local(Locale::Es, t, t + 5400, "Europe/Madrid"),
            "lun 15 mar 2027, 17:00 – 18:30 CET"
        );
        // after Madrid moves to summer time the offset between them grows
        let t = Utc
            .with_ymd_and_hms(2027, 4, 5, 16, 0, 0)
            .unwrap()
            .timestamp();
        assert_eq!(
            when_local(Locale::Fr, t, t + 3600, "Europe/Madrid"),
            "lun. 5 avr. 2027, 18:00 – 19:00 CEST"
        );
    }

    #[test]
    fn crossing_midnight_shows_the_end_date() {
        let t = Utc
            .with_ymd_and_hms(2027, 1, 15, 5, 0, 0)
            .unwrap()
            .timestamp(); // 21:00 in Vancouver
        assert_eq!(
            when_local(Locale::En, t, t + 4 * 3600, "America/Vancouver"),
            "Thu 14 Jan 2027, 9:00 PM – Fri 15 Jan 2027, 1:00 AM PST"
        );
    }
}
