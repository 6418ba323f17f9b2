//! The panel's tabs by name: what the in-page core knows of them (a name to
//! ask the feature module for, a title for the tab list) and, in the
//! feature module, the view each name builds.

use std::rc::Rc;

use super::panel::View;
use super::Ctx;

/// One tab of the panel, in the panel's order ([`Tab::ALL`]).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Tab {
    Bulk,
    Remove,
    Invites,
    Roster,
    Templates,
    Check,
}

impl Tab {
    /// Every tab, in the order the panel shows them.
    pub const ALL: [Tab; 6] = [
        Tab::Bulk,
        Tab::Remove,
        Tab::Invites,
        Tab::Roster,
        Tab::Templates,
        Tab::Check,
    ];

    /// The name the core passes to the feature module.
    pub fn name(self) -> &'static str {
        match self {
            Tab::Bulk => "bulk",
            Tab::Remove => "remove",
            Tab::Invites => "invites",
            Tab::Roster => "roster",
            Tab::Templates => "templates",
            Tab::Check => "check",
        }
    }

    /// The tab named `name`, if any.
    pub fn parse(name: &str) -> Option<Tab> {
        Tab::ALL.into_iter().find(|t| t.name() == name)
    }

    /// The tab's label (the same words its view gives as its title).
    pub fn title(self) -> &'static str {
        match self {
            Tab::Bulk => "Bulk invite",
            Tab::Remove => "Remove",
            Tab::Invites => "Invites",
            Tab::Roster => super::roster::words::TAB,
            Tab::Templates => "Templates",
            Tab::Check => "Check page",
        }
    }

    /// The tab's view (the feature module builds it; the core never calls this).
    pub fn view(self, ctx: &Rc<Ctx>) -> Rc<dyn View> {
        match self {
            Tab::Bulk => super::bulk::view(ctx),
            Tab::Remove => super::offboard::view(ctx),
            Tab::Invites => super::offboard::invites::view(ctx),
            Tab::Roster => super::roster::view(ctx),
            Tab::Templates => super::templates::view(ctx),
            Tab::Check => super::check::view(ctx),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_name_parses_back_to_its_tab() {
        for t in Tab::ALL {
            assert_eq!(Tab::parse(t.name()), Some(t));
        }
        assert_eq!(Tab::parse("Bulk"), None);
    }
}
