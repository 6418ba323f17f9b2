//! The "Check page" tab: does the page still look the way the locator
//! profile expects, and what does the extension read off it?
//!
//! When Segment changes its UI, this is where a person sees which controls
//! the extension no longer finds, before trusting a bulk run to it.

use std::future::Future;
use std::pin::Pin;
use std::rc::Rc;

use wasm_bindgen::JsCast;
use web_sys::{Element, HtmlButtonElement};

use super::dom::{self, El};
use super::panel::View;
use super::run::words::{busy, waiting};
use super::Ctx;
use crate::core::completeness::Completeness;
use crate::driver::check::{CheckReport, CheckStatus};
use crate::driver::lease::{self, LeaseError, PageLease};
use crate::driver::read::{PagerReport, UsersTable};
use crate::driver::rows::Permission;
use crate::ui::bulk::words::pager_line;

/// How long "Check this page" and "Read members" wait for another operator
/// (a run, a preview) to finish with the page before saying who holds it.
const LEASE_WAIT_MS: u32 = 5_000;

struct CheckTab {
    ctx: Rc<Ctx>,
}

/// The tab for the panel.
pub fn view(ctx: &Rc<Ctx>) -> Rc<dyn View> {
    Rc::new(CheckTab { ctx: ctx.clone() })
}

fn status_cells(s: &CheckStatus) -> (&'static str, &'static str, String) {
    match s {
        CheckStatus::Found { count, alternative } => (
            "found",
            "chip ok",
            match (count, alternative) {
                (1, 0) => String::new(),
                (n, 0) => format!("{n} elements"),
                (n, a) => format!("{n} element(s), by alternative {}", a + 1),
            },
        ),
        CheckStatus::Missing { looked_in } => {
            ("missing", "chip bad", format!("looked in {looked_in}"))
        }
        CheckStatus::Ambiguous { count } => {
            ("ambiguous", "chip warn", format!("{count} elements match"))
        }
        CheckStatus::Skipped { reason } => ("skipped", "chip", reason.clone()),
        CheckStatus::Error { message } => ("error", "chip bad", message.clone()),
    }
}

/// The pager line, with its facts as data attributes for people inspecting
/// the page and for tests.
fn pager_paragraph(pager: &PagerReport, pages: u32, rows: usize, c: &Completeness) -> El {
    let mut text = pager_line(pager.shape, pager.control.as_deref(), pages, rows, c);
    if let Some(size) = &pager.page_size {
        text.push_str(&format!(
            " Chose {} rows per page for the read (was {}), then put it back.",
            size.to, size.from
        ));
    }
    if let Some(problem) = &pager.restore_problem {
        text.push_str(&format!(" Your view could not be put back: {problem}."));
    }
    let agrees = match (c.stated_total(), c.is_complete()) {
        (None, _) => "unknown",
        (Some(_), true) => "yes",
        (Some(_), false) => "no",
    };
    El::new("p")
        .attr(
            "data-pager",
            &crate::browser::storage::to_js(&pager.shape)
                .as_string()
                .unwrap_or_default(),
        )
        .attr(
            "data-complete",
            if c.is_complete() { "true" } else { "false" },
        )
        .attr("data-agrees", agrees)
        .attr("data-pages", &pages.to_string())
        .attr("data-rows", &rows.to_string())
        .text(&text)
}

fn render_report(out: &Element, r: &CheckReport) {
    let summary = format!(
        "{} found · {} problem(s) · {} skipped",
        r.found(),
        r.problems(),
        r.skipped()
    );
    let rows = r.controls.iter().map(|c| {
        let (word, class, detail) = status_cells(&c.status);
        let name = if c.params.is_empty() {
            c.control.to_string()
        } else {
            format!("{} ({})", c.control, c.params)
        };
        El::new("tr")
            .attr("data-control", c.control.as_str())
            .attr("data-status", word)
            .child(El::new("td").attr("title", &c.description).text(&name))
            .child(El::new("td").child(El::new("span").class(class).text(word)))
            .child(El::new("td").text(&detail))
    });
    dom::replace_children(
        out,
        [
            El::new("p")
                .attr("role", "status")
                .attr("data-problems", &r.problems().to_string())
                .text(&summary)
                .build(),
            match &r.read {
                Some(t) => pager_paragraph(&t.pager, t.pages, t.rows, &t.completeness).build(),
                None => El::new("p")
                    .class("muted")
                    .text("The whole users table could not be read (see the notes).")
                    .build(),
            },
            dom::table(
                "Controls of the locator profile",
                &["Control", "Status", "Details"],
                rows,
            ),
            El::new("ul")
                .class("muted")
                .children(r.notes.iter().map(|n| El::new("li").text(n)))
                .build(),
        ],
    );
}

fn permission_word(p: Permission) -> &'static str {
    match p {
        Permission::Owner => "Owner",
        Permission::Member => "Member",
        Permission::Unknown => "?",
    }
}

fn render_people(out: &Element, t: &UsersTable) {
    let members = t.members().count();
    let owners = t
        .members()
        .filter(|r| r.permission == Permission::Owner)
        .count();
    let pending = t.invites().count();
    let summary = format!(
        "{members} members ({owners} owners) and {pending} pending invites, read from {} page(s){}.",
        t.pages,
        t.signed_in
            .as_deref()
            .map(|s| format!("; signed in as {s}"))
            .unwrap_or_default()
    );
    let rows = t.rows.iter().map(|r| {
        El::new("tr")
            .attr("data-email", &r.email)
            .child(El::new("td").text(&r.email))
            .child(
                El::new("td").text(&match (r.name.as_deref(), r.name_differs) {
                    (Some(n), true) => format!("{n} (a name that looks like another email)"),
                    (Some(n), false) => n.to_string(),
                    (None, _) => "–".to_string(),
                }),
            )
            .child(El::new("td").text(if r.pending {
                "Pending"
            } else {
                permission_word(r.permission)
            }))
            .child(El::new("td").text(r.roles.as_deref().unwrap_or("")))
    });
    dom::replace_children(
        out,
        [
            El::new("p")
                .attr("role", "status")
                .attr("data-members", &members.to_string())
                .attr("data-owners", &owners.to_string())
                .attr("data-pending", &pending.to_string())
                .text(&summary)
                .build(),
            pager_paragraph(&t.pager, t.pages, t.rows.len(), &t.completeness).build(),
            dom::table(
                "People read from the page",
                &["Email", "Name", "Permission", "Roles"],
                rows,
            ),
        ],
    );
}

pub(crate) type Job = Pin<Box<dyn Future<Output = ()>>>;

/// Shows one status line in `out`.
fn status(out: &Element, text: &str) {
    dom::replace_children(out, [El::new("p").attr("role", "status").text(text)]);
}

/// Takes the page for `label`, waiting a bounded time for its holder and
/// saying so in `out`; `None` (and `out` says who holds it) when it stays
/// busy or the page goes away.
pub(crate) async fn take_page(ctx: &Ctx, label: &'static str, out: &Element) -> Option<PageLease> {
    if let Some(holder) = lease::holder() {
        status(out, &waiting(&holder, label));
    }
    match lease::acquire(label, LEASE_WAIT_MS, ctx.mount.lifetime()).await {
        Ok(lease) => Some(lease),
        Err(LeaseError::Busy { holder }) => {
            dom::replace_children(
                out,
                [El::new("p")
                    .class("notice bad")
                    .attr("role", "alert")
                    .attr("data-busy", &holder)
                    .text(&busy(&holder, label))],
            );
            None
        }
        Err(LeaseError::Ended { .. }) => None,
    }
}

/// A button that runs `job` once at a time, disabled while it runs.
pub(crate) fn action_button(
    ctx: &Rc<Ctx>,
    label: &str,
    job: impl Fn() -> Job + 'static,
) -> Element {
    let button: HtmlButtonElement = El::new("button")
        .attr("type", "button")
        .text(label)
        .build()
        .unchecked_into();
    let b = button.clone();
    let mount = Rc::downgrade(&ctx.mount);
    ctx.mount.listen(&button, "click", move |_| {
        let Some(mount) = mount.upgrade() else { return };
        if b.disabled() {
            return;
        }
        b.set_disabled(true);
        let b = b.clone();
        let fut = job();
        mount.spawn(async move {
            fut.await;
            b.set_disabled(false);
        });
    });
    button.into()
}

impl View for CheckTab {
    fn title(&self) -> &'static str {
        "Check page"
    }

    fn mount(self: Rc<Self>, into: &Element) {
        let report = El::new("div").attr("data-check-report", "").build();
        let people = El::new("div").attr("data-people", "").build();
        let check = {
            let me = self.clone();
            let out = report.clone();
            action_button(&self.ctx, "Check this page", move || {
                let me = me.clone();
                let out = out.clone();
                Box::pin(async move {
                    let Some(_lease) = take_page(&me.ctx, "Check this page", &out).await else {
                        return;
                    };
                    status(&out, "Checking… (opens and closes the invite form and a member's editor; changes nothing)");
                    let r = me.ctx.driver.check_page().await;
                    render_report(&out, &r);
                })
            })
        };
        let read = {
            let me = self.clone();
            let out = people.clone();
            action_button(&self.ctx, "Read members", move || {
                let me = me.clone();
                let out = out.clone();
                Box::pin(async move {
                    let Some(_lease) = take_page(&me.ctx, "Read members", &out).await else {
                        return;
                    };
                    status(&out, "Reading every page of the users table…");
                    match me.ctx.driver.read_users().await {
                        Ok(t) => render_people(&out, &t),
                        Err(e) => dom::replace_children(
                            &out,
                            [El::new("p")
                                .class("notice bad")
                                .attr("role", "alert")
                                .text(&e.to_string())],
                        ),
                    }
                })
            })
        };
        let _ = into.append_child(
            &El::new("p")
                .class("muted")
                .text("Runs every locator of the profile against this page, so you can see at once whether Segment's UI has changed. The profile can be adjusted on the options page.")
                .build(),
        );
        let _ = into.append_child(&El::new("div").class("row").child(check).child(read).build());
        let _ = into.append_child(&report);
        let _ = into.append_child(&people);
    }
}
