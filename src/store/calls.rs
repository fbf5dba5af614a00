//! The pairing programme's part of the store: calls for cities, their
//! applications (with applicants and documents), reviews and the history of
//! state changes. Implemented for both backends by `calls_sql::impl_calls_store!`
//! (calls, history, reviews) and `applications_sql::impl_applications_store!`.

use super::*;
use crate::domain::call::{
    Answers, ApplicationStatus, CallItem, CallStatus, CallTexts, Decision, ReviewStatus, Scores,
};
use crate::domain::{Locale, UserId};

/// A call as staff wrote it, ready to store (times are instants).
#[derive(Debug, Clone)]
pub struct CallWrite {
    pub language: Locale,
    pub zone: String,
    pub opens_at: i64,
    pub deadline_at: i64,
    pub countries: Vec<String>,
    pub min_population: i64,
    pub themes: Vec<String>,
    pub texts: Vec<(Locale, CallTexts)>,
    pub criteria: Vec<CallItem>,
    pub questions: Vec<CallItem>,
}

#[derive(Debug, Clone)]
pub struct CallRecord {
    pub id: i64,
    pub status: CallStatus,
    pub announced_at: Option<i64>,
    pub version: i64,
    pub created_at: i64,
    pub w: CallWrite,
    /// the ids of `w.criteria` and `w.questions`, in the same order
    pub criteria_ids: Vec<i64>,
    pub question_ids: Vec<i64>,
}

impl CallRecord {
    /// (criterion id, weight) pairs, as the review arithmetic takes them.
    pub fn weights(&self) -> Vec<(i64, i64)> {
        self.criteria_ids
            .iter()
            .zip(&self.w.criteria)
            .map(|(id, c)| (*id, c.weight))
            .collect()
    }

    pub fn required_questions(&self) -> Vec<i64> {
        self.question_ids
            .iter()
            .zip(&self.w.questions)
            .filter(|(_, q)| q.required)
            .map(|(id, _)| *id)
            .collect()
    }
}

/// Who takes part in an application.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum MemberRole {
    Lead,
    Co,
    /// asked to join; the lead decides
    Asking,
}

impl MemberRole {
    pub fn as_str(self) -> &'static str {
        match self {
            MemberRole::Lead => "lead",
            MemberRole::Co => "co",
            MemberRole::Asking => "asking",
        }
    }

    pub fn parse(raw: &str) -> Option<Self> {
        match raw {
            "lead" => Some(MemberRole::Lead),
            "co" => Some(MemberRole::Co),
            "asking" => Some(MemberRole::Asking),
            _ => None,
        }
    }
}

#[derive(Debug, Clone)]
pub struct ApplicationRecord {
    pub id: i64,
    pub call_id: i64,
    pub city_id: i64,
    pub reference: String,
    pub status: ApplicationStatus,
    pub decision: Option<Decision>,
    pub decision_note: String,
    pub language: Locale,
    pub answers: Answers,
    pub claimed_population: Option<i64>,
    pub population_source: String,
    /// pending, confirmed or refused; None when no figure was claimed
    pub population_verdict: Option<String>,
    pub version: i64,
    pub created_at: i64,
    pub updated_at: i64,
    pub submitted_at: Option<i64>,
    /// (member, role), the lead first
    pub members: Vec<(i64, MemberRole)>,
}

impl ApplicationRecord {
    /// The lead and the co-applicants (not those still asking).
    pub fn applicants(&self) -> Vec<i64> {
        self.members
            .iter()
            .filter(|(_, r)| *r != MemberRole::Asking)
            .map(|(u, _)| *u)
            .collect()
    }

    pub fn role_of(&self, user: i64) -> Option<MemberRole> {
        self.members
            .iter()
            .find(|(u, _)| *u == user)
            .map(|(_, r)| *r)
    }
}

#[derive(Debug, Clone)]
pub struct NewApplication {
    pub call_id: i64,
    pub city_id: i64,
    pub lead: UserId,
    pub language: Locale,
    pub answers: Answers,
    pub claimed_population: Option<i64>,
    pub population_source: String,
    /// the call's year, for the reference
    pub year: i32,
    pub now: i64,
}

#[derive(Debug, Clone, PartialEq, Eq, sqlx::FromRow)]
pub struct FileRecord {
    pub id: i64,
    pub application_id: i64,
    /// letter or endorsement
    pub kind: String,
    pub name: String,
    pub stored_as: String,
    pub bytes: i64,
    pub uploaded_by: Option<i64>,
    pub created_at: i64,
}

/// A call's document (a guide, an FAQ, a form), per language and country.
#[derive(Debug, Clone, PartialEq, Eq, sqlx::FromRow)]
pub struct CallDocument {
    pub id: i64,
    pub call_id: i64,
    pub language: String,
    /// ISO code, or '' for every country
    pub country: String,
    pub title: String,
    pub name: String,
    pub stored_as: String,
    pub bytes: i64,
    pub created_at: i64,
}

/// An e-mailed invitation to co-apply, found by its token's hash.
#[derive(Debug, Clone, PartialEq, Eq, sqlx::FromRow)]
pub struct InviteRecord {
    pub application_id: i64,
    pub email: String,
    pub invited_by: Option<i64>,
    pub expires_at: i64,
    pub used_at: Option<i64>,
}

#[derive(Debug, Clone)]
pub struct ReviewRecord {
    pub application_id: i64,
    pub reviewer_id: i64,
    pub status: ReviewStatus,
    pub scores: Scores,
    pub comment: String,
    pub assigned_at: i64,
    pub submitted_at: Option<i64>,
}

#[derive(Debug, Clone, PartialEq, Eq, sqlx::FromRow)]
pub struct HistoryRecord {
    pub id: i64,
    pub call_id: i64,
    pub application_id: Option<i64>,
    pub actor_id: Option<i64>,
    pub from_state: String,
    pub to_state: String,
    pub note: String,
    pub at: i64,
}

/// A state change to record beside the change itself.
#[derive(Debug, Clone)]
pub struct Transition<'a> {
    pub actor: Option<UserId>,
    pub from: &'a str,
    pub to: &'a str,
    pub note: &'a str,
    pub now: i64,
}

#[async_trait::async_trait]
pub trait CallStore: Send + Sync + 'static {
    async fn create_call(&self, w: &CallWrite, by: UserId, now: i64) -> StoreResult<i64>;
    /// Saves over version `version`; false when someone saved first.
    async fn update_call(
        &self,
        id: i64,
        version: i64,
        w: &CallWrite,
        now: i64,
    ) -> StoreResult<bool>;
    async fn call(&self, id: i64) -> StoreResult<Option<CallRecord>>;
    /// Every call, newest deadline first (a programme runs a few a year).
    async fn calls(&self) -> StoreResult<Vec<CallRecord>>;
    /// Moves a call from `t.from` to `t.to` and records it; false when the
    /// call was not in `t.from`.
    async fn set_call_status(&self, id: i64, t: &Transition<'_>) -> StoreResult<bool>;
    async fn mark_announced(&self, id: i64, now: i64) -> StoreResult<()>;
    async fn history(&self, call_id: i64) -> StoreResult<Vec<HistoryRecord>>;

    async fn call_reviewers(&self, call_id: i64) -> StoreResult<Vec<i64>>;
    async fn add_call_reviewer(&self, call_id: i64, user: i64) -> StoreResult<()>;
    async fn remove_call_reviewer(&self, call_id: i64, user: i64) -> StoreResult<()>;
    /// Assigns; an existing assignment (or conflict) stays as it is.
    async fn assign_review(&self, application_id: i64, reviewer: i64, now: i64) -> StoreResult<()>;
    /// Removes an assignment that has no submitted review; false otherwise.
    async fn unassign_review(&self, application_id: i64, reviewer: i64) -> StoreResult<bool>;
    async fn review(&self, application_id: i64, reviewer: i64)
        -> StoreResult<Option<ReviewRecord>>;
    async fn reviews_of_call(&self, call_id: i64) -> StoreResult<Vec<ReviewRecord>>;
    async fn reviews_by(&self, reviewer: i64) -> StoreResult<Vec<ReviewRecord>>;
    /// Writes a review's scores and status unless it is a declared conflict.
    async fn save_review(
        &self,
        application_id: i64,
        reviewer: i64,
        scores: &Scores,
        comment: &str,
        status: ReviewStatus,
        now: i64,
    ) -> StoreResult<bool>;

    async fn add_call_document(&self, d: &CallDocument) -> StoreResult<i64>;
    async fn call_documents(&self, call_id: i64) -> StoreResult<Vec<CallDocument>>;
    async fn remove_call_document(
        &self,
        call_id: i64,
        id: i64,
    ) -> StoreResult<Option<CallDocument>>;
}

#[async_trait::async_trait]
pub trait ApplicationStore: Send + Sync + 'static {
    /// Creates the city's application with `a.lead` as lead; `Duplicate`
    /// when the city has one for this call already.
    async fn create_application(&self, a: &NewApplication) -> StoreResult<i64>;
    async fn application(&self, id: i64) -> StoreResult<Option<ApplicationRecord>>;
    async fn application_for_city(
        &self,
        call_id: i64,
        city_id: i64,
    ) -> StoreResult<Option<ApplicationRecord>>;
    async fn applications_of_call(&self, call_id: i64) -> StoreResult<Vec<ApplicationRecord>>;
    /// Applications `user` leads, co-applies to or asked to join.
    async fn applications_of_member(&self, user: i64) -> StoreResult<Vec<ApplicationRecord>>;
    /// Saves the answers (and language) over `version` while the
    /// application is a draft; false when someone saved first or it is not a
    /// draft any more.
    async fn save_answers(
        &self,
        id: i64,
        version: i64,
        answers: &Answers,
        language: Locale,
        now: i64,
    ) -> StoreResult<bool>;
    /// Moves the application from `t.from` to `t.to` (stamping the
    /// submission time on `submitted`) and records it; a submission is taken
    /// only while `t.now` is not past the call's deadline, read in the same
    /// statement. False when the state or the deadline did not allow it.
    async fn set_application_status(&self, id: i64, t: &Transition<'_>) -> StoreResult<bool>;
    async fn decide(
        &self,
        id: i64,
        decision: Option<Decision>,
        note: &str,
        t: &Transition<'_>,
    ) -> StoreResult<bool>;
    async fn set_population_verdict(
        &self,
        id: i64,
        verdict: &str,
        t: &Transition<'_>,
    ) -> StoreResult<bool>;
    /// Adds or changes a member's part; `Asking` never replaces a part.
    async fn set_applicant(
        &self,
        id: i64,
        user: i64,
        role: MemberRole,
        now: i64,
    ) -> StoreResult<()>;
    async fn remove_applicant(&self, id: i64, user: i64) -> StoreResult<bool>;
    async fn add_file(&self, f: &FileRecord) -> StoreResult<i64>;
    async fn files_of(&self, application_id: i64) -> StoreResult<Vec<FileRecord>>;
    async fn remove_file(
        &self,
        application_id: i64,
        file_id: i64,
    ) -> StoreResult<Option<FileRecord>>;
    async fn create_invite(
        &self,
        token_hash: &str,
        application_id: i64,
        email: &str,
        by: i64,
        now: i64,
        expires_at: i64,
    ) -> StoreResult<()>;
    async fn invite(&self, token_hash: &str) -> StoreResult<Option<InviteRecord>>;
    /// Marks the invitation used and makes `user` a co-applicant, at once;
    /// false when it was used or expired meanwhile.
    async fn use_invite(&self, token_hash: &str, user: i64, now: i64) -> StoreResult<bool>;
}
