//! A desired roster from pasted text in the bulk-invite format (the
//! export's format: its `name` and `status` columns are ignored), read by
//! the bulk invite's own reader and preview, so a file means the same
//! here as there. Every row that would not be ready for an invite is an
//! error naming its row and its problem; nothing is planned from a file
//! with errors.
//!
//! A stand-in until the roster export's `format::parse` is merged; both
//! give [`Person`]s.

use super::super::{Person, Status};
use crate::core::input::parse_text;
use crate::core::preview::{build_preview, KnownPeople, PreviewContext};
use crate::core::template::TemplateLibrary;

/// The people of `text`, or every row's problem.
pub fn desired_from_text(text: &str) -> Result<Vec<Person>, Vec<String>> {
    let input = parse_text(text).map_err(|e| vec![e.to_string()])?;
    let known = KnownPeople::default();
    let templates = TemplateLibrary::new();
    let ctx = PreviewContext {
        known: &known,
        templates: &templates,
        default_role_set: None,
    };
    let preview = build_preview(&input.rows, &ctx);
    let mut people = Vec::new();
    let mut errors = Vec::new();
    for row in &preview.rows {
        match (&row.email, row.role_set()) {
            (Some(email), Some(set)) => people.push(Person::new(
                email.as_str(),
                None,
                Status::Member,
                set.clone(),
            )),
            _ => errors.push(
                row.message()
                    .unwrap_or_else(|| format!("row {}: not ready", row.line)),
            ),
        }
    }
    if errors.is_empty() {
        Ok(people)
    } else {
        Err(errors)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::core::roles::{RoleGrant, RoleSet, Scope};

    #[test]
    fn the_bulk_invite_format_names_each_bad_row() {
        let ok = "email,role,roles,sources,name,status\n\
                  Ann@x.io,member,Source Admin,Web,Ann,member\n\
                  boss@x.io,owner,,,Boss,member\n";
        let people = desired_from_text(ok).unwrap();
        assert_eq!(people[0].email, "ann@x.io");
        assert_eq!(
            people[0].access,
            RoleSet::member([RoleGrant::new("Source Admin", Scope::specific(["Web"]))])
        );
        assert_eq!(people[1].access, RoleSet::owner());
        let bad = "email,role,roles\nnot-an-email,member,Source Admin\n";
        let errors = desired_from_text(bad).unwrap_err();
        assert_eq!(errors.len(), 1);
        assert!(
            errors[0].contains("row 2") || errors[0].contains("not-an-email"),
            "{errors:?}"
        );
    }
}

#[cfg(test)]
mod shapes {
    use super::*;
    use crate::core::roles::{Label, RoleGrant, RoleSet, Scope};
    use crate::core::roster::diff::same_access;

    #[test]
    fn every_shape_of_an_export_row() {
        let text = "email,role,roles,sources,labels\n\
                    a@x.io,member,,,\n\
                    b@x.io,member,\"Unify Read-only, Engage User;Function Admin\",,\n\
                    c@x.io,member,Source Read-only,,environment:prod\n\
                    d@x.io,member,Source Admin;Tracking Plan Admin,Prod Web;Dev Android,\n\
                    e@x.io,owner,,,\n";
        let people = desired_from_text(text).unwrap();
        assert_eq!(people[0].access, RoleSet::member([]));
        assert!(same_access(
            &people[1].access,
            &RoleSet::member([
                RoleGrant::new("Unify Read-only, Engage User", Scope::Unscoped),
                RoleGrant::new("Function Admin", Scope::Unscoped),
            ])
        ));
        assert_eq!(
            people[2].access,
            RoleSet::member([RoleGrant::new(
                "Source Read-only",
                Scope::labelled([Label::new("environment", "prod")])
            )])
        );
        assert!(same_access(
            &people[3].access,
            &RoleSet::member([
                RoleGrant::new("Source Admin", Scope::specific(["Prod Web", "Dev Android"])),
                RoleGrant::new("Tracking Plan Admin", Scope::Unscoped),
            ])
        ));
    }
}
