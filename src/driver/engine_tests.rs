//! Native tests of matching: the built-in profile against small documents
//! shaped like Evergreen's DOM (portals, div tables, dialogs without
//! aria-labelledby, side sheets without a role) in both label eras.

use super::control::ControlId as C;
use super::engine::{FindError, Finder};
use super::locator::Locator;
use super::model::{MiniDom, NodeId};
use super::profile::{Params, Profile};
use super::tree::{accessible_name, role_of, Tree};

fn profile() -> Profile {
    Profile::builtin().expect("built-in profile")
}

fn one(dom: &MiniDom, id: C, params: &Params) -> Result<NodeId, FindError> {
    let p = profile();
    Finder::new(dom, &p).find_one(id, params, None)
}

fn all(dom: &MiniDom, id: C, params: &Params) -> Vec<NodeId> {
    let p = profile();
    Finder::new(dom, &p)
        .find(id, params, None)
        .map(|f| f.nodes)
        .unwrap_or_default()
}

fn text(dom: &MiniDom, n: NodeId) -> String {
    dom.text(&n).trim().to_string()
}

fn none() -> Params {
    Params::none()
}

const USERS_PAGE: &str = r##"
<div id="root"><main>
  <div role="tablist" aria-label="Access Management"><span role="tab" aria-selected="true">Users</span><span role="tab">User Groups</span><span role="tab">Tokens</span></div>
  <div>
    <div><input type="text" placeholder="Search"></div>
    <button><svg data-icon="download"></svg>Download CSV</button>
    <button><svg data-icon="plus"></svg>Invite Team Member</button>
  </div>
  <div>
    <div><div><span>Team Member</span></div><div><span>Pending</span></div><div><span>Permission</span></div><div><span>Individual Roles</span></div></div>
    <div data-evergreen-table-body="true">
      <div data-isselectable="true" tabindex="0"><div><div title="Ada Lovelace"><span>AL</span></div><div><strong>Ada Lovelace (you)</strong><span>ada@example.com</span></div></div><div></div><div><span>Owner</span></div><div><span>All</span></div><div><span>Workspace Membership</span></div></div>
      <div data-isselectable="true" tabindex="0"><div><div title="Bob Byte"><span>BB</span></div><div><strong>Bob Byte</strong><span>bob@example.com</span></div></div><div></div><div><span>Member</span></div><div><span>Source Admin (2)</span></div><div><a href="#">Edit</a></div></div>
      <div data-isselectable="true" tabindex="0"><div><div title="-"><span>-</span></div><div><strong>-</strong><span>new@example.com</span></div></div><div><strong>Pending</strong></div><div><span>Member</span></div><div><span>-</span></div><div><a href="#">Edit</a></div></div>
    </div>
  </div>
  <nav role="navigation" aria-label="Pagination"><ul>
    <li><button aria-label="Previous page" disabled><svg data-icon="chevron-left"></svg></button></li>
    <li><button aria-current="true" aria-label="Page 1">1</button></li>
    <li><button aria-current="false" aria-label="Page 2">2</button></li>
    <li><button aria-label="Next page"><svg data-icon="chevron-right"></svg></button></li>
  </ul></nav>
</main></div>
<div id="access-kit-host"><button>Invite Team Member</button><input placeholder="Search"></div>
"##;

#[test]
fn table_controls_on_the_users_page() {
    let d = MiniDom::parse(USERS_PAGE);
    let b = one(&d, C::InviteButton, &none()).unwrap();
    assert_eq!(text(&d, b), "Invite Team Member");
    assert_eq!(
        d.attr(&one(&d, C::SearchBox, &none()).unwrap(), "placeholder")
            .as_deref(),
        Some("Search")
    );
    assert_eq!(text(&d, one(&d, C::UsersTab, &none()).unwrap()), "Users");
    assert_eq!(all(&d, C::UsersRow, &none()).len(), 3);
    let bob = Params::one("email", "BOB@example.com");
    let row = one(&d, C::MemberRow, &bob).unwrap();
    assert!(text(&d, row).contains("Bob Byte"));
    assert_eq!(text(&d, one(&d, C::RowOpen, &bob).unwrap()), "Edit");
    assert!(one(&d, C::RolesHeader, &none()).is_ok());
}

#[test]
fn row_scoped_controls_say_where_they_looked() {
    let d = MiniDom::parse(USERS_PAGE);
    // The signed-in user's row has no "Edit".
    let err = one(&d, C::RowOpen, &Params::one("email", "ada@example.com")).unwrap_err();
    let FindError::NotFound { control, looked_in } = err else {
        panic!("{err:?}")
    };
    assert_eq!(control, "row_open");
    assert!(looked_in.contains("inside member_row"), "{looked_in}");
    // A row that does not exist: the scope itself is reported missing.
    let err = one(&d, C::RowOpen, &Params::one("email", "zed@example.com")).unwrap_err();
    assert!(
        err.to_string().contains("which is not on the page"),
        "{err}"
    );
}

#[test]
fn pending_badge_is_found_inside_its_row_only() {
    let d = MiniDom::parse(USERS_PAGE);
    let p = profile();
    let f = Finder::new(&d, &p);
    let rows = f.find(C::UsersRow, &none(), None).unwrap().nodes;
    let badges: Vec<usize> = rows
        .iter()
        .map(|r| {
            f.find(C::PendingBadge, &none(), Some(r))
                .map(|x| x.nodes.len())
                .unwrap_or(0)
        })
        .collect();
    assert_eq!(badges, vec![0, 0, 1]);
}

#[test]
fn pagination_controls() {
    let d = MiniDom::parse(USERS_PAGE);
    assert_eq!(
        d.attr(
            &one(&d, C::PaginationCurrent, &none()).unwrap(),
            "aria-label"
        )
        .as_deref(),
        Some("Page 1")
    );
    assert_eq!(
        text(
            &d,
            one(&d, C::PaginationPage, &Params::one("page", "2")).unwrap()
        ),
        "2"
    );
    assert!(one(&d, C::PaginationNext, &none()).is_ok());
    // Disabled controls are still found (the flows check `disabled`).
    assert!(one(&d, C::PaginationPrev, &none()).is_ok());
}

#[test]
fn own_ui_is_never_matched() {
    let d = MiniDom::parse(USERS_PAGE);
    let host_button = d.first("#access-kit-host button").unwrap();
    assert!(!all(&d, C::InviteButton, &none()).contains(&host_button));
}

const INVITE_SHEET: &str = r##"
<main><button>Invite Team Member</button></main>
<div evergreen-portal-container=""><div data-state="entered"><div data-state="entered">
  <div><p>Access Management / Invite Team Member</p><h2>Invite a team member to this Workspace</h2></div>
  <div>
    <label for="TextInputField-1">Email</label>
    <p>Enter the email addresses, separated by a comma.</p>
    <input id="TextInputField-1" type="text" placeholder="e.g. johnsmith@gmail.com">
    <p role="alert">"x" is not a valid email address</p>
    <div><label><input type="radio" name="perm"><div></div><span>Workspace Owner</span></label><p>Owners have full read and edit access.</p></div>
    <div><label><input type="radio" name="perm" checked><div></div><span>Workspace Member</span></label><p>By default, members do not have access.</p>
      <div><label><input type="checkbox" checked><div></div><span>Source Admin</span></label><p>Edit access to assigned Source(s).</p>
        <div><input placeholder="Filter selected Sources..."><a href="#">Edit Sources</a></div></div>
      <div><label><input type="checkbox"><div></div><span>Source Read-only</span></label><p>Read-only access.</p></div>
      <div><label><input type="checkbox" checked><div></div><span>Function Admin</span></label><p>Functions.</p></div>
    </div>
  </div>
  <div><button>Cancel</button><button>Invite</button></div>
</div></div></div>
"##;

#[test]
fn invite_form_in_a_side_sheet_without_role() {
    let d = MiniDom::parse(INVITE_SHEET);
    let form = one(&d, C::InviteForm, &none()).unwrap();
    // The innermost [data-state]: the sheet, not the overlay around it.
    assert_eq!(
        d.parent(&form)
            .and_then(|p| d.attr(&p, "data-state"))
            .as_deref(),
        Some("entered")
    );
    let email = one(&d, C::InviteEmail, &none()).unwrap();
    assert_eq!(d.attr(&email, "id").as_deref(), Some("TextInputField-1"));
    assert_eq!(
        text(&d, one(&d, C::InviteSubmit, &none()).unwrap()),
        "Invite"
    );
    assert_eq!(
        text(&d, one(&d, C::InviteCancel, &none()).unwrap()),
        "Cancel"
    );
    assert_eq!(
        d.attr(&one(&d, C::InviteOwnerRadio, &none()).unwrap(), "type")
            .as_deref(),
        Some("radio")
    );
    assert_ne!(
        one(&d, C::InviteOwnerRadio, &none()),
        one(&d, C::InviteMemberRadio, &none())
    );
    assert_eq!(all(&d, C::InviteValidation, &none()).len(), 1);
    // The page's own "Invite Team Member" is not the submit button, and the
    // form's "Invite" is not the page's invite button.
    assert_eq!(
        text(&d, one(&d, C::InviteButton, &none()).unwrap()),
        "Invite Team Member"
    );
}

#[test]
fn role_checkboxes_and_their_edit_sources() {
    let d = MiniDom::parse(INVITE_SHEET);
    let role = |r: &str| Params::one("role", r);
    let cb = one(&d, C::InviteRoleCheckbox, &role("source admin")).unwrap();
    assert_eq!(d.attr(&cb, "type").as_deref(), Some("checkbox"));
    assert!(one(&d, C::InviteRoleCheckbox, &role("Source Read-only")).is_ok());
    assert!(matches!(
        one(&d, C::InviteRoleCheckbox, &role("Entities Admin")),
        Err(FindError::NotFound { .. })
    ));
    // "Edit Sources" after Source Admin's checkbox; none after Function Admin's.
    assert_eq!(
        all(&d, C::InviteEditSources, &role("Source Admin")).len(),
        1
    );
    assert!(all(&d, C::InviteEditSources, &role("Function Admin")).is_empty());
}

#[test]
fn invite_form_in_a_dialog_era_2020() {
    let d = MiniDom::parse(
        r##"<main><button>+ Invite Team Member</button></main>
        <div evergreen-portal-container=""><div data-state="entered"><div role="dialog" data-state="entered">
          <div><h4>Invite Team Member</h4><button><svg data-icon="cross"></svg></button></div>
          <div><label for="e">Email addresses</label><input id="e" type="text"></div>
          <div><button>Cancel</button><button>Send Invite</button></div>
        </div></div></div>"##,
    );
    let form = one(&d, C::InviteForm, &none()).unwrap();
    assert_eq!(d.attr(&form, "role").as_deref(), Some("dialog"));
    assert_eq!(
        text(&d, one(&d, C::InviteSubmit, &none()).unwrap()),
        "Send Invite"
    );
    assert!(one(&d, C::InviteEmail, &none()).is_ok());
    assert_eq!(accessible_name(&d, &form), "Invite Team Member");
}

const SOURCES_DIALOG: &str = r##"
<div evergreen-portal-container=""><div data-state="entered"><div role="dialog" data-state="entered">
  <div><h4>Select Sources</h4><button><svg data-icon="cross"></svg></button></div>
  <div>
    <p>Assign Source Admin access to:</p>
    <label><input type="radio" name="m" checked><span>All Sources in Workspace including future Sources</span></label>
    <div>
      <div><span>env:prod</span><span role="button" aria-label="Remove env:prod"><svg data-icon="small-cross"></svg></span></div>
      <button><svg data-icon="plus"></svg>Add label</button>
    </div>
    <label><input type="radio" name="m"><span>Specific Sources:</span></label>
    <div>
      <input type="text" placeholder="Filter sources...">
      <div><div><a href="#">Web App</a><span>env:prod</span><input type="checkbox" aria-label="Web App" disabled></div>
           <div><a href="#">iOS App</a><span>env:dev, brand:acme</span><input type="checkbox" aria-label="iOS App" disabled></div></div>
    </div>
  </div>
  <div><button>Cancel</button><button>Save</button></div>
</div></div></div>
<div evergreen-portal-container=""><div role="dialog" data-state="entered">
  <div><span>Labels</span></div>
  <input type="text" placeholder="Filter labels...">
  <div><div data-isselectable="true" tabindex="0"><div><div>env:dev</div></div></div>
       <div data-isselectable="true" tabindex="0"><div><div>brand:acme</div></div></div></div>
</div></div>
"##;

#[test]
fn sources_dialog_named_by_its_heading() {
    let d = MiniDom::parse(SOURCES_DIALOG);
    let dialog = one(&d, C::SourcesDialog, &none()).unwrap();
    assert_eq!(accessible_name(&d, &dialog), "Select Sources");
    for id in [
        C::SourcesAllRadio,
        C::SourcesSpecificRadio,
        C::SourcesAddLabel,
        C::SourcesFilter,
        C::SourcesSave,
        C::SourcesCancel,
    ] {
        assert!(one(&d, id, &none()).is_ok(), "{id}");
    }
    assert_ne!(
        one(&d, C::SourcesAllRadio, &none()),
        one(&d, C::SourcesSpecificRadio, &none())
    );
    let web = one(&d, C::SourceCheckbox, &Params::one("source", "web app")).unwrap();
    assert_eq!(d.attr(&web, "aria-label").as_deref(), Some("Web App"));
}

#[test]
fn label_chip_is_told_from_a_source_row_showing_the_same_label() {
    let d = MiniDom::parse(SOURCES_DIALOG);
    let p = Params::one("label", "env:prod");
    // "env:prod" is also the label text of the Web App row: only the chip
    // between the two radios counts.
    let chip = one(&d, C::LabelChip, &p).unwrap();
    assert_eq!(d.tag(&chip), "span");
    assert!(d.precedes(&chip, &one(&d, C::SourcesSpecificRadio, &none()).unwrap()));
    assert_eq!(
        d.attr(&one(&d, C::LabelChipRemove, &p).unwrap(), "aria-label")
            .as_deref(),
        Some("Remove env:prod")
    );
}

#[test]
fn labels_menu_is_the_popover_not_the_dialog() {
    let d = MiniDom::parse(SOURCES_DIALOG);
    let menu = one(&d, C::LabelMenu, &none()).unwrap();
    assert_ne!(Some(menu), one(&d, C::SourcesDialog, &none()).ok());
    assert_eq!(
        d.attr(
            &one(&d, C::LabelMenuFilter, &none()).unwrap(),
            "placeholder"
        )
        .as_deref(),
        Some("Filter labels...")
    );
    let opt = one(&d, C::LabelOption, &Params::one("label", "brand:acme")).unwrap();
    assert_eq!(d.attr(&opt, "data-isselectable").as_deref(), Some("true"));
    assert!(matches!(
        one(&d, C::LabelOption, &Params::one("label", "env:stage")),
        Err(FindError::NotFound { .. })
    ));
}

const EDITOR_SHEET: &str = r##"
<main><div data-evergreen-table-body=""></div></main>
<div evergreen-portal-container=""><div data-state="entered">
  <div data-state="entered"><svg data-icon="cross"></svg></div>
  <div data-state="entered">
    <div><div title="Bob Byte"><span>BB</span></div><div><h2>Bob Byte</h2><p>bob@example.com</p></div>
      <button>Remove Team Member</button><button>Save</button></div>
    <div><label><input type="radio" name="p"><span>Workspace Owner</span></label>
         <label><input type="radio" name="p" checked><span>Workspace Member</span></label>
         <label><input type="checkbox" checked><span>Source Admin</span></label><a href="#">Edit Sources</a></div>
  </div>
</div></div>
<div evergreen-portal-container=""><div data-state="entered"><div role="dialog" data-state="entered">
  <div><h4>Remove Team Member</h4></div><div><p>Are you sure you want to remove bob@example.com from acme?</p></div>
  <div><button>Cancel</button><button>Remove</button></div>
</div></div></div>
<div data-evergreen-toaster-container=""><div data-state="entered"><div role="alert"><svg data-icon="tick-circle"></svg><h4>Saved changes for Bob Byte</h4></div></div></div>
"##;

#[test]
fn member_editor_side_sheet_and_confirm_dialog() {
    let d = MiniDom::parse(EDITOR_SHEET);
    let editor = one(&d, C::MemberEditor, &none()).unwrap();
    assert!(text(&d, editor).contains("bob@example.com"));
    assert_eq!(
        text(&d, one(&d, C::EditorRemove, &none()).unwrap()),
        "Remove Team Member"
    );
    assert_eq!(text(&d, one(&d, C::EditorSave, &none()).unwrap()), "Save");
    assert!(one(&d, C::EditorOwnerRadio, &none()).is_ok());
    assert!(one(
        &d,
        C::EditorRoleCheckbox,
        &Params::one("role", "Source Admin")
    )
    .is_ok());
    assert_eq!(
        all(
            &d,
            C::EditorEditSources,
            &Params::one("role", "Source Admin")
        )
        .len(),
        1
    );
    // The sheet's × is a bare svg in the overlay, outside the sheet itself.
    let close = one(&d, C::EditorClose, &none()).unwrap();
    assert_eq!(d.attr(&close, "data-icon").as_deref(), Some("cross"));
    assert_eq!(
        text(&d, one(&d, C::ConfirmButton, &none()).unwrap()),
        "Remove"
    );
    assert_eq!(
        text(&d, one(&d, C::ConfirmCancel, &none()).unwrap()),
        "Cancel"
    );
    assert_eq!(all(&d, C::ToastSuccess, &none()).len(), 1);
    assert!(all(&d, C::ToastDanger, &none()).is_empty());
}

#[test]
fn member_editor_full_page_era_2020() {
    let d = MiniDom::parse(
        r##"<nav aria-label="Main"><a href="#" aria-current="page">Settings</a></nav>
        <main><div><button><svg data-icon="arrow-left"></svg>All Users</button><h1><span>Users / </span>Edit Bob Byte</h1><button>Delete User</button></div>
          <div><div role="tablist"><span role="tab" aria-selected="true">Roles</span></div>
            <div><h2>Individual Roles</h2><button>Save Changes</button></div>
            <label><input type="radio" name="p"><span>Workspace Owner</span></label>
            <label><input type="radio" name="p" checked><span>Workspace Member</span></label></div>
          <div><h3>User Summary</h3><strong>Bob Byte</strong><span>bob@example.com</span></div></main>"##,
    );
    assert!(one(&d, C::MemberEditor, &none()).is_ok());
    assert_eq!(
        text(&d, one(&d, C::EditorRemove, &none()).unwrap()),
        "Delete User"
    );
    assert_eq!(
        text(&d, one(&d, C::EditorSave, &none()).unwrap()),
        "Save Changes"
    );
    assert_eq!(
        text(&d, one(&d, C::EditorClose, &none()).unwrap()),
        "All Users"
    );
    // The nav link with aria-current=page is not a pagination button.
    assert!(all(&d, C::PaginationCurrent, &none()).is_empty());
}

#[test]
fn ambiguity_hidden_elements_and_re_render() {
    let mut d = MiniDom::parse(
        r##"<button>Invite Team Member</button><div style="display:none"><button>Invite Team Member</button></div>"##,
    );
    let first = one(&d, C::InviteButton, &none()).unwrap();
    // React replaces the node: the old handle goes, a new one is found.
    d.detach(first);
    assert!(matches!(
        one(&d, C::InviteButton, &none()),
        Err(FindError::NotFound { .. })
    ));
    let mut d2 = MiniDom::parse(
        r##"<button>Invite Team Member</button><button>+ Invite Team Member</button>"##,
    );
    assert_eq!(
        one(&d2, C::InviteButton, &none()),
        Err(FindError::Ambiguous {
            control: "invite_button".into(),
            count: 2
        })
    );
    let b = d2.first("button").unwrap();
    d2.set_attr(b, "hidden", "");
    assert!(one(&d2, C::InviteButton, &none()).is_ok());
    d.set_attr(0, "data-x", "1");
}

#[test]
fn accessible_names() {
    let d = MiniDom::parse(
        r##"<span id="t">Team</span><span id="m">Member</span>
        <button aria-labelledby="t m">x</button>
        <button aria-label="Close">×</button>
        <label for="q">Query</label><input id="q">
        <label>Wrapped <input type="checkbox" id="w"></label>
        <button><svg aria-label="Next page"></svg></button>
        <a href="#" title="Help"></a>
        <input type="submit" value="Go">
        <div role="dialog" id="dlg"><h4>Select Sources</h4><p>body</p></div>"##,
    );
    let names: Vec<String> = d
        .select(&0, "button, input, a, [role=dialog]")
        .unwrap()
        .iter()
        .map(|n| accessible_name(&d, n).trim().to_string())
        .collect();
    assert_eq!(
        names,
        vec![
            "Team Member",
            "Close",
            "Query",
            "Wrapped",
            "Next page",
            "Help",
            "Go",
            "Select Sources"
        ]
    );
    let w = d.by_id("w").unwrap();
    assert_eq!(role_of(&d, &w).map(|r| r.as_str()), Some("checkbox"));
}

#[test]
fn ad_hoc_locators_and_match_modes() {
    let d = MiniDom::parse(
        r##"<button>Save Changes</button><button>Save</button><button>Saved</button>"##,
    );
    let p = profile();
    let f = Finder::new(&d, &p);
    let exact: Locator = serde_json::from_str(r#"{"role":"button","name":"save"}"#).unwrap();
    assert_eq!(f.find_locator(&exact, None).unwrap().len(), 1);
    let starts: Locator =
        serde_json::from_str(r#"{"role":"button","name":"save","match":"starts-with"}"#).unwrap();
    assert_eq!(
        f.find_locator(&starts, None).unwrap().len(),
        2,
        "word boundary keeps \"Saved\" out"
    );
    let contains: Locator =
        serde_json::from_str(r#"{"role":"button","name":"save","match":"contains"}"#).unwrap();
    assert_eq!(f.find_locator(&contains, None).unwrap().len(), 3);
    let bad: Locator = serde_json::from_str(r#"{"css":"button::after"}"#).unwrap();
    assert!(matches!(
        f.find_locator(&bad, None),
        Err(FindError::BadSelector { .. })
    ));
}

// ------------------------------------------------------------ pager shapes

const TEXT_PAGER: &str = r##"
<main>
  <div role="dialog"><h4>Welcome tour</h4><button>Next</button></div>
  <div>
    <div data-evergreen-table-body="true">
      <div data-isselectable="true"><strong>Ada</strong><span>ada@x.io</span><span>Owner</span></div>
      <div data-isselectable="true"><strong>Bob</strong><span>bob@x.io</span><span>Member</span></div>
    </div>
    <div><span>Showing 1–2 of 86</span>
      <button>‹ Previous</button><span>Page 1 of 43</span><button>Next ›</button></div>
  </div>
</main>
<div evergreen-portal-container=""><button>Next</button></div>
"##;

#[test]
fn a_text_pager_is_found_near_the_table_not_a_next_elsewhere() {
    let d = MiniDom::parse(TEXT_PAGER);
    let next = all(&d, C::PaginationNext, &none());
    assert_eq!(next.len(), 1, "only the pager by the table");
    assert_eq!(text(&d, next[0]), "Next ›");
    let prev = all(&d, C::PaginationPrev, &none());
    assert_eq!(text(&d, prev[0]), "‹ Previous");
    assert_eq!(all(&d, C::UsersRow, &none()).len(), 2);
}

#[test]
fn icon_pagers_by_aria_label_title_or_a_bare_chevron() {
    for (html, want) in [
        (
            r#"<button aria-label="Go to next page" title="Go to next page"><svg></svg></button>"#,
            1,
        ),
        (
            r#"<li title="Next Page"><button><span role="img" aria-label="right"></span></button></li>"#,
            1,
        ),
        (r#"<button>›</button>"#, 1),
        (
            r#"<button><svg data-icon="chevron-right"></svg></button>"#,
            0,
        ),
    ] {
        let page = format!(
            r#"<div><div data-evergreen-table-body="true"><div data-isselectable="true"><span>ada@x.io</span></div></div><div>{html}</div></div>"#
        );
        let d = MiniDom::parse(&page);
        assert_eq!(all(&d, C::PaginationNext, &none()).len(), want, "{html}");
    }
}

#[test]
fn load_more_and_page_size_controls() {
    let d = MiniDom::parse(
        r#"<div><div data-evergreen-table-body="true"><div data-isselectable="true"><span>ada@x.io</span></div></div>
        <label for="rpp">Rows per page:</label><select id="rpp"><option>10</option><option>25</option></select>
        <button>Load more</button><button>Show more filters</button></div>"#,
    );
    assert_eq!(all(&d, C::LoadMore, &none()).len(), 1);
    let size = all(&d, C::PageSize, &none());
    assert_eq!(d.tag(&size[0]), "select");
}

/// Nesting keeps the same nodes whether the matches arrive in document order
/// (one pass over neighbours) or not (a `has`-only locator collects
/// ancestors bottom-up): nested sections, siblings after a nested block.
#[test]
fn nesting_in_document_order_and_not() {
    let d = MiniDom::parse(
        r#"<div id="a" class="s"><div id="b" class="s"><p id="x">k</p></div><div id="c" class="s"><p id="y">k</p></div></div><div id="d" class="s"><p id="z">k</p></div>"#,
    );
    let p = profile();
    let ids = |loc: &str| -> Vec<String> {
        let loc: Locator = serde_json::from_str(loc).unwrap();
        let mut v: Vec<String> = Finder::new(&d, &p)
            .find_locator(&loc, None)
            .unwrap()
            .iter()
            .filter_map(|n| d.attr(n, "id"))
            .collect();
        v.sort();
        v
    };
    for (css, has) in [(r#""css": ".s""#, false), (r#""has": {"text": "k"}"#, true)] {
        let out = ids(&format!(r#"{{{css}, "nesting": "outermost"}}"#));
        assert_eq!(out, ["a", "d"], "outermost, has-only: {has}");
        let inn = ids(&format!(r#"{{{css}, "nesting": "innermost"}}"#));
        assert_eq!(inn, ["b", "c", "d"], "innermost, has-only: {has}");
    }
}
