//! The pairing programme's calls for cities: the call's life cycle, who may
//! apply, the application form and its steps, the deadline rule, and the
//! review arithmetic (weighted rubric, ranking, outliers, balanced
//! assignment). No I/O.

use super::event::LocalTime;
use super::profile::{block, one_line, themes};
use super::{FieldError, Locale};
use crate::i18n::Msg;
use serde::{Deserialize, Serialize};
use std::collections::BTreeMap;

mod review;
pub use review::*;

#[cfg(test)]
mod tests;

pub const MAX_TITLE: usize = 160;
pub const MAX_CALL_TEXT: usize = 10_000;
pub const MAX_ANSWER: usize = 4_000;
pub const MAX_LINE: usize = 200;
/// At most this many thematic priorities per application.
pub const MAX_PRIORITIES: usize = 3;
pub const DEFAULT_MIN_POPULATION: i64 = 100_000;
/// Reviewers per application when staff balance the assignments.
pub const REVIEWERS_PER_APPLICATION: usize = 2;
/// A reviewer's mean further than this many points (on the 0–5 scale) from
/// the application's mean is flagged as an outlier.
pub const OUTLIER_POINTS: f64 = 1.5;
pub const MAX_SCORE: u8 = 5;

macro_rules! states {
    ($(#[$m:meta])* $name:ident, $field:literal { $($variant:ident => $code:literal, $label:ident);* $(;)? }) => {
        $(#[$m])*
        /// On the wire and in the database alike: its code.
        #[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
        pub enum $name { $(#[serde(rename = $code)] $variant),* }

        impl $name {
            pub const ALL: &'static [$name] = &[$($name::$variant),*];

            pub fn as_str(self) -> &'static str {
                match self { $($name::$variant => $code),* }
            }

            pub fn parse(raw: &str) -> Result<Self, FieldError> {
                match raw.trim() {
                    $($code => Ok($name::$variant),)*
                    _ => Err(FieldError::new($field, Msg::ErrChoice)),
                }
            }

            pub fn label(self) -> Msg {
                match self { $($name::$variant => Msg::$label),* }
            }
        }
    };
}

pub(crate) use states;

states!(
    /// draft → open → closed → decided; a closed call may reopen (the
    /// deadline was extended) and an open one go back to draft only while no
    /// one has applied (checked by the service).
    CallStatus, "status" {
        Draft => "draft", CallDraft;
        Open => "open", CallOpen;
        Closed => "closed", CallClosed;
        Decided => "decided", CallDecided;
    }
);

impl CallStatus {
    pub fn can_become(self, to: CallStatus) -> bool {
        use CallStatus::*;
        matches!(
            (self, to),
            (Draft, Open) | (Open, Draft) | (Open, Closed) | (Closed, Open) | (Closed, Decided)
        )
    }

    /// Whether visitors see the call.
    pub fn is_public(self) -> bool {
        self != CallStatus::Draft
    }
}

states!(
    /// An application's life: a draft is submitted, a submitted one can be
    /// reopened (back to draft) or withdrawn until the deadline; a withdrawn
    /// one can be taken up again as a draft.
    ApplicationStatus, "status" {
        Draft => "draft", AppDraft;
        Submitted => "submitted", AppSubmitted;
        Withdrawn => "withdrawn", AppWithdrawn;
    }
);

impl ApplicationStatus {
    pub fn can_become(self, to: ApplicationStatus) -> bool {
        use ApplicationStatus::*;
        matches!(
            (self, to),
            (Draft, Submitted)
                | (Submitted, Draft)
                | (Draft, Withdrawn)
                | (Submitted, Withdrawn)
                | (Withdrawn, Draft)
        )
    }
}

states!(
    /// Staff's decision on a submitted application.
    Decision, "decision" {
        Selected => "selected", DecisionSelected;
        Waitlisted => "waitlisted", DecisionWaitlisted;
        NotSelected => "not_selected", DecisionNotSelected;
    }
);

states!(
    /// A reviewer's part in one application.
    ReviewStatus, "status" {
        Assigned => "assigned", ReviewAssigned;
        Submitted => "submitted", ReviewSubmitted;
        Conflict => "conflict", ReviewConflict;
    }
);

impl ReviewStatus {
    pub fn can_become(self, to: ReviewStatus) -> bool {
        use ReviewStatus::*;
        // a submitted review can be corrected until staff decide (the service
        // checks the call's state); a declared conflict is final
        matches!(
            (self, to),
            (Assigned, Submitted) | (Submitted, Submitted) | (Assigned, Conflict)
        )
    }
}

/// A submission counts while the server's clock has not passed the deadline:
/// a submission in the deadline's own second is on time, one a second later
/// is not.
pub fn on_time(now: i64, deadline_at: i64) -> bool {
    now <= deadline_at
}

/// Why a city may not apply.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub enum Ineligible {
    Country,
    Population,
}

/// A city may apply when it is in one of the call's countries and has at
/// least the call's population (GeoNames' figure, or the official one a city
/// gave and staff confirmed).
pub fn eligibility(
    country: &str,
    population: i64,
    countries: &[String],
    min_population: i64,
) -> Result<(), Ineligible> {
    if !countries.iter().any(|c| c.eq_ignore_ascii_case(country)) {
        return Err(Ineligible::Country);
    }
    if population < min_population {
        return Err(Ineligible::Population);
    }
    Ok(())
}

/// "ca, US mx" → ["CA", "MX", "US"].
pub fn parse_countries(raw: &str) -> Result<Vec<String>, FieldError> {
    let mut v: Vec<String> = raw
        .split(|c: char| c == ',' || c.is_whitespace())
        .filter(|s| !s.is_empty())
        .map(|s| s.to_ascii_uppercase())
        .collect();
    if v.is_empty() {
        return Err(FieldError::new("countries", Msg::ErrRequired));
    }
    if v.iter()
        .any(|c| c.len() != 2 || !c.bytes().all(|b| b.is_ascii_uppercase()))
    {
        return Err(FieldError::new("countries", Msg::ErrCountryCodes));
    }
    v.sort();
    v.dedup();
    Ok(v)
}

/// A call's texts in one language.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct CallTexts {
    pub title: String,
    pub background: String,
    pub commitments: String,
    pub eligibility: String,
}

/// The call form as staff type it. Texts are indexed like `Locale::ALL`.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct CallForm {
    pub language: String,
    pub zone: String,
    pub opens: String,
    pub deadline: String,
    pub countries: String,
    pub min_population: String,
    #[serde(default)]
    pub themes: Vec<String>,
    #[serde(default)]
    pub title: Vec<String>,
    #[serde(default)]
    pub background: Vec<String>,
    #[serde(default)]
    pub commitments: Vec<String>,
    #[serde(default)]
    pub eligibility: Vec<String>,
    /// one criterion per line: "weight | English | French | Spanish"
    #[serde(default)]
    pub criteria: String,
    /// one question per line: "* English | French | Spanish" (* = required)
    #[serde(default)]
    pub questions: String,
}

/// A rubric criterion or an extra question, in three languages.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct CallItem {
    pub weight: i64,
    pub required: bool,
    pub text: [String; 3],
}

impl CallItem {
    pub fn text(&self, locale: Locale) -> &str {
        let i = locale_index(locale);
        if self.text[i].is_empty() {
            self.text.iter().find(|t| !t.is_empty()).map_or("", |t| t)
        } else {
            &self.text[i]
        }
    }
}

pub fn locale_index(locale: Locale) -> usize {
    Locale::ALL.iter().position(|l| *l == locale).unwrap_or(0)
}

/// A valid call, its times still wall-clock in its zone (the service turns
/// them into instants with the zone's rules).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CallDraft {
    pub language: Locale,
    pub zone: String,
    pub opens: LocalTime,
    pub deadline: LocalTime,
    pub countries: Vec<String>,
    pub min_population: i64,
    pub themes: Vec<String>,
    /// (language, texts) for each language with a title
    pub texts: Vec<(Locale, CallTexts)>,
    pub criteria: Vec<CallItem>,
    pub questions: Vec<CallItem>,
}

impl CallForm {
    pub fn validate(&self) -> Result<CallDraft, FieldError> {
        let language = Locale::from_code(self.language.trim())
            .filter(|_| self.language.trim().len() == 2)
            .ok_or(FieldError::new("language", Msg::ErrChoice))?;
        let zone = self.zone.trim().to_owned();
        if zone.is_empty() {
            return Err(FieldError::new("zone", Msg::ErrRequired));
        }
        let opens = LocalTime::parse("opens", &self.opens)?;
        let deadline = LocalTime::parse("deadline", &self.deadline)?;
        if deadline <= opens {
            return Err(FieldError::new("deadline", Msg::ErrDeadlineBeforeOpening));
        }
        let countries = parse_countries(&self.countries)?;
        let min_population = match self.min_population.trim() {
            "" => DEFAULT_MIN_POPULATION,
            raw => raw
                .replace([',', '.', ' ', '\u{a0}', '\u{202f}'], "")
                .parse::<i64>()
                .ok()
                .filter(|n| (0..=100_000_000).contains(n))
                .ok_or(FieldError::new("min_population", Msg::ErrNumber))?,
        };
        let mut texts = Vec::new();
        let text = |v: &[String], i: usize| v.get(i).cloned().unwrap_or_default();
        for (i, locale) in Locale::ALL.into_iter().enumerate() {
            let title = one_line(field_of("title", i), &text(&self.title, i), MAX_TITLE)?;
            let background = block(
                field_of("background", i),
                &text(&self.background, i),
                MAX_CALL_TEXT,
            )?;
            let commitments = block(
                field_of("commitments", i),
                &text(&self.commitments, i),
                MAX_CALL_TEXT,
            )?;
            let eligibility = block(
                field_of("eligibility", i),
                &text(&self.eligibility, i),
                MAX_CALL_TEXT,
            )?;
            if title.is_empty() {
                if !(background.is_empty() && commitments.is_empty() && eligibility.is_empty()) {
                    return Err(FieldError::new(field_of("title", i), Msg::ErrRequired));
                }
                continue;
            }
            texts.push((
                locale,
                CallTexts {
                    title,
                    background,
                    commitments,
                    eligibility,
                },
            ));
        }
        if !texts.iter().any(|(l, _)| *l == language) {
            return Err(FieldError::new(
                field_of("title", locale_index(language)),
                Msg::ErrCallOwnLanguage,
            ));
        }
        let themes = themes(&self.themes);
        if themes.is_empty() {
            return Err(FieldError::new("themes", Msg::ErrPickTheme));
        }
        let criteria = parse_items("criteria", &self.criteria, true)?;
        if criteria.is_empty() {
            return Err(FieldError::new("criteria", Msg::ErrRequired));
        }
        let questions = parse_items("questions", &self.questions, false)?;
        Ok(CallDraft {
            language,
            zone,
            opens,
            deadline,
            countries,
            min_population,
            themes,
            texts,
            criteria,
            questions,
        })
    }
}

/// The field name of a per-language text: `title_fr`.
pub fn field_of(base: &'static str, i: usize) -> &'static str {
    const NAMES: [[&str; 3]; 4] = [
        ["title_en", "title_fr", "title_es"],
        ["background_en", "background_fr", "background_es"],
        ["commitments_en", "commitments_fr", "commitments_es"],
        ["eligibility_en", "eligibility_fr", "eligibility_es"],
    ];
    let row = match base {
        "title" => 0,
        "background" => 1,
        "commitments" => 2,
        _ => 3,
    };
    NAMES[row][i.min(2)]
}

/// Criteria ("3 | Motivation | Motivation | Motivación") or questions
/// ("* Why now? | Pourquoi maintenant ? | ¿Por qué ahora?").
fn parse_items(
    field: &'static str,
    raw: &str,
    weighted: bool,
) -> Result<Vec<CallItem>, FieldError> {
    let mut out = Vec::new();
    for line in raw.lines().map(str::trim).filter(|l| !l.is_empty()) {
        let mut parts: Vec<&str> = line.split('|').map(str::trim).collect();
        let mut weight = 1;
        let mut required = false;
        if weighted {
            if parts.len() < 2 {
                return Err(FieldError::new(field, Msg::ErrCriterionLine));
            }
            weight = parts[0]
                .parse::<i64>()
                .ok()
                .filter(|w| (1..=100).contains(w))
                .ok_or(FieldError::new(field, Msg::ErrCriterionLine))?;
            parts.remove(0);
        } else if let Some(rest) = parts[0].strip_prefix('*') {
            required = true;
            parts[0] = rest.trim();
        }
        if parts.len() > 3 || parts[0].is_empty() {
            return Err(FieldError::new(
                field,
                if weighted {
                    Msg::ErrCriterionLine
                } else {
                    Msg::ErrQuestionLine
                },
            ));
        }
        let mut text: [String; 3] = Default::default();
        for (i, p) in parts.iter().enumerate() {
            text[i] = one_line(field, p, 300)?;
        }
        out.push(CallItem {
            weight,
            required,
            text,
        });
        if out.len() > 30 {
            return Err(FieldError::new(field, Msg::ErrTooLong));
        }
    }
    Ok(out)
}

/// Items back as the lines staff typed.
pub fn items_to_lines(items: &[CallItem], weighted: bool) -> String {
    items
        .iter()
        .map(|it| {
            let texts: Vec<&str> = it
                .text
                .iter()
                .map(String::as_str)
                .rev()
                .skip_while(|t| t.is_empty())
                .collect::<Vec<_>>()
                .into_iter()
                .rev()
                .collect();
            let body = texts.join(" | ");
            if weighted {
                format!("{} | {body}", it.weight)
            } else if it.required {
                format!("* {body}")
            } else {
                body
            }
        })
        .collect::<Vec<_>>()
        .join("\n")
}

/// The steps of the application form, in order.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub enum Step {
    #[serde(rename = "contacts")]
    Contacts,
    #[serde(rename = "motivation")]
    Motivation,
    #[serde(rename = "priorities")]
    Priorities,
    #[serde(rename = "experience")]
    Experience,
    #[serde(rename = "resources")]
    Resources,
    #[serde(rename = "partner")]
    Partner,
    #[serde(rename = "documents")]
    Documents,
    #[serde(rename = "questions")]
    Questions,
    #[serde(rename = "language")]
    Language,
}

impl Step {
    pub const ALL: [Step; 9] = [
        Step::Contacts,
        Step::Motivation,
        Step::Priorities,
        Step::Experience,
        Step::Resources,
        Step::Partner,
        Step::Documents,
        Step::Questions,
        Step::Language,
    ];

    pub fn as_str(self) -> &'static str {
        match self {
            Step::Contacts => "contacts",
            Step::Motivation => "motivation",
            Step::Priorities => "priorities",
            Step::Experience => "experience",
            Step::Resources => "resources",
            Step::Partner => "partner",
            Step::Documents => "documents",
            Step::Questions => "questions",
            Step::Language => "language",
        }
    }

    pub fn parse(raw: &str) -> Option<Step> {
        Step::ALL.into_iter().find(|s| s.as_str() == raw)
    }

    pub fn label(self) -> Msg {
        match self {
            Step::Contacts => Msg::StepContacts,
            Step::Motivation => Msg::StepMotivation,
            Step::Priorities => Msg::StepPriorities,
            Step::Experience => Msg::StepExperience,
            Step::Resources => Msg::StepResources,
            Step::Partner => Msg::StepPartner,
            Step::Documents => Msg::StepDocuments,
            Step::Questions => Msg::StepQuestions,
            Step::Language => Msg::StepLanguage,
        }
    }

    pub fn next(self) -> Option<Step> {
        let i = Step::ALL.iter().position(|s| *s == self)?;
        Step::ALL.get(i + 1).copied()
    }

    pub fn previous(self) -> Option<Step> {
        let i = Step::ALL.iter().position(|s| *s == self)?;
        i.checked_sub(1).and_then(|i| Step::ALL.get(i).copied())
    }
}

/// What an application says, saved as one JSON object with every step. A
/// draft may be incomplete; [`Answers::missing`] says what submission needs.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default)]
pub struct Answers {
    pub mayor_office: String,
    pub coordinator_name: String,
    pub coordinator_email: String,
    pub department: String,
    pub motivation: String,
    pub challenges: String,
    pub priorities: Vec<String>,
    pub sdgs: Vec<u8>,
    pub experience: String,
    pub staff_time: String,
    pub budget: String,
    pub partner: String,
    /// extra question id → answer
    pub extra: BTreeMap<String, String>,
}

/// One step's fields as the form posts them (any may be absent: a step only
/// posts its own).
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default)]
pub struct StepForm {
    pub mayor_office: String,
    pub coordinator_name: String,
    pub coordinator_email: String,
    pub department: String,
    pub motivation: String,
    pub challenges: String,
    pub priorities: Vec<String>,
    pub sdgs: Vec<String>,
    pub experience: String,
    pub staff_time: String,
    pub budget: String,
    pub partner: String,
    pub extra: BTreeMap<String, String>,
    pub language: String,
}

impl Answers {
    /// Takes one step's fields into the draft. Drafts keep whatever was
    /// typed within the length limits (nothing typed is lost to a rule that
    /// only submission enforces); too long or control characters are refused
    /// beside the field.
    pub fn apply(&mut self, step: Step, f: &StepForm) -> Result<(), FieldError> {
        match step {
            Step::Contacts => {
                self.mayor_office = one_line("mayor_office", &f.mayor_office, MAX_LINE)?;
                self.coordinator_name =
                    one_line("coordinator_name", &f.coordinator_name, MAX_LINE)?;
                self.coordinator_email =
                    one_line("coordinator_email", &f.coordinator_email, MAX_LINE)?;
                self.department = one_line("department", &f.department, MAX_LINE)?;
            }
            Step::Motivation => {
                self.motivation = block("motivation", &f.motivation, MAX_ANSWER)?;
                self.challenges = block("challenges", &f.challenges, MAX_ANSWER)?;
            }
            Step::Priorities => {
                let picked = themes(&f.priorities);
                if picked.len() > MAX_PRIORITIES {
                    return Err(FieldError::new("priorities", Msg::ErrTooManyPriorities));
                }
                self.priorities = picked;
                let mut sdgs: Vec<u8> = f
                    .sdgs
                    .iter()
                    .filter_map(|s| s.trim().parse::<u8>().ok())
                    .filter(|n| (1..=17).contains(n))
                    .collect();
                sdgs.sort_unstable();
                sdgs.dedup();
                self.sdgs = sdgs;
            }
            Step::Experience => {
                self.experience = block("experience", &f.experience, MAX_ANSWER)?;
            }
            Step::Resources => {
                self.staff_time = block("staff_time", &f.staff_time, MAX_ANSWER)?;
                self.budget = block("budget", &f.budget, MAX_ANSWER)?;
            }
            Step::Partner => {
                self.partner = block("partner", &f.partner, MAX_ANSWER)?;
            }
            Step::Questions => {
                for (k, v) in &f.extra {
                    if k.len() > 12 || !k.bytes().all(|b| b.is_ascii_digit()) {
                        continue;
                    }
                    let v = block("extra", v, MAX_ANSWER)?;
                    self.extra.insert(k.clone(), v);
                }
            }
            // uploads and the language are saved by their own paths
            Step::Documents | Step::Language => {}
        }
        Ok(())
    }

    /// What submission still needs, per step, each with its field and
    /// message. `required_questions` are the ids of the call's required extra
    /// questions; `files` says which kinds of document are attached.
    pub fn missing(
        &self,
        required_questions: &[i64],
        has_endorsement: bool,
    ) -> Vec<(Step, &'static str, Msg)> {
        let mut out = Vec::new();
        let mut need = |step, field, empty: bool| {
            if empty {
                out.push((step, field, Msg::ErrRequired));
            }
        };
        need(Step::Contacts, "mayor_office", self.mayor_office.is_empty());
        need(
            Step::Contacts,
            "coordinator_name",
            self.coordinator_name.is_empty(),
        );
        need(
            Step::Contacts,
            "coordinator_email",
            self.coordinator_email.is_empty(),
        );
        need(Step::Motivation, "motivation", self.motivation.is_empty());
        need(Step::Motivation, "challenges", self.challenges.is_empty());
        need(Step::Experience, "experience", self.experience.is_empty());
        need(Step::Resources, "staff_time", self.staff_time.is_empty());
        need(Step::Resources, "budget", self.budget.is_empty());
        if !self.coordinator_email.is_empty()
            && super::Email::parse(&self.coordinator_email).is_err()
        {
            out.push((Step::Contacts, "coordinator_email", Msg::ErrEmailInvalid));
        }
        if self.priorities.is_empty() {
            out.push((Step::Priorities, "priorities", Msg::ErrPickTheme));
        }
        if !has_endorsement {
            out.push((Step::Documents, "endorsement", Msg::ErrEndorsementMissing));
        }
        for id in required_questions {
            if self
                .extra
                .get(&id.to_string())
                .is_none_or(|a| a.trim().is_empty())
            {
                out.push((Step::Questions, "extra", Msg::ErrRequired));
            }
        }
        out.sort_by_key(|(s, _, _)| Step::ALL.iter().position(|x| x == s));
        out
    }
}

/// "IUC-2027-0042": the call's year, the application id.
pub fn reference(call_id: i64, year: i32, application_id: i64) -> String {
    format!("TDM-{year}-{call_id}-{application_id:04}")
}
