//! ARIA roles: explicit (`role="…"`) or implied by the tag, as a person
//! using a screen reader would hear them.

use serde::{Deserialize, Deserializer, Serialize, Serializer};

/// The ARIA roles a locator can ask for (serde: the token, [`Role::as_str`]).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
#[allow(missing_docs)]
pub enum Role {
    Alert,
    Alertdialog,
    Banner,
    Button,
    Cell,
    Checkbox,
    Columnheader,
    Combobox,
    Dialog,
    Form,
    Group,
    Heading,
    Img,
    Link,
    List,
    Listbox,
    Listitem,
    Main,
    Menu,
    Menuitem,
    Menuitemcheckbox,
    Menuitemradio,
    Navigation,
    Option,
    Progressbar,
    Radio,
    Radiogroup,
    Region,
    Row,
    Rowgroup,
    Searchbox,
    Status,
    Switch,
    Tab,
    Table,
    Tablist,
    Tabpanel,
    Textbox,
}

impl Role {
    /// Every role, for parsing.
    pub const ALL: &'static [Role] = &[
        Role::Alert,
        Role::Alertdialog,
        Role::Banner,
        Role::Button,
        Role::Cell,
        Role::Checkbox,
        Role::Columnheader,
        Role::Combobox,
        Role::Dialog,
        Role::Form,
        Role::Group,
        Role::Heading,
        Role::Img,
        Role::Link,
        Role::List,
        Role::Listbox,
        Role::Listitem,
        Role::Main,
        Role::Menu,
        Role::Menuitem,
        Role::Menuitemcheckbox,
        Role::Menuitemradio,
        Role::Navigation,
        Role::Option,
        Role::Progressbar,
        Role::Radio,
        Role::Radiogroup,
        Role::Region,
        Role::Row,
        Role::Rowgroup,
        Role::Searchbox,
        Role::Status,
        Role::Switch,
        Role::Tab,
        Role::Table,
        Role::Tablist,
        Role::Tabpanel,
        Role::Textbox,
    ];

    /// The ARIA token.
    pub fn as_str(self) -> &'static str {
        match self {
            Role::Alert => "alert",
            Role::Alertdialog => "alertdialog",
            Role::Banner => "banner",
            Role::Button => "button",
            Role::Cell => "cell",
            Role::Checkbox => "checkbox",
            Role::Columnheader => "columnheader",
            Role::Combobox => "combobox",
            Role::Dialog => "dialog",
            Role::Form => "form",
            Role::Group => "group",
            Role::Heading => "heading",
            Role::Img => "img",
            Role::Link => "link",
            Role::List => "list",
            Role::Listbox => "listbox",
            Role::Listitem => "listitem",
            Role::Main => "main",
            Role::Menu => "menu",
            Role::Menuitem => "menuitem",
            Role::Menuitemcheckbox => "menuitemcheckbox",
            Role::Menuitemradio => "menuitemradio",
            Role::Navigation => "navigation",
            Role::Option => "option",
            Role::Progressbar => "progressbar",
            Role::Radio => "radio",
            Role::Radiogroup => "radiogroup",
            Role::Region => "region",
            Role::Row => "row",
            Role::Rowgroup => "rowgroup",
            Role::Searchbox => "searchbox",
            Role::Status => "status",
            Role::Switch => "switch",
            Role::Tab => "tab",
            Role::Table => "table",
            Role::Tablist => "tablist",
            Role::Tabpanel => "tabpanel",
            Role::Textbox => "textbox",
        }
    }

    /// Parse an ARIA token (case-insensitive); `None` for roles we do not model.
    pub fn parse(token: &str) -> Option<Role> {
        let t = token.trim().to_ascii_lowercase();
        Role::ALL.iter().copied().find(|r| r.as_str() == t)
    }

    /// Does an element with role `self` satisfy a request for `wanted`?
    /// Sub-roles count as their super-role: a searchbox is a textbox, an
    /// alertdialog a dialog, a switch a checkbox.
    pub fn satisfies(self, wanted: Role) -> bool {
        self == wanted
            || matches!(
                (self, wanted),
                (Role::Searchbox, Role::Textbox)
                    | (Role::Alertdialog, Role::Dialog)
                    | (Role::Switch, Role::Checkbox)
                    | (Role::Menuitemcheckbox, Role::Menuitem)
                    | (Role::Menuitemradio, Role::Menuitem)
                    | (Role::Columnheader, Role::Cell)
            )
    }

    /// Whether the accessible name comes from the element's content when no
    /// label is given (ARIA "name from content").
    pub fn name_from_content(self) -> bool {
        matches!(
            self,
            Role::Button
                | Role::Cell
                | Role::Checkbox
                | Role::Columnheader
                | Role::Heading
                | Role::Link
                | Role::Menuitem
                | Role::Menuitemcheckbox
                | Role::Menuitemradio
                | Role::Option
                | Role::Radio
                | Role::Row
                | Role::Switch
                | Role::Tab
        )
    }

    /// A CSS selector that over-approximates the elements that can have
    /// this role, so the page is not scanned element by element. The
    /// matcher still checks the computed role of each hit.
    pub fn candidate_css(self) -> String {
        let r = self.as_str();
        let tags: &[&str] = match self {
            Role::Button => &[
                "button",
                "input[type=button]",
                "input[type=submit]",
                "input[type=reset]",
                "input[type=image]",
                "summary",
            ],
            Role::Link => &["a[href]", "area[href]"],
            Role::Checkbox => &["input[type=checkbox]", "[role=switch]"],
            Role::Radio => &["input[type=radio]"],
            Role::Textbox => &[
                "input:not([type])",
                "input[type=text]",
                "input[type=email]",
                "input[type=tel]",
                "input[type=url]",
                "input[type=search]",
                "input[type=password]",
                "textarea",
                "[role=searchbox]",
            ],
            Role::Searchbox => &["input[type=search]"],
            Role::Dialog => &["dialog", "[role=alertdialog]"],
            Role::Heading => &["h1", "h2", "h3", "h4", "h5", "h6"],
            Role::Navigation => &["nav"],
            Role::Main => &["main"],
            Role::Img => &["img[alt]", "svg[aria-label]"],
            Role::List => &["ul", "ol"],
            Role::Listitem => &["li"],
            Role::Listbox => &["select[multiple]", "select[size]"],
            Role::Combobox => &["select"],
            Role::Option => &["option"],
            Role::Table => &["table"],
            Role::Row => &["tr"],
            Role::Cell => &["td", "th", "[role=columnheader]"],
            Role::Columnheader => &["th"],
            Role::Rowgroup => &["thead", "tbody", "tfoot"],
            Role::Form => &["form"],
            Role::Region => &["section"],
            Role::Progressbar => &["progress"],
            Role::Banner => &["header"],
            Role::Group => &["fieldset", "details"],
            Role::Menuitem => &["[role=menuitemradio]", "[role=menuitemcheckbox]"],
            Role::Alert
            | Role::Alertdialog
            | Role::Menu
            | Role::Menuitemcheckbox
            | Role::Menuitemradio
            | Role::Radiogroup
            | Role::Status
            | Role::Switch
            | Role::Tab
            | Role::Tablist
            | Role::Tabpanel => &[],
        };
        let mut parts = vec![format!("[role~={r}]")];
        parts.extend(tags.iter().map(|t| t.to_string()));
        parts.join(", ")
    }
}

impl Serialize for Role {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.serialize_str(self.as_str())
    }
}

impl<'de> Deserialize<'de> for Role {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        super::control::deserialize_named(d, Role::ALL, Role::as_str)
    }
}

impl std::fmt::Display for Role {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(self.as_str())
    }
}

/// The facts about an element that decide its role.
#[derive(Debug, Clone, Default)]
pub struct RoleFacts<'a> {
    /// Lower-case tag name.
    pub tag: &'a str,
    /// The `role` attribute, if any.
    pub role_attr: Option<&'a str>,
    /// The `type` attribute (inputs), lower-case.
    pub input_type: Option<&'a str>,
    /// Has an `href` attribute (links).
    pub has_href: bool,
    /// Has a non-empty `alt` (images) or `aria-label` (svg).
    pub has_alt: bool,
    /// `<select multiple>` or `size > 1`.
    pub select_is_list: bool,
}

/// The computed role: the first recognised token of `role`, else the role
/// the tag implies.
pub fn compute_role(f: &RoleFacts<'_>) -> Option<Role> {
    if let Some(attr) = f.role_attr {
        if let Some(r) = attr.split_whitespace().find_map(Role::parse) {
            return Some(r);
        }
    }
    implicit_role(f)
}

/// The role HTML gives a tag without a `role` attribute.
pub fn implicit_role(f: &RoleFacts<'_>) -> Option<Role> {
    Some(match f.tag {
        "button" | "summary" => Role::Button,
        "a" | "area" if f.has_href => Role::Link,
        "input" => match f.input_type.unwrap_or("text") {
            "button" | "submit" | "reset" | "image" => Role::Button,
            "checkbox" => Role::Checkbox,
            "radio" => Role::Radio,
            "search" => Role::Searchbox,
            "text" | "email" | "tel" | "url" | "password" | "" => Role::Textbox,
            _ => return None,
        },
        "textarea" => Role::Textbox,
        "select" if f.select_is_list => Role::Listbox,
        "select" => Role::Combobox,
        "option" => Role::Option,
        "dialog" => Role::Dialog,
        "h1" | "h2" | "h3" | "h4" | "h5" | "h6" => Role::Heading,
        "nav" => Role::Navigation,
        "main" => Role::Main,
        "header" => Role::Banner,
        "img" if f.has_alt => Role::Img,
        "svg" if f.has_alt => Role::Img,
        "ul" | "ol" => Role::List,
        "li" => Role::Listitem,
        "table" => Role::Table,
        "tr" => Role::Row,
        "td" => Role::Cell,
        "th" => Role::Columnheader,
        "thead" | "tbody" | "tfoot" => Role::Rowgroup,
        "form" => Role::Form,
        "section" => Role::Region,
        "progress" => Role::Progressbar,
        "fieldset" | "details" => Role::Group,
        _ => return None,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn tag(t: &str) -> RoleFacts<'_> {
        RoleFacts {
            tag: t,
            ..Default::default()
        }
    }

    #[test]
    fn implicit_roles_by_tag() {
        assert_eq!(compute_role(&tag("button")), Some(Role::Button));
        assert_eq!(compute_role(&tag("a")), None, "a link needs href");
        assert_eq!(
            compute_role(&RoleFacts {
                has_href: true,
                ..tag("a")
            }),
            Some(Role::Link)
        );
        assert_eq!(compute_role(&tag("input")), Some(Role::Textbox));
        assert_eq!(
            compute_role(&RoleFacts {
                input_type: Some("checkbox"),
                ..tag("input")
            }),
            Some(Role::Checkbox)
        );
        assert_eq!(
            compute_role(&RoleFacts {
                input_type: Some("radio"),
                ..tag("input")
            }),
            Some(Role::Radio)
        );
        assert_eq!(
            compute_role(&RoleFacts {
                input_type: Some("submit"),
                ..tag("input")
            }),
            Some(Role::Button)
        );
        assert_eq!(
            compute_role(&RoleFacts {
                input_type: Some("hidden"),
                ..tag("input")
            }),
            None
        );
        assert_eq!(compute_role(&tag("h4")), Some(Role::Heading));
        assert_eq!(compute_role(&tag("nav")), Some(Role::Navigation));
        assert_eq!(compute_role(&tag("div")), None);
        assert_eq!(compute_role(&tag("img")), None, "decorative image");
    }

    #[test]
    fn explicit_role_wins_and_unknown_tokens_fall_through() {
        let f = RoleFacts {
            role_attr: Some("presentation button"),
            ..tag("div")
        };
        assert_eq!(compute_role(&f), Some(Role::Button));
        let f = RoleFacts {
            role_attr: Some("DIALOG"),
            ..tag("div")
        };
        assert_eq!(compute_role(&f), Some(Role::Dialog));
        let f = RoleFacts {
            role_attr: Some("bogus"),
            ..tag("button")
        };
        assert_eq!(compute_role(&f), Some(Role::Button));
    }

    #[test]
    fn sub_roles_satisfy_super_roles() {
        assert!(Role::Searchbox.satisfies(Role::Textbox));
        assert!(Role::Alertdialog.satisfies(Role::Dialog));
        assert!(!Role::Dialog.satisfies(Role::Alertdialog));
        assert!(!Role::Link.satisfies(Role::Button));
    }

    #[test]
    fn serde_tokens_round_trip() {
        for r in Role::ALL {
            let json = serde_json::to_string(r).unwrap();
            assert_eq!(json, format!("\"{}\"", r.as_str()));
            assert_eq!(Role::parse(r.as_str()), Some(*r));
        }
        assert!(Role::Textbox.candidate_css().contains("textarea"));
        assert!(Role::Tab.candidate_css().starts_with("[role~=tab]"));
    }
}
