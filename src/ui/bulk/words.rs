//! The bulk view's small names: the preview's status slugs. (The run's
//! sentences are the run view's, in `ui::run::words`.) Pure, so they are
//! tested natively.

use crate::core::preview::StatusKind;

/// The `data-kind` slug of a preview status (used by the table filter).
pub fn kind_slug(kind: StatusKind) -> &'static str {
    match kind {
        StatusKind::Ready => "ready",
        StatusKind::InvalidEmail => "invalid-email",
        StatusKind::Duplicate => "duplicate",
        StatusKind::AlreadyMember => "member",
        StatusKind::AlreadyInvited => "invited",
        StatusKind::UnknownTemplate => "unknown-template",
        StatusKind::UnknownRole => "unknown-role",
        StatusKind::Conflict => "conflict",
        StatusKind::Inexpressible => "inexpressible",
        StatusKind::NoRoles => "no-roles",
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_status_has_its_own_slug() {
        let mut slugs: Vec<&str> = StatusKind::ALL.iter().map(|k| kind_slug(*k)).collect();
        slugs.sort_unstable();
        slugs.dedup();
        assert_eq!(slugs.len(), StatusKind::ALL.len());
    }
}
