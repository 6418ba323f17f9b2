//! "Check this page": run every locator of the profile against the current
//! page and say, per control, found / missing / ambiguous / skipped, so a
//! user sees at once whether Segment's UI has drifted.
//!
//! Nothing is changed: to look inside, the check opens the invite form, a
//! sources dialog, a member editor, the removal confirmation and a pending
//! invite's panel, and cancels or closes each of them. It never submits,
//! saves, confirms or revokes, and it never ticks anything in a member's
//! editor (only in an invite form it opened itself, which it then cancels).

use serde::{Deserialize, Serialize};
use web_sys::Element;

use super::act;
use super::control::ControlId;
use super::dom::text_pieces;
use super::engine::FindError;
use super::error::{Condition, DriverError};
use super::invite::RoleForm;
use super::page::Driver;
use super::profile::Params;
use super::read::PagerReport;
use super::rows::{Permission, UserRow};
use super::text::{looks_like_label, normalize};
use crate::core::completeness::{Completeness, PagerShape};

/// The verdict on one control.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "status", rename_all = "snake_case")]
pub enum CheckStatus {
    /// Found (`count` elements; `alternative` is the index of the locator
    /// that matched).
    Found {
        /// How many elements matched.
        count: usize,
        /// Which alternative matched (0 = the first).
        alternative: usize,
    },
    /// Not on the page.
    Missing {
        /// Where it was looked for.
        looked_in: String,
    },
    /// Several elements match a control that should be unique.
    Ambiguous {
        /// How many matched.
        count: usize,
    },
    /// Not checked, and why (e.g. no pending invite on this page).
    Skipped {
        /// Why.
        reason: String,
    },
    /// The search itself failed (e.g. a selector the browser refuses).
    Error {
        /// The error.
        message: String,
    },
}

/// One control's line in the report.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ControlCheck {
    /// The control.
    pub control: ControlId,
    /// Its description from the profile.
    pub description: String,
    /// The params used (`role="Source Admin"`), if any.
    pub params: String,
    /// The verdict.
    pub status: CheckStatus,
}

/// The whole report, in profile order.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct CheckReport {
    /// One line per control of the profile.
    pub controls: Vec<ControlCheck>,
    /// What the check did and anything that went wrong on the way.
    pub notes: Vec<String>,
    /// The whole-table read: the pager followed and how complete it was.
    pub read: Option<ReadCheck>,
}

/// What reading the whole users table found.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ReadCheck {
    /// The pager, the control followed and the page size chosen.
    pub pager: PagerReport,
    /// Pages (loads, screens) read.
    pub pages: u32,
    /// People read.
    pub rows: usize,
    /// Complete (and the total agreeing), or partial and why.
    pub completeness: Completeness,
}

impl CheckReport {
    /// The line of a control.
    pub fn get(&self, id: ControlId) -> Option<&ControlCheck> {
        self.controls.iter().find(|c| c.control == id)
    }
    /// Controls found.
    pub fn found(&self) -> usize {
        self.count(|s| matches!(s, CheckStatus::Found { .. }))
    }
    /// Controls missing, ambiguous or in error.
    pub fn problems(&self) -> usize {
        self.count(|s| {
            matches!(
                s,
                CheckStatus::Missing { .. }
                    | CheckStatus::Ambiguous { .. }
                    | CheckStatus::Error { .. }
            )
        })
    }
    /// Controls skipped.
    pub fn skipped(&self) -> usize {
        self.count(|s| matches!(s, CheckStatus::Skipped { .. }))
    }
    fn count(&self, f: impl Fn(&CheckStatus) -> bool) -> usize {
        self.controls.iter().filter(|c| f(&c.status)).count()
    }
    fn set(
        &mut self,
        control: ControlId,
        params: &Params,
        status: CheckStatus,
        description: String,
    ) {
        let line = ControlCheck {
            control,
            description,
            params: params.describe(),
            status,
        };
        match self.controls.iter_mut().find(|c| c.control == control) {
            // A later, better look replaces an earlier one (e.g. found after opening).
            Some(old) => {
                if !matches!(old.status, CheckStatus::Found { .. })
                    || matches!(line.status, CheckStatus::Found { .. })
                {
                    *old = line;
                }
            }
            None => self.controls.push(line),
        }
    }
}

fn none() -> Params {
    Params::none()
}

const INVITE_CONTROLS: &[ControlId] = &[
    ControlId::InviteEmail,
    ControlId::InviteOwnerRadio,
    ControlId::InviteMemberRadio,
    ControlId::InviteRoleCheckbox,
    ControlId::InviteEditSources,
    ControlId::InviteSubmit,
    ControlId::InviteCancel,
    ControlId::InviteValidation,
];

const SOURCES_CONTROLS: &[ControlId] = &[
    ControlId::SourcesDialog,
    ControlId::SourcesAllRadio,
    ControlId::SourcesSpecificRadio,
    ControlId::SourcesAddLabel,
    ControlId::LabelMenu,
    ControlId::LabelMenuFilter,
    ControlId::LabelOption,
    ControlId::LabelChip,
    ControlId::LabelChipRemove,
    ControlId::SourcesFilter,
    ControlId::SourceCheckbox,
    ControlId::SourcesSave,
    ControlId::SourcesCancel,
];

const EDITOR_CONTROLS: &[ControlId] = &[
    ControlId::MemberEditor,
    ControlId::EditorOwnerRadio,
    ControlId::EditorMemberRadio,
    ControlId::EditorRoleCheckbox,
    ControlId::EditorEditSources,
    ControlId::EditorSave,
    ControlId::EditorRemove,
    ControlId::EditorClose,
    ControlId::ConfirmDialog,
    ControlId::ConfirmButton,
    ControlId::ConfirmCancel,
];

const PAGINATION_CONTROLS: &[ControlId] = &[
    ControlId::PaginationNext,
    ControlId::PaginationPrev,
    ControlId::PaginationPage,
    ControlId::PaginationCurrent,
    ControlId::PaginationFirst,
];

impl Driver {
    /// Run every control of the profile against the current page (see the
    /// module docs for what it opens and closes). Never fails: problems are
    /// lines and notes of the report.
    pub async fn check_page(&self) -> CheckReport {
        let mut r = CheckReport::default();
        match self.read_users().await {
            Ok(t) => {
                r.read = Some(ReadCheck {
                    pages: t.pages,
                    rows: t.rows.len(),
                    completeness: t.completeness,
                    pager: t.pager,
                });
            }
            Err(e) => r.notes.push(format!("reading the whole users table: {e}")),
        }
        self.check_table(&mut r);
        if let Err(e) = self.check_invite_form(&mut r).await {
            r.notes.push(format!("invite form: {e}"));
            let _ = self.cancel_sources_dialog().await;
        }
        let rows = self
            .read_rows(self.current_page().ok().flatten().unwrap_or(1))
            .unwrap_or_default();
        if let Err(e) = self.check_member_editor(&mut r, &rows).await {
            r.notes.push(format!("member editor: {e}"));
        }
        if let Err(e) = self.check_invite_panel(&mut r, &rows).await {
            r.notes.push(format!("pending invite: {e}"));
        }
        for id in ControlId::ALL {
            if r.get(*id).is_none() {
                self.skip(&mut r, *id, "not reached by the check");
            }
        }
        let order = |id: ControlId| {
            ControlId::ALL
                .iter()
                .position(|x| *x == id)
                .unwrap_or(usize::MAX)
        };
        r.controls.sort_by_key(|c| order(c.control));
        r
    }

    fn description(&self, id: ControlId) -> String {
        self.profile()
            .control(id)
            .map(|c| c.description.clone())
            .unwrap_or_default()
    }

    /// Look a control up now and record the verdict; its elements when found.
    fn look(&self, r: &mut CheckReport, id: ControlId, params: &Params) -> Vec<Element> {
        let many = self.profile().control(id).map(|c| c.many).unwrap_or(false);
        let (status, nodes) = match self.probe(id, params, None) {
            Ok(f) if f.nodes.len() > 1 && !many => (
                CheckStatus::Ambiguous {
                    count: f.nodes.len(),
                },
                Vec::new(),
            ),
            Ok(f) => (
                CheckStatus::Found {
                    count: f.nodes.len(),
                    alternative: f.alternative,
                },
                f.nodes,
            ),
            Err(FindError::NotFound { looked_in, .. }) => {
                (CheckStatus::Missing { looked_in }, Vec::new())
            }
            Err(FindError::Ambiguous { count, .. }) => {
                (CheckStatus::Ambiguous { count }, Vec::new())
            }
            Err(e) => (
                CheckStatus::Error {
                    message: e.to_string(),
                },
                Vec::new(),
            ),
        };
        r.set(id, params, status, self.description(id));
        nodes
    }

    /// Like [`Driver::look`], giving the control `ms` to show up first.
    async fn look_soon(
        &self,
        r: &mut CheckReport,
        id: ControlId,
        params: &Params,
        ms: u32,
    ) -> Vec<Element> {
        let _ = self.wait(id, params, Condition::Appear, ms).await;
        self.look(r, id, params)
    }

    /// Record "found" when present now, else "skipped" with `reason`.
    fn look_or_skip(&self, r: &mut CheckReport, id: ControlId, params: &Params, reason: &str) {
        if self.is_present(id, params).unwrap_or(false) {
            self.look(r, id, params);
        } else {
            self.skip(r, id, reason);
        }
    }

    fn skip(&self, r: &mut CheckReport, id: ControlId, reason: &str) {
        r.set(
            id,
            &none(),
            CheckStatus::Skipped {
                reason: reason.into(),
            },
            self.description(id),
        );
    }

    fn missing_param(&self, r: &mut CheckReport, id: ControlId, looked_in: String) {
        r.set(
            id,
            &none(),
            CheckStatus::Missing { looked_in },
            self.description(id),
        );
    }

    // ---------------------------------------------------------------- table

    fn check_table(&self, r: &mut CheckReport) {
        for id in [
            ControlId::UsersTab,
            ControlId::InviteButton,
            ControlId::SearchBox,
            ControlId::UsersRow,
            ControlId::RolesHeader,
        ] {
            self.look(r, id, &none());
        }
        let page = self.current_page().ok().flatten();
        let rows = match self.read_rows(page.unwrap_or(1)) {
            Ok(rows) => rows,
            Err(e) => {
                r.notes.push(format!("reading the users table: {e}"));
                Vec::new()
            }
        };
        match rows.first() {
            Some(first) => {
                self.look(
                    r,
                    ControlId::MemberRow,
                    &Params::one("email", first.email.clone()),
                );
            }
            None => self.skip(r, ControlId::MemberRow, "the users table shows no rows"),
        }
        match rows
            .iter()
            .find(|x| !x.you && !x.pending)
            .or_else(|| rows.iter().find(|x| !x.you))
        {
            Some(row) => {
                self.look(
                    r,
                    ControlId::RowOpen,
                    &Params::one("email", row.email.clone()),
                );
            }
            None => self.skip(
                r,
                ControlId::RowOpen,
                "no row other than yours on this page",
            ),
        }
        let badges: usize = self
            .find_all(ControlId::UsersRow, &none())
            .unwrap_or_default()
            .iter()
            .map(|row| {
                self.find_all_in(ControlId::PendingBadge, &none(), row)
                    .map(|b| b.len())
                    .unwrap_or(0)
            })
            .sum();
        if badges > 0 {
            r.set(
                ControlId::PendingBadge,
                &none(),
                CheckStatus::Found {
                    count: badges,
                    alternative: 0,
                },
                self.description(ControlId::PendingBadge),
            );
        } else {
            self.skip(r, ControlId::PendingBadge, "no pending invite on this page");
        }
        self.check_pager(r, page);
        for id in [ControlId::ToastSuccess, ControlId::ToastDanger] {
            self.look_or_skip(r, id, &none(), "toasts show only after an action");
        }
        r.notes
            .push(format!("read {} rows of the users table", rows.len()));
    }

    /// The pager's controls, as far as the shape the read followed has them.
    fn check_pager(&self, r: &mut CheckReport, page: Option<u32>) {
        let shape = r.read.as_ref().map(|t| t.pager.shape);
        let paged = shape.is_some_and(PagerShape::is_paged);
        let because = match shape {
            Some(PagerShape::LoadMore) => "the table grows with “Load more”",
            Some(PagerShape::InfiniteScroll | PagerShape::Virtualized) => "the table scrolls",
            _ => "no pagination on this page (a single page of users?)",
        };
        if paged {
            for id in [ControlId::PaginationNext, ControlId::PaginationPrev] {
                self.look(r, id, &none());
            }
            let numbered = shape == Some(PagerShape::Numbered);
            let this_page = Params::one("page", page.unwrap_or(1).to_string());
            for (id, params) in [
                (ControlId::PaginationCurrent, none()),
                (ControlId::PaginationPage, this_page),
            ] {
                if numbered {
                    self.look(r, id, &params);
                } else {
                    self.skip(r, id, "this pager has no page numbers");
                }
            }
            self.look_or_skip(
                r,
                ControlId::PaginationFirst,
                &none(),
                "this pager has no first-page control",
            );
        } else {
            for id in PAGINATION_CONTROLS {
                self.skip(r, *id, because);
            }
        }
        if shape == Some(PagerShape::LoadMore) {
            self.look(r, ControlId::LoadMore, &none());
        } else {
            self.skip(r, ControlId::LoadMore, "the table has no “Load more”");
        }
        self.look_or_skip(
            r,
            ControlId::PageSize,
            &none(),
            "no page-size selector on this page",
        );
        self.skip(
            r,
            ControlId::PageSizeOption,
            "shown only while a page-size list is open",
        );
        self.look_or_skip(
            r,
            ControlId::LoadingIndicator,
            &none(),
            "shown only while the table loads",
        );
        let rows = self
            .find_all(ControlId::UsersRow, &none())
            .unwrap_or_default();
        let marked = rows.iter().any(|row| {
            self.find_all_in(ControlId::RowEmail, &none(), row)
                .is_ok_and(|v| !v.is_empty())
        });
        if marked {
            r.set(
                ControlId::RowEmail,
                &none(),
                CheckStatus::Found {
                    count: rows.len(),
                    alternative: 0,
                },
                self.description(ControlId::RowEmail),
            );
        } else {
            self.skip(
                r,
                ControlId::RowEmail,
                "rows show the email as text under the name",
            );
        }
        self.look_or_skip(
            r,
            ControlId::EmailHeader,
            &none(),
            "the email is not in a column of its own",
        );
    }

    // ----------------------------------------------------------- invite form

    async fn check_invite_form(&self, r: &mut CheckReport) -> Result<(), DriverError> {
        let was_open = self.is_present(ControlId::InviteForm, &none())?;
        if !was_open {
            if !self.is_present(ControlId::InviteButton, &none())? {
                self.missing_param(
                    r,
                    ControlId::InviteForm,
                    "the invite button is missing, so the form could not be opened".into(),
                );
                for id in INVITE_CONTROLS.iter().chain(SOURCES_CONTROLS) {
                    self.skip(r, *id, "the invite form could not be opened");
                }
                return Ok(());
            }
            self.click(ControlId::InviteButton, &none()).await?;
            r.notes.push("opened the invite form".into());
        }
        let _ = self.settled(ControlId::InviteForm, &none()).await;
        if self.look(r, ControlId::InviteForm, &none()).is_empty() {
            for id in INVITE_CONTROLS.iter().chain(SOURCES_CONTROLS) {
                self.skip(r, *id, "the invite form did not open");
            }
            return Ok(());
        }
        let result = self.check_inside_invite_form(r, was_open).await;
        if !was_open {
            self.close_invite_form().await?;
            r.notes.push("cancelled the invite form".into());
        }
        result
    }

    async fn check_inside_invite_form(
        &self,
        r: &mut CheckReport,
        was_open: bool,
    ) -> Result<(), DriverError> {
        for id in [
            ControlId::InviteEmail,
            ControlId::InviteOwnerRadio,
            ControlId::InviteMemberRadio,
            ControlId::InviteSubmit,
            ControlId::InviteCancel,
        ] {
            self.look(r, id, &none());
        }
        self.look_or_skip(
            r,
            ControlId::InviteValidation,
            &none(),
            "shown only when the page refuses an invite",
        );
        // Role checkboxes show under "Workspace Member"; in a form we opened
        // ourselves (and will cancel) it is fine to select it.
        if !was_open && self.is_present(ControlId::InviteMemberRadio, &none())? {
            let _ = self
                .set_checked(ControlId::InviteMemberRadio, &none(), true)
                .await;
        }
        let roles = self.role_names(ControlId::InviteForm)?;
        let Some(first) = roles.first() else {
            self.missing_param(
                r,
                ControlId::InviteRoleCheckbox,
                "inside invite_form: it has no checkbox at all".into(),
            );
            self.skip(
                r,
                ControlId::InviteEditSources,
                "no role checkbox in the invite form",
            );
            for id in SOURCES_CONTROLS {
                self.skip(r, *id, "no role checkbox in the invite form");
            }
            return Ok(());
        };
        self.look(
            r,
            ControlId::InviteRoleCheckbox,
            &Params::one("role", first.clone()),
        );

        // Find a role with "Edit Sources": source roles first.
        let mut ordered = roles.clone();
        ordered.sort_by_key(|n| !normalize(n).contains("source"));
        let mut link_role = None;
        for role in ordered.iter().take(4) {
            let p = Params::one("role", role.clone());
            let was_checked = self
                .is_checked(ControlId::InviteRoleCheckbox, &p)
                .unwrap_or(false);
            if !was_checked {
                if was_open {
                    continue;
                }
                self.set_checked(ControlId::InviteRoleCheckbox, &p, true)
                    .await?;
            }
            if self
                .edit_sources_for(RoleForm::Invite, role)
                .await?
                .is_some()
            {
                link_role = Some(role.clone());
                break;
            }
            if !was_checked {
                self.set_checked(ControlId::InviteRoleCheckbox, &p, false)
                    .await?;
            }
        }
        let Some(role) = link_role else {
            self.missing_param(
                r,
                ControlId::InviteEditSources,
                "inside invite_form, after the checked role checkboxes".into(),
            );
            for id in SOURCES_CONTROLS {
                self.skip(
                    r,
                    *id,
                    "no role showed \"Edit Sources\", so the sources dialog was not opened",
                );
            }
            return Ok(());
        };
        let p = Params::one("role", role.clone());
        self.look(r, ControlId::InviteEditSources, &p);
        if let Some(link) = self.edit_sources_within(RoleForm::Invite, &role, 0).await? {
            act::click(&link)?;
            r.notes.push(format!("opened the sources dialog of {role}"));
            let result = self.check_sources_dialog(r).await;
            self.cancel_sources_dialog().await?;
            r.notes.push("cancelled the sources dialog".into());
            result?;
        }
        Ok(())
    }

    /// Names of the checkboxes in a container (roles, sources).
    fn role_names(&self, container: ControlId) -> Result<Vec<String>, DriverError> {
        Ok(self
            .named_checkboxes(container)?
            .into_iter()
            .map(|(n, _)| n.split_whitespace().collect::<Vec<_>>().join(" "))
            .filter(|n| !n.is_empty())
            .collect())
    }

    async fn check_sources_dialog(&self, r: &mut CheckReport) -> Result<(), DriverError> {
        let _ = self.settled(ControlId::SourcesDialog, &none()).await;
        if self.look(r, ControlId::SourcesDialog, &none()).is_empty() {
            for id in &SOURCES_CONTROLS[1..] {
                self.skip(r, *id, "the sources dialog did not open");
            }
            return Ok(());
        }
        for id in [
            ControlId::SourcesAllRadio,
            ControlId::SourcesSpecificRadio,
            ControlId::SourcesAddLabel,
            ControlId::SourcesFilter,
            ControlId::SourcesSave,
            ControlId::SourcesCancel,
        ] {
            self.look(r, id, &none());
        }
        match self.role_names(ControlId::SourcesDialog)?.first() {
            Some(source) => {
                self.look(
                    r,
                    ControlId::SourceCheckbox,
                    &Params::one("source", source.clone()),
                );
            }
            None => self.missing_param(
                r,
                ControlId::SourceCheckbox,
                "inside sources_dialog: it has no checkbox at all".into(),
            ),
        }

        let mut chips = self.read_label_chips().unwrap_or_default();
        if self.is_present(ControlId::SourcesAddLabel, &none())? {
            self.click(ControlId::SourcesAddLabel, &none()).await?;
            let _ = self.settled(ControlId::LabelMenu, &none()).await;
            let menu = self.look(r, ControlId::LabelMenu, &none());
            self.look(r, ControlId::LabelMenuFilter, &none());
            let option = menu.first().and_then(|m| {
                text_pieces(m)
                    .into_iter()
                    .map(|p| normalize(&p.text))
                    .find(|t| looks_like_label(t))
            });
            match option {
                Some(label) => {
                    let p = Params::one("label", label.clone());
                    let found = self.look(r, ControlId::LabelOption, &p);
                    // Picking one adds a chip to this dialog, which is cancelled afterwards.
                    if chips.is_empty() {
                        if let Some(o) = found.first() {
                            act::click(o)?;
                            let _ = self
                                .wait(
                                    ControlId::LabelChip,
                                    &p,
                                    Condition::Appear,
                                    self.timeouts.glance_ms,
                                )
                                .await;
                            chips = self.read_label_chips().unwrap_or_default();
                        }
                    }
                }
                None => self.skip(r, ControlId::LabelOption, "the labels menu shows no label"),
            }
            self.close_label_menu().await?;
        } else {
            for id in [
                ControlId::LabelMenu,
                ControlId::LabelMenuFilter,
                ControlId::LabelOption,
            ] {
                self.skip(r, id, "no \"Add label\" control to open the labels menu");
            }
        }
        match chips.first() {
            Some(chip) => {
                let p = Params::one("label", chip.clone());
                self.look(r, ControlId::LabelChip, &p);
                self.look(r, ControlId::LabelChipRemove, &p);
            }
            None => {
                for id in [ControlId::LabelChip, ControlId::LabelChipRemove] {
                    self.skip(r, id, "no label chip in the sources dialog");
                }
            }
        }
        Ok(())
    }

    // ---------------------------------------------------------- member editor

    async fn check_member_editor(
        &self,
        r: &mut CheckReport,
        rows: &[UserRow],
    ) -> Result<(), DriverError> {
        let was_open = self.is_present(ControlId::MemberEditor, &none())?;
        if !was_open {
            // Someone else, preferably a plain member (nothing here touches
            // an owner, so no last-owner guard is involved) whose roles
            // column names a source role, so "Edit Sources" is on show.
            let target = rows
                .iter()
                .filter(|x| !x.you && !x.pending)
                .min_by_key(|x| {
                    let scoped = x
                        .roles
                        .as_deref()
                        .is_some_and(|r| normalize(r).contains("source"));
                    (x.permission != Permission::Member, !scoped)
                });
            let Some(target) = target else {
                for id in EDITOR_CONTROLS {
                    self.skip(r, *id, "no other member on this page to open");
                }
                return Ok(());
            };
            self.open_member_editor(&target.email).await?;
            r.notes
                .push(format!("opened the editor of {}", target.email));
        }
        let result = self.check_inside_editor(r).await;
        if !was_open {
            self.look(r, ControlId::EditorClose, &none());
            self.close_member_editor().await?;
            r.notes.push("closed the member editor".into());
        }
        result
    }

    async fn check_inside_editor(&self, r: &mut CheckReport) -> Result<(), DriverError> {
        for id in [
            ControlId::MemberEditor,
            ControlId::EditorOwnerRadio,
            ControlId::EditorMemberRadio,
            ControlId::EditorSave,
            ControlId::EditorRemove,
            ControlId::EditorClose,
        ] {
            self.look(r, id, &none());
        }
        let roles = self.role_names(ControlId::MemberEditor)?;
        match roles.first() {
            Some(first) => {
                self.look(
                    r,
                    ControlId::EditorRoleCheckbox,
                    &Params::one("role", first.clone()),
                );
            }
            None => self.skip(
                r,
                ControlId::EditorRoleCheckbox,
                "this member's editor shows no role checkbox (an owner?)",
            ),
        }
        let mut edit_found = false;
        for role in &roles {
            let p = Params::one("role", role.clone());
            if self
                .is_checked(ControlId::EditorRoleCheckbox, &p)
                .unwrap_or(false)
                && self
                    .edit_sources_within(RoleForm::Editor, role, 0)
                    .await?
                    .is_some()
            {
                self.look(r, ControlId::EditorEditSources, &p);
                edit_found = true;
                break;
            }
        }
        if !edit_found {
            self.skip(
                r,
                ControlId::EditorEditSources,
                "this member has no scoped role checked (their roles are not changed to look)",
            );
        }
        // The confirmation is opened and cancelled, never confirmed.
        if self.is_present(ControlId::EditorRemove, &none())? {
            self.click(ControlId::EditorRemove, &none()).await?;
            let _ = self.settled(ControlId::ConfirmDialog, &none()).await;
            self.look(r, ControlId::ConfirmDialog, &none());
            self.look(r, ControlId::ConfirmButton, &none());
            let cancel = self.look(r, ControlId::ConfirmCancel, &none());
            match cancel.first() {
                Some(c) => act::click(c)?,
                None => self.press(act::Key::Escape)?,
            }
            self.gone(ControlId::ConfirmDialog, &none()).await?;
            r.notes
                .push("opened and cancelled the removal confirmation".into());
        } else {
            for id in [
                ControlId::ConfirmDialog,
                ControlId::ConfirmButton,
                ControlId::ConfirmCancel,
            ] {
                self.skip(r, id, "no remove button to open the confirmation");
            }
        }
        Ok(())
    }

    async fn check_invite_panel(
        &self,
        r: &mut CheckReport,
        rows: &[UserRow],
    ) -> Result<(), DriverError> {
        const INVITE_CONTROLS: [ControlId; 3] = [
            ControlId::EditInvite,
            ControlId::RevokeInvite,
            ControlId::InviteEditCancel,
        ];
        let Some(pending) = rows.iter().find(|x| x.pending) else {
            for id in INVITE_CONTROLS {
                self.skip(r, id, "no pending invite on this page");
            }
            return Ok(());
        };
        if self.is_present(ControlId::MemberEditor, &none())? {
            for id in INVITE_CONTROLS {
                self.skip(
                    r,
                    id,
                    "an editor was already open; not switching away from it",
                );
            }
            return Ok(());
        }
        self.open_member_editor(&pending.email).await?;
        r.notes
            .push(format!("opened the pending invite of {}", pending.email));
        let result = async {
            let edit = self
                .look_soon(r, ControlId::EditInvite, &none(), self.timeouts.glance_ms)
                .await;
            if let Some(e) = edit.first() {
                act::click(e)?;
                // Revoke is looked at, never clicked.
                self.look_soon(r, ControlId::RevokeInvite, &none(), self.timeouts.glance_ms)
                    .await;
                // Only an invite editor has a Cancel; a summary needs none.
                self.look_or_skip(
                    r,
                    ControlId::InviteEditCancel,
                    &none(),
                    "\"Edit Invite\" shows the invite's summary, not an editor to cancel",
                );
            } else {
                self.skip(
                    r,
                    ControlId::InviteEditCancel,
                    "\"Edit Invite\" was not found",
                );
                self.look_or_skip(
                    r,
                    ControlId::RevokeInvite,
                    &none(),
                    "\"Edit Invite\" was not found",
                );
            }
            Ok::<(), DriverError>(())
        }
        .await;
        self.close_member_editor().await?;
        r.notes.push("closed the pending invite".into());
        result
    }
}
