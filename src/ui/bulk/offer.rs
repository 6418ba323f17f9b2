//! Which roles the page's invite form offers, checked at preview time, so a
//! role this workspace's form does not have (an older plan, a renamed role)
//! shows in the preview rather than failing a whole group during the run.

use std::collections::BTreeSet;

use crate::core::preview::{Inexpressible, Preview, RowStatus};
use crate::core::role_check::RoleSetProblem;
use crate::driver::{ControlId, Driver, DriverError, Params, Surface};

/// The role names the ready rows need, each once, sorted.
pub fn roles_needed(preview: &Preview) -> Vec<String> {
    preview
        .ready()
        .filter_map(|r| r.role_set())
        .flat_map(|set| set.roles.iter().map(|g| g.role.clone()))
        .collect::<BTreeSet<_>>()
        .into_iter()
        .collect()
}

/// Marks every ready row that needs one of `missing` as a role set the form
/// cannot express; returns how many rows changed.
pub fn mark_not_offered(preview: &mut Preview, missing: &[String]) -> usize {
    let mut changed = 0;
    for row in &mut preview.rows {
        let Some(set) = row.role_set() else { continue };
        let Some((index, grant)) = set
            .roles
            .iter()
            .enumerate()
            .find(|(_, g)| missing.contains(&g.role))
        else {
            continue;
        };
        row.status = RowStatus::Inexpressible(Inexpressible::Roles(RoleSetProblem::UnknownRole {
            index,
            name: format!("{} (this page's invite form does not offer it)", grant.role),
        }));
        changed += 1;
    }
    changed
}

/// Opens the invite form, looks for each role's checkbox, and closes the
/// form again (nothing is typed or sent). Returns the roles not found.
pub async fn missing_roles(driver: &Driver, roles: &[String]) -> Result<Vec<String>, DriverError> {
    let none = Params::none();
    let look = || async {
        // Role checkboxes show under "Workspace Member" only.
        driver
            .set_checked(ControlId::InviteMemberRadio, &none, true)
            .await?;
        let mut missing = Vec::new();
        for role in roles {
            let p = Params::one("role", role.clone());
            if driver
                .find_all(ControlId::InviteRoleCheckbox, &p)?
                .is_empty()
            {
                missing.push(role.clone());
            }
        }
        Ok::<_, DriverError>(missing)
    };
    let within = driver.within(&Surface::InviteForm, look).await?;
    let missing = within.value?;
    within.closed?;
    Ok(missing)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::core::input::parse_text;
    use crate::core::preview::{build_preview, KnownPeople, PreviewContext, StatusKind};
    use crate::core::template::TemplateLibrary;

    fn preview(text: &str) -> Preview {
        let input = parse_text(text).unwrap();
        let known = KnownPeople::default();
        let templates = TemplateLibrary::new();
        build_preview(
            &input.rows,
            &PreviewContext {
                known: &known,
                templates: &templates,
                default_role_set: None,
            },
        )
    }

    const TEXT: &str = "email,role,roles\n\
        a@x.com,member,Source Admin;Engage User\n\
        b@x.com,owner,\n\
        c@x.com,member,Tracking Plan Read-only\n\
        bad@@x.com,member,Engage User\n";

    #[test]
    fn needed_roles_come_from_ready_rows_only() {
        assert_eq!(
            roles_needed(&preview(TEXT)),
            vec![
                "Source Admin".to_string(),
                "Tracking Plan Read-only".to_string(),
                "Unify Read-only, Engage User".to_string(),
            ]
        );
    }

    #[test]
    fn rows_needing_a_missing_role_are_no_longer_ready() {
        let mut p = preview(TEXT);
        let changed = mark_not_offered(&mut p, &["Unify Read-only, Engage User".to_string()]);
        assert_eq!(changed, 1);
        assert_eq!(p.rows[0].status.kind(), StatusKind::Inexpressible);
        let message = p.rows[0].message().unwrap();
        assert!(
            message.contains(
                "Unify Read-only, Engage User (this page's invite form does not offer it)"
            ),
            "{message}"
        );
        assert_eq!(p.rows[1].status.kind(), StatusKind::Ready);
        assert_eq!(p.rows[2].status.kind(), StatusKind::Ready);
        assert_eq!(p.rows[3].status.kind(), StatusKind::InvalidEmail);
        assert_eq!(mark_not_offered(&mut p, &[]), 0);
    }
}
