//! The prompts' rules applied to invites: the addresses of one submission
//! of the page's own form ([`judge_invite`]), or every row of a bulk preview
//! ([`flag_preview`]).
//!
//! An address gets at most one domain flag: a likely typo (with its
//! correction) when the "Mistyped domains" prompt is on, else "outside"
//! when "Outside your domains" is on and the workspace has domains (with
//! none known, nothing is outside). An invite as Workspace Owner flags
//! every address as a new owner when "New Workspace Owners" is on.
//!
//! In a bulk preview, outside and owner flags concern only the rows that
//! will be sent (ready rows); typo flags concern every row whose address
//! can be corrected — "ana@kickscoio" is not even valid, and the fix makes
//! it so. Sending flagged rows needs a tick per kind ([`Required`]).

use super::domains::{domain_of, WorkspaceDomains};
use super::typo::{correct, Correction};
use super::{Prompt, Switches};
use crate::core::preview::Preview;
use crate::core::roles::WorkspaceRole;

/// What is flagged about one address's domain.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum AddressFlag {
    /// Probably mistyped; the correction.
    Typo(Correction),
    /// Not one of the workspace's domains.
    Outside { domain: String },
}

/// The domain flag of one address (see the module docs).
pub fn flag_address(
    raw: &str,
    domains: &WorkspaceDomains,
    switches: Switches,
) -> Option<AddressFlag> {
    if switches.is_on(Prompt::Typos) {
        if let Some(c) = correct(raw, domains) {
            return Some(AddressFlag::Typo(c));
        }
    }
    if switches.is_on(Prompt::OutsideDomains) && !domains.own().is_empty() {
        let domain = domain_of(raw)?;
        if !domains.is_own(&domain) {
            return Some(AddressFlag::Outside { domain });
        }
    }
    None
}

/// The addresses typed in an invite form's email field (comma, semicolon
/// or space separated).
pub fn split_addresses(field: &str) -> Vec<&str> {
    field
        .split(|c: char| c == ',' || c == ';' || c.is_whitespace())
        .filter(|s| !s.is_empty())
        .collect()
}

/// Everything the prompts say about one invite submission.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct InviteConcerns {
    pub typos: Vec<Correction>,
    /// Addresses outside the workspace's domains.
    pub outside: Vec<String>,
    /// Addresses that would become Workspace Owners.
    pub new_owners: Vec<String>,
}

impl InviteConcerns {
    pub fn is_empty(&self) -> bool {
        self.typos.is_empty() && self.outside.is_empty() && self.new_owners.is_empty()
    }

    /// The prompts that speak, gravest first.
    pub fn prompts(&self) -> Vec<Prompt> {
        [
            (Prompt::Typos, !self.typos.is_empty()),
            (Prompt::NewOwners, !self.new_owners.is_empty()),
            (Prompt::OutsideDomains, !self.outside.is_empty()),
        ]
        .into_iter()
        .filter_map(|(p, on)| on.then_some(p))
        .collect()
    }
}

/// Judges one submission: `addresses` as typed, sent as `workspace`.
pub fn judge_invite(
    addresses: &[&str],
    workspace: WorkspaceRole,
    domains: &WorkspaceDomains,
    switches: Switches,
) -> InviteConcerns {
    let mut c = InviteConcerns::default();
    for a in addresses {
        match flag_address(a, domains, switches) {
            Some(AddressFlag::Typo(t)) => c.typos.push(t),
            Some(AddressFlag::Outside { .. }) => c.outside.push(a.to_string()),
            None => {}
        }
    }
    if workspace == WorkspaceRole::Owner && switches.is_on(Prompt::NewOwners) {
        c.new_owners = addresses.iter().map(|a| a.to_string()).collect();
    }
    c
}

/// The flags of one preview row.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct RowFlags {
    pub address: Option<AddressFlag>,
    /// The row will be sent as Workspace Owner.
    pub new_owner: bool,
}

impl RowFlags {
    pub fn is_empty(&self) -> bool {
        self.address.is_none() && !self.new_owner
    }

    pub fn typo(&self) -> Option<&Correction> {
        match &self.address {
            Some(AddressFlag::Typo(c)) => Some(c),
            _ => None,
        }
    }
}

/// The ticks sending a preview needs, and what each covers.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Required {
    /// Ready rows whose domain looks mistyped (sent as typed only if ticked).
    pub typos: usize,
    /// Ready rows outside the workspace's domains.
    pub outside: usize,
    /// Addresses of ready rows that would become Workspace Owners.
    pub owners: Vec<String>,
}

impl Required {
    pub fn is_empty(&self) -> bool {
        self.typos == 0 && self.outside == 0 && self.owners.is_empty()
    }
}

/// The flags of every row of a preview, in the preview's order.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct PreviewFlags {
    pub rows: Vec<RowFlags>,
    pub required: Required,
}

impl PreviewFlags {
    /// Every correction the fix would make (rows of any status).
    pub fn corrections(&self) -> Vec<(usize, &Correction)> {
        self.rows
            .iter()
            .enumerate()
            .filter_map(|(i, r)| r.typo().map(|c| (i, c)))
            .collect()
    }
}

/// Flags every row of `preview` (see the module docs).
pub fn flag_preview(
    preview: &Preview,
    domains: &WorkspaceDomains,
    switches: Switches,
) -> PreviewFlags {
    let mut required = Required::default();
    let rows = preview
        .rows
        .iter()
        .map(|row| {
            let set = row.role_set();
            let raw = row.email.as_ref().map_or(row.raw_email(), |e| e.as_str());
            let address = match flag_address(raw, domains, switches) {
                Some(AddressFlag::Outside { .. }) if set.is_none() => None,
                f => f,
            };
            let new_owner = set.is_some_and(|s| s.workspace == WorkspaceRole::Owner)
                && switches.is_on(Prompt::NewOwners);
            if set.is_some() {
                match address {
                    Some(AddressFlag::Typo(_)) => required.typos += 1,
                    Some(AddressFlag::Outside { .. }) => required.outside += 1,
                    None => {}
                }
                if new_owner {
                    required.owners.push(raw.to_string());
                }
            }
            RowFlags { address, new_owner }
        })
        .collect();
    PreviewFlags { rows, required }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::core::input::parse_text;
    use crate::core::preview::{build_preview, KnownPeople, PreviewContext};
    use crate::core::roles::RoleSet;
    use crate::core::template::TemplateLibrary;

    fn kicksco() -> WorkspaceDomains {
        WorkspaceDomains::new(vec!["kicksco.io".into()], ["x@partner.org"])
    }

    fn preview(text: &str) -> Preview {
        let input = parse_text(text).unwrap();
        build_preview(
            &input.rows,
            &PreviewContext {
                known: &KnownPeople::default(),
                templates: &TemplateLibrary::new(),
                default_role_set: Some(&RoleSet::member([])),
            },
        )
    }

    #[test]
    fn an_ordinary_invite_within_the_domains_says_nothing() {
        let d = kicksco();
        let c = judge_invite(
            &["ana@kicksco.io", "Bob@Kicksco.IO"],
            WorkspaceRole::Member,
            &d,
            Switches::default(),
        );
        assert!(c.is_empty(), "{c:?}");
        assert!(c.prompts().is_empty());
    }

    #[test]
    fn each_concern_is_named_and_each_switch_silences_its_own() {
        let d = kicksco();
        let addresses = split_addresses("ana@kicksco.co, ben@gmail.com;cy@kicksco.io");
        assert_eq!(
            addresses,
            ["ana@kicksco.co", "ben@gmail.com", "cy@kicksco.io"]
        );
        let c = judge_invite(&addresses, WorkspaceRole::Owner, &d, Switches::default());
        assert_eq!(c.typos[0].meant, "ana@kicksco.io");
        assert_eq!(c.outside, ["ben@gmail.com"]);
        assert_eq!(c.new_owners.len(), 3);
        assert_eq!(
            c.prompts(),
            [Prompt::Typos, Prompt::NewOwners, Prompt::OutsideDomains]
        );
        // Typos off: the mistyped domain is simply outside.
        let off = Switches::default().with(Prompt::Typos, false);
        let c = judge_invite(&addresses, WorkspaceRole::Member, &d, off);
        assert!(c.typos.is_empty());
        assert_eq!(c.outside, ["ana@kicksco.co", "ben@gmail.com"]);
        let c = judge_invite(&addresses, WorkspaceRole::Owner, &d, Switches::none());
        assert!(c.is_empty());
        // No workspace domain known: nothing is outside.
        let unknown = WorkspaceDomains::default();
        let c = judge_invite(&["ben@gmail.com"], WorkspaceRole::Member, &unknown, off);
        assert!(c.is_empty());
    }

    #[test]
    fn a_preview_requires_one_tick_per_kind_of_flag_on_ready_rows() {
        let d = kicksco();
        let p = preview(
            "email,role\nana@kicksco.io,member\nbo@kickscoio,member\ncy@kicksco.co,member\n\
             di@gmail.com,member\ned@partner.org,member\nfay@kicksco.io,owner\nana@kicksco.io,member",
        );
        let f = flag_preview(&p, &d, Switches::default());
        assert!(f.rows[0].is_empty());
        assert_eq!(
            f.rows[1].typo().unwrap().meant,
            "bo@kicksco.io",
            "invalid, but fixable"
        );
        assert_eq!(f.rows[2].typo().unwrap().meant, "cy@kicksco.io");
        assert_eq!(
            f.rows[3].address,
            Some(AddressFlag::Outside {
                domain: "gmail.com".into()
            })
        );
        assert!(f.rows[5].new_owner);
        assert!(f.rows[6].is_empty(), "a duplicate is not sent");
        assert_eq!(
            f.required,
            Required {
                typos: 1,
                outside: 2,
                owners: vec!["fay@kicksco.io".into()],
            }
        );
        assert_eq!(f.corrections().len(), 2);
        let quiet = flag_preview(&p, &d, Switches::none());
        assert!(quiet.required.is_empty() && quiet.rows.iter().all(RowFlags::is_empty));
    }
}
