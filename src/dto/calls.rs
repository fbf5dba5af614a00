//! The pairing programme's calls, applications and reviews, as pages show
//! them: in the reader's language and time zone.

use super::Choice;
use crate::domain::call::{Answers, ApplicationStatus, CallForm, CallStatus, Step};
use serde::{Deserialize, Serialize};

/// A deadline (or opening) as one reader reads it.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Moment {
    /// in the reader's zone: "Friday 15 March 2027, 17:00 (America/Toronto)"
    pub main: String,
    /// in the call's zone, when the reader's differs
    pub call: Option<String>,
    /// "3 days left", "closed"
    pub countdown: String,
    /// RFC 3339, for `<time datetime>`
    pub iso: String,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct CallSummary {
    pub id: i64,
    pub title: String,
    pub status: CallStatus,
    pub status_label: String,
    pub opens: Moment,
    pub deadline: Moment,
    /// "Canada, Mexico, United States"
    pub countries: String,
    /// set when the title is not in the reader's language
    pub language_note: Option<String>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct CallsPage {
    pub open: Vec<CallSummary>,
    pub upcoming: Vec<CallSummary>,
    pub past: Vec<CallSummary>,
    /// drafts, for staff only
    pub drafts: Vec<CallSummary>,
    pub can_manage: bool,
    pub my_applications: Vec<MyApplication>,
    pub my_reviews: usize,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct MyApplication {
    pub id: i64,
    pub reference: String,
    pub call_title: String,
    pub city: String,
    pub status_label: String,
    /// "asking": waiting for the lead to accept
    pub waiting: bool,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct SelectedCity {
    pub city: String,
    pub country: String,
    pub themes: String,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ThemeWithSdgs {
    pub name: String,
    pub sdgs: String,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct CallPage {
    pub summary: CallSummary,
    /// sanitised HTML from the call's Markdown
    pub background_html: String,
    pub commitments_html: String,
    pub eligibility_html: String,
    pub min_population: String,
    pub themes: Vec<ThemeWithSdgs>,
    pub questions: Vec<String>,
    pub criteria: Vec<String>,
    pub accepting: bool,
    pub selected: Vec<SelectedCity>,
    pub can_manage: bool,
    pub can_review: bool,
    pub signed_in: bool,
    pub documents: Vec<CallDocumentView>,
}

/// The eligibility check before the form opens.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ApplyPage {
    pub call_id: i64,
    pub call_title: String,
    pub deadline: Moment,
    pub accepting: bool,
    pub signed_in: bool,
    /// the member's home city, offered first
    pub home_city: Option<Choice>,
    pub check: Option<CityCheck>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct CityCheck {
    pub city_id: i64,
    pub city: String,
    pub population: String,
    /// why the city may not apply, in the reader's language
    pub refusal: Option<String>,
    /// the population rule alone failed: an official figure may be given
    pub may_claim: bool,
    pub existing: Option<ExistingApplication>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ExistingApplication {
    pub id: i64,
    pub lead: String,
    /// the reader already takes part (or asked to)
    pub mine: bool,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct StepState {
    pub step: Step,
    pub label: String,
    pub done: bool,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Missing {
    pub step: Step,
    pub field: String,
    pub message: String,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Person {
    pub id: i64,
    pub name: String,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct FileView {
    pub id: i64,
    pub kind: String,
    pub kind_label: String,
    pub name: String,
    pub size: String,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Question {
    pub id: i64,
    pub text: String,
    pub required: bool,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ApplicationView {
    pub id: i64,
    pub reference: String,
    pub call_id: i64,
    pub call_title: String,
    pub city: String,
    pub status: ApplicationStatus,
    pub status_label: String,
    pub decision_label: Option<String>,
    pub version: i64,
    pub language: String,
    pub answers: Answers,
    pub steps: Vec<StepState>,
    pub missing: Vec<Missing>,
    /// the draft can be changed (a draft, before the deadline)
    pub editable: bool,
    /// why it cannot, when it cannot
    pub read_only: Option<String>,
    pub deadline: Moment,
    /// "Saved at 14:32"
    pub saved: String,
    pub is_lead: bool,
    pub applicants: Vec<Person>,
    pub asking: Vec<Person>,
    pub files: Vec<FileView>,
    pub themes: Vec<Choice>,
    pub sdgs: Vec<Choice>,
    pub partner_suggestions: Vec<String>,
    pub questions: Vec<Question>,
    pub population_note: Option<String>,
    pub submitted_at: Option<String>,
}

/// The staff's call form.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct CallEditor {
    pub id: Option<i64>,
    pub version: i64,
    pub status: Option<CallStatus>,
    pub form: CallForm,
    pub themes: Vec<Choice>,
    /// states the call may move to now
    pub next: Vec<(CallStatus, String)>,
    pub documents: Vec<CallDocumentView>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct ReviewerState {
    pub id: i64,
    pub name: String,
    pub status_label: String,
    pub mean: Option<String>,
    pub outlier: bool,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct ApplicationRow {
    pub id: i64,
    pub reference: String,
    pub city: String,
    pub country: String,
    pub country_code: String,
    pub status: ApplicationStatus,
    pub status_label: String,
    pub language: String,
    pub themes: String,
    pub theme_ids: Vec<String>,
    /// "population below the threshold, official figure pending"
    pub flags: Vec<String>,
    pub population_claim: Option<String>,
    pub claim_pending: bool,
    pub decision: Option<String>,
    pub decision_label: Option<String>,
    pub decision_note: String,
    pub mean: Option<f64>,
    pub mean_text: String,
    pub spread_text: String,
    pub reviews_done: usize,
    pub reviewers: Vec<ReviewerState>,
    /// reviewers who may be assigned (not conflicted, not assigned yet)
    pub assignable: Vec<Person>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct HistoryRow {
    pub at: String,
    pub who: String,
    pub what: String,
    pub from: String,
    pub to: String,
    pub note: String,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct CallAdmin {
    pub summary: CallSummary,
    pub applications: Vec<ApplicationRow>,
    pub total: usize,
    pub reviewers: Vec<Person>,
    pub history: Vec<HistoryRow>,
    pub countries: Vec<Choice>,
    pub themes: Vec<Choice>,
    pub can_announce: bool,
    pub announced: bool,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Criterion {
    pub id: i64,
    pub text: String,
    pub weight: i64,
    /// the reader's score: None not yet, Some("") not applicable
    pub score: Option<String>,
    pub comment: String,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct OtherReview {
    pub reviewer: String,
    pub mean: String,
    pub scores: Vec<String>,
    pub comment: String,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ReviewPage {
    pub application: ApplicationView,
    pub criteria: Vec<Criterion>,
    pub comment: String,
    pub submitted: bool,
    pub conflict: bool,
    pub others: Vec<OtherReview>,
    pub can_change: bool,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ReviewItem {
    pub application_id: i64,
    pub reference: String,
    pub call_title: String,
    pub city: String,
    pub status_label: String,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Invitation {
    pub city: String,
    pub call_title: String,
    pub invited_by: String,
    pub email: String,
}

/// A call's document as its page lists it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct CallDocumentView {
    pub id: i64,
    pub title: String,
    pub language: String,
    /// the country's name, or "" for every country
    pub country: String,
    pub size: String,
    pub href: String,
}
