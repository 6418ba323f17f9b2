//! The options page (an extension page, not in the Segment tab).

use web_sys::Element;

use super::dom::{self, El};

/// Renders the options page into `app`.
pub fn mount(app: &Element) {
    dom::replace_children(
        app,
        [El::new("div")
            .class("ak")
            .child(El::new("h1").text("Segment Access Kit"))
            .child(El::new("p").class("muted").text(
                "Bulk invites, role templates and the last-owner guard for Segment's Access Management page.",
            ))
            .build()],
    );
}
