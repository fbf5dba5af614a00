use super::Choice;
use crate::domain::pairing::plan::ActionForm;
use serde::{Deserialize, Serialize};

/// A city in a pairing, as a link.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct PairingCityView {
    pub id: i64,
    pub name: String,
    pub country: String,
}

/// One pairing in a list.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct PairingCard {
    pub id: i64,
    pub title: String,
    /// "Pair" or "Trio"
    pub kind: String,
    pub cities: Vec<PairingCityView>,
    pub cohort_year: i64,
    pub state: String,
    pub state_label: String,
    /// "Cooperating since 12 March 2027", or empty
    pub since: String,
    pub areas: String,
    pub progress: Option<i64>,
    /// for staff: what needs them (overdue milestones, a plan to review)
    pub attention: Vec<String>,
}

#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default)]
pub struct PairingFilters {
    pub country: String,
    pub theme: String,
    pub sdg: String,
    pub year: String,
    pub state: String,
    /// the page of the list, from 1
    pub page: String,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct PairingsList {
    pub filters: PairingFilters,
    pub countries: Vec<Choice>,
    pub themes: Vec<Choice>,
    pub sdgs: Vec<Choice>,
    pub years: Vec<Choice>,
    pub states: Vec<Choice>,
    /// this page of the list
    pub items: Vec<PairingCard>,
    /// every pairing the filters match (the map draws them all)
    pub total: usize,
    pub page: usize,
    pub pages: usize,
    /// the map as SVG markup (built and escaped on the server)
    pub map: String,
    pub mine: Vec<PairingCard>,
    pub staff: bool,
    /// for staff: decided calls whose cohort can be formed (id, title)
    pub cohorts: Vec<Choice>,
    pub attention: Vec<PairingCard>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct ActionPublic {
    pub title: String,
    pub description: String,
    pub status: String,
    pub progress: i64,
    pub pilot: bool,
    pub sdgs: Vec<String>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct ObjectivePublic {
    pub title: String,
    pub weight: i64,
    pub progress: Option<i64>,
    pub actions: Vec<ActionPublic>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct ActivityPublic {
    pub kind: String,
    pub title: String,
    pub date: String,
    /// sanitised HTML
    pub report: String,
    pub event: Option<i64>,
}

/// `/pairing/<id>`: what anyone may read.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct PairingPublic {
    pub card: PairingCard,
    pub areas: Vec<String>,
    pub plan_progress: Option<i64>,
    pub objectives: Vec<ObjectivePublic>,
    pub activities: Vec<ActivityPublic>,
    pub json_ld: String,
    pub map: String,
    /// the reader is on the team or staff: a link to the team's space
    pub can_enter: bool,
    /// published news and publications about the pairing
    pub news: Vec<super::NewsCard>,
    pub publications: Vec<super::PublicationCard>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct MemberView {
    pub id: i64,
    pub name: String,
    pub coordinator: bool,
    pub signatory: bool,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct TeamCity {
    pub city_id: i64,
    pub city: String,
    pub members: Vec<MemberView>,
    /// "Signed by Valérie Plante (Mayor) on 12 March 2027", or empty
    pub signed: String,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct MilestoneView {
    pub id: i64,
    pub label: String,
    pub due: String,
    pub due_iso: String,
    pub done: String,
    pub overdue: bool,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct ActivityView {
    pub id: i64,
    pub kind: String,
    pub kind_label: String,
    pub title: String,
    pub date: String,
    pub held_on: String,
    pub city: String,
    pub city_id: Option<i64>,
    pub event: Option<i64>,
    pub report: String,
    pub report_html: String,
    pub public: bool,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct SpaceItemView {
    pub id: i64,
    pub author: String,
    pub when: String,
    /// sanitised HTML for notes, the file name for documents
    pub text: String,
    pub size: String,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct HistoryLine {
    pub when: String,
    pub who: String,
    pub what: String,
}

/// `/pairing/<id>/space`: the team's (and staff's) page.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct PairingSpace {
    pub card: PairingCard,
    pub version: i64,
    pub staff: bool,
    pub coordinator: bool,
    /// the agreement in the reader's language, as sanitised HTML
    pub agreement: String,
    pub agreement_version: i64,
    pub theme_choices: Vec<(Choice, bool)>,
    pub commitments: String,
    pub can_edit_agreement: bool,
    /// a change now voids the signatures given
    pub signed_any: bool,
    /// the city the reader may sign for (id, name)
    pub sign_for: Option<(i64, String)>,
    pub reader_name: String,
    pub today: String,
    pub team: Vec<TeamCity>,
    pub milestones: Vec<MilestoneView>,
    pub activities: Vec<ActivityView>,
    pub activity_kinds: Vec<Choice>,
    pub cities: Vec<Choice>,
    pub notes: Vec<SpaceItemView>,
    pub files: Vec<SpaceItemView>,
    pub history: Vec<HistoryLine>,
    /// staff: the states it may move to (code, label)
    pub next_states: Vec<Choice>,
    pub period: String,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct IndicatorView {
    pub name: String,
    pub unit: String,
    pub baseline: String,
    pub target: String,
    pub current: String,
    pub reached: Option<u8>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct ActionView {
    pub id: i64,
    pub title: String,
    pub language_note: Option<String>,
    pub description: String,
    pub status: String,
    pub progress: i64,
    pub weight: i64,
    pub pilot: bool,
    pub lead: String,
    pub partners: String,
    pub sdgs: Vec<String>,
    pub frameworks: Vec<String>,
    pub budget: String,
    pub dates: String,
    pub indicators: Vec<IndicatorView>,
    pub staff_comment: String,
    pub public: bool,
    pub pilots: Vec<ActionView>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct ObjectiveView {
    pub id: i64,
    pub title: String,
    pub weight: i64,
    pub progress: Option<i64>,
    pub actions: Vec<ActionView>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct PlanVersionView {
    pub number: i64,
    pub status: String,
    pub submitted: String,
    pub decided: String,
    pub note: String,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct ReportView {
    pub period: i64,
    pub label: String,
    pub body: String,
    pub submitted: String,
    pub reviewed: bool,
    pub review: String,
}

/// `/pairing/<id>/plan`: the U-CAP.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct PlanPage {
    pub card: PairingCard,
    pub status: String,
    pub status_label: String,
    pub can_edit: bool,
    pub staff: bool,
    pub team: bool,
    pub progress: Option<i64>,
    pub objectives: Vec<ObjectiveView>,
    pub versions: Vec<PlanVersionView>,
    pub reports: Vec<ReportView>,
    /// the period a report is due for, and its prefilled text
    pub report_due: Option<(i64, String)>,
}

/// `/pairing/<id>/plan/actions/<action>` (0: a new action).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct ActionEditor {
    pub pairing: PairingCard,
    pub action_id: i64,
    pub version: i64,
    pub form: ActionForm,
    pub objectives: Vec<Choice>,
    pub parents: Vec<Choice>,
    pub cities: Vec<Choice>,
    pub sdgs: Vec<Choice>,
    pub frameworks: Vec<Choice>,
    pub statuses: Vec<Choice>,
    pub staff_comment: String,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct CohortCity {
    pub city_id: i64,
    pub name: String,
    pub country: String,
    pub side: String,
    pub applicant: String,
    pub group: usize,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct ProposedGroup {
    pub number: usize,
    pub cities: String,
    pub value: i64,
    pub reasons: Vec<String>,
    /// why the group cannot be confirmed as it is, if so
    pub problem: Option<String>,
}

/// `/pairings/calls/<id>/form`: staff form the cohort's pairs and trios.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct FormationPage {
    pub call_id: i64,
    pub title: String,
    pub cohort: Vec<CohortCity>,
    pub groups: Vec<ProposedGroup>,
    pub unplaced: Vec<String>,
    pub total: i64,
    /// "the best possible total" or how close to it
    pub quality: String,
    /// the arrangement shown differs from the proposal
    pub adjusted: bool,
    pub added: String,
    pub formed: Vec<PairingCard>,
}
