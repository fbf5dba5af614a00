//! Plain data that server functions send to the interface. No logic.

use crate::domain::{Locale, Role};
use serde::{Deserialize, Serialize};

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct SessionUser {
    pub id: i64,
    pub name: String,
    pub role: Role,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct AccountView {
    pub name: String,
    pub email: String,
    pub role: Role,
    pub member_since: String,
}

/// One of the member's own sign-in sessions: a public id, never the token.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct SignedInSession {
    pub id: String,
    /// "Firefox · Linux", or empty when unknown
    pub device: String,
    pub started: String,
    pub last_seen: Option<String>,
    /// the session of this very browser
    pub current: bool,
}

/// What the delete page must show before deleting: upcoming events the
/// member organizes alone, (id, title).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct DeletionView {
    pub blocking: Vec<(i64, String)>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct MemberRow {
    pub id: i64,
    pub name: String,
    pub email: String,
    pub role: Role,
    pub confirmed: bool,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct MembersPage {
    pub members: Vec<MemberRow>,
    pub page: i64,
    pub pages: i64,
    pub total: i64,
}

/// An event as a card: times already written in the event's own zone; the
/// browser adds the reader's time when it differs.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct EventCard {
    pub id: i64,
    pub kind: String,
    pub title: String,
    pub summary: String,
    pub language: Locale,
    pub place: Option<String>,
    /// e.g. "Thu 14 Jan 2027, 10:00 – 11:30 CST"
    pub when_local: String,
    /// IANA zone of the event, e.g. "America/Mexico_City"
    pub zone: String,
    /// RFC 3339 UTC instants for `<time datetime>` and client-side conversion
    pub starts_utc: String,
    pub ends_utc: String,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Overview {
    pub members: i64,
    pub cities: i64,
    pub events: Vec<EventCard>,
}

/// Deployment facts the frame shows on every page.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct SiteFacts {
    pub contact: String,
}

/// A city from the GeoNames directory.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct CityCard {
    pub id: i64,
    pub name: String,
    pub country_code: String,
    pub country: String,
    pub population: i64,
    pub timezone: String,
    /// "45.5088, -73.5878": written on the server, so the browser needs no
    /// float parsing (it would cost ~10 KB of WASM)
    pub position: String,
    pub map_url: String,
}

/// A value to pick in a form (sector, language, theme...).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Choice {
    pub value: String,
    pub label: String,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct SdgView {
    pub number: i64,
    pub name: String,
}

/// A theme of the taxonomy in the reader's language.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ThemeView {
    pub id: String,
    pub name: String,
    pub sdgs: Vec<SdgView>,
    /// listed members interested in it (as the reader may see them)
    pub members: i64,
}

/// A member as a search result or in a city's member list.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct PersonCard {
    pub id: i64,
    pub name: String,
    /// "Director of mobility · Ciudad de México"
    pub headline: String,
    /// "Querétaro, MX"
    pub place: Option<String>,
    pub photo_url: Option<String>,
    pub themes: Vec<String>,
}

/// A member's profile page.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ProfileView {
    pub id: i64,
    pub name: String,
    pub photo_url: Option<String>,
    pub job_title: String,
    pub organisation: String,
    pub sector: Option<String>,
    pub city: Option<Choice>,
    pub country: Option<String>,
    pub languages: Vec<String>,
    pub interests: Vec<Choice>,
    pub offer_themes: Vec<Choice>,
    pub seek_themes: Vec<Choice>,
    /// sanitized HTML rendered from the member's Markdown
    pub bio_html: String,
    pub links: Vec<String>,
    pub offer: String,
    pub seek: String,
    pub is_owner: bool,
}

/// The profile form with everything it needs to render.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct ProfileEditor {
    pub id: i64,
    pub name: String,
    pub form: crate::domain::profile::ProfileForm,
    /// "Querétaro, Mexico" for the current city id
    pub city_label: String,
    pub photo_url: Option<String>,
    pub completeness: u8,
    /// field names, most valuable first
    pub missing: Vec<String>,
    pub themes: Vec<Choice>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct FacetValue {
    pub value: String,
    pub label: String,
    pub count: i64,
    pub selected: bool,
}

#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize)]
pub struct Facets {
    pub theme: Vec<FacetValue>,
    pub sector: Vec<FacetValue>,
    pub country: Vec<FacetValue>,
    pub lang: Vec<FacetValue>,
    pub size: Vec<FacetValue>,
}

#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize)]
pub struct SearchResults {
    pub people: Vec<PersonCard>,
    pub total: i64,
    pub page: i64,
    pub more: bool,
    pub facets: Facets,
    pub cities: Vec<CityCard>,
    /// visitors see public profiles only
    pub signed_in: bool,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct CityChangeView {
    pub who: String,
    pub when: String,
    pub themes: Vec<String>,
    pub challenges: String,
}

/// Everything a city page shows beyond the GeoNames facts.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct CityPageData {
    pub city: CityCard,
    pub members: Vec<PersonCard>,
    pub member_count: i64,
    pub themes: Vec<Choice>,
    pub challenges: String,
    /// "Updated by Ana Torres on 3 Nov 2026"
    pub updated: Option<String>,
    /// the reader's home city is this one
    pub can_edit: bool,
    pub all_themes: Vec<Choice>,
    pub changes: Vec<CityChangeView>,
    /// candidate partner cities, best first, each with why
    pub partners: Vec<PartnerCityView>,
}

/// A candidate partner city and why it suits.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct PartnerCityView {
    pub id: i64,
    pub name: String,
    pub country: String,
    /// listed members there
    pub members: i64,
    pub reasons: Vec<String>,
}

// ---- events -------------------------------------------------------------

/// How a span of time reads for this reader: in their zone when known, with
/// the event's zone beside it and a note when the clocks differ.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct WhenView {
    pub main: String,
    pub main_zone: String,
    pub event: Option<String>,
    pub event_zone: String,
    pub note: Option<String>,
    pub starts_utc: String,
    pub ends_utc: String,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct SpeakerRef {
    pub id: i64,
    pub name: String,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct SessionView {
    pub id: i64,
    pub version: i64,
    pub title: String,
    /// "3:30 PM – 4:00 PM" in the reader's zone
    pub time: String,
    pub starts_utc: String,
    pub ends_utc: String,
    pub starts_at: i64,
    pub ends_at: i64,
    /// datetime-local values in the event's zone, for the editor
    pub starts_local: String,
    pub ends_local: String,
    pub room: String,
    pub description: String,
    pub speakers: Vec<SpeakerRef>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct AgendaDay {
    pub heading: String,
    pub key: String,
    pub sessions: Vec<SessionView>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct SpeakerView {
    pub id: i64,
    pub name: String,
    pub title: String,
    pub bio_html: String,
    pub photo_url: Option<String>,
    /// the member's profile, when the speaker is a member
    pub member_id: Option<i64>,
    /// titles of the sessions they speak in
    pub sessions: Vec<String>,
}

/// The event as everyone reading it in one language and zone sees it; live
/// updates carry this.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct EventPublic {
    pub id: i64,
    pub kind: String,
    pub format: String,
    pub status: String,
    pub title: String,
    pub summary: String,
    /// false when the text exists only in another language
    pub translated: bool,
    pub language: Locale,
    /// names of the languages it is held in, in the reader's language
    pub languages: Vec<String>,
    pub description_html: String,
    pub when: WhenView,
    pub place: Option<String>,
    pub city_id: Option<i64>,
    pub venue: String,
    pub themes: Vec<String>,
    pub capacity: Option<i64>,
    pub registered: i64,
    pub waitlisted: i64,
    pub cover_url: Option<String>,
    pub days: Vec<AgendaDay>,
    pub speakers: Vec<SpeakerView>,
    pub organizers: Vec<String>,
    pub version: i64,
    pub last_change: i64,
    /// why registration is closed, if it is
    pub registration_closed: Option<String>,
    /// when this was written, in the reader's zone ("15:02")
    pub rendered_at: String,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ChangeNotice {
    pub id: i64,
    pub text: String,
    pub at: String,
}

/// What only this reader sees.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct EventViewer {
    pub signed_in: bool,
    /// "registered" or "waitlisted"
    pub seat: Option<String>,
    pub is_organizer: bool,
    pub join_url: Option<String>,
    pub marked: Vec<i64>,
    /// changes since this attendee last looked (then marked as seen)
    pub unseen: Vec<ChangeNotice>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct EventView {
    pub public: EventPublic,
    pub viewer: EventViewer,
}

/// One live message: what changed, and the page as it now is.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct LiveUpdate {
    pub change_id: i64,
    pub notices: Vec<ChangeNotice>,
    pub public: EventPublic,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct EventListItem {
    pub id: i64,
    pub kind: String,
    pub format: String,
    pub status: String,
    pub title: String,
    pub summary: String,
    pub translated: bool,
    pub language: Locale,
    pub place: Option<String>,
    pub when: WhenView,
    /// for "my events": registered or waitlisted
    pub seat: Option<String>,
    /// RFC 3339 start, for sorting and `<time>`
    pub starts_at: i64,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct EventList {
    pub events: Vec<EventListItem>,
    /// where "load more" continues: `starts_at.id`
    pub next: Option<String>,
    pub can_create: bool,
    pub themes: Vec<Choice>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct OrganizerView {
    pub id: i64,
    pub name: String,
    pub is_owner: bool,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct AttendeeView {
    pub name: String,
    pub email: String,
    pub seat: String,
    pub organisation: String,
    pub city: Option<String>,
}

/// Everything the organizers' page needs.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct EventEditor {
    pub id: i64,
    pub form: crate::domain::event::EventForm,
    pub version: i64,
    pub status: String,
    pub title: String,
    pub sessions: Vec<SessionView>,
    pub speakers: Vec<SpeakerView>,
    pub organizers: Vec<OrganizerView>,
    pub attendees: Vec<AttendeeView>,
    pub is_owner: bool,
    pub themes: Vec<Choice>,
    pub last_change: i64,
    pub cover_url: Option<String>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct MyEvents {
    pub attending: Vec<EventListItem>,
    pub organizing: Vec<EventListItem>,
    pub has_feed: bool,
    pub can_create: bool,
    /// the calendar address made by the form just posted, shown this once
    #[serde(default)]
    pub fresh_feed: Option<String>,
}

/// A versioned item as saved: edit it again from this version.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub struct SavedItem {
    pub id: i64,
    pub version: i64,
}

/// A suggested person and why, in the reader's language.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Suggestion {
    pub person: PersonCard,
    pub reasons: Vec<String>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Suggestions {
    pub people: Vec<Suggestion>,
    /// the member has no profile (themes, offer, seek) to match on yet
    pub needs_profile: bool,
}

/// A participant of a matchmaking event as another participant sees them.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct MeetingPerson {
    pub person: PersonCard,
    pub offer: String,
    pub seek: String,
    pub offer_themes: Vec<String>,
    pub seek_themes: Vec<String>,
    /// why they rank where they do, in the reader's language
    pub reasons: Vec<String>,
    /// a request between the two, if any: its id and status
    pub request: Option<(i64, String)>,
    /// who asked: true when the reader did
    pub asked_by_me: bool,
    pub met_before: bool,
}

/// A meeting slot in the reader's time.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct SlotView {
    pub id: i64,
    /// "10:00 – 10:20 CET" in the reader's zone, with the day
    pub when: String,
    /// the same in the event's zone when it differs
    pub event_when: Option<String>,
    pub starts_utc: String,
    pub tables: i64,
    /// meetings placed in it
    pub used: i64,
    /// the reader said they cannot meet then
    pub busy: bool,
}

/// A note after a meeting, by one side.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct MeetingNoteView {
    pub author: String,
    pub mine: bool,
    pub outcome: String,
    pub next_steps: String,
    pub remind_on: Option<String>,
}

/// A meeting request, sent or received, or a scheduled meeting.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct MeetingView {
    pub id: i64,
    pub other: PersonCard,
    pub note: String,
    /// pending, accepted, declined, cancelled
    pub status: String,
    /// the reader received it
    pub incoming: bool,
    pub slot_id: Option<i64>,
    pub when: Option<WhenView>,
    /// "Table 3" or "Virtual room 3"
    pub place: Option<String>,
    pub join_url: Option<String>,
    /// why it is not in a slot yet, after a scheduling run
    pub unplaced: Option<String>,
    pub notes: Vec<MeetingNoteView>,
    pub my_note: crate::domain::meeting::OutcomeForm,
    pub past: bool,
}

/// A participant's C2C meetings page.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct MeetingsPage {
    pub event_id: i64,
    pub title: String,
    pub when: WhenView,
    pub organizes: bool,
    /// "visitor", "not_registered" or "participant"
    pub role: String,
    pub statement: crate::domain::meeting::StatementForm,
    pub themes: Vec<Choice>,
    pub slots: Vec<SlotView>,
    pub agenda: Vec<MeetingView>,
    pub incoming: Vec<MeetingView>,
    pub outgoing: Vec<MeetingView>,
    pub people: Vec<MeetingPerson>,
    /// participants before the filter
    pub participants: usize,
    pub q: String,
    pub theme: String,
    pub last_change: i64,
    pub hidden_self: bool,
}

/// A slot's use after the last run.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct SlotUse {
    pub slot: SlotView,
    pub percent: i64,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct UnplacedView {
    pub id: i64,
    pub a: String,
    pub b: String,
    pub reason: String,
}

/// The organizers' view of an event's C2C meetings.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct MeetingDashboard {
    pub event_id: i64,
    pub title: String,
    pub timezone: String,
    pub participants: i64,
    pub sent: i64,
    pub pending: i64,
    pub accepted: i64,
    pub declined: i64,
    pub cancelled: i64,
    pub scheduled: i64,
    pub unplaced: Vec<UnplacedView>,
    pub slots: Vec<SlotUse>,
    pub run_at: Option<String>,
    /// the slot form, prefilled from the event and the last slots
    pub plan: crate::domain::meeting::SlotPlanForm,
}

/// What a scheduling run did.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct RunSummary {
    pub scheduled: i64,
    pub unplaced: i64,
    pub moved: i64,
    pub weight: i64,
}

/// A meeting the reader had with the member whose profile they read.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct MetBeforeView {
    pub event_id: i64,
    pub event_title: String,
    pub day: String,
    pub notes: Vec<MeetingNoteView>,
}

/// A connection request, or a connection, seen by one of the two.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ConnectionView {
    pub id: i64,
    pub person: PersonCard,
    pub note: String,
    /// pending, accepted or declined
    pub status: String,
    /// the reader received the request
    pub incoming: bool,
}

/// The reader's connections and requests.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ConnectionsPage {
    pub incoming: Vec<ConnectionView>,
    pub outgoing: Vec<ConnectionView>,
    pub connections: Vec<ConnectionView>,
}

/// On a member's profile: the reader's tie with them, and their connections.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ProfileTies {
    /// the reader is signed in and this is not their own profile
    pub can_connect: bool,
    /// the request or connection between the reader and the member
    pub between: Option<ConnectionView>,
    pub connections: Vec<PersonCard>,
}
