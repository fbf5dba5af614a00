//! The pairing programme's second half in the store: pairings and trios,
//! their teams, agreement signatures, milestones, activities, the team's
//! notes and documents, the U-CAP (objectives, actions, indicators, submitted
//! versions), progress reports and the history. Implemented for both backends
//! by `pairings_sql::impl_pairings_store!` and `plan_sql::impl_plan_store!`.

use super::*;
use crate::domain::pairing::plan::{ActionDraft, PlanStatus};
use crate::domain::pairing::{ActivityDraft, ActivityKind, MilestoneKind, PairingState};
use crate::domain::UserId;

#[derive(Debug, Clone, PartialEq)]
pub struct PairingCity {
    pub city_id: i64,
    pub name: String,
    pub country_code: String,
    pub latitude: f64,
    pub longitude: f64,
    pub application_id: Option<i64>,
}

#[derive(Debug, Clone)]
pub struct PairingRecord {
    pub id: i64,
    pub call_id: Option<i64>,
    pub cohort_year: i64,
    pub state: PairingState,
    pub ended_reason: String,
    pub themes: Vec<String>,
    pub commitments: String,
    pub agreement_version: i64,
    pub starts_at: Option<i64>,
    pub ends_on: Option<String>,
    pub fit: i64,
    pub plan_status: PlanStatus,
    pub version: i64,
    pub created_at: i64,
    pub updated_at: i64,
    /// in the pairing's order
    pub cities: Vec<PairingCity>,
}

impl PairingRecord {
    /// "Montréal – Lyon", "Querétaro – Lyon – Vancouver".
    pub fn title(&self) -> String {
        self.cities
            .iter()
            .map(|c| c.name.as_str())
            .collect::<Vec<_>>()
            .join(" – ")
    }

    pub fn city_ids(&self) -> Vec<i64> {
        self.cities.iter().map(|c| c.city_id).collect()
    }
}

/// A pairing as staff confirm it.
#[derive(Debug, Clone)]
pub struct NewPairing {
    pub call_id: Option<i64>,
    pub cohort_year: i64,
    /// (city, the application it came from)
    pub cities: Vec<(i64, Option<i64>)>,
    pub themes: Vec<String>,
    pub fit: i64,
    /// (member, city, coordinator): the applicants become the teams
    pub members: Vec<(UserId, i64, bool)>,
}

#[derive(Debug, Clone)]
pub struct TeamMember {
    pub user_id: UserId,
    pub city_id: i64,
    pub coordinator: bool,
    pub signatory: bool,
    pub name: String,
    pub email: String,
}

#[derive(Debug, Clone)]
pub struct SignatureRecord {
    pub city_id: i64,
    pub agreement_version: i64,
    pub signer_id: Option<UserId>,
    pub name: String,
    pub role: String,
    pub signed_on: String,
    pub created_at: i64,
}

/// A city's signature, and what happens if it is the last one.
#[derive(Debug, Clone)]
pub struct NewSignature {
    pub city_id: i64,
    pub agreement_version: i64,
    pub signer: UserId,
    pub name: String,
    pub role: String,
    pub signed_on: String,
    pub now: i64,
    /// the cities that must sign
    pub cities: Vec<i64>,
    /// the period's last day and the programme's milestones, should this
    /// signature complete the agreement
    pub ends_on: String,
    pub milestones: Vec<(MilestoneKind, Option<i64>, String)>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum SignOutcome {
    /// the city had signed this version already, or the agreement is not
    /// open for signature
    Refused,
    Signed,
    /// the last signature: the cooperation started
    Started,
}

#[derive(Debug, Clone)]
pub struct MilestoneRecord {
    pub id: i64,
    pub kind: MilestoneKind,
    pub city_id: Option<i64>,
    pub title: String,
    pub due_on: String,
    pub done_on: Option<String>,
}

#[derive(Debug, Clone)]
pub struct ActivityRecord {
    pub id: i64,
    pub kind: ActivityKind,
    pub title: String,
    pub held_on: String,
    pub city_id: Option<i64>,
    pub event_id: Option<i64>,
    pub report: String,
    pub public: bool,
    pub created_at: i64,
}

/// A note or a document in the team's space, with who added it.
#[derive(Debug, Clone)]
pub struct SpaceItem {
    pub id: i64,
    pub author_id: Option<i64>,
    pub author: String,
    /// the note's text, or the document's file name
    pub text: String,
    /// documents: where the file is and its size
    pub stored_as: String,
    pub size: i64,
    pub created_at: i64,
}

#[derive(Debug, Clone)]
pub struct ObjectiveRecord {
    pub id: i64,
    pub title: String,
    pub weight: i64,
}

#[derive(Debug, Clone)]
pub struct ActionRecord {
    pub id: i64,
    pub d: ActionDraft,
    pub staff_comment: String,
    pub version: i64,
    pub updated_at: i64,
}

/// What the public pages and figures need of every action.
#[derive(Debug, Clone, Copy)]
pub struct ActionFact {
    pub pairing_id: i64,
    pub objective_id: i64,
    pub objective_weight: i64,
    pub weight: i64,
    pub progress: i64,
    pub sdgs: i64,
    pub status: crate::domain::pairing::plan::ActionStatus,
    pub public: bool,
    pub pilot: bool,
}

#[derive(Debug, Clone)]
pub struct PlanVersionRecord {
    pub number: i64,
    pub status: PlanStatus,
    pub snapshot: String,
    pub submitted_by: String,
    pub submitted_at: i64,
    pub decided_by: String,
    pub decided_at: Option<i64>,
    pub note: String,
}

#[derive(Debug, Clone)]
pub struct ReportRecord {
    pub period: i64,
    pub body: String,
    pub reviewed: bool,
    pub submitted_by: String,
    pub submitted_at: i64,
    pub reviewed_by: String,
    pub note: String,
}

#[derive(Debug, Clone)]
pub struct PairingEvent {
    pub actor: String,
    pub what: String,
    pub from: String,
    pub to: String,
    pub note: String,
    pub at: i64,
}

/// Who did what, for the history.
#[derive(Debug, Clone, Copy)]
pub struct Change<'a> {
    pub actor: Option<UserId>,
    pub what: &'a str,
    pub from: &'a str,
    pub to: &'a str,
    pub note: &'a str,
    pub now: i64,
}

#[async_trait::async_trait]
pub trait PairingStore {
    async fn create_pairing(&self, p: &NewPairing, actor: UserId, now: i64) -> StoreResult<i64>;
    async fn pairing(&self, id: i64) -> StoreResult<Option<PairingRecord>>;
    /// Every pairing with its cities, newest cohort first.
    async fn pairings(&self) -> StoreResult<Vec<PairingRecord>>;
    async fn pairings_of_member(&self, user: UserId) -> StoreResult<Vec<i64>>;
    /// Moves the state if it is still `c.from`; `started` sets the period.
    async fn set_pairing_state(
        &self,
        id: i64,
        to: PairingState,
        reason: &str,
        c: &Change<'_>,
    ) -> StoreResult<bool>;
    /// Saves the agreement if the pairing is still at `version`; `resign`
    /// voids the signatures given (a new agreement version).
    async fn save_agreement(
        &self,
        id: i64,
        version: i64,
        themes: &[String],
        commitments: &str,
        resign: bool,
        c: &Change<'_>,
    ) -> StoreResult<bool>;
    async fn team(&self, id: i64) -> StoreResult<Vec<TeamMember>>;
    async fn set_team_member(
        &self,
        id: i64,
        user: UserId,
        city_id: i64,
        coordinator: bool,
        signatory: bool,
        now: i64,
    ) -> StoreResult<()>;
    async fn remove_team_member(&self, id: i64, user: UserId) -> StoreResult<bool>;
    async fn signatures(&self, id: i64) -> StoreResult<Vec<SignatureRecord>>;
    async fn sign(&self, id: i64, s: &NewSignature) -> StoreResult<SignOutcome>;
    async fn milestones(&self, id: i64) -> StoreResult<Vec<MilestoneRecord>>;
    async fn add_milestone(&self, id: i64, title: &str, due_on: &str) -> StoreResult<i64>;
    async fn set_milestone_done(
        &self,
        id: i64,
        milestone: i64,
        done_on: Option<&str>,
    ) -> StoreResult<bool>;
    /// (pairing, overdue milestones) for every pairing that has some.
    async fn overdue_counts(&self, today: &str) -> StoreResult<Vec<(i64, i64)>>;
    async fn activities(&self, id: i64) -> StoreResult<Vec<ActivityRecord>>;
    async fn save_activity(
        &self,
        id: i64,
        activity: Option<i64>,
        a: &ActivityDraft,
        by: UserId,
        now: i64,
    ) -> StoreResult<Option<i64>>;
    async fn delete_activity(&self, id: i64, activity: i64) -> StoreResult<bool>;
    async fn pairing_notes(&self, id: i64) -> StoreResult<Vec<SpaceItem>>;
    async fn add_note(&self, id: i64, by: UserId, body: &str, now: i64) -> StoreResult<i64>;
    async fn pairing_files(&self, id: i64) -> StoreResult<Vec<SpaceItem>>;
    async fn add_pairing_file(
        &self,
        id: i64,
        by: UserId,
        name: &str,
        stored_as: &str,
        size: i64,
        now: i64,
    ) -> StoreResult<i64>;
    /// Removes the document; its stored name, to delete the file.
    async fn remove_pairing_file(&self, id: i64, file: i64) -> StoreResult<Option<String>>;
    async fn pairing_history(&self, id: i64) -> StoreResult<Vec<PairingEvent>>;
}

#[async_trait::async_trait]
pub trait PlanStore {
    async fn objectives(&self, pairing: i64) -> StoreResult<Vec<ObjectiveRecord>>;
    /// Adds (objective 0) or changes an objective; the plan becomes a draft.
    async fn save_objective(
        &self,
        pairing: i64,
        objective: i64,
        title: &str,
        weight: i64,
        now: i64,
    ) -> StoreResult<Option<i64>>;
    async fn delete_objective(&self, pairing: i64, objective: i64, now: i64) -> StoreResult<bool>;
    /// Every action of a pairing with its indicators, by objective.
    async fn actions(&self, pairing: i64) -> StoreResult<Vec<ActionRecord>>;
    async fn create_action(
        &self,
        pairing: i64,
        a: &ActionDraft,
        by: UserId,
        now: i64,
    ) -> StoreResult<i64>;
    /// Saves the action if it is still at `version` (false: someone saved
    /// first, or it is gone).
    async fn update_action(
        &self,
        pairing: i64,
        action: i64,
        version: i64,
        a: &ActionDraft,
        by: UserId,
        now: i64,
    ) -> StoreResult<bool>;
    async fn delete_action(&self, pairing: i64, action: i64, now: i64) -> StoreResult<bool>;
    async fn set_action_comment(
        &self,
        pairing: i64,
        action: i64,
        comment: &str,
    ) -> StoreResult<bool>;
    /// Every action's facts, for the public listing and the figures.
    async fn action_facts(&self) -> StoreResult<Vec<ActionFact>>;
    async fn plan_versions(&self, pairing: i64) -> StoreResult<Vec<PlanVersionRecord>>;
    /// Freezes the plan as a new submitted version if it is a draft or was
    /// returned; its number.
    async fn submit_plan(
        &self,
        pairing: i64,
        snapshot: &str,
        c: &Change<'_>,
    ) -> StoreResult<Option<i64>>;
    /// Staff approve or return the submitted version.
    async fn decide_plan(
        &self,
        pairing: i64,
        to: PlanStatus,
        note: &str,
        c: &Change<'_>,
    ) -> StoreResult<bool>;
    async fn reports(&self, pairing: i64) -> StoreResult<Vec<ReportRecord>>;
    async fn submit_report(
        &self,
        pairing: i64,
        period: i64,
        body: &str,
        by: UserId,
        now: i64,
    ) -> StoreResult<bool>;
    async fn review_report(
        &self,
        pairing: i64,
        period: i64,
        note: &str,
        by: UserId,
        now: i64,
    ) -> StoreResult<bool>;
}
