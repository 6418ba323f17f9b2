//! A whole profile as `core::cells`: how the feature module hands the
//! in-page core the profile merged with the user's override, so the core
//! carries no JSON reader, override reader or validation for it (the module
//! has all three and used them: what it hands over is a valid profile).
//!
//! Written in field order: `version`, the words (five lists), the number of
//! controls, then each control (its index in `ControlId::ALL`, description,
//! params, `many`, its locators). A locator: roles (indices in
//! `Role::ALL`), name, text, label, placeholder, match mode, css (0, or 1
//! and the selector), `within` / `after` / `before` / `near` (0 none, 1 a
//! control's index, 2 an inline locator), `has`, nesting, include_hidden.

use super::{ControlSpec, Profile, Words};
use crate::core::cells::{Cell, Reader, Writer};
use crate::driver::control::ControlId;
use crate::driver::locator::{Locator, Nesting, Scope};
use crate::driver::role::Role;
use crate::driver::text::MatchMode;

/// Inline locators nest at most this deep (a profile's few levels; a
/// bound so a hostile list cannot exhaust the stack).
const MAX_DEPTH: usize = 16;

const MODES: [MatchMode; 3] = [MatchMode::Exact, MatchMode::StartsWith, MatchMode::Contains];
const NESTINGS: [Nesting; 3] = [Nesting::Innermost, Nesting::Outermost, Nesting::All];

impl Profile {
    /// This profile as cells (see the module docs).
    pub fn to_cells(&self) -> Vec<Cell> {
        let mut w = Writer::default();
        w.num(self.version as usize);
        let words = &self.words;
        for list in [
            &words.owner,
            &words.member,
            &words.pending,
            &words.you,
            &words.total_nouns,
        ] {
            w.strs(list);
        }
        w.num(self.controls.len());
        for (id, spec) in self.controls.iter() {
            w.num(index_of(ControlId::ALL, id));
            w.str(&spec.description);
            w.strs(&spec.params);
            w.num(usize::from(spec.many));
            w.num(spec.any.len());
            for l in &spec.any {
                write_locator(&mut w, l);
            }
        }
        w.0
    }

    /// A profile from [`Profile::to_cells`]' list; `None` if it is not one.
    pub fn from_cells(cells: &[Cell]) -> Option<Profile> {
        let mut r = Reader::new(cells);
        let version = u32::try_from(r.num()?).ok()?;
        let words = Words {
            owner: r.strs()?,
            member: r.strs()?,
            pending: r.strs()?,
            you: r.strs()?,
            total_nouns: r.strs()?,
        };
        let controls = r.list(|r| {
            let id = ControlId::ALL[r.index(ControlId::ALL.len())?];
            let spec = ControlSpec {
                description: r.str()?,
                params: r.strs()?,
                many: r.index(2)? == 1,
                any: r.list(|r| read_locator(r, 0))?,
            };
            Some((id, spec))
        })?;
        r.is_done().then(|| Profile {
            version,
            words,
            controls: controls.into_iter().collect(),
        })
    }
}

fn index_of<T: PartialEq>(table: &[T], item: &T) -> usize {
    table.iter().position(|t| t == item).unwrap_or(0)
}

fn write_locator(w: &mut Writer, l: &Locator) {
    w.num(l.role.len());
    for role in &l.role {
        w.num(index_of(Role::ALL, role));
    }
    for list in [&l.name, &l.text, &l.label, &l.placeholder] {
        w.strs(list);
    }
    w.num(index_of(&MODES, &l.mode));
    match &l.css {
        None => w.num(0),
        Some(css) => {
            w.num(1);
            w.str(css);
        }
    }
    for scope in [&l.within, &l.after, &l.before, &l.near] {
        match scope {
            None => w.num(0),
            Some(Scope::Control(id)) => {
                w.num(1);
                w.num(index_of(ControlId::ALL, id));
            }
            Some(Scope::Inline(inner)) => {
                w.num(2);
                write_locator(w, inner);
            }
        }
    }
    w.num(l.has.len());
    for inner in &l.has {
        write_locator(w, inner);
    }
    w.num(index_of(&NESTINGS, &l.nesting));
    w.num(usize::from(l.include_hidden));
}

fn read_locator(r: &mut Reader, depth: usize) -> Option<Locator> {
    if depth > MAX_DEPTH {
        return None;
    }
    let role = r.list(|r| Some(Role::ALL[r.index(Role::ALL.len())?]))?;
    let (name, text, label, placeholder) = (r.strs()?, r.strs()?, r.strs()?, r.strs()?);
    let mode = MODES[r.index(MODES.len())?];
    let css = match r.index(2)? {
        0 => None,
        _ => Some(r.str()?),
    };
    let mut scope = || -> Option<Option<Scope>> {
        Some(match r.index(3)? {
            0 => None,
            1 => Some(Scope::Control(
                ControlId::ALL[r.index(ControlId::ALL.len())?],
            )),
            _ => Some(Scope::Inline(Box::new(read_locator(r, depth + 1)?))),
        })
    };
    let (within, after, before, near) = (scope()?, scope()?, scope()?, scope()?);
    let has = r.list(|r| read_locator(r, depth + 1))?;
    Some(Locator {
        role,
        name,
        text,
        label,
        placeholder,
        mode,
        css,
        within,
        after,
        before,
        near,
        has,
        nesting: NESTINGS[r.index(NESTINGS.len())?],
        include_hidden: r.index(2)? == 1,
    })
}

#[cfg(test)]
mod tests {
    use proptest::prelude::*;

    use super::*;

    fn texts() -> impl Strategy<Value = Vec<String>> {
        prop::collection::vec("\\PC{0,6}", 0..3)
    }

    fn locator() -> impl Strategy<Value = Locator> {
        let leaf = (
            prop::collection::vec(prop::sample::select(Role::ALL), 0..3),
            (texts(), texts(), texts(), texts()),
            prop::sample::select(&MODES[..]),
            prop::option::of("\\PC{0,8}"),
            prop::sample::select(&NESTINGS[..]),
            any::<bool>(),
        )
            .prop_map(
                |(role, (name, text, label, placeholder), mode, css, nesting, include_hidden)| {
                    Locator {
                        role,
                        name,
                        text,
                        label,
                        placeholder,
                        mode,
                        css,
                        nesting,
                        include_hidden,
                        ..Locator::default()
                    }
                },
            );
        leaf.prop_recursive(3, 24, 3, |inner| {
            let scope = prop_oneof![
                Just(None),
                prop::sample::select(ControlId::ALL).prop_map(|c| Some(Scope::Control(c))),
                inner.clone().prop_map(|l| Some(Scope::Inline(Box::new(l)))),
            ];
            (
                inner.clone(),
                (scope.clone(), scope.clone(), scope.clone(), scope),
                prop::collection::vec(inner, 0..3),
            )
                .prop_map(|(mut l, (within, after, before, near), has)| {
                    (l.within, l.after, l.before, l.near, l.has) =
                        (within, after, before, near, has);
                    l
                })
        })
    }

    fn profile() -> impl Strategy<Value = Profile> {
        let control = (
            prop::sample::select(ControlId::ALL),
            "\\PC{0,12}",
            texts(),
            any::<bool>(),
            prop::collection::vec(locator(), 0..3),
        )
            .prop_map(|(id, description, params, many, any)| {
                let spec = ControlSpec {
                    description,
                    params,
                    many,
                    any,
                };
                (id, spec)
            });
        (
            0u32..5,
            (texts(), texts(), texts(), texts(), texts()),
            prop::collection::vec(control, 0..6),
        )
            .prop_map(
                |(version, (owner, member, pending, you, total_nouns), controls)| Profile {
                    version,
                    words: Words {
                        owner,
                        member,
                        pending,
                        you,
                        total_nouns,
                    },
                    controls: controls.into_iter().collect(),
                },
            )
    }

    proptest! {
        /// Any profile (valid or not: the codec does not judge) reads back
        /// as written, and no cut of its list reads as a profile.
        #[test]
        fn any_profile_reads_back_as_written(p in profile(), cut in any::<prop::sample::Index>()) {
            let cells = p.to_cells();
            prop_assert_eq!(Profile::from_cells(&cells), Some(p));
            let n = cut.index(cells.len());
            prop_assert_eq!(Profile::from_cells(&cells[..n]), None);
        }
    }

    #[test]
    fn the_builtin_profile_reads_back_as_written() {
        let p = Profile::builtin().unwrap();
        let cells = p.to_cells();
        assert_eq!(Profile::from_cells(&cells).as_ref(), Some(&p));
        // Every cut of the list is refused, never read as a smaller profile.
        for n in (0..cells.len()).step_by(7) {
            assert_eq!(Profile::from_cells(&cells[..n]), None, "cut at {n}");
        }
    }

    #[test]
    fn an_override_with_every_kind_of_field_reads_back_as_written() {
        let p = Profile::builtin()
            .unwrap()
            .with_override(
                r#"{"controls":{"invite_submit":{"description":"d","params":["email"],"many":true,"any":[
                  {"role":["button","link"],"name":["Send","Go"],"text":"t","label":"l","placeholder":"p",
                   "match":"contains","css":"[data-x]","within":"invite_form",
                   "after":{"role":"radio","near":{"text":"deep","include_hidden":true}},
                   "before":"users_row","near":{"text":"n"},
                   "has":[{"text":"a"},{"role":"img","nesting":"outermost"}],"nesting":"all","include_hidden":true}]}},
                  "words":{"you":["(me)"],"total_nouns":["folks"]}}"#,
            )
            .unwrap();
        assert_eq!(Profile::from_cells(&p.to_cells()).as_ref(), Some(&p));
    }

    #[test]
    fn a_list_that_is_not_a_profile_is_refused() {
        let cells = Profile::builtin().unwrap().to_cells();
        let with = |i: usize, c: Cell| {
            let mut cells = cells.clone();
            cells[i] = c;
            Profile::from_cells(&cells)
        };
        assert_eq!(with(0, Cell::Str("1".into())), None, "version a string");
        assert_eq!(with(1, Cell::Num(1e9)), None, "a count past the end");
        let mut more = cells.clone();
        more.push(Cell::Num(0.0));
        assert_eq!(Profile::from_cells(&more), None, "cells left over");
        // Nesting deeper than MAX_DEPTH: a chain of `within` inline locators.
        let mut w = Writer::default();
        w.num(1);
        for _ in 0..5 {
            w.num(0);
        }
        w.num(1);
        w.num(0);
        w.str("");
        w.num(0);
        w.num(0);
        w.num(1);
        let deep = MAX_DEPTH + 2;
        for _ in 0..deep {
            // roles, name, text, label, placeholder, mode, css, within = inline…
            for _ in 0..5 {
                w.num(0);
            }
            w.num(0);
            w.num(0);
            w.num(2);
        }
        assert_eq!(Profile::from_cells(&w.0), None);
    }
}
