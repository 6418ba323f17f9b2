//! The roster a plan is made against, read through the page: the users
//! table (every page, with its completeness and who is signed in), each
//! member's exact grants from their editor (opened, read, closed without
//! saving), and each pending invite's grants from its row.
//!
//! (The export's read, `driver::roster`, reads invites through their editor
//! too; the plan should move onto it — see the roster issue's notes.)
//! An invite's row names its roles but not every scope ("Source Admin
//! (2)"): such invites are listed in [`PlanRead::inexact`] so the plan can
//! say so.

use super::error::DriverError;
use super::invite::RoleForm;
use super::page::Driver;
use super::rows::{Permission, UserRow};
use super::surface::Surface;
use crate::core::catalogue::lookup_role;
use crate::core::roles::{RoleGrant, RoleSet, Scope};
use crate::core::roster::{Person, Roster, Status};

/// What the read found.
pub struct PlanRead {
    pub roster: Roster,
    /// The "(you)" row's email.
    pub signed_in: Option<String>,
    /// Pending invites whose scopes the row does not show exactly.
    pub inexact: Vec<String>,
}

impl Driver {
    /// Reads the roster (see the module docs); `progress(done, total)`
    /// after each member's editor.
    pub async fn read_plan_roster(
        &self,
        workspace: &str,
        progress: &dyn Fn(usize, usize),
    ) -> Result<PlanRead, DriverError> {
        let table = self.read_users().await?;
        let mut people = Vec::new();
        let mut inexact = Vec::new();
        let editors: Vec<&UserRow> = table
            .members()
            .filter(|r| r.permission != Permission::Owner && !r.you)
            .collect();
        let mut done = 0;
        for row in table.rows.iter() {
            let access = match (row.pending, row.permission) {
                (_, Permission::Owner) => RoleSet::owner(),
                (true, _) => {
                    let (set, exact) = summary_role_set(row.roles.as_deref().unwrap_or(""));
                    if !exact {
                        inexact.push(row.email.clone());
                    }
                    set
                }
                (false, _) if row.you => RoleSet::member([]),
                (false, _) => {
                    self.find_member_row(&row.email).await?;
                    let surface = Surface::MemberEditor {
                        email: row.email.clone(),
                    };
                    let set = self
                        .within(&surface, || self.read_role_set(RoleForm::Editor))
                        .await?
                        .value?;
                    done += 1;
                    progress(done, editors.len());
                    set
                }
            };
            let status = if row.pending {
                Status::Invited
            } else {
                Status::Member
            };
            people.push(Person::new(&row.email, row.name.clone(), status, access));
        }
        Ok(PlanRead {
            roster: Roster::new(workspace, people, table.completeness),
            signed_in: table.signed_in.clone(),
            inexact,
        })
    }
}

/// A role set from an "Individual Roles" cell ("Source Admin (All),
/// Function Admin"), and whether it is exact: "(All)" is every source, a
/// bare name is unscoped, a count ("(2)", "(1 Label)") hides which.
pub fn summary_role_set(cell: &str) -> (RoleSet, bool) {
    let cell = cell.trim();
    if cell.is_empty() || cell == "-" {
        return (RoleSet::member([]), true);
    }
    // Grants are joined with ", ", and a role's own name may hold one
    // ("Unify Read-only, Engage User"): pieces join while the joined name
    // is a role the catalogue knows and the piece alone is not.
    let known = |piece: &str| lookup_role(piece.split(" (").next().unwrap_or(piece)).is_some();
    let mut parts: Vec<String> = Vec::new();
    for piece in cell.split(", ") {
        match parts.last_mut() {
            Some(last) if !known(last) && known(&format!("{last}, {piece}")) => {
                last.push_str(", ");
                last.push_str(piece);
            }
            _ => parts.push(piece.to_string()),
        }
    }
    let mut exact = true;
    let grants = parts.iter().map(|part| match part.split_once(" (") {
        None => RoleGrant::new(part.trim(), Scope::Unscoped),
        Some((name, "All)")) => RoleGrant::new(name.trim(), Scope::all()),
        Some((name, _)) => {
            exact = false;
            RoleGrant::new(name.trim(), Scope::all())
        }
    });
    let set = RoleSet::member(grants.collect::<Vec<_>>());
    (set, exact)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_cell_gives_names_and_says_when_scopes_are_hidden() {
        let (set, exact) = summary_role_set("Source Admin (All), Function Admin");
        assert!(exact);
        assert_eq!(
            set,
            RoleSet::member([
                RoleGrant::new("Source Admin", Scope::all()),
                RoleGrant::new("Function Admin", Scope::Unscoped),
            ])
        );
        assert!(!summary_role_set("Source Admin (2)").1);
        let (set, _) = summary_role_set("Unify Read-only, Engage User, Function Admin");
        assert_eq!(
            set,
            RoleSet::member([
                RoleGrant::new("Unify Read-only, Engage User", Scope::Unscoped),
                RoleGrant::new("Function Admin", Scope::Unscoped),
            ])
        );
        assert_eq!(summary_role_set("-"), (RoleSet::member([]), true));
    }
}
