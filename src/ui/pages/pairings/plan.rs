//! The action plan (U-CAP): `/pairing/<id>/plan` (objectives, actions,
//! pilot projects, progress, submission and staff's decision, progress
//! reports, exports; printable) and an action's form
//! (`/pairing/<id>/plan/actions/<action>`, `new` for a new one).

use super::{AnyError, PostNotice};
use crate::dto::{ActionView, PlanPage};
use crate::i18n::Msg;
use crate::server_fns::pairings::{
    get_action_editor, get_plan, CommentAction, DecidePlan, DeleteAction, DeleteObjective,
    ReviewReport, SaveAction, SaveObjective, SubmitPlan, SubmitReport,
};
use crate::ui::components::form::{action_error, set_status, FieldError, FormAlert, TextArea};
use crate::ui::i18n::{t, use_locale};
use leptos::prelude::*;
use leptos_meta::Title;
use leptos_router::hooks::{use_params_map, use_query_map};

fn kept(key: &str, default: &str) -> String {
    use_query_map()
        .read_untracked()
        .get(key)
        .unwrap_or_else(|| default.to_owned())
}

/// An action with its pilot projects (a plain function returning
/// `AnyView`: it calls itself for the pilots).
fn action_card(
    a: ActionView,
    pairing: i64,
    can_edit: bool,
    staff: bool,
    comment: ServerAction<CommentAction>,
) -> AnyView {
    let locale = use_locale();
    let edit = format!("/pairing/{pairing}/plan/actions/{}", a.id);
    let add_pilot = format!("/pairing/{pairing}/plan/actions/new?parent={}", a.id);
    let anchor = format!("action-{}", a.id);
    view! {
        <li class="action" id=anchor>
            <h3>
                {a.pilot.then(|| view! { <span class="badge">{t(Msg::PilotProject)}</span>" " })}
                {a.title.clone()}
            </h3>
            {a.language_note.clone().map(|n| view! { <p class="hint">{n}</p> })}
            <p>
                <span class="badge">{a.status.clone()}</span>" "
                <label>{t(Msg::ActionProgress)}" "<progress max="100" value=a.progress>{format!("{} %", a.progress)}</progress>" "{format!("{} %", a.progress)}</label>
                " · "{Msg::WeightIs.fill(locale, &[("weight", &a.weight.to_string())])}
                {(!a.public).then(|| view! { " · "<span class="badge">{t(Msg::TeamOnly)}</span> })}
            </p>
            <div class="prose" inner_html=a.description.clone()></div>
            <dl class="facts">
                {(!a.lead.is_empty()).then(|| view! { <dt>{t(Msg::ActionLead)}</dt><dd>{a.lead.clone()}</dd> })}
                {(!a.partners.is_empty()).then(|| view! { <dt>{t(Msg::ActionPartners)}</dt><dd>{a.partners.clone()}</dd> })}
                {(!a.dates.is_empty()).then(|| view! { <dt>{t(Msg::ActionDates)}</dt><dd>{a.dates.clone()}</dd> })}
                {(!a.budget.is_empty()).then(|| view! { <dt>{t(Msg::ActionBudget)}</dt><dd>{a.budget.clone()}</dd> })}
                {(!a.sdgs.is_empty()).then(|| view! { <dt>{t(Msg::SdgsLabel)}</dt><dd>{a.sdgs.join(" · ")}</dd> })}
                {(!a.frameworks.is_empty()).then(|| view! { <dt>{t(Msg::ActionFrameworks)}</dt><dd>{a.frameworks.join(" · ")}</dd> })}
            </dl>
            {(!a.indicators.is_empty()).then(|| view! {
                <table class="indicators">
                    <caption>{t(Msg::Indicators)}</caption>
                    <thead><tr><th scope="col">{t(Msg::IndicatorName)}</th><th scope="col">{t(Msg::IndicatorBaseline)}</th><th scope="col">{t(Msg::IndicatorTarget)}</th><th scope="col">{t(Msg::IndicatorCurrent)}</th></tr></thead>
                    <tbody>
                        {a.indicators.iter().map(|i| view! {
                            <tr>
                                <th scope="row">{format!("{} ({})", i.name, i.unit)}</th>
                                <td>{i.baseline.clone()}</td>
                                <td>{i.target.clone()}</td>
                                <td>{i.current.clone()}{i.reached.map(|r| format!(" — {r} %"))}</td>
                            </tr>
                        }).collect_view()}
                    </tbody>
                </table>
            })}
            {(!a.staff_comment.is_empty()).then(|| view! { <p class="notice"><strong>{t(Msg::StaffComment)}": "</strong>{a.staff_comment.clone()}</p> })}
            {can_edit.then(|| view! {
                <p class="no-print"><a href=edit>{t(Msg::Edit)}</a>{(!a.pilot).then(|| view! { " · "<a href=add_pilot>{t(Msg::PilotAdd)}</a> })}</p>
            })}
            {staff.then(|| {
                let fid = format!("f-comment-{}", a.id);
                view! {
                    <ActionForm action=comment attr:class="inline-form no-print">
                        <input type="hidden" name="id" value=pairing />
                        <input type="hidden" name="action" value=a.id />
                        <label for=fid.clone()>{t(Msg::StaffComment)}</label>
                        <input id=fid name="comment" value=a.staff_comment.clone() />
                        <button type="submit" class="button secondary">{t(Msg::SaveChanges)}</button>
                    </ActionForm>
                }
            })}
            {(!a.pilots.is_empty()).then(|| view! {
                <ul class="pilots">
                    {a.pilots.clone().into_iter().map(|p| action_card(p, pairing, can_edit, staff, comment)).collect_view()}
                </ul>
            })}
        </li>
    }
    .into_any()
}

#[component]
pub fn PlanPageView() -> impl IntoView {
    let locale = use_locale();
    let id = crate::ui::pages::use_id_param();
    let data = Resource::new(move || id.get(), get_plan);
    let objective = ServerAction::<SaveObjective>::new();
    let delete_objective = ServerAction::<DeleteObjective>::new();
    let submit = ServerAction::<SubmitPlan>::new();
    let decide = ServerAction::<DecidePlan>::new();
    let comment = ServerAction::<CommentAction>::new();
    let report = ServerAction::<SubmitReport>::new();
    let review = ServerAction::<ReviewReport>::new();
    let other = Signal::derive(move || {
        action_error(submit)
            .get()
            .or(action_error(delete_objective).get())
            .or(action_error(comment).get())
            .or(action_error(review).get())
            .or(action_error(decide).get().filter(|e| e.field().is_none()))
            .or(action_error(report).get().filter(|e| e.field().is_none()))
    });
    view! {
        <section class="page plan-page">
            <Transition fallback=|| view! { <p class="loading">{t(Msg::Loading)}</p> }>
                {move || Suspend::new(async move {
                    match data.await {
                        Ok(p) => plan_view(p, locale, objective, delete_objective, submit, decide, comment, report, review, other).into_any(),
                        Err(e) => {
                            set_status(&e);
                            view! {
                                <Title text=t(Msg::PlanTitle) />
                                <h1>{t(Msg::PlanTitle)}</h1>
                                <p class="alert" role="alert">{e.message(locale)}</p>
                                <p><a href="/pairings">{t(Msg::NavPairings)}</a></p>
                            }.into_any()
                        }
                    }
                })}
            </Transition>
        </section>
    }
}

#[allow(clippy::too_many_arguments)]
fn plan_view(
    p: PlanPage,
    locale: crate::domain::Locale,
    objective: ServerAction<SaveObjective>,
    delete_objective: ServerAction<DeleteObjective>,
    submit: ServerAction<SubmitPlan>,
    decide: ServerAction<DecidePlan>,
    comment: ServerAction<CommentAction>,
    report: ServerAction<SubmitReport>,
    review: ServerAction<ReviewReport>,
    other: Signal<Option<crate::error::AppError>>,
) -> impl IntoView {
    let pid = p.card.id;
    let space = format!("/pairing/{pid}/space");
    let new_action = format!("/pairing/{pid}/plan/actions/new");
    let objective_error = action_error(objective);
    let decide_error = action_error(decide);
    let report_error = action_error(report);
    let can_edit = p.can_edit;
    let staff = p.staff;
    view! {
        <Title text=format!("{} — {}", p.card.title, t(Msg::PlanTitle)) />
        <p class="no-print"><a href="/pairings">{t(Msg::NavPairings)}</a>" · "<a href=space>{t(Msg::PairingSpace)}</a></p>
        <h1>{t(Msg::PlanTitle)}": "{p.card.title.clone()}</h1>
        <PostNotice />
        <AnyError error=other />
        <p>
            <span class=format!("badge plan-{}", p.status)>{p.status_label.clone()}</span>" "
            {p.progress.map(|v| view! {
                <label>{t(Msg::PlanProgress)}" "<progress max="100" value=v>{format!("{v} %")}</progress>" "{format!("{v} %")}</label>
            })}
        </p>
        <p class="hint">{t(Msg::PlanWeightsHint)}</p>
        <p class="no-print">
            <a href=format!("/pairing/{pid}/plan.csv")>"CSV"</a>" · "<a href=format!("/pairing/{pid}/plan.json")>"JSON"</a>" · "{t(Msg::PrintHint)}
        </p>
        {p.objectives.clone().into_iter().map(|o| {
            let oid = o.id;
            view! {
                <section class="objective" id=format!("objective-{oid}")>
                    <h2>{o.title.clone()}</h2>
                    <p class="hint">
                        {match o.progress {
                            Some(v) => Msg::ObjectiveProgress.fill(locale, &[("progress", &v.to_string()), ("weight", &o.weight.to_string())]),
                            None => Msg::WeightIs.fill(locale, &[("weight", &o.weight.to_string())]),
                        }}
                    </p>
                    <ul class="actions-list">
                        {o.actions.clone().into_iter().map(|a| action_card(a, pid, can_edit, staff, comment)).collect_view()}
                    </ul>
                    {can_edit.then(|| view! {
                        <details class="no-print">
                            <summary>{t(Msg::ObjectiveEdit)}</summary>
                            <ActionForm action=objective attr:class="inline-form">
                                <input type="hidden" name="id" value=pid />
                                <input type="hidden" name="objective" value=oid />
                                <label for=format!("f-o{oid}-title")>{t(Msg::ObjectiveTitle)}</label>
                                <input id=format!("f-o{oid}-title") name="form[title]" value=o.title.clone() />
                                <label for=format!("f-o{oid}-weight")>{t(Msg::Weight)}</label>
                                <input id=format!("f-o{oid}-weight") name="form[weight]" type="number" min="1" max="10" value=o.weight />
                                <button type="submit" class="button secondary">{t(Msg::SaveChanges)}</button>
                            </ActionForm>
                            <ActionForm action=delete_objective attr:class="inline">
                                <input type="hidden" name="id" value=pid />
                                <input type="hidden" name="objective" value=oid />
                                <button type="submit" class="link danger">{t(Msg::ObjectiveRemove)}</button>
                            </ActionForm>
                        </details>
                    })}
                </section>
            }
        }).collect_view()}
        {p.objectives.is_empty().then(|| view! { <p>{t(Msg::PlanEmpty)}</p> })}
        {can_edit.then(|| view! {
            <section class="no-print">
                {(!p.objectives.is_empty()).then(|| view! { <p><a class="button" href=new_action.clone()>{t(Msg::ActionAdd)}</a></p> })}
                <ActionForm action=objective attr:class="inline-form" attr:novalidate=true>
                    <input type="hidden" name="id" value=pid />
                    <input type="hidden" name="objective" value="0" />
                    <label for="f-title">{t(Msg::ObjectiveAdd)}</label>
                    <input id="f-title" name="form[title]" value=kept("o_title", "") />
                    <label for="f-weight">{t(Msg::Weight)}</label>
                    <input id="f-weight" name="form[weight]" type="number" min="1" max="10" value=kept("o_weight", "1") />
                    <button type="submit" class="button secondary">{t(Msg::ObjectiveAdd)}</button>
                    <FieldError name="title" error=objective_error />
                    <FieldError name="weight" error=objective_error />
                </ActionForm>
                <ActionForm action=submit attr:class="inline">
                    <input type="hidden" name="id" value=pid />
                    <button type="submit" class="button">{t(Msg::PlanSubmit)}</button>
                </ActionForm>
            </section>
        })}
        {(staff && p.status == "submitted").then(|| view! {
            <section class="no-print staff-decision">
                <h2>{t(Msg::PlanDecide)}</h2>
                <ActionForm action=decide attr:class="stacked" attr:novalidate=true>
                    <input type="hidden" name="id" value=pid />
                    <div class="field">
                        <label for="f-note">{t(Msg::PlanDecisionNote)}</label>
                        <TextArea value=kept("note", "") {..} id="f-note" name="note" rows="3" />
                        <FieldError name="note" error=decide_error />
                    </div>
                    <button type="submit" name="decision" value="approve" class="button">{t(Msg::PlanApprove)}</button>" "
                    <button type="submit" name="decision" value="return" class="button secondary">{t(Msg::PlanReturn)}</button>
                </ActionForm>
            </section>
        })}
        <section>
            <h2>{t(Msg::ProgressReports)}</h2>
            {p.report_due.clone().map(|(period, body)| view! {
                <ActionForm action=report attr:class="stacked no-print" attr:novalidate=true>
                    <input type="hidden" name="id" value=pid />
                    <input type="hidden" name="period" value=period />
                    <div class="field">
                        <label for="f-report">{Msg::ReportPeriod.fill(locale, &[("n", &period.to_string())])}</label>
                        <TextArea value=kept("body", &body) {..} id="f-report" name="body" rows="12" />
                        <FieldError name="body" error=report_error />
                    </div>
                    <button type="submit" class="button">{t(Msg::ReportSubmit)}</button>
                </ActionForm>
            })}
            {p.reports.is_empty().then(|| view! { <p class="hint">{t(Msg::ReportsNone)}</p> })}
            {p.reports.clone().into_iter().map(|r| {
                let period = r.period;
                view! {
                    <article class="report">
                        <h3>{r.label.clone()}</h3>
                        <p class="hint">{r.submitted.clone()}</p>
                        <div class="prose" inner_html=r.body.clone()></div>
                        {(!r.review.is_empty()).then(|| view! { <p class="notice">{r.review.clone()}</p> })}
                        {(staff && !r.reviewed).then(|| view! {
                            <ActionForm action=review attr:class="inline-form no-print">
                                <input type="hidden" name="id" value=pid />
                                <input type="hidden" name="period" value=period />
                                <label for=format!("f-review-{period}")>{t(Msg::StaffComment)}</label>
                                <input id=format!("f-review-{period}") name="note" />
                                <button type="submit" class="button secondary">{t(Msg::ReportReviewed)}</button>
                            </ActionForm>
                        })}
                    </article>
                }
            }).collect_view()}
        </section>
        {(!p.versions.is_empty()).then(|| view! {
            <section>
                <h2>{t(Msg::PlanVersions)}</h2>
                <ul class="plain">
                    {p.versions.iter().map(|v| view! {
                        <li>{Msg::PlanVersionN.fill(locale, &[("n", &v.number.to_string())])}" · "<span class="badge">{v.status.clone()}</span>" · "{v.submitted.clone()}
                            {(!v.decided.is_empty()).then(|| format!(" · {}", v.decided))}
                            {(!v.note.is_empty()).then(|| view! { <br /><q>{v.note.clone()}</q> })}
                        </li>
                    }).collect_view()}
                </ul>
            </section>
        })}
    }
}

/// `/pairing/<id>/plan/actions/<action>` (`new`, with `?parent=` for a
/// pilot project).
#[component]
pub fn ActionEditPage() -> impl IntoView {
    let locale = use_locale();
    let params = use_params_map();
    let q = use_query_map();
    let key = move || {
        let p = params.read();
        let id = p.get("id").and_then(|v| v.parse::<i64>().ok()).unwrap_or(0);
        let action = p
            .get("action")
            .and_then(|v| v.parse::<i64>().ok())
            .unwrap_or(0);
        let parent = q
            .read()
            .get("parent")
            .and_then(|v| v.parse::<i64>().ok())
            .unwrap_or(0);
        (id, action, parent)
    };
    let data = Resource::new(key, |(id, action, parent)| {
        get_action_editor(id, action, parent)
    });
    let save = ServerAction::<SaveAction>::new();
    let delete = ServerAction::<DeleteAction>::new();
    let error = Signal::derive(move || action_error(save).get().or(action_error(delete).get()));
    view! {
        <section class="page action-edit">
            <Transition fallback=|| view! { <p class="loading">{t(Msg::Loading)}</p> }>
                {move || Suspend::new(async move {
                    match data.await {
                        Ok(ed) => {
                            let pid = ed.pairing.id;
                            let f = ed.form.clone();
                            let plan = format!("/pairing/{pid}/plan");
                            let is_pilot = !f.parent.is_empty();
                            let heading = t(if ed.action_id == 0 { if is_pilot { Msg::PilotAdd } else { Msg::ActionAdd } } else { Msg::ActionEdit });
                            let k = |key: &str, v: &str| kept(&format!("k_{key}"), v);
                            view! {
                                <Title text=format!("{heading} — {}", ed.pairing.title) />
                                <p><a href=plan>{t(Msg::PlanTitle)}": "{ed.pairing.title.clone()}</a></p>
                                <h1>{heading}</h1>
                                {(!ed.staff_comment.is_empty()).then(|| view! { <p class="notice"><strong>{t(Msg::StaffComment)}": "</strong>{ed.staff_comment.clone()}</p> })}
                                <ActionForm action=save attr:class="stacked action-form" attr:novalidate=true>
                                    <FormAlert error />
                                    <input type="hidden" name="id" value=pid />
                                    <input type="hidden" name="action" value=ed.action_id />
                                    <input type="hidden" name="version" value=ed.version />
                                    <div class="field">
                                        <label for="f-objective">{t(Msg::Objective)}</label>
                                        <select id="f-objective" name="form[objective]">
                                            {ed.objectives.iter().map(|o| { let s = o.value == f.objective; view! { <option value=o.value.clone() selected=s>{o.label.clone()}</option> } }).collect_view()}
                                        </select>
                                        <FieldError name="objective" error />
                                    </div>
                                    <div class="field">
                                        <label for="f-parent">{t(Msg::PilotOf)}</label>
                                        <select id="f-parent" name="form[parent]">
                                            <option value="">{t(Msg::NotAPilot)}</option>
                                            {ed.parents.iter().map(|o| { let s = o.value == f.parent; view! { <option value=o.value.clone() selected=s>{o.label.clone()}</option> } }).collect_view()}
                                        </select>
                                        <FieldError name="parent" error />
                                    </div>
                                    <p class="hint">{t(Msg::ActionLanguagesHint)}</p>
                                    <FieldError name="title" error />
                                    {crate::domain::Locale::ALL.iter().enumerate().map(|(i, l)| {
                                        let code = l.code();
                                        let title_field = crate::domain::call::field_of("title", i);
                                        let text_field = crate::domain::call::field_of("description", i);
                                        view! {
                                            <fieldset class="texts" lang=code>
                                                <legend>{l.native_name()}</legend>
                                                <div class="field">
                                                    <label for=format!("f-title-{code}")>{t(Msg::ActionTitle)}</label>
                                                    <input id=format!("f-title-{code}") name=format!("form[title][{i}]") maxlength="200" value=k(&format!("title_{i}"), f.title.get(i).map_or("", String::as_str)) />
                                                    <FieldError name=title_field error />
                                                </div>
                                                <div class="field">
                                                    <label for=format!("f-description-{code}")>{t(Msg::ActionDescription)}</label>
                                                    <TextArea value=k(&format!("description_{i}"), f.description.get(i).map_or("", String::as_str)) {..} id=format!("f-description-{code}") name=format!("form[description][{i}]") rows="4" />
                                                    <FieldError name=text_field error />
                                                </div>
                                            </fieldset>
                                        }
                                    }).collect_view()}
                                    <div class="field">
                                        <label for="f-lead_city">{t(Msg::ActionLeadCity)}</label>
                                        <select id="f-lead_city" name="form[lead_city]">
                                            <option value="">"—"</option>
                                            {ed.cities.iter().map(|o| { let s = o.value == f.lead_city; view! { <option value=o.value.clone() selected=s>{o.label.clone()}</option> } }).collect_view()}
                                        </select>
                                    </div>
                                    <div class="field">
                                        <label for="f-department">{t(Msg::ActionDepartment)}</label>
                                        <input id="f-department" name="form[department]" value=k("department", &f.department) />
                                        <FieldError name="department" error />
                                    </div>
                                    <div class="field">
                                        <label for="f-partners">{t(Msg::ActionPartners)}</label>
                                        <input id="f-partners" name="form[partners]" value=k("partners", &f.partners) />
                                        <FieldError name="partners" error />
                                    </div>
                                    <fieldset class="choices sdg-choices" id="f-sdgs">
                                        <legend>{t(Msg::SdgsLabel)}</legend>
                                        {ed.sdgs.iter().enumerate().map(|(i, c)| {
                                            let fid = format!("f-sdg-{}", c.value);
                                            let on = f.sdgs.contains(&c.value);
                                            view! { <label class="check" for=fid.clone()><input type="checkbox" id=fid.clone() name=format!("form[sdgs][{i}]") value=c.value.clone() checked=on />{c.label.clone()}</label> }
                                        }).collect_view()}
                                    </fieldset>
                                    <fieldset class="choices" id="f-frameworks">
                                        <legend>{t(Msg::ActionFrameworks)}</legend>
                                        {ed.frameworks.iter().enumerate().map(|(i, c)| {
                                            let fid = format!("f-framework-{}", c.value);
                                            let on = f.frameworks.contains(&c.value);
                                            view! { <label class="check" for=fid.clone()><input type="checkbox" id=fid.clone() name=format!("form[frameworks][{i}]") value=c.value.clone() checked=on />{c.label.clone()}</label> }
                                        }).collect_view()}
                                    </fieldset>
                                    <fieldset id="f-indicators">
                                        <legend>{t(Msg::Indicators)}</legend>
                                        <p class="hint">{t(Msg::IndicatorsHint)}</p>
                                        <FieldError name="indicators" error />
                                        {(0..(f.ind_name.len() + 1).clamp(2, 6)).map(|r| {
                                            let get = |v: &Vec<String>| v.get(r).cloned().unwrap_or_default();
                                            let cell = |col: &'static str, label: Msg, value: String, kind: &'static str| {
                                                let fid = format!("f-ind-{col}-{r}");
                                                view! {
                                                    <div class="field">
                                                        <label for=fid.clone()>{t(label)}</label>
                                                        <input id=fid type=kind inputmode=if kind == "text" && col != "name" && col != "unit" { "decimal" } else { "text" } name=format!("form[ind_{col}][{r}]") value=value />
                                                    </div>
                                                }
                                            };
                                            view! {
                                                <div class="indicator-row" role="group" aria-label=Msg::IndicatorN.fill(locale, &[("n", &(r + 1).to_string())])>
                                                    {cell("name", Msg::IndicatorName, get(&f.ind_name), "text")}
                                                    {cell("unit", Msg::IndicatorUnit, get(&f.ind_unit), "text")}
                                                    {cell("baseline", Msg::IndicatorBaseline, get(&f.ind_baseline), "text")}
                                                    {cell("target", Msg::IndicatorTarget, get(&f.ind_target), "text")}
                                                    {cell("current", Msg::IndicatorCurrent, get(&f.ind_current), "text")}
                                                    {cell("measured_on", Msg::IndicatorMeasuredOn, get(&f.ind_measured_on), "date")}
                                                </div>
                                            }
                                        }).collect_view()}
                                    </fieldset>
                                    <div class="field-row">
                                        <div class="field">
                                            <label for="f-budget_amount">{t(Msg::BudgetAmount)}</label>
                                            <input id="f-budget_amount" name="form[budget_amount]" inputmode="decimal" value=k("budget_amount", &f.budget_amount) />
                                            <FieldError name="budget_amount" error />
                                        </div>
                                        <div class="field">
                                            <label for="f-budget_currency">{t(Msg::BudgetCurrency)}</label>
                                            <input id="f-budget_currency" name="form[budget_currency]" maxlength="3" value=k("budget_currency", &f.budget_currency) />
                                            <FieldError name="budget_currency" error />
                                        </div>
                                        <div class="field">
                                            <label for="f-budget_source">{t(Msg::BudgetSource)}</label>
                                            <input id="f-budget_source" name="form[budget_source]" value=k("budget_source", &f.budget_source) />
                                        </div>
                                    </div>
                                    <div class="field-row">
                                        <div class="field">
                                            <label for="f-starts_on">{t(Msg::ActionStarts)}</label>
                                            <input id="f-starts_on" type="date" name="form[starts_on]" value=k("starts_on", &f.starts_on) />
                                            <FieldError name="starts_on" error />
                                        </div>
                                        <div class="field">
                                            <label for="f-ends_on">{t(Msg::ActionEnds)}</label>
                                            <input id="f-ends_on" type="date" name="form[ends_on]" value=k("ends_on", &f.ends_on) />
                                            <FieldError name="ends_on" error />
                                        </div>
                                    </div>
                                    <div class="field-row">
                                        <div class="field">
                                            <label for="f-status">{t(Msg::ActionStatusLabel)}</label>
                                            <select id="f-status" name="form[status]">
                                                {ed.statuses.iter().map(|o| { let s = o.value == f.status; view! { <option value=o.value.clone() selected=s>{o.label.clone()}</option> } }).collect_view()}
                                            </select>
                                        </div>
                                        <div class="field">
                                            <label for="f-progress">{t(Msg::ActionProgress)}" (%)"</label>
                                            <input id="f-progress" type="number" min="0" max="100" name="form[progress]" value=k("progress", &f.progress) />
                                            <FieldError name="progress" error />
                                        </div>
                                        <div class="field">
                                            <label for="f-weight">{t(Msg::Weight)}</label>
                                            <input id="f-weight" type="number" min="1" max="10" name="form[weight]" value=k("weight", &f.weight) />
                                            <FieldError name="weight" error />
                                        </div>
                                    </div>
                                    <label class="check" for="f-public"><input type="checkbox" id="f-public" name="form[public]" checked=f.public.is_some() />{t(Msg::ShowPublicly)}</label>
                                    <button type="submit" class="button">{t(Msg::SaveChanges)}</button>
                                </ActionForm>
                                {(ed.action_id > 0).then(|| view! {
                                    <ActionForm action=delete attr:class="inline">
                                        <input type="hidden" name="id" value=pid />
                                        <input type="hidden" name="action" value=ed.action_id />
                                        <button type="submit" class="link danger">{t(Msg::ActionRemove)}</button>
                                    </ActionForm>
                                })}
                            }.into_any()
                        }
                        Err(e) => {
                            set_status(&e);
                            view! {
                                <Title text=t(Msg::PlanTitle) />
                                <h1>{t(Msg::PlanTitle)}</h1>
                                <p class="alert" role="alert">{e.message(locale)}</p>
                            }.into_any()
                        }
                    }
                })}
            </Transition>
        </section>
    }
}
