//! Which control an activation reaches, decided from the activated element
//! upward rather than by searching the page.
//!
//! An event reaches a control when the control is its target or one of the
//! target's ancestors (the chain). Every element a search of the page
//! returns for a control passes one of the control's alternatives on its
//! own: it matches the alternative's `css` (or the candidates of its roles)
//! and [`Finder::accepts`] it (role, name, text, label, placeholder,
//! visibility, not our own UI). So when no element of the chain does, the
//! control is not reached, whatever the page holds — and the answer costs a
//! few looks at the chain, not a search of a table of 1,000 rows.
//!
//! When an element of the chain does pass, the rest of the rule (`within`,
//! `after`, `before`, `near`, `has`, nesting, which alternative wins) is
//! left to the page search, which then runs once: [`could_be`] only ever
//! rules out. Alternatives without `css` or `role` have no cheap candidates:
//! every element of the chain is put to `accepts` (a text criterion reads
//! each ancestor's text), and one with `has` alone always sends the
//! activation to the page search.
//!
//! [`could_be`]: Finder::could_be

use super::control::ControlId;
use super::engine::{FindError, Finder};
use super::locator::Locator;
use super::profile::Params;
use super::tree::Tree;

impl<T: Tree> Finder<'_, T> {
    /// Whether an element of `chain` (an activated element and its
    /// ancestors) could be one of control `id`'s elements. `false` is
    /// certain; `true` means "search the page to know".
    pub fn could_be(
        &self,
        id: ControlId,
        params: &Params,
        chain: &[T::Node],
    ) -> Result<bool, FindError> {
        for loc in self.profile.locators(id, params)? {
            if self.could_match(id, &loc, chain)? {
                return Ok(true);
            }
        }
        Ok(false)
    }

    fn could_match(
        &self,
        id: ControlId,
        loc: &Locator,
        chain: &[T::Node],
    ) -> Result<bool, FindError> {
        let css = match (&loc.css, loc.role.is_empty()) {
            // `:scope` means the searched scope there, the element itself in
            // `matches`: the chain cannot tell.
            (Some(css), _) if css.contains(":scope") => return Ok(true),
            (Some(css), _) => Some(css.clone()),
            (None, false) => Some(
                loc.role
                    .iter()
                    .map(|r| r.candidate_css())
                    .collect::<Vec<_>>()
                    .join(", "),
            ),
            (None, true) => None,
        };
        for n in chain {
            if let Some(css) = &css {
                let hit = self
                    .tree
                    .matches(n, css)
                    .map_err(|reason| FindError::BadSelector {
                        control: id.as_str().into(),
                        css: css.clone(),
                        reason,
                    })?;
                if !hit {
                    continue;
                }
            }
            if self.accepts(loc, n) {
                return Ok(true);
            }
        }
        Ok(false)
    }
}

#[cfg(test)]
mod tests {
    use super::super::control::ControlId as C;
    use super::super::engine::Finder;
    use super::super::model::{MiniDom, NodeId};
    use super::super::profile::{Params, Profile};
    use super::super::tree::Tree;

    /// A users page with a pager and "Load more", the member editor open as
    /// a side sheet (a portal without a role) and its removal dialog
    /// (another portal), and our own panel with the same names.
    const PAGE: &str = r##"
<div id="root"><main>
  <div data-evergreen-table-body="true">
    <div data-isselectable="true" tabindex="0"><span>Ada Lovelace</span><span>ada@example.com</span><a href="#">Edit</a></div>
    <div data-isselectable="true" tabindex="0"><span>Bob Byte</span><span>bob@example.com</span><a href="#">Edit</a></div>
  </div>
  <nav role="navigation" aria-label="Pagination"><ul>
    <li><button aria-label="Previous page"><svg data-icon="chevron-left"></svg></button></li>
    <li><button aria-current="true" aria-label="Page 1">1</button></li>
    <li><button aria-label="Next page"><svg data-icon="chevron-right"></svg></button></li>
  </ul></nav>
  <button><span>Load more</span></button>
  <button>Remove</button>
</main></div>
<div evergreen-portal-container=""><div data-state="entered">
  <div data-state="entered">
    <div><h2>Bob Byte</h2><p>bob@example.com</p>
      <button><svg data-icon="trash"></svg><span>Remove Team Member</span></button><button>Save</button></div>
    <div><label><input type="radio" name="p"><span>Workspace Owner</span></label>
         <label><input type="radio" name="p" checked><span>Workspace Member</span></label></div>
  </div>
</div></div>
<div evergreen-portal-container=""><div data-state="entered"><div role="dialog" data-state="entered">
  <div><h4>Remove Team Member</h4></div><div><p>Are you sure you want to remove bob@example.com from acme?</p></div>
  <div><button>Cancel</button><button><span>Remove</span></button></div>
</div></div></div>
<div id="access-kit-host"><button>Save</button><button>Remove Team Member</button></div>
"##;

    const GUARDED: [C; 4] = [
        C::InviteSubmit,
        C::EditorRemove,
        C::ConfirmButton,
        C::EditorSave,
    ];

    fn chain(d: &MiniDom, n: NodeId) -> Vec<NodeId> {
        let mut out = vec![n];
        let mut cur = d.parent(&n);
        while let Some(p) = cur {
            out.push(p);
            cur = d.parent(&p);
        }
        out
    }

    /// What the page search says: the control whose element is in the chain.
    fn searched(d: &MiniDom, p: &Profile, n: NodeId) -> Option<C> {
        let f = Finder::new(d, p);
        let chain = chain(d, n);
        GUARDED.into_iter().find(|id| {
            f.find(*id, &Params::none(), None)
                .is_ok_and(|found| found.nodes.iter().any(|m| chain.contains(m)))
        })
    }

    fn could(d: &MiniDom, p: &Profile, n: NodeId) -> Vec<C> {
        let f = Finder::new(d, p);
        let chain = chain(d, n);
        GUARDED
            .into_iter()
            .filter(|id| f.could_be(*id, &Params::none(), &chain).unwrap())
            .collect()
    }

    fn node(d: &MiniDom, css: &str, i: usize) -> NodeId {
        d.select(&0, css).unwrap()[i]
    }

    #[test]
    fn the_pager_the_rows_and_our_panel_are_ruled_out_without_a_search() {
        let d = MiniDom::parse(PAGE);
        let p = Profile::builtin().unwrap();
        for (css, i) in [
            ("svg[data-icon=chevron-right]", 0),
            ("nav button", 1),
            ("main > button span", 0),
            ("[data-isselectable] a", 1),
            ("[data-isselectable] span", 0),
            ("#access-kit-host button", 0),
            ("#access-kit-host button", 1),
        ] {
            let n = node(&d, css, i);
            assert_eq!(could(&d, &p, n), Vec::<C>::new(), "{css} #{i}");
            assert_eq!(searched(&d, &p, n), None, "{css} #{i}");
        }
    }

    #[test]
    fn the_guarded_controls_and_their_children_are_candidates() {
        let d = MiniDom::parse(PAGE);
        let p = Profile::builtin().unwrap();
        for (css, i, id) in [
            ("svg[data-icon=trash]", 0, C::EditorRemove),
            (
                "[evergreen-portal-container] button span",
                0,
                C::EditorRemove,
            ),
            ("[evergreen-portal-container] button", 1, C::EditorSave),
            ("[role=dialog] button span", 0, C::ConfirmButton),
        ] {
            let n = node(&d, css, i);
            assert!(could(&d, &p, n).contains(&id), "{css} #{i}");
            assert_eq!(searched(&d, &p, n), Some(id), "{css} #{i}");
        }
        // A "Remove" outside the dialog passes on its own; the search says no.
        let stray = node(&d, "main > button", 1);
        assert!(could(&d, &p, stray).contains(&C::ConfirmButton));
        assert_eq!(searched(&d, &p, stray), None);
    }

    /// The rule only ever rules out: whatever element is activated, when
    /// the page search finds a guarded control in its chain, that control
    /// is a candidate (every element of the page, built-in profile and
    /// overrides of each kind).
    #[test]
    fn never_rules_out_what_the_search_finds() {
        let d = MiniDom::parse(PAGE);
        let builtin = Profile::builtin().unwrap();
        let overrides = [
            "",
            r#"{"controls":{"editor_save":{"any":[{"text":"Save","within":"member_editor"}]}}}"#,
            r#"{"controls":{"editor_save":{"any":[{"css":"[data-state] button","name":"Save"}]}}}"#,
            r#"{"controls":{"confirm_button":{"any":[{"role":"button","name":"Remove","match":"contains","near":"confirm_dialog"}]}}}"#,
            r#"{"controls":{"editor_remove":{"any":[{"has":{"css":"svg[data-icon=trash]"},"nesting":"outermost","within":"member_editor"}]}}}"#,
        ];
        let mut found = 0;
        for o in overrides {
            let p = builtin.with_override(o).unwrap();
            for n in d.select(&0, "*").unwrap() {
                if let Some(id) = searched(&d, &p, n) {
                    found += 1;
                    assert!(could(&d, &p, n).contains(&id), "{o}: node {n} is {id}");
                }
            }
        }
        assert!(found > 20, "the page holds guarded controls ({found} hits)");
    }

    #[test]
    fn locators_without_role_or_css_are_judged_on_the_chain() {
        let d = MiniDom::parse(PAGE);
        let p = Profile::builtin()
            .unwrap()
            .with_override(r#"{"controls":{"editor_save":{"any":[{"text":"Save"}]}}}"#)
            .unwrap();
        let save = node(&d, "[evergreen-portal-container] button", 1);
        assert!(could(&d, &p, save).contains(&C::EditorSave));
        let next = node(&d, "nav button", 2);
        assert!(!could(&d, &p, next).contains(&C::EditorSave));
        // `has` alone: nothing to judge an element by, so always a search.
        let p = Profile::builtin()
            .unwrap()
            .with_override(r#"{"controls":{"editor_save":{"any":[{"has":{"text":"Save"}}]}}}"#)
            .unwrap();
        assert!(could(&d, &p, next).contains(&C::EditorSave));
    }
}
