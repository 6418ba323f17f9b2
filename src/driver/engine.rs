//! Matching locators against a [`Tree`]: the same code runs natively over
//! the test model and in the browser over the live DOM.

use serde::{Deserialize, Serialize};
use thiserror::Error;

use super::control::ControlId;
use super::locator::{Locator, Nesting, Scope};
use super::profile::{Params, Profile, ProfileError};
use super::text::matches_any;
use super::tree::{accessible_name, is_own_ui, role_of, Tree};

/// Where a search looked, for messages.
pub const WHOLE_PAGE: &str = "the whole page, including overlays appended to <body>";

/// Why a control was not found (pure; the browser layer adds waiting).
#[derive(Debug, Clone, PartialEq, Eq, Error, Serialize, Deserialize)]
#[serde(tag = "kind", rename_all = "snake_case")]
pub enum FindError {
    /// No alternative matched.
    #[error("{control} not found in {looked_in}")]
    NotFound {
        /// The control (or a description of an ad-hoc locator).
        control: String,
        /// Where it looked.
        looked_in: String,
    },
    /// More than one element matched where one was expected.
    #[error("{control} is ambiguous: {count} elements match")]
    Ambiguous {
        /// The control.
        control: String,
        /// How many matched.
        count: usize,
    },
    /// A CSS selector of the profile is not valid here.
    #[error("{control}: selector `{css}` is not valid: {reason}")]
    BadSelector {
        /// The control.
        control: String,
        /// The selector.
        css: String,
        /// The parser's message.
        reason: String,
    },
    /// The profile lacks the control.
    #[error(transparent)]
    Profile(#[from] ProfileError),
}

/// The result of a control search.
#[derive(Debug, Clone, PartialEq)]
pub struct Found<N> {
    /// Matches, in document order where known.
    pub nodes: Vec<N>,
    /// Index of the alternative that matched.
    pub alternative: usize,
}

/// Finds controls of a profile in a tree.
#[derive(Debug)]
pub struct Finder<'a, T: Tree> {
    /// The document.
    pub tree: &'a T,
    /// The locator profile.
    pub profile: &'a Profile,
    /// `near` anchors already found during this finder's life (one look at
    /// the page): several alternatives near the users table share one.
    anchors: std::cell::RefCell<Vec<(ControlId, Option<T::Node>)>>,
}

impl<'a, T: Tree> Finder<'a, T> {
    /// A finder over `tree` with `profile`.
    pub fn new(tree: &'a T, profile: &'a Profile) -> Self {
        Finder {
            tree,
            profile,
            anchors: Default::default(),
        }
    }

    /// All matches of a control: the first alternative that matches anything
    /// wins. `scope`, when given, replaces the alternatives' own `within`.
    pub fn find(
        &self,
        id: ControlId,
        params: &Params,
        scope: Option<&T::Node>,
    ) -> Result<Found<T::Node>, FindError> {
        self.find_with(id, params, scope, false)
    }

    /// As [`Finder::find`]; with `first_only`, the first match at most.
    fn find_with(
        &self,
        id: ControlId,
        params: &Params,
        scope: Option<&T::Node>,
        first_only: bool,
    ) -> Result<Found<T::Node>, FindError> {
        let locators = self.profile.locators(id, params)?;
        let mut looked_in: Vec<String> = Vec::new();
        for (i, loc) in locators.iter().enumerate() {
            let nodes =
                self.match_locator(id.as_str(), loc, params, scope, &mut looked_in, first_only)?;
            if !nodes.is_empty() {
                return Ok(Found {
                    nodes,
                    alternative: i,
                });
            }
        }
        looked_in.dedup();
        Err(FindError::NotFound {
            control: id.as_str().to_string(),
            looked_in: if looked_in.is_empty() {
                WHOLE_PAGE.to_string()
            } else {
                looked_in.join("; ")
            },
        })
    }

    /// Exactly one match, or `NotFound` / `Ambiguous`.
    pub fn find_one(
        &self,
        id: ControlId,
        params: &Params,
        scope: Option<&T::Node>,
    ) -> Result<T::Node, FindError> {
        let found = self.find(id, params, scope)?;
        unique(id.as_str(), found.nodes)
    }

    /// Matches of an ad-hoc locator (not from the profile).
    pub fn find_locator(
        &self,
        loc: &Locator,
        scope: Option<&T::Node>,
    ) -> Result<Vec<T::Node>, FindError> {
        let mut looked = Vec::new();
        self.match_locator(
            &loc.describe(),
            loc,
            &Params::none(),
            scope,
            &mut looked,
            false,
        )
    }

    fn match_locator(
        &self,
        control: &str,
        loc: &Locator,
        params: &Params,
        scope: Option<&T::Node>,
        looked_in: &mut Vec<String>,
        first_only: bool,
    ) -> Result<Vec<T::Node>, FindError> {
        let root = match (scope, &loc.within) {
            (Some(s), _) => {
                looked_in.push("inside the given element".into());
                s.clone()
            }
            (None, Some(within)) => {
                match self.anchor(control, "inside", within, params, looked_in)? {
                    Some(n) => n,
                    None => return Ok(Vec::new()),
                }
            }
            (None, None) => {
                looked_in.push(WHOLE_PAGE.into());
                match self.tree.root() {
                    Some(r) => r,
                    None => return Ok(Vec::new()),
                }
            }
        };
        // Only the first match is wanted (an anchor): stop at it, unless a
        // later filter could drop it.
        let first_only =
            first_only && loc.after.is_none() && loc.before.is_none() && loc.near.is_none();
        let mut nodes = self.match_in(control, loc, &root, first_only)?;
        if let Some(after) = &loc.after {
            let Some(a) = self.anchor(control, "after", after, params, looked_in)? else {
                return Ok(Vec::new());
            };
            nodes.retain(|n| self.tree.precedes(&a, n) && !self.tree.contains(&a, n));
        }
        if let Some(before) = &loc.before {
            let Some(b) = self.anchor(control, "before", before, params, looked_in)? else {
                return Ok(Vec::new());
            };
            nodes.retain(|n| self.tree.precedes(n, &b) && !self.tree.contains(n, &b));
        }
        if let (Some(near), false) = (&loc.near, nodes.is_empty()) {
            let Some(a) = self.first_of(control, near, params, looked_in)? else {
                return Ok(Vec::new());
            };
            nodes = self.closest_to(&a, nodes);
        }
        Ok(nodes)
    }

    /// The first element of a `near` scope (a `many` control such as the
    /// users rows anchors at its first row).
    fn first_of(
        &self,
        control: &str,
        scope: &Scope,
        params: &Params,
        looked_in: &mut Vec<String>,
    ) -> Result<Option<T::Node>, FindError> {
        let (desc, first) = match scope {
            Scope::Control(sc) => {
                let cached = self
                    .anchors
                    .borrow()
                    .iter()
                    .find(|(id, _)| id == sc)
                    .map(|(_, n)| n.clone());
                let first = match cached {
                    Some(n) => n,
                    None => {
                        let n = match self.find_with(*sc, params, None, true) {
                            Ok(f) => f.nodes.into_iter().next(),
                            Err(FindError::NotFound { .. }) => None,
                            Err(e) => return Err(e),
                        };
                        self.anchors.borrow_mut().push((*sc, n.clone()));
                        n
                    }
                };
                (format!("near {sc}"), first)
            }
            Scope::Inline(inner) => {
                let mut inner_looked = Vec::new();
                let nodes =
                    self.match_locator(control, inner, params, None, &mut inner_looked, false)?;
                (
                    format!("near the {}", inner.describe()),
                    nodes.into_iter().next(),
                )
            }
        };
        looked_in.push(match first {
            Some(_) => desc,
            None => format!("{desc} (which is not on the page)"),
        });
        Ok(first)
    }

    /// Of `nodes`, those whose closest common ancestor with `anchor` is
    /// deepest, never `<body>` or above (document order kept).
    fn closest_to(&self, anchor: &T::Node, nodes: Vec<T::Node>) -> Vec<T::Node> {
        let t = self.tree;
        let mut chain = Vec::new();
        let mut cur = Some(anchor.clone());
        while let Some(c) = cur {
            cur = t.parent(&c);
            chain.push(c);
        }
        // Depth from the top: the document element is 0.
        let depth_of = |i: usize| chain.len() - 1 - i;
        let body = t.root();
        let limit = body
            .as_ref()
            .and_then(|b| chain.iter().position(|c| c == b))
            .map(depth_of);
        let shared = |n: &T::Node| {
            let mut cur = Some(n.clone());
            while let Some(c) = cur {
                if let Some(i) = chain.iter().position(|x| *x == c) {
                    return Some(depth_of(i));
                }
                cur = t.parent(&c);
            }
            None
        };
        let scored: Vec<(usize, T::Node)> = nodes
            .into_iter()
            .filter_map(|n| shared(&n).map(|d| (d, n)))
            .filter(|(d, _)| limit.is_none_or(|l| *d > l))
            .collect();
        let best = scored.iter().map(|(d, _)| *d).max();
        scored
            .into_iter()
            .filter(|(d, _)| Some(*d) == best)
            .map(|(_, n)| n)
            .collect()
    }

    /// The unique element of a scope (`within`, `after`, `before`); `None`
    /// when it is not on the page, which means the control is not either.
    fn anchor(
        &self,
        control: &str,
        word: &str,
        scope: &Scope,
        params: &Params,
        looked_in: &mut Vec<String>,
    ) -> Result<Option<T::Node>, FindError> {
        let (desc, result) = match scope {
            Scope::Control(sc) => {
                let r = match self.find(*sc, params, None) {
                    Ok(f) => unique(sc.as_str(), f.nodes).map(Some),
                    Err(FindError::NotFound { .. }) => Ok(None),
                    Err(e) => Err(e),
                };
                (format!("{word} {sc}"), r)
            }
            Scope::Inline(inner) => {
                let desc = format!("{word} the {}", inner.describe());
                let mut inner_looked = Vec::new();
                let r = match self.match_locator(
                    control,
                    inner,
                    params,
                    None,
                    &mut inner_looked,
                    false,
                )? {
                    nodes if nodes.len() > 1 => Err(FindError::Ambiguous {
                        control: format!("{control} ({desc})"),
                        count: nodes.len(),
                    }),
                    nodes => Ok(nodes.into_iter().next()),
                };
                (desc, r)
            }
        };
        match result {
            Ok(Some(n)) => {
                looked_in.push(desc);
                Ok(Some(n))
            }
            Ok(None) => {
                looked_in.push(format!("{desc} (which is not on the page)"));
                Ok(None)
            }
            Err(e) => Err(e),
        }
    }

    /// Matches of `loc` among the descendants of `root` (ignoring `within`);
    /// with `first_only`, at most the first in document order (for 1,000
    /// rows, one row checked instead of all).
    fn match_in(
        &self,
        control: &str,
        loc: &Locator,
        root: &T::Node,
        first_only: bool,
    ) -> Result<Vec<T::Node>, FindError> {
        let t = self.tree;
        let bad = |css: &str, reason: String| FindError::BadSelector {
            control: control.into(),
            css: css.into(),
            reason,
        };
        let ordered = loc.css.is_some() || !loc.role.is_empty() || loc.has.is_empty();
        let mut cands: Vec<T::Node> = if let Some(css) = &loc.css {
            t.select(root, css).map_err(|r| bad(css, r))?
        } else if !loc.role.is_empty() {
            let css = loc
                .role
                .iter()
                .map(|r| r.candidate_css())
                .collect::<Vec<_>>()
                .join(", ");
            t.select(root, &css).map_err(|r| bad(&css, r))?
        } else if let Some(first) = loc.has.first() {
            // Bottom-up: the element must contain a match of `has[0]`, so only
            // that match's ancestors (below the scope) can qualify.
            let inner = self.match_in(control, first, root, false)?;
            let mut out: Vec<T::Node> = Vec::new();
            for m in inner {
                let mut cur = t.parent(&m);
                while let Some(p) = cur {
                    if &p == root {
                        break;
                    }
                    if !out.contains(&p) {
                        out.push(p.clone());
                    }
                    cur = t.parent(&p);
                }
            }
            out
        } else {
            t.select(root, "*").map_err(|r| bad("*", r))?
        };

        if first_only && ordered && loc.nesting != Nesting::Innermost {
            // In document order the first match has no matching ancestor:
            // it is outermost.
            for n in cands {
                if self.accepts(loc, &n) && self.has_all(control, loc, &n)? {
                    return Ok(vec![n]);
                }
            }
            return Ok(Vec::new());
        }
        cands.retain(|n| self.accepts(loc, n));
        let mut kept = Vec::with_capacity(cands.len());
        for n in cands {
            if self.has_all(control, loc, &n)? {
                kept.push(n);
            }
        }
        Ok(self.apply_nesting(loc.nesting, kept))
    }

    /// Whether `n` contains a match of each of `loc.has`.
    fn has_all(&self, control: &str, loc: &Locator, n: &T::Node) -> Result<bool, FindError> {
        for h in &loc.has {
            if !self.any_in(control, h, n)? {
                return Ok(false);
            }
        }
        Ok(true)
    }

    /// Whether anything below `root` matches `loc`: the first match will do
    /// (nesting cannot empty a non-empty set), which keeps `has` cheap on
    /// long tables.
    fn any_in(&self, control: &str, loc: &Locator, root: &T::Node) -> Result<bool, FindError> {
        if loc.css.is_none() && loc.role.is_empty() && !loc.has.is_empty() {
            return Ok(!self.match_in(control, loc, root, false)?.is_empty());
        }
        let css = match (&loc.css, loc.role.is_empty()) {
            (Some(css), _) => css.clone(),
            (None, false) => loc
                .role
                .iter()
                .map(|r| r.candidate_css())
                .collect::<Vec<_>>()
                .join(", "),
            (None, true) => "*".to_string(),
        };
        let cands = self
            .tree
            .select(root, &css)
            .map_err(|reason| FindError::BadSelector {
                control: control.into(),
                css: css.clone(),
                reason,
            })?;
        for n in cands {
            if self.accepts(loc, &n) && self.has_all(control, loc, &n)? {
                return Ok(true);
            }
        }
        Ok(false)
    }

    /// The per-element criteria (everything but `has` and `within`).
    pub(super) fn accepts(&self, loc: &Locator, n: &T::Node) -> bool {
        let t = self.tree;
        if is_own_ui(t, n) {
            return false;
        }
        if !loc.role.is_empty() {
            let Some(r) = role_of(t, n) else { return false };
            if !loc.role.iter().any(|w| r.satisfies(*w)) {
                return false;
            }
        }
        if !loc.placeholder.is_empty() {
            let p = t.attr(n, "placeholder").unwrap_or_default();
            if !matches_any(&p, &loc.placeholder, loc.mode) {
                return false;
            }
        }
        if !loc.label.is_empty() {
            let mut labels = t.label_texts(n);
            if let Some(ids) = t.attr(n, "aria-labelledby") {
                labels.extend(
                    ids.split_whitespace()
                        .filter_map(|id| t.by_id(id))
                        .map(|e| t.text(&e)),
                );
            }
            if !labels.iter().any(|l| matches_any(l, &loc.label, loc.mode)) {
                return false;
            }
        }
        if !loc.text.is_empty() && !matches_any(&t.text(n), &loc.text, loc.mode) {
            return false;
        }
        if !loc.name.is_empty() && !matches_any(&accessible_name(t, n), &loc.name, loc.mode) {
            return false;
        }
        // Visibility last: in the browser it forces layout.
        loc.include_hidden || t.is_visible(n)
    }

    /// Keep the outermost or innermost of `nodes`. In document order (what
    /// `select` gives) one pass will do: a node's descendants follow it
    /// contiguously, so only neighbours need comparing — a table of 1,000
    /// rows costs 1,000 `contains`, not a million. Any other order falls
    /// back to comparing every pair.
    fn apply_nesting(&self, nesting: Nesting, nodes: Vec<T::Node>) -> Vec<T::Node> {
        let t = self.tree;
        let ordered = nesting != Nesting::All && nodes.windows(2).all(|w| t.precedes(&w[0], &w[1]));
        match (nesting, ordered) {
            (Nesting::All, _) => nodes,
            (Nesting::Outermost, true) => {
                let mut out: Vec<T::Node> = Vec::with_capacity(nodes.len());
                for n in nodes {
                    if !out.last().is_some_and(|k| t.contains(k, &n)) {
                        out.push(n);
                    }
                }
                out
            }
            (Nesting::Innermost, true) => nodes
                .iter()
                .enumerate()
                .filter(|(i, a)| !nodes.get(i + 1).is_some_and(|b| t.contains(a, b)))
                .map(|(_, a)| a.clone())
                .collect(),
            (Nesting::Innermost, false) => nodes
                .iter()
                .filter(|a| !nodes.iter().any(|b| b != *a && t.contains(a, b)))
                .cloned()
                .collect(),
            (Nesting::Outermost, false) => nodes
                .iter()
                .filter(|a| !nodes.iter().any(|b| b != *a && t.contains(b, a)))
                .cloned()
                .collect(),
        }
    }
}

/// One node or an error naming the control.
pub fn unique<N>(control: &str, mut nodes: Vec<N>) -> Result<N, FindError> {
    match nodes.len() {
        1 => nodes.pop().ok_or_else(|| FindError::NotFound {
            control: control.into(),
            looked_in: String::new(),
        }),
        0 => Err(FindError::NotFound {
            control: control.into(),
            looked_in: WHOLE_PAGE.into(),
        }),
        count => Err(FindError::Ambiguous {
            control: control.into(),
            count,
        }),
    }
}
