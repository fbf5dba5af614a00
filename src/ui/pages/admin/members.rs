//! Administrators promote members to organizer (and back).

use crate::domain::Role;
use crate::dto::MemberRow;
use crate::i18n::Msg;
use crate::server_fns::admin::{list_members, SetRole};
use crate::ui::components::form::{action_error, query_notice, FormAlert};
use crate::ui::i18n::{t, use_locale};
use leptos::prelude::*;
use leptos_meta::Title;
use leptos_router::hooks::use_query_map;

#[component]
pub fn AdminMembersPage() -> impl IntoView {
    let locale = use_locale();
    let set_role = ServerAction::<SetRole>::new();
    let error = action_error(set_role);
    let q = use_query_map();
    let page = Memo::new(move |_| {
        q.read()
            .get("page")
            .and_then(|p| p.parse::<i64>().ok())
            .unwrap_or(0)
    });
    let members = Resource::new(
        move || (page.get(), set_role.version().get()),
        |(p, _)| list_members(p),
    );
    let saved_before = query_notice().as_deref() == Some("role");
    let saved = move || saved_before || set_role.value().get().is_some_and(|r| r.is_ok());
    view! {
        <Title text=t(Msg::AdminMembersTitle) />
        <section class="page">
            <h1>{t(Msg::AdminMembersTitle)}</h1>
            <p class="lead">{t(Msg::AdminMembersLead)}</p>
            <FormAlert error />
            {move || saved().then(|| view! { <p class="notice" role="status">{t(Msg::RoleSaved)}</p> })}
            <Transition fallback=|| view! { <p class="loading">{t(Msg::Loading)}</p> }>
                {move || Suspend::new(async move {
                    match members.await {
                        Ok(list) => {
                            let (page, pages) = (list.page, list.pages);
                            view! {
                                <div class="table-wrap">
                                    <table>
                                        <thead>
                                            <tr>
                                                <th scope="col">{t(Msg::ColName)}</th>
                                                <th scope="col">{t(Msg::ColEmail)}</th>
                                                <th scope="col">{t(Msg::ColConfirmed)}</th>
                                                <th scope="col">{t(Msg::ColRole)}</th>
                                            </tr>
                                        </thead>
                                        <tbody>
                                            {list
                                                .members
                                                .into_iter()
                                                .map(|m| view! { <MemberRowView member=m set_role /> })
                                                .collect_view()}
                                        </tbody>
                                    </table>
                                </div>
                                <nav class="pager" aria-label=t(Msg::AdminMembersTitle)>
                                    {(page > 0).then(|| view! { <a href=format!("?page={}", page - 1)>{t(Msg::PreviousPage)}</a> })}
                                    {(page + 1 < pages).then(|| view! { <a href=format!("?page={}", page + 1)>{t(Msg::NextPage)}</a> })}
                                </nav>
                            }
                                .into_any()
                        }
                        Err(e) => view! { <p class="alert" role="alert">{e.message(locale)}</p> }.into_any(),
                    }
                })}
            </Transition>
        </section>
    }
}

#[component]
fn MemberRowView(member: MemberRow, set_role: ServerAction<SetRole>) -> impl IntoView {
    let locale = use_locale();
    let select_id = format!("role-{}", member.id);
    let label = Msg::RoleFor.fill(locale, &[("name", &member.name)]);
    view! {
        <tr>
            <td>{member.name.clone()}</td>
            <td>{member.email.clone()}</td>
            <td>{if member.confirmed { t(Msg::Yes) } else { t(Msg::No) }}</td>
            <td>
                <ActionForm action=set_role attr:class="inline role-form">
                    <input type="hidden" name="user_id" value=member.id />
                    <label for=select_id.clone() class="visually-hidden">{label}</label>
                    <select id=select_id name="role">
                        {Role::ALL
                            .into_iter()
                            .map(|r| view! { <option value=r.as_str() selected=r == member.role>{t(r.label())}</option> })
                            .collect_view()}
                    </select>
                    <button type="submit" class="button small">{t(Msg::SaveRole)}</button>
                </ActionForm>
            </td>
        </tr>
    }
}
