//! Safety prompts beyond the last owner: the pure rules behind them.
//!
//! Four prompts, each switched on or off by the person ([`Prompt`]):
//! - **Outside your domains** ([`domains`]): the workspace's own domains are
//!   learned from its members (or edited by the person); an invite to any
//!   other domain is flagged.
//! - **Mistyped domains** ([`typo`]): a domain one or two edits away from a
//!   workspace domain or a common mail provider is a likely typo, with the
//!   corrected address to offer.
//! - **New owners** ([`owners`]): granting Workspace Owner.
//! - **Demoting yourself** ([`owners`]): the signed-in owner demotes or
//!   removes themself while other owners remain.
//!
//! [`invite`] applies the domain rules to the addresses of one invite (the
//! page's own form) or of every row of a bulk preview, and [`fix`] rewrites
//! the pasted text with the corrections, so the person previews again what
//! will be sent. [`shown`] decides whether a form re-read when the person
//! answers "go on" still says what the prompt showed (else nothing is sent).
//! Nothing here reads the page: the UI passes in what it read.

pub mod domains;
pub mod fix;
pub mod invite;
pub mod owners;
pub mod shown;
pub mod typo;

#[cfg(test)]
mod props;

/// One of the safety prompts, each with its own switch on the options page.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Prompt {
    OutsideDomains,
    Typos,
    NewOwners,
    SelfDemotion,
}

impl Prompt {
    /// Every prompt, in the order the options page lists them.
    pub const ALL: [Prompt; 4] = [
        Prompt::Typos,
        Prompt::OutsideDomains,
        Prompt::NewOwners,
        Prompt::SelfDemotion,
    ];

    /// A stable word for storage keys and `data-` attributes.
    pub fn slug(self) -> &'static str {
        match self {
            Prompt::OutsideDomains => "outside-domains",
            Prompt::Typos => "typos",
            Prompt::NewOwners => "new-owners",
            Prompt::SelfDemotion => "self-demotion",
        }
    }

    /// The switch's name on the options page, which every prompt quotes.
    pub fn setting_name(self) -> &'static str {
        match self {
            Prompt::OutsideDomains => "Outside your domains",
            Prompt::Typos => "Mistyped domains",
            Prompt::NewOwners => "New Workspace Owners",
            Prompt::SelfDemotion => "Demoting yourself",
        }
    }
}

/// Which prompts are on (all of them unless the person turned some off).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Switches {
    on: [bool; 4],
}

impl Default for Switches {
    fn default() -> Self {
        Switches { on: [true; 4] }
    }
}

impl Switches {
    /// All prompts off.
    pub fn none() -> Self {
        Switches { on: [false; 4] }
    }

    fn index(p: Prompt) -> usize {
        match p {
            Prompt::OutsideDomains => 0,
            Prompt::Typos => 1,
            Prompt::NewOwners => 2,
            Prompt::SelfDemotion => 3,
        }
    }

    pub fn is_on(&self, p: Prompt) -> bool {
        self.on[Self::index(p)]
    }

    /// One bit per prompt, as the in-page core hands them to the feature
    /// module.
    pub fn to_bits(self) -> u32 {
        self.on
            .iter()
            .enumerate()
            .map(|(i, on)| u32::from(*on) << i)
            .sum()
    }

    /// Switches from [`Switches::to_bits`].
    pub fn from_bits(bits: u32) -> Self {
        Switches {
            on: std::array::from_fn(|i| bits & (1 << i) != 0),
        }
    }

    pub fn set(&mut self, p: Prompt, on: bool) {
        self.on[Self::index(p)] = on;
    }

    /// With `p` set to `on`.
    pub fn with(mut self, p: Prompt, on: bool) -> Self {
        self.set(p, on);
        self
    }

    /// Whether any prompt is on.
    pub fn any(&self) -> bool {
        self.on.iter().any(|&b| b)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn switches_cross_as_bits_unchanged() {
        for bits in 0..16 {
            let s = Switches::from_bits(bits);
            assert_eq!(s.to_bits(), bits);
            assert_eq!(Switches::from_bits(s.to_bits()), s);
        }
        assert_eq!(
            Switches::from_bits(Switches::default().to_bits()),
            Switches::default()
        );
    }

    #[test]
    fn every_prompt_has_its_own_slug_and_switch() {
        let mut slugs: Vec<_> = Prompt::ALL.iter().map(|p| p.slug()).collect();
        slugs.sort_unstable();
        slugs.dedup();
        assert_eq!(slugs.len(), 4);
        let mut s = Switches::default();
        assert!(Prompt::ALL.iter().all(|p| s.is_on(*p)));
        for p in Prompt::ALL {
            s.set(p, false);
            assert!(!s.is_on(p));
        }
        assert!(!s.any());
        assert_eq!(s, Switches::none());
        assert!(Switches::none()
            .with(Prompt::Typos, true)
            .is_on(Prompt::Typos));
    }
}
