//! Reading a users-table row from its text pieces (pure): email, name,
//! owner / member, pending, "(you)", and the roles column.

use serde::{Deserialize, Serialize};

use super::profile::Words;
use super::text::{find_email, matches_any, normalize, MatchMode};

/// Workspace-level permission as the table shows it.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Permission {
    /// "Owner" / "Workspace Owner".
    Owner,
    /// "Member" / "Workspace Member".
    Member,
    /// Neither word was found in the row.
    Unknown,
}

/// One row of the users table.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct UserRow {
    /// Email, as shown.
    pub email: String,
    /// Display name; `None` for pending invites ("-").
    pub name: Option<String>,
    /// Owner / member / unknown.
    pub permission: Permission,
    /// A pending invite (badge "Pending").
    pub pending: bool,
    /// The signed-in user ("(you)").
    pub you: bool,
    /// The "Individual Roles" cell, as text, when the column was found.
    pub roles: Option<String>,
    /// 1-based page of the table the row was read on.
    pub page: u32,
    /// The display name looks like an email other than the row's email (a
    /// person named "newhire@corp.example"): shown as a warning, never used
    /// as the address.
    #[serde(default)]
    pub name_differs: bool,
}

/// A piece of text in a row and the left edge of its box (px).
#[derive(Debug, Clone, PartialEq)]
pub struct Piece {
    /// The text.
    pub text: String,
    /// Left edge, in viewport pixels.
    pub left: f64,
}

/// How far a cell's text may start from its column header's text (px).
pub const COLUMN_TOLERANCE_PX: f64 = 16.0;

/// Where, among a row's pieces, the page shows the email, and the address.
///
/// A row (or the editor's header) shows the name first and the email on the
/// line underneath, so a display name that looks like an email comes first:
/// of the first run of email-bearing pieces (a "(you)" marker may sit between
/// them), the last one is the email line. `hint` is the piece the page marks
/// as the email (a `mailto:` link, the cell under an "Email" header), which
/// wins when it holds an email.
pub fn email_piece(
    pieces: &[Piece],
    hint: Option<usize>,
    you: &[String],
) -> Option<(usize, String)> {
    if let Some(i) = hint {
        if let Some(e) = pieces.get(i).and_then(|p| find_email(&p.text)) {
            return Some((i, e));
        }
    }
    let first = pieces.iter().position(|p| find_email(&p.text).is_some())?;
    let mut last = first;
    for (i, p) in pieces.iter().enumerate().skip(first + 1) {
        if find_email(&p.text).is_some() {
            last = i;
        } else if !strip_you(&p.text, you).is_empty() {
            break;
        }
    }
    find_email(&pieces[last].text).map(|e| (last, e))
}

/// What a row's parse needs besides its texts.
#[derive(Debug, Clone, Copy, Default, PartialEq)]
pub struct RowFacts {
    /// The pending-badge locator matched inside the row.
    pub badge: bool,
    /// Left edge of the "Individual Roles" header, when the roles are read
    /// by position (no cells).
    pub roles_left: Option<f64>,
    /// The piece the page marks as the email (see [`email_piece`]).
    pub email_hint: Option<usize>,
}

/// Parse a row. `pieces` are its texts in document order. `None` when the
/// row has no email (a header or an empty-state row).
pub fn parse_row(pieces: &[Piece], facts: RowFacts, words: &Words, page: u32) -> Option<UserRow> {
    let RowFacts {
        badge, roles_left, ..
    } = facts;
    let (email_at, email) = email_piece(pieces, facts.email_hint, &words.you)?;
    let is_you = |t: &str| matches_any(t, &words.you, MatchMode::Contains);
    let you = pieces.iter().any(|p| is_you(&p.text));
    let name = pieces[..email_at]
        .iter()
        .rev()
        .map(|p| strip_you(&p.text, &words.you))
        .find(|t| !t.is_empty())
        .filter(|t| t != "-" && t != "—" && normalize(t) != normalize(&email));
    let name_differs = name
        .as_deref()
        .and_then(find_email)
        .is_some_and(|n| !n.eq_ignore_ascii_case(&email));
    let perm_of = |t: &str| {
        if matches_any(t, &words.owner, MatchMode::Exact) {
            Some(Permission::Owner)
        } else if matches_any(t, &words.member, MatchMode::Exact) {
            Some(Permission::Member)
        } else {
            None
        }
    };
    let permission = pieces[email_at + 1..]
        .iter()
        .find_map(|p| perm_of(&p.text))
        .unwrap_or(Permission::Unknown);
    let pending = badge
        || pieces
            .iter()
            .any(|p| matches_any(&p.text, &words.pending, MatchMode::Exact));
    let roles = roles_left.map(|left| {
        pieces
            .iter()
            .filter(|p| (p.left - left).abs() <= COLUMN_TOLERANCE_PX)
            .map(|p| p.text.trim().to_string())
            .filter(|t| !t.is_empty())
            .collect::<Vec<_>>()
            .join(", ")
    });
    // Only an avatar's initials before the email: there is no name.
    let name = name.filter(|n| !(email_at == 1 && is_initials(n)));
    Some(UserRow {
        email,
        name,
        permission,
        pending,
        you,
        roles,
        page,
        name_differs,
    })
}

fn strip_you(text: &str, markers: &[String]) -> String {
    let mut t = text.to_string();
    for m in markers {
        if let Some(i) = t.to_lowercase().find(&m.to_lowercase()) {
            t.replace_range(i..i + m.len(), "");
        }
    }
    t.split_whitespace().collect::<Vec<_>>().join(" ")
}

fn is_initials(s: &str) -> bool {
    (1..=3).contains(&s.chars().count()) && s.chars().all(|c| c.is_uppercase())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn words() -> Words {
        Words {
            owner: vec!["Owner".into(), "Workspace Owner".into()],
            member: vec!["Member".into(), "Workspace Member".into()],
            pending: vec!["Pending".into(), "Invite Pending".into()],
            you: vec!["(you)".into()],
            total_nouns: Vec::new(),
        }
    }

    fn facts(badge: bool, roles_left: Option<f64>) -> RowFacts {
        RowFacts {
            badge,
            roles_left,
            email_hint: None,
        }
    }

    fn pieces(v: &[(&str, f64)]) -> Vec<Piece> {
        v.iter()
            .map(|(t, l)| Piece {
                text: t.to_string(),
                left: *l,
            })
            .collect()
    }

    #[test]
    fn member_row_with_avatar_and_roles() {
        let p = pieces(&[
            ("AL", 10.0),
            ("Ada Lovelace", 50.0),
            ("ada@example.com", 50.0),
            ("Member", 420.0),
            ("Source Admin (2)", 580.0),
            ("Edit", 900.0),
        ]);
        let r = parse_row(&p, facts(false, Some(576.0)), &words(), 1).unwrap();
        assert_eq!(r.email, "ada@example.com");
        assert_eq!(r.name.as_deref(), Some("Ada Lovelace"));
        assert_eq!(r.permission, Permission::Member);
        assert!(!r.pending && !r.you);
        assert_eq!(r.roles.as_deref(), Some("Source Admin (2)"));
    }

    #[test]
    fn signed_in_owner_and_era_2020_words() {
        let p = pieces(&[
            ("GH", 0.0),
            ("Grace Hopper (you)", 40.0),
            ("grace@x.io", 40.0),
            ("Workspace Owner", 300.0),
            ("All", 500.0),
        ]);
        let r = parse_row(&p, facts(false, None), &words(), 2).unwrap();
        assert!(r.you);
        assert_eq!(r.name.as_deref(), Some("Grace Hopper"));
        assert_eq!(r.permission, Permission::Owner);
        assert_eq!(r.roles, None);
        assert_eq!(r.page, 2);
    }

    #[test]
    fn pending_invite_has_no_name() {
        let p = pieces(&[
            ("-", 0.0),
            ("-", 40.0),
            ("new@x.io", 40.0),
            ("Invite Pending", 200.0),
            ("Member", 300.0),
        ]);
        let r = parse_row(&p, facts(false, None), &words(), 1).unwrap();
        assert_eq!(r.name, None);
        assert!(r.pending);
        // The badge locator alone is enough too.
        let p = pieces(&[("x@y.io", 0.0)]);
        assert!(
            parse_row(&p, facts(true, None), &words(), 1)
                .unwrap()
                .pending
        );
    }

    #[test]
    fn rows_without_email_are_not_users() {
        let p = pieces(&[("Team Member", 0.0), ("Permission", 100.0)]);
        assert_eq!(parse_row(&p, facts(false, None), &words(), 1), None);
    }

    #[test]
    fn unknown_permission_when_no_word() {
        let p = pieces(&[("Bo", 0.0), ("bo@x.io", 0.0), ("Admin", 100.0)]);
        let r = parse_row(&p, facts(false, None), &words(), 1).unwrap();
        assert_eq!(r.permission, Permission::Unknown);
        assert_eq!(r.name.as_deref(), Some("Bo"));
    }

    #[test]
    fn a_display_name_that_looks_like_an_email_is_not_the_email() {
        // Reproduces issue 17: the name line comes first and looks like an email.
        let p = pieces(&[
            ("N", 0.0),
            ("newhire@corp.example", 40.0),
            ("dana.real@corp.example", 40.0),
            ("Member", 300.0),
        ]);
        let r = parse_row(&p, facts(false, None), &words(), 1).unwrap();
        assert_eq!(r.email, "dana.real@corp.example");
        assert_eq!(r.name.as_deref(), Some("newhire@corp.example"));
        assert!(r.name_differs);
        assert_eq!(r.permission, Permission::Member);
        // With "(you)" between the lines too.
        let p = pieces(&[
            ("me@corp.example", 40.0),
            ("(you)", 200.0),
            ("real.me@corp.example", 40.0),
            ("Owner", 300.0),
        ]);
        let r = parse_row(&p, facts(false, None), &words(), 1).unwrap();
        assert_eq!(r.email, "real.me@corp.example");
        assert!(r.you && r.name_differs);
        // A name that is the same address is no disagreement.
        let p = pieces(&[("ada@x.io", 0.0), ("ada@x.io", 0.0), ("Owner", 90.0)]);
        let r = parse_row(&p, facts(false, None), &words(), 1).unwrap();
        assert_eq!((r.email.as_str(), r.name_differs), ("ada@x.io", false));
    }

    #[test]
    fn the_page_marked_email_wins() {
        let p = pieces(&[
            ("dana.real@corp.example", 0.0),
            ("newhire@corp.example", 0.0),
            ("Member", 300.0),
        ]);
        let f = RowFacts {
            email_hint: Some(0),
            ..RowFacts::default()
        };
        let r = parse_row(&p, f, &words(), 1).unwrap();
        assert_eq!(r.email, "dana.real@corp.example");
        assert_eq!(r.name, None, "no name before the email");
        // A hint without an email falls back to the layout rule.
        let f = RowFacts {
            email_hint: Some(2),
            ..RowFacts::default()
        };
        assert_eq!(
            parse_row(&p, f, &words(), 1).unwrap().email,
            "newhire@corp.example"
        );
    }
}
