//! The preview's safety flags (`core::safety::invite::flag_preview`): rows
//! whose domain looks mistyped ("did you mean …?", and ONE action that
//! rewrites them all in the paste box, after which the person previews
//! again), rows outside the workspace's domains, rows that would make
//! someone Workspace Owner. Each kind of flag on rows that would be sent
//! needs its own tick (a checkbox naming what it allows); Start stays
//! disabled until every tick shown is given. Nothing shows for a list of
//! ordinary rows within the workspace's domains.
//!
//! The section's root carries `data-safety` = the slugs of the prompts
//! that spoke (space separated), for people inspecting the page and tests.

use gloo::events::EventListener;
use wasm_bindgen::JsCast;
use web_sys::{Element, HtmlButtonElement, HtmlInputElement};

use crate::core::safety::domains::WorkspaceDomains;
use crate::core::safety::invite::{AddressFlag, PreviewFlags};
use crate::core::safety::Prompt;
use crate::ui::dom::El;
use crate::ui::guard::words;

/// Corrections listed one by one (the fix-all action covers every one).
const SHOWN: usize = 20;

/// The flags section and what keeps it live.
pub struct FlagsView {
    root: Element,
    ticks: Vec<HtmlInputElement>,
    _listeners: Vec<EventListener>,
}

impl FlagsView {
    pub fn element(&self) -> &Element {
        &self.root
    }

    /// Every tick shown is given (true when none is needed).
    pub fn cleared(&self) -> bool {
        self.ticks.iter().all(HtmlInputElement::checked)
    }
}

fn tick(id: &str, label: &str) -> (El, HtmlInputElement) {
    let input: HtmlInputElement = El::new("input")
        .attr("type", "checkbox")
        .attr("id", id)
        .build()
        .unchecked_into();
    let el = El::new("div")
        .class("tick")
        .child(input.clone())
        .child(El::new("label").attr("for", id).text(label));
    (el, input)
}

fn list(items: impl IntoIterator<Item = String>) -> El {
    El::new("ul").children(items.into_iter().map(|t| El::new("li").text(&t)))
}

/// The section for `flags`, or `None` when nothing is flagged. `on_tick`
/// runs when a tick changes; `on_fix` when the fix-all action is pressed.
pub fn build(
    flags: &PreviewFlags,
    domains: &WorkspaceDomains,
    on_tick: impl Fn() + Clone + 'static,
    on_fix: impl Fn() + 'static,
) -> Option<FlagsView> {
    let corrections = flags.corrections();
    let req = &flags.required;
    if corrections.is_empty() && req.outside == 0 && req.owners.is_empty() {
        return None;
    }
    let mut spoke = Vec::new();
    let mut ticks = Vec::new();
    let mut listeners = Vec::new();
    let mut root = El::new("section")
        .class("safety notice warn")
        .attr("aria-label", "Safety checks");

    if !corrections.is_empty() {
        spoke.push(Prompt::Typos.slug());
        let fix: HtmlButtonElement = El::new("button")
            .attr("type", "button")
            .text(&words::fix_all(corrections.len()))
            .build()
            .unchecked_into();
        listeners.push(EventListener::new(&fix, "click", move |_| on_fix()));
        let mut part = El::new("div")
            .attr("data-flag", Prompt::Typos.slug())
            .child(El::new("h3").text(&words::typo_heading(corrections.len())))
            .child(list(
                corrections
                    .iter()
                    .take(SHOWN)
                    .map(|(_, c)| words::did_you_mean(&c.typed, &c.meant))
                    .chain(
                        (corrections.len() > SHOWN)
                            .then(|| format!("… and {} more", corrections.len() - SHOWN)),
                    ),
            ))
            .child(fix)
            .child(
                El::new("p")
                    .class("muted")
                    .text(&words::controlled_by(Prompt::Typos)),
            );
        if req.typos > 0 {
            let (el, input) = tick("ak-safety-typos", &words::typo_tick(req.typos));
            part = part.child(el);
            ticks.push(input);
        }
        root = root.child(part);
    }
    if req.outside > 0 {
        spoke.push(Prompt::OutsideDomains.slug());
        let who = flags.rows.iter().filter_map(|r| match &r.address {
            Some(AddressFlag::Outside { domain }) => Some(domain.clone()),
            _ => None,
        });
        let mut by_domain: Vec<(String, usize)> = Vec::new();
        for d in who {
            match by_domain.iter_mut().find(|(x, _)| *x == d) {
                Some((_, n)) => *n += 1,
                None => by_domain.push((d, 1)),
            }
        }
        let (el, input) = tick(
            "ak-safety-outside",
            &words::outside_tick(domains.own(), req.outside),
        );
        ticks.push(input);
        root = root.child(
            El::new("div")
                .attr("data-flag", Prompt::OutsideDomains.slug())
                .child(El::new("h3").text(&words::outside_heading(domains.own(), req.outside)))
                .child(list(
                    by_domain.into_iter().map(|(d, n)| format!("{d}: {n}")),
                ))
                .child(
                    El::new("p")
                        .class("muted")
                        .text(&words::controlled_by(Prompt::OutsideDomains)),
                )
                .child(el),
        );
    }
    if !req.owners.is_empty() {
        spoke.push(Prompt::NewOwners.slug());
        let (el, input) = tick("ak-safety-owners", &words::owner_tick(&req.owners));
        ticks.push(input);
        root = root.child(
            El::new("div")
                .attr("data-flag", Prompt::NewOwners.slug())
                .child(El::new("h3").text(&words::owner_heading(req.owners.len())))
                .child(El::new("p").text(words::OWNER_POWER))
                .child(
                    El::new("p")
                        .class("muted")
                        .text(&words::controlled_by(Prompt::NewOwners)),
                )
                .child(el),
        );
    }
    for t in &ticks {
        let f = on_tick.clone();
        listeners.push(EventListener::new(t, "change", move |_| f()));
    }
    let root = root.attr("data-safety", &spoke.join(" ")).build();
    Some(FlagsView {
        root,
        ticks,
        _listeners: listeners,
    })
}
