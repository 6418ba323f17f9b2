//! The ids of the page's controls the features use: one per entry of the
//! locator profile (`extension/profile.json`). Kept apart from the profile so
//! that locators can name controls without depending on the profile itself.

use serde::{de, Deserialize, Deserializer, Serialize, Serializer};

/// Reads one of `all` by its name (`name`), exactly: a string, or serde's
/// unknown-variant error listing the names. Our name-only enums read this
/// way instead of through serde's derived visitors, which cost several KB
/// per enum and back end in the in-page core (issue 16).
pub(crate) fn deserialize_named<'de, D: Deserializer<'de>, T: Copy>(
    d: D,
    all: &[T],
    name: fn(T) -> &'static str,
) -> Result<T, D::Error> {
    let s = String::deserialize(d)?;
    all.iter()
        .copied()
        .find(|t| name(*t) == s)
        .ok_or_else(|| de::Error::custom(unknown_variant(&s, all, name)))
}

/// serde's words for a name that is none of `all`.
pub(crate) fn unknown_variant<T: Copy>(s: &str, all: &[T], name: fn(T) -> &'static str) -> String {
    let names: Vec<String> = all.iter().map(|t| format!("`{}`", name(*t))).collect();
    format!(
        "unknown variant `{s}`, expected one of {}",
        names.join(", ")
    )
}

macro_rules! control_ids {
    ($( $(#[$doc:meta])* $variant:ident = $name:literal ),+ $(,)?) => {
        /// Every control of the page the features use.
        #[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
        pub enum ControlId {
            $( $(#[$doc])* $variant, )+
        }
        impl ControlId {
            /// Every control, in profile order.
            pub const ALL: &'static [ControlId] = &[ $( ControlId::$variant ),+ ];
            /// The profile key (`"invite_button"`).
            pub fn as_str(self) -> &'static str {
                match self { $( ControlId::$variant => $name ),+ }
            }
            /// Parse a profile key.
            pub fn parse(s: &str) -> Option<ControlId> {
                match s { $( $name => Some(ControlId::$variant), )+ _ => None }
            }
        }
        impl Serialize for ControlId {
            fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
                s.serialize_str(self.as_str())
            }
        }
        impl<'de> Deserialize<'de> for ControlId {
            fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
                deserialize_named(d, ControlId::ALL, ControlId::as_str)
            }
        }
    };
}

control_ids! {
    /// "Users" tab of Access Management.
    UsersTab = "users_tab",
    /// "+ Invite Team Member".
    InviteButton = "invite_button",
    /// The users table's search input.
    SearchBox = "search_box",
    /// Every row of the users table (members and pending invites).
    UsersRow = "users_row",
    /// The users-table row whose email is `{email}`.
    MemberRow = "member_row",
    /// What to click in a row to open its editor ("Edit").
    RowOpen = "row_open",
    /// The "Pending" / "Invite Pending" badge (searched inside a row).
    PendingBadge = "pending_badge",
    /// The "Individual Roles" column header (to read the roles column).
    RolesHeader = "roles_header",
    /// Pagination: next page.
    PaginationNext = "pagination_next",
    /// Pagination: previous page.
    PaginationPrev = "pagination_prev",
    /// Pagination: the button for page `{page}`.
    PaginationPage = "pagination_page",
    /// Pagination: the current page's button.
    PaginationCurrent = "pagination_current",
    /// Pagination: first page.
    PaginationFirst = "pagination_first",
    /// "Load more" / "Show more" under the users table.
    LoadMore = "load_more",
    /// The users table's page-size selector.
    PageSize = "page_size",
    /// An option of the opened page-size list.
    PageSizeOption = "page_size_option",
    /// The users table is loading (spinner, busy region, "Loading…").
    LoadingIndicator = "loading_indicator",
    /// Inside a row: where the page marks the email (a `mailto:` link).
    RowEmail = "row_email",
    /// An "Email" column header (tables with the email in its own column).
    EmailHeader = "email_header",
    /// The invite form (side sheet, dialog or full page).
    InviteForm = "invite_form",
    /// The email field of the invite form.
    InviteEmail = "invite_email",
    /// "Workspace Owner" radio in the invite form.
    InviteOwnerRadio = "invite_owner_radio",
    /// "Workspace Member" radio in the invite form.
    InviteMemberRadio = "invite_member_radio",
    /// The role checkbox named `{role}` in the invite form.
    InviteRoleCheckbox = "invite_role_checkbox",
    /// "Edit Sources" of the role `{role}` in the invite form.
    InviteEditSources = "invite_edit_sources",
    /// The invite form's submit button ("Invite" / "Send Invite").
    InviteSubmit = "invite_submit",
    /// The invite form's "Cancel".
    InviteCancel = "invite_cancel",
    /// Inline validation text of the invite form.
    InviteValidation = "invite_validation",
    /// The "Select Sources" dialog.
    SourcesDialog = "sources_dialog",
    /// "All Sources in Workspace including future Sources".
    SourcesAllRadio = "sources_all_radio",
    /// "Specific Sources:".
    SourcesSpecificRadio = "sources_specific_radio",
    /// "Add label" (opens the labels menu).
    SourcesAddLabel = "sources_add_label",
    /// The labels menu (popover).
    LabelMenu = "label_menu",
    /// The labels menu's filter input.
    LabelMenuFilter = "label_menu_filter",
    /// The label option `{label}` in the labels menu.
    LabelOption = "label_option",
    /// The chip of label `{label}` in the sources dialog.
    LabelChip = "label_chip",
    /// The remove control of the chip `{label}`.
    LabelChipRemove = "label_chip_remove",
    /// "Filter sources..." in the sources dialog.
    SourcesFilter = "sources_filter",
    /// The checkbox of source `{source}` in the sources dialog.
    SourceCheckbox = "source_checkbox",
    /// The sources dialog's "Save".
    SourcesSave = "sources_save",
    /// The sources dialog's "Cancel".
    SourcesCancel = "sources_cancel",
    /// A success toast.
    ToastSuccess = "toast_success",
    /// A danger (error) toast.
    ToastDanger = "toast_danger",
    /// The member editor (side sheet or full page).
    MemberEditor = "member_editor",
    /// "Workspace Owner" radio in the member editor.
    EditorOwnerRadio = "editor_owner_radio",
    /// "Workspace Member" radio in the member editor.
    EditorMemberRadio = "editor_member_radio",
    /// The role checkbox named `{role}` in the member editor.
    EditorRoleCheckbox = "editor_role_checkbox",
    /// "Edit Sources" of the role `{role}` in the member editor.
    EditorEditSources = "editor_edit_sources",
    /// The member editor's "Save" / "Save Changes".
    EditorSave = "editor_save",
    /// "Remove Team Member" / "Delete User".
    EditorRemove = "editor_remove",
    /// Closes the member editor (× of the side sheet, "All Users").
    EditorClose = "editor_close",
    /// The removal confirmation dialog.
    ConfirmDialog = "confirm_dialog",
    /// Its confirm button ("Remove" / "Delete" / "Confirm").
    ConfirmButton = "confirm_button",
    /// Its "Cancel".
    ConfirmCancel = "confirm_cancel",
    /// "Edit Invite" of a pending invite's panel.
    EditInvite = "edit_invite",
    /// "Revoke Invite".
    RevokeInvite = "revoke_invite",
    /// "Cancel" of a pending invite's editor (after "Edit Invite").
    InviteEditCancel = "invite_edit_cancel",
}

impl std::fmt::Display for ControlId {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(self.as_str())
    }
}

/// A map keyed by control: a list kept in [`ControlId`] order, read and
/// written as a JSON object like a `BTreeMap` (in the same order). The
/// in-page core holds the profile's controls in it: a `BTreeMap` of each
/// value type was several KB of that build (issue 16), and a few dozen
/// controls are found by halves as fast.
#[derive(Debug, Clone, PartialEq)]
pub struct ControlMap<V>(Vec<(ControlId, V)>);

impl<V> Default for ControlMap<V> {
    fn default() -> Self {
        ControlMap(Vec::new())
    }
}

impl<V> ControlMap<V> {
    fn find(&self, id: ControlId) -> Result<usize, usize> {
        self.0.binary_search_by(|(k, _)| k.cmp(&id))
    }
    /// The value of `id`.
    pub fn get(&self, id: &ControlId) -> Option<&V> {
        self.find(*id).ok().map(|i| &self.0[i].1)
    }
    /// Sets the value of `id`; the one it replaces.
    pub fn insert(&mut self, id: ControlId, v: V) -> Option<V> {
        match self.find(id) {
            Ok(i) => Some(std::mem::replace(&mut self.0[i].1, v)),
            Err(i) => {
                self.0.insert(i, (id, v));
                None
            }
        }
    }
    /// Takes `id` out.
    pub fn remove(&mut self, id: &ControlId) -> Option<V> {
        self.find(*id).ok().map(|i| self.0.remove(i).1)
    }
    /// The value of `id`, made by `new` if there is none.
    pub fn get_or_insert_with(&mut self, id: ControlId, new: impl FnOnce() -> V) -> &mut V {
        let i = match self.find(id) {
            Ok(i) => i,
            Err(i) => {
                self.0.insert(i, (id, new()));
                i
            }
        };
        &mut self.0[i].1
    }
    /// Every entry, in control order.
    pub fn iter(&self) -> impl Iterator<Item = (&ControlId, &V)> {
        self.0.iter().map(|(k, v)| (k, v))
    }
    /// How many controls.
    pub fn len(&self) -> usize {
        self.0.len()
    }
    /// No control.
    pub fn is_empty(&self) -> bool {
        self.0.is_empty()
    }
}

impl<V> std::ops::Index<&ControlId> for ControlMap<V> {
    type Output = V;
    fn index(&self, id: &ControlId) -> &V {
        self.get(id).expect("no entry for the control")
    }
}

impl<V> FromIterator<(ControlId, V)> for ControlMap<V> {
    fn from_iter<I: IntoIterator<Item = (ControlId, V)>>(items: I) -> Self {
        let mut m = ControlMap::default();
        for (k, v) in items {
            m.insert(k, v);
        }
        m
    }
}

impl<V> IntoIterator for ControlMap<V> {
    type Item = (ControlId, V);
    type IntoIter = std::vec::IntoIter<(ControlId, V)>;
    fn into_iter(self) -> Self::IntoIter {
        self.0.into_iter()
    }
}

impl<V: Serialize> Serialize for ControlMap<V> {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.collect_map(self.iter())
    }
}

impl<'de, V: Deserialize<'de>> Deserialize<'de> for ControlMap<V> {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        std::collections::BTreeMap::<ControlId, V>::deserialize(d).map(|m| m.into_iter().collect())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_control_map_is_a_map_in_control_order() {
        let mut m: ControlMap<u8> = [(ControlId::EditorSave, 1), (ControlId::UsersTab, 2)]
            .into_iter()
            .collect();
        assert_eq!(m.insert(ControlId::EditorSave, 3), Some(1));
        *m.get_or_insert_with(ControlId::InviteForm, || 0) += 5;
        *m.get_or_insert_with(ControlId::UsersTab, || 0) += 5;
        assert_eq!(m.get(&ControlId::InviteForm), Some(&5));
        assert_eq!(m.remove(&ControlId::SearchBox), None);
        let order: Vec<_> = m.iter().map(|(k, v)| (*k, *v)).collect();
        assert_eq!(
            order,
            [
                (ControlId::UsersTab, 7),
                (ControlId::InviteForm, 5),
                (ControlId::EditorSave, 3)
            ]
        );
        let json = serde_json::to_string(&m).unwrap();
        assert_eq!(json, r#"{"users_tab":7,"invite_form":5,"editor_save":3}"#);
        assert_eq!(serde_json::from_str::<ControlMap<u8>>(&json).unwrap(), m);
        assert_eq!(m.remove(&ControlId::UsersTab), Some(7));
        assert_eq!(m.len(), 2);
    }
}
