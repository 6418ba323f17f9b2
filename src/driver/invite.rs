//! The invite form and the role editor it shares with the member editor:
//! open the form, fill emails, apply a [`RoleSet`] exactly, read the form's
//! role set back, submit and wait for the page's answer, close. (One
//! invite submission of a run, as a single typed answer, is in `attempt`.)

use serde::{Deserialize, Serialize};
use web_sys::Element;

use crate::core::roles::{Label, RoleGrant, RoleSet, Scope, WorkspaceRole};

use super::act;
use super::control::ControlId;
use super::dom::{text_pieces, LiveDom};
use super::error::{Condition, DriverError};
use super::locator::{Locator, Scope as LocScope};
use super::page::Driver;
use super::profile::Params;
use super::role::Role;
use super::text::{looks_like_label, normalize};
use super::tree::{accessible_name, Tree};
use super::wait::{now_ms, until_quiet, wait_for, Check};

/// How long the page must stay unchanged to count as settled after a click.
const QUIET_MS: u32 = 120;

/// Which role editor to drive: the invite form's or the member editor's.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum RoleForm {
    /// The invite form.
    Invite,
    /// The member editor.
    Editor,
}

impl RoleForm {
    fn container(self) -> ControlId {
        match self {
            RoleForm::Invite => ControlId::InviteForm,
            RoleForm::Editor => ControlId::MemberEditor,
        }
    }
    fn owner(self) -> ControlId {
        match self {
            RoleForm::Invite => ControlId::InviteOwnerRadio,
            RoleForm::Editor => ControlId::EditorOwnerRadio,
        }
    }
    fn member(self) -> ControlId {
        match self {
            RoleForm::Invite => ControlId::InviteMemberRadio,
            RoleForm::Editor => ControlId::EditorMemberRadio,
        }
    }
    fn checkbox(self) -> ControlId {
        match self {
            RoleForm::Invite => ControlId::InviteRoleCheckbox,
            RoleForm::Editor => ControlId::EditorRoleCheckbox,
        }
    }
    fn edit_sources(self) -> ControlId {
        match self {
            RoleForm::Invite => ControlId::InviteEditSources,
            RoleForm::Editor => ControlId::EditorEditSources,
        }
    }
}

/// Something of a role set the page does not offer.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "kind", rename_all = "snake_case")]
pub enum Missing {
    /// The role checkbox is not in the form (the plan does not offer it).
    Role {
        /// Role name.
        role: String,
    },
    /// The role has no "Edit Sources", so its scope cannot be set.
    ScopeEditor {
        /// Role name.
        role: String,
    },
    /// A label that is not in the labels menu.
    Label {
        /// Role name.
        role: String,
        /// The label.
        label: String,
    },
    /// A source that is not in the sources list.
    Source {
        /// Role name.
        role: String,
        /// The source's name.
        source: String,
    },
    /// A step failed; the rest went on.
    Failed {
        /// What was being set.
        what: String,
        /// The error.
        error: DriverError,
    },
}

/// What applying a role set did.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct ApplyReport {
    /// What is now set, in words ("Workspace Member", "Source Admin",
    /// "Source Admin: label env:prod", "Source Admin: source Web").
    pub set: Vec<String>,
    /// Roles unchecked because the role set does not have them.
    pub unchecked: Vec<String>,
    /// What could not be set.
    pub missing: Vec<Missing>,
}

impl ApplyReport {
    /// Everything was set.
    pub fn is_complete(&self) -> bool {
        self.missing.is_empty()
    }
}

/// The page's answer to a submission.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "kind", rename_all = "snake_case")]
pub enum InviteOutcome {
    /// A success toast and/or the form closed.
    Accepted {
        /// The toast's text, if one showed.
        message: Option<String>,
    },
    /// A validation message or an error toast.
    Refused {
        /// The page's words.
        message: String,
    },
}

fn none() -> Params {
    Params::none()
}

/// Text of a toast or message, pieces joined ("Invited 2 team members — a@x, b@y").
pub(super) fn message_of(el: &Element) -> String {
    let pieces: Vec<String> = text_pieces(el)
        .into_iter()
        .map(|p| p.text)
        .filter(|t| !t.is_empty())
        .collect();
    if pieces.is_empty() {
        el.text_content().unwrap_or_default().trim().to_string()
    } else {
        pieces.join(" — ")
    }
}

/// An ad-hoc locator: every checkbox inside a control.
fn checkboxes_in(scope: ControlId) -> Locator {
    Locator {
        role: vec![Role::Checkbox],
        within: Some(LocScope::Control(scope)),
        ..Locator::default()
    }
}

impl Driver {
    /// All checkboxes of a container, with their names (first text piece of
    /// the label, else the accessible name).
    pub(crate) fn named_checkboxes(
        &self,
        scope: ControlId,
    ) -> Result<Vec<(String, Element)>, DriverError> {
        self.live()?;
        let dom = LiveDom::current()?;
        let finder = super::engine::Finder::new(&dom, self.profile());
        let boxes = match finder.find_locator(&checkboxes_in(scope), None) {
            Ok(b) => b,
            Err(super::engine::FindError::NotFound { .. }) => Vec::new(),
            Err(e) => return Err(e.into()),
        };
        Ok(boxes
            .into_iter()
            .map(|b| (checkbox_name(&dom, &b), b))
            .collect())
    }

    // ------------------------------------------------------------ open/close

    /// Wait until an overlay control is either fully open or gone (not
    /// entering or leaving); whether it is open.
    pub async fn steady(&self, id: ControlId) -> Result<bool, DriverError> {
        let dom = LiveDom::current()?;
        let probe = || match self.find_all(id, &none()) {
            Ok(v) if v.is_empty() => Check::Done(false),
            Ok(v) if v.iter().all(|e| super::tree::is_settled(&dom, e)) => Check::Done(true),
            Ok(_) => Check::NotYet,
            Err(e) => Check::Fail(e),
        };
        wait_for(self.limits().step_ms, probe, |waited_ms| {
            DriverError::Timeout {
                control: id.to_string(),
                condition: Condition::Settled,
                looked_in: "the whole page (waiting for it to finish opening or closing)".into(),
                waited_ms,
            }
        })
        .await
    }

    /// Open the invite form (unless it is open) and wait until its email
    /// field can be typed into.
    pub async fn open_invite_form(&self) -> Result<(), DriverError> {
        // A form still closing from the last submission is waited out first.
        if !self.steady(ControlId::InviteForm).await? {
            self.click(ControlId::InviteButton, &none()).await?;
        }
        self.settled(ControlId::InviteForm, &none()).await?;
        self.enabled(ControlId::InviteEmail, &none()).await?;
        Ok(())
    }

    /// Close the invite form without sending ("Cancel", else Escape) and
    /// wait until it is gone.
    pub async fn close_invite_form(&self) -> Result<(), DriverError> {
        if !self.is_present(ControlId::InviteForm, &none())? {
            return Ok(());
        }
        match self
            .find_all(ControlId::InviteCancel, &none())?
            .into_iter()
            .next()
        {
            Some(c) => act::click(&c)?,
            None => self.press(act::Key::Escape)?,
        }
        self.gone(ControlId::InviteForm, &none()).await
    }

    /// Type the emails, comma-separated, into the email field.
    pub async fn fill_emails(&self, emails: &[String]) -> Result<(), DriverError> {
        self.type_text(ControlId::InviteEmail, &none(), &emails.join(", "))
            .await
    }

    /// Whether the email field holds exactly what [`Self::fill_emails`]
    /// typed for `emails`: a form the page re-rendered meanwhile has lost it.
    pub fn emails_hold(&self, emails: &[String]) -> Result<bool, DriverError> {
        let field = self.find(ControlId::InviteEmail, &none())?;
        Ok(act::text_value(&field) == emails.join(", "))
    }

    // ------------------------------------------------------------ role sets

    /// Make the invite form's role editor show exactly `set`.
    pub async fn apply_role_set(&self, set: &RoleSet) -> Result<ApplyReport, DriverError> {
        self.apply_role_set_in(RoleForm::Invite, set).await
    }

    /// Make a role editor show exactly `set`: the owner/member radio, the
    /// role checkboxes (others unchecked), and each scoped role's sources or
    /// labels. What the page does not offer is reported, not fatal.
    pub async fn apply_role_set_in(
        &self,
        form: RoleForm,
        set: &RoleSet,
    ) -> Result<ApplyReport, DriverError> {
        let mut report = ApplyReport::default();
        if set.workspace == WorkspaceRole::Owner {
            self.set_checked(form.owner(), &none(), true).await?;
            report.set.push("Workspace Owner".into());
            return Ok(report);
        }
        self.set_checked(form.member(), &none(), true).await?;
        report.set.push("Workspace Member".into());

        // Uncheck what the set does not have first: the form gets shorter.
        let wanted: Vec<String> = set.roles.iter().map(|g| normalize(&g.role)).collect();
        let extras: Vec<String> = self
            .named_checkboxes(form.container())?
            .into_iter()
            .filter(|(name, el)| {
                act::is_checked(el) == Some(true) && !wanted.contains(&normalize(name))
            })
            .map(|(name, _)| name)
            .collect();
        for name in extras {
            match self
                .set_checked(form.checkbox(), &Params::one("role", name.clone()), false)
                .await
            {
                Ok(_) => report.unchecked.push(name),
                Err(error) => report.missing.push(Missing::Failed {
                    what: format!("uncheck {name}"),
                    error,
                }),
            }
        }

        for grant in &set.roles {
            let p = Params::one("role", grant.role.clone());
            if self.find_all(form.checkbox(), &p)?.is_empty() {
                report.missing.push(Missing::Role {
                    role: grant.role.clone(),
                });
                continue;
            }
            if let Err(error) = self.set_checked(form.checkbox(), &p, true).await {
                report.missing.push(Missing::Failed {
                    what: grant.role.clone(),
                    error,
                });
                continue;
            }
            report.set.push(grant.role.clone());
            if let Err(error) = self.apply_scope(form, grant, &mut report).await {
                report.missing.push(Missing::Failed {
                    what: format!("{}: sources", grant.role),
                    error,
                });
                // Leave no dialog behind for the next role.
                let _ = self.cancel_sources_dialog().await;
            }
        }
        Ok(report)
    }

    /// The "Edit Sources" control of `role`: the first after its checkbox,
    /// provided no other checkbox lies between (else it is another role's).
    pub async fn edit_sources_for(
        &self,
        form: RoleForm,
        role: &str,
    ) -> Result<Option<Element>, DriverError> {
        self.edit_sources_within(form, role, self.timeouts.glance_ms)
            .await
    }

    /// [`Driver::edit_sources_for`], waiting at most `ms` for the link (0
    /// when the checkbox was already checked, so its box is already there).
    pub async fn edit_sources_within(
        &self,
        form: RoleForm,
        role: &str,
        ms: u32,
    ) -> Result<Option<Element>, DriverError> {
        let p = Params::one("role", role);
        // The scope box renders after the checkbox is checked.
        let links = match self.appear_all(form.edit_sources(), &p, ms).await {
            Ok(l) => l,
            Err(DriverError::NotFound { .. }) => return Ok(None),
            Err(e) => return Err(e),
        };
        let dom = LiveDom::current()?;
        let Some(link) = links.into_iter().min_by(|a, b| {
            if dom.precedes(a, b) {
                std::cmp::Ordering::Less
            } else {
                std::cmp::Ordering::Greater
            }
        }) else {
            return Ok(None);
        };
        let own = self.find(form.checkbox(), &p)?;
        let between = self
            .named_checkboxes(form.container())?
            .into_iter()
            .any(|(_, cb)| cb != own && dom.precedes(&own, &cb) && dom.precedes(&cb, &link));
        Ok((!between).then_some(link))
    }

    async fn apply_scope(
        &self,
        form: RoleForm,
        grant: &RoleGrant,
        report: &mut ApplyReport,
    ) -> Result<(), DriverError> {
        let role = grant.role.as_str();
        if grant.scope == Scope::Unscoped {
            return Ok(());
        }
        // React commits a click's updates before the click returns, so the
        // role's scope box is there once the page is quiet: a role with no
        // picker then costs a short quiet spell, not the whole glance timeout.
        until_quiet(QUIET_MS, self.timeouts.glance_ms).await?;
        let Some(link) = self.edit_sources_within(form, role, 0).await? else {
            // Without a picker the page applies its default, which is "all".
            if grant.scope != (Scope::All { labels: vec![] }) {
                report
                    .missing
                    .push(Missing::ScopeEditor { role: role.into() });
            }
            return Ok(());
        };
        act::click(&link)?;
        self.settled(ControlId::SourcesDialog, &none()).await?;
        match &grant.scope {
            Scope::Unscoped => {}
            Scope::All { labels } => {
                self.set_checked(ControlId::SourcesAllRadio, &none(), true)
                    .await?;
                let present = self.read_label_chips()?;
                for chip in &present {
                    if !labels
                        .iter()
                        .any(|l| normalize(&l.to_string()) == normalize(chip))
                    {
                        self.click(
                            ControlId::LabelChipRemove,
                            &Params::one("label", chip.clone()),
                        )
                        .await?;
                        self.gone(ControlId::LabelChip, &Params::one("label", chip.clone()))
                            .await?;
                    }
                }
                report.set.push(format!("{role}: all sources"));
                for label in labels {
                    let text = label.to_string();
                    if present.iter().any(|c| normalize(c) == normalize(&text)) {
                        report.set.push(format!("{role}: label {text}"));
                        continue;
                    }
                    if self.add_label(&text).await? {
                        report.set.push(format!("{role}: label {text}"));
                    } else {
                        report.missing.push(Missing::Label {
                            role: role.into(),
                            label: text,
                        });
                    }
                }
            }
            Scope::Specific { resources } => {
                self.set_checked(ControlId::SourcesSpecificRadio, &none(), true)
                    .await?;
                if self.is_present(ControlId::SourcesFilter, &none())? {
                    self.type_text(ControlId::SourcesFilter, &none(), "")
                        .await?;
                }
                let wanted: Vec<String> = resources.iter().map(|r| normalize(r)).collect();
                let extras: Vec<String> = self
                    .named_checkboxes(ControlId::SourcesDialog)?
                    .into_iter()
                    .filter(|(n, el)| {
                        act::is_checked(el) == Some(true) && !wanted.contains(&normalize(n))
                    })
                    .map(|(n, _)| n)
                    .collect();
                for name in extras {
                    self.set_checked(
                        ControlId::SourceCheckbox,
                        &Params::one("source", name),
                        false,
                    )
                    .await?;
                }
                for source in resources {
                    let p = Params::one("source", source.clone());
                    // The list may be long or virtualised: filter first.
                    if self.is_present(ControlId::SourcesFilter, &none())? {
                        self.type_text(ControlId::SourcesFilter, &none(), source)
                            .await?;
                    }
                    match self
                        .wait(
                            ControlId::SourceCheckbox,
                            &p,
                            Condition::Appear,
                            self.timeouts.glance_ms,
                        )
                        .await
                    {
                        Ok(_) => {
                            self.set_checked(ControlId::SourceCheckbox, &p, true)
                                .await?;
                            report.set.push(format!("{role}: source {source}"));
                        }
                        Err(DriverError::NotFound { .. }) => report.missing.push(Missing::Source {
                            role: role.into(),
                            source: source.clone(),
                        }),
                        Err(e) => return Err(e),
                    }
                }
                if self.is_present(ControlId::SourcesFilter, &none())? {
                    self.type_text(ControlId::SourcesFilter, &none(), "")
                        .await?;
                }
            }
        }
        self.save_sources_dialog().await
    }

    /// Pick `label` in the labels menu (typing it into the menu's filter so
    /// a virtualised list renders it); `false` when the menu has no such label.
    async fn add_label(&self, label: &str) -> Result<bool, DriverError> {
        let p = Params::one("label", label);
        self.click(ControlId::SourcesAddLabel, &none()).await?;
        self.settled(ControlId::LabelMenu, &none()).await?;
        if self.is_present(ControlId::LabelMenuFilter, &none())? {
            self.type_text(ControlId::LabelMenuFilter, &none(), label)
                .await?;
        }
        let found = match self
            .wait(
                ControlId::LabelOption,
                &p,
                Condition::Appear,
                self.timeouts.glance_ms,
            )
            .await
        {
            Ok(Some(option)) => {
                act::click(&option)?;
                true
            }
            Ok(None) | Err(DriverError::NotFound { .. }) => false,
            Err(e) => return Err(e),
        };
        self.close_label_menu().await?;
        if found {
            self.appear(ControlId::LabelChip, &p).await?;
        }
        Ok(found)
    }

    /// Label chips shown under "All Sources" in the sources dialog.
    pub fn read_label_chips(&self) -> Result<Vec<String>, DriverError> {
        let dom = LiveDom::current()?;
        let dialog = self.find(ControlId::SourcesDialog, &none())?;
        let all = self
            .find_all(ControlId::SourcesAllRadio, &none())?
            .into_iter()
            .next();
        let specific = self
            .find_all(ControlId::SourcesSpecificRadio, &none())?
            .into_iter()
            .next();
        let mut out: Vec<String> = Vec::new();
        // Chips sit between the two radios; source rows below also show labels.
        for el in dom.select(&dialog, "*").unwrap_or_default() {
            if all.as_ref().is_some_and(|a| !dom.precedes(a, &el))
                || specific.as_ref().is_some_and(|s| !dom.precedes(&el, s))
            {
                continue;
            }
            for p in text_pieces(&el) {
                let t = normalize(&p.text);
                if looks_like_label(&t) && !out.contains(&t) {
                    out.push(t);
                }
            }
        }
        Ok(out)
    }

    async fn save_sources_dialog(&self) -> Result<(), DriverError> {
        let dom = LiveDom::current()?;
        let save = self.find(ControlId::SourcesSave, &none())?;
        if super::tree::is_disabled(&dom, &save) {
            self.cancel_sources_dialog().await?;
            return Err(DriverError::Disabled {
                control: ControlId::SourcesSave.to_string(),
            });
        }
        act::click(&save)?;
        self.gone(ControlId::SourcesDialog, &none()).await
    }

    /// Close the sources dialog without saving, if it is open.
    pub async fn cancel_sources_dialog(&self) -> Result<(), DriverError> {
        if !self.is_present(ControlId::SourcesDialog, &none())? {
            return Ok(());
        }
        match self
            .find_all(ControlId::SourcesCancel, &none())?
            .into_iter()
            .next()
        {
            Some(c) => act::click(&c)?,
            None => self.press(act::Key::Escape)?,
        }
        self.gone(ControlId::SourcesDialog, &none()).await
    }

    /// The role set a role editor shows now (for "save as template"). Scoped
    /// roles are read by opening their sources dialog and cancelling it.
    pub async fn read_role_set(&self, form: RoleForm) -> Result<RoleSet, DriverError> {
        let owner = self.find_all(form.owner(), &none())?.into_iter().next();
        if owner.as_ref().and_then(act::is_checked) == Some(true) {
            return Ok(RoleSet {
                workspace: WorkspaceRole::Owner,
                roles: vec![],
            });
        }
        let checked: Vec<String> = self
            .named_checkboxes(form.container())?
            .into_iter()
            .filter(|(_, el)| act::is_checked(el) == Some(true))
            .map(|(n, _)| n)
            .collect();
        let mut roles = Vec::new();
        for role in checked {
            let scope = match self.edit_sources_within(form, &role, 0).await? {
                None => Scope::Unscoped,
                Some(link) => {
                    act::click(&link)?;
                    self.settled(ControlId::SourcesDialog, &none()).await?;
                    let scope = self.read_sources_dialog();
                    self.cancel_sources_dialog().await?;
                    scope?
                }
            };
            roles.push(RoleGrant { role, scope });
        }
        roles.sort();
        Ok(RoleSet {
            workspace: WorkspaceRole::Member,
            roles,
        })
    }

    fn read_sources_dialog(&self) -> Result<Scope, DriverError> {
        if self
            .is_checked(ControlId::SourcesAllRadio, &none())
            .unwrap_or(false)
        {
            let labels = self
                .read_label_chips()?
                .into_iter()
                .filter_map(|t| {
                    t.split_once(':').map(|(k, v)| Label {
                        key: k.into(),
                        value: v.into(),
                    })
                })
                .collect();
            return Ok(Scope::All { labels });
        }
        let resources = self
            .named_checkboxes(ControlId::SourcesDialog)?
            .into_iter()
            .filter(|(_, el)| act::is_checked(el) == Some(true))
            .map(|(n, _)| n)
            .collect();
        Ok(Scope::Specific { resources })
    }

    // ---------------------------------------------------------------- submit

    /// Click the submit button and wait for the page's answer: accepted (a
    /// success toast, or the form closed) or refused (a validation message
    /// or an error toast).
    pub async fn submit_invite(&self) -> Result<InviteOutcome, DriverError> {
        self.submit_and_wait(
            ControlId::InviteSubmit,
            ControlId::InviteForm,
            Some(ControlId::InviteValidation),
        )
        .await
        .map_err(Submit::into_error)
    }

    /// Click the member editor's "Save" / "Save Changes" and wait for the
    /// page's answer (toast, or the side sheet closing).
    pub async fn save_member_editor(&self) -> Result<InviteOutcome, DriverError> {
        self.submit_and_wait(ControlId::EditorSave, ControlId::MemberEditor, None)
            .await
            .map_err(Submit::into_error)
    }

    /// Click `button` of `form` and wait for the page's answer.
    pub(super) async fn submit_and_wait(
        &self,
        button: ControlId,
        form: ControlId,
        validation: Option<ControlId>,
    ) -> Result<InviteOutcome, Submit> {
        let before = |e| Submit::NotClicked(e);
        let validation_now = |s: &Self| -> Result<Option<Element>, DriverError> {
            match validation {
                Some(v) => Ok(s.find_all(v, &none())?.into_iter().next()),
                None => Ok(None),
            }
        };
        let old_toasts: Vec<Element> = [ControlId::ToastSuccess, ControlId::ToastDanger]
            .into_iter()
            .map(|id| self.find_all(id, &none()))
            .collect::<Result<Vec<_>, _>>()
            .map_err(before)?
            .concat();
        let old_validation: Option<String> = validation_now(self)
            .map_err(before)?
            .as_ref()
            .map(message_of)
            .filter(|m| !m.is_empty());
        let submit = self.enabled(button, &none()).await.map_err(before)?;
        // From the click on, the page may have acted: errors are unclear.
        let after = |e| Submit::NoAnswer(e);
        act::click(&submit).map_err(after)?;
        let start = now_ms();
        let fresh = |id: ControlId| -> Result<Option<Element>, DriverError> {
            Ok(self
                .find_all(id, &none())?
                .into_iter()
                .find(|t| !old_toasts.contains(t)))
        };
        let probe = || {
            let step = || -> Result<Option<InviteOutcome>, DriverError> {
                if let Some(t) = fresh(ControlId::ToastDanger)? {
                    return Ok(Some(InviteOutcome::Refused {
                        message: message_of(&t),
                    }));
                }
                if let Some(t) = fresh(ControlId::ToastSuccess)? {
                    return Ok(Some(InviteOutcome::Accepted {
                        message: Some(message_of(&t)),
                    }));
                }
                if let Some(v) = validation_now(self)? {
                    let msg = message_of(&v);
                    // A message left from before counts once the page had time to clear it.
                    let stale = old_validation.as_deref() == Some(msg.as_str())
                        && now_ms() - start < f64::from(self.timeouts.glance_ms);
                    if !msg.is_empty() && !stale {
                        return Ok(Some(InviteOutcome::Refused { message: msg }));
                    }
                }
                if !self.is_present(form, &none())? {
                    return Ok(Some(InviteOutcome::Accepted { message: None }));
                }
                Ok(None)
            };
            match step() {
                Ok(Some(o)) => Check::Done(o),
                Ok(None) => Check::NotYet,
                Err(e) => Check::Fail(e),
            }
        };
        let outcome = wait_for(self.limits().submit_ms, probe, |waited_ms| {
            DriverError::Timeout {
                control: button.to_string(),
                condition: Condition::Respond,
                looked_in: format!("toasts, validation messages, and whether {form} closed"),
                waited_ms,
            }
        })
        .await
        .map_err(after)?;
        self.observe_answer(now_ms() - start);
        if let InviteOutcome::Accepted { message: None } = outcome {
            // The form closed first; the toast usually follows.
            let toast = self
                .appear_all(ControlId::ToastSuccess, &none(), self.timeouts.glance_ms)
                .await;
            if let Some(t) = toast
                .ok()
                .and_then(|v| v.into_iter().find(|t| !old_toasts.contains(t)))
            {
                return Ok(InviteOutcome::Accepted {
                    message: Some(message_of(&t)),
                });
            }
        }
        // Let a closing form finish leaving, so the next step starts clean.
        // The answer is in: a form slow to leave (or a page gone meanwhile)
        // does not change it, and the next open waits for the form again.
        self.steady(form).await.ok();
        Ok(outcome)
    }
}

/// A checkbox's name as a person reads it: the first text of its label (a
/// role's description may sit in the same label), else its accessible name.
fn checkbox_name(dom: &LiveDom, cb: &Element) -> String {
    let labels = dom.label_texts(cb);
    if !labels.is_empty() {
        if let Some(label) = labels_elements(cb).into_iter().next() {
            if let Some(p) = text_pieces(&label)
                .into_iter()
                .find(|p| !p.text.trim().is_empty())
            {
                return p.text;
            }
        }
    }
    let name = accessible_name(dom, cb);
    if !name.trim().is_empty() {
        return name.trim().to_string();
    }
    // No label at all: the text of the nearest ancestor that has some.
    let mut cur = cb.parent_element();
    while let Some(p) = cur {
        if let Some(t) = text_pieces(&p)
            .into_iter()
            .find(|t| !t.text.trim().is_empty())
        {
            return t.text;
        }
        cur = p.parent_element();
    }
    String::new()
}

fn labels_elements(cb: &Element) -> Vec<Element> {
    use wasm_bindgen::JsCast;
    cb.dyn_ref::<web_sys::HtmlInputElement>()
        .and_then(|i| i.labels())
        .map(|l| super::dom::elements(&l))
        .unwrap_or_default()
}

impl Driver {
    /// Closes the labels menu if it is open, with its own trigger: Escape
    /// would also close the sources dialog beneath (Evergreen overlays all
    /// listen for it on `document.body`).
    pub async fn close_label_menu(&self) -> Result<(), DriverError> {
        if !self.is_present(ControlId::LabelMenu, &none())? {
            return Ok(());
        }
        if let Some(t) = self
            .find_all(ControlId::SourcesAddLabel, &none())?
            .into_iter()
            .next()
        {
            act::click(&t)?;
        }
        let _ = self
            .wait(
                ControlId::LabelMenu,
                &none(),
                Condition::Disappear,
                self.timeouts.glance_ms,
            )
            .await;
        Ok(())
    }
}

/// Where a submission's failure happened.
#[derive(Debug)]
pub(super) enum Submit {
    /// Before the button was pressed: nothing was sent.
    NotClicked(DriverError),
    /// After: the page may have acted.
    NoAnswer(DriverError),
}

impl Submit {
    pub(super) fn into_error(self) -> DriverError {
        match self {
            Submit::NotClicked(e) | Submit::NoAnswer(e) => e,
        }
    }
}
