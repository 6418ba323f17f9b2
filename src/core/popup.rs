//! What the toolbar popup knows: where the current tab is, where to send the
//! person, and the runs the journals describe. Pure: the popup view asks the
//! browser for the tab's URL, the host permission and the stored journals,
//! and these rules decide what they mean.

use super::page::PageKind;
use super::run::stored::Headline;
use super::run::RunStatus;

/// The Segment app's origin (the extension's only site).
pub const APP_ORIGIN: &str = "https://app.segment.com";
/// Segment's documented link to the signed-in person's own workspace
/// (`goto-my-workspace` redirects to it).
pub const MY_WORKSPACE: &str = "goto-my-workspace";

/// First path segments of the Segment app that are not workspaces.
const NOT_WORKSPACES: &[&str] = &[
    "login",
    "logout",
    "signup",
    "sso",
    "workspaces",
    "reset-password",
    "invite",
];

/// Where the current tab is.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum TabPlace {
    /// `workspace`'s Access Management page: the launcher is there.
    AccessManagement { workspace: String },
    /// Elsewhere in the Segment app; `workspace` when the path names one.
    SegmentApp { workspace: Option<String> },
    /// Another site.
    Elsewhere,
    /// The browser does not show this tab's address to the extension (no
    /// host access there, or no tab).
    Unknown,
}

impl TabPlace {
    /// Classifies a tab's URL (`None`: the browser withheld it).
    pub fn of(url: Option<&str>) -> TabPlace {
        let Some(url) = url else {
            return TabPlace::Unknown;
        };
        let Some(rest) = url.strip_prefix(APP_ORIGIN) else {
            return TabPlace::Elsewhere;
        };
        // The origin must end here (not app.segment.com.example.org).
        if !(rest.is_empty() || rest.starts_with(['/', '?', '#'])) {
            return TabPlace::Elsewhere;
        }
        let path = rest.split(['?', '#']).next().unwrap_or_default();
        if let PageKind::AccessManagement { workspace } = PageKind::from_path(path) {
            return TabPlace::AccessManagement { workspace };
        }
        let workspace = path
            .split('/')
            .find(|p| !p.is_empty())
            .filter(|p| !NOT_WORKSPACES.contains(p))
            .map(str::to_string);
        TabPlace::SegmentApp { workspace }
    }

    /// The Access Management page to offer from here: this tab's workspace,
    /// else Segment's link to the person's own workspace. `None` when the
    /// tab already is one.
    pub fn access_management_to_open(&self) -> Option<String> {
        match self {
            TabPlace::AccessManagement { .. } => None,
            TabPlace::SegmentApp {
                workspace: Some(ws),
            } => Some(access_management_url(ws)),
            _ => Some(access_management_url(MY_WORKSPACE)),
        }
    }
}

/// `https://app.segment.com/<workspace>/settings/access-management`
/// (`workspace` as it appears in a URL path).
pub fn access_management_url(workspace: &str) -> String {
    format!("{APP_ORIGIN}/{workspace}/settings/access-management")
}

/// A stored run, as the popup shows it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RunSummary {
    pub workspace: String,
    /// The operation's kind ("invite", …).
    pub kind: String,
    pub status: RunStatus,
    /// Rows with a final outcome.
    pub done: usize,
    /// Rows that were ready in the preview.
    pub total: usize,
}

impl RunSummary {
    /// The summary of `workspace`'s run of `kind`.
    pub fn new(workspace: &str, kind: &str, headline: Headline) -> RunSummary {
        RunSummary {
            workspace: workspace.to_string(),
            kind: kind.to_string(),
            status: headline.status,
            done: headline.done,
            total: headline.total,
        }
    }

    /// Running or paused: the person may want to go back to it.
    pub fn in_progress(&self) -> bool {
        matches!(self.status, RunStatus::Running | RunStatus::Paused)
    }
}

/// Runs in progress first, then by workspace.
pub fn sort_runs(runs: &mut [RunSummary]) {
    runs.sort_by(|a, b| {
        b.in_progress()
            .cmp(&a.in_progress())
            .then_with(|| a.workspace.cmp(&b.workspace))
    });
}

#[cfg(test)]
mod tests {
    use super::*;

    fn place(url: &str) -> TabPlace {
        TabPlace::of(Some(url))
    }

    #[test]
    fn access_management_pages_and_their_tabs() {
        for url in [
            "https://app.segment.com/acme/settings/access-management",
            "https://app.segment.com/acme/settings/access-management/",
            "https://app.segment.com/acme/settings/access-management?csp=strict",
            "https://app.segment.com/acme/settings/access-management/tokens#x",
        ] {
            assert_eq!(
                place(url),
                TabPlace::AccessManagement {
                    workspace: "acme".into()
                },
                "{url}"
            );
            assert_eq!(place(url).access_management_to_open(), None);
        }
    }

    #[test]
    fn elsewhere_in_the_app_offers_that_workspace() {
        let p = place("https://app.segment.com/acme/overview?x=1");
        assert_eq!(
            p,
            TabPlace::SegmentApp {
                workspace: Some("acme".into())
            }
        );
        assert_eq!(
            p.access_management_to_open().as_deref(),
            Some("https://app.segment.com/acme/settings/access-management")
        );
    }

    #[test]
    fn app_pages_without_a_workspace_offer_segments_own_link() {
        for url in [
            "https://app.segment.com",
            "https://app.segment.com/",
            "https://app.segment.com/login?next=/acme",
            "https://app.segment.com/workspaces",
        ] {
            let p = place(url);
            assert_eq!(p, TabPlace::SegmentApp { workspace: None }, "{url}");
            assert_eq!(
                p.access_management_to_open().as_deref(),
                Some("https://app.segment.com/goto-my-workspace/settings/access-management")
            );
        }
    }

    #[test]
    fn other_sites_and_lookalikes_are_elsewhere() {
        for url in [
            "https://example.org/acme/settings/access-management",
            "https://app.segment.com.example.org/acme/settings/access-management",
            "http://app.segment.com/acme/settings/access-management",
            "about:blank",
            "moz-extension://x/popup.html",
        ] {
            assert_eq!(place(url), TabPlace::Elsewhere, "{url}");
        }
        assert_eq!(TabPlace::of(None), TabPlace::Unknown);
        assert!(TabPlace::Unknown.access_management_to_open().is_some());
    }

    #[test]
    fn runs_in_progress_come_first() {
        let run = |ws: &str, status| RunSummary {
            workspace: ws.into(),
            kind: "invite".into(),
            status,
            done: 1,
            total: 2,
        };
        let mut runs = vec![
            run("a", RunStatus::Done),
            run("c", RunStatus::Paused),
            run("b", RunStatus::Running),
            run("d", RunStatus::Cancelled),
        ];
        sort_runs(&mut runs);
        let order: Vec<_> = runs.iter().map(|r| r.workspace.as_str()).collect();
        assert_eq!(order, ["b", "c", "a", "d"]);
        assert!(runs[0].in_progress() && runs[1].in_progress());
        assert!(!runs[2].in_progress() && !runs[3].in_progress());
    }
}
