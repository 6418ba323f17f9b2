//! Which Segment page a URL path is.
//!
//! The content script's loader (`extension/content.js`, `ROUTE`) applies the same path rule
//! before any core is loaded, to decide whether to load it: change both together.

/// Segment app pages the extension cares about.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum PageKind {
    /// `/<workspace>/settings/access-management` (and its sub-tabs).
    AccessManagement { workspace: String },
    /// Anything else in the app: the extension stays out of the way.
    Other,
}

impl PageKind {
    /// Classifies a URL path such as `/acme/settings/access-management/tokens`.
    pub fn from_path(path: &str) -> Self {
        let mut parts = path.split('/').filter(|p| !p.is_empty());
        match (parts.next(), parts.next(), parts.next()) {
            (Some(ws), Some("settings"), Some("access-management")) => PageKind::AccessManagement {
                workspace: ws.to_string(),
            },
            _ => PageKind::Other,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn recognises_access_management_and_its_tabs() {
        for p in [
            "/acme/settings/access-management",
            "/acme/settings/access-management/",
            "/acme/settings/access-management/tokens",
        ] {
            assert_eq!(
                PageKind::from_path(p),
                PageKind::AccessManagement {
                    workspace: "acme".into()
                },
                "{p}"
            );
        }
    }

    #[test]
    fn other_pages_are_other() {
        for p in [
            "/",
            "/acme",
            "/acme/settings",
            "/acme/settings/general",
            "/settings/access-management",
        ] {
            assert_eq!(PageKind::from_path(p), PageKind::Other, "{p}");
        }
    }
}
