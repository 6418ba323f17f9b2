//! Page-driver tests in a real browser (headless Chromium through
//! wasm-bindgen-test), and the lifetimes, lease and guard built on it. The
//! test page is the page's *main world*, where React's value tracker
//! swallows a plain `.value = x`: exactly the hazard the driver must get
//! past. React itself is loaded from node_modules into
//! the test page only (never into the shipped code).
#![cfg(target_arch = "wasm32")]

use std::cell::Cell;
use std::rc::Rc;

use access_kit::core::guard::GuardAction;
use access_kit::core::safety::domains::WorkspaceDomains;
use access_kit::core::safety::Switches;
use access_kit::driver::act::{self, Key};
use access_kit::driver::lease;
use access_kit::driver::wait::now_ms;
use access_kit::driver::{Condition, ControlId as C, Driver, DriverError, Lifetime, Params};
use access_kit::ui::lazy::{FeatureError, Features, Pending};
use access_kit::ui::mount::Mount;
use access_kit::ui::shadow::HOST_ID;
use access_kit::ui::tabs::Tab;
use access_kit::ui::{Ctx, Engine};
use gloo::timers::callback::Timeout;
use wasm_bindgen::prelude::*;
use wasm_bindgen::JsCast;
use wasm_bindgen_test::*;
use web_sys::{Document, Element, HtmlInputElement};

wasm_bindgen_test_configure!(run_in_browser);

const REACT: &str = include_str!("../node_modules/react/umd/react.production.min.js");
const REACT_DOM: &str = include_str!("../node_modules/react-dom/umd/react-dom.production.min.js");

/// Small React apps for the tests, written without JSX.
const APPS: &str = r#"
window.__akApps = {
  // A controlled input: its value lives in React state, echoed in a span.
  controlled: function (container) {
    var e = React.createElement;
    function App() {
      var s = React.useState(''); var v = s[0], setV = s[1];
      return e('div', { role: 'dialog' },
        e('h4', null, 'Invite Team Member'),
        e('label', { htmlFor: 'ak-email' }, 'Email'),
        e('input', { id: 'ak-email', type: 'text', value: v, onChange: function (ev) { setV(ev.target.value); } }),
        e('span', { id: 'ak-echo' }, v),
        e('button', null, 'Invite'));
    }
    var root = ReactDOM.createRoot(container); root.render(e(App)); return root;
  },
  // Every change remounts the whole tree (a new key), so every node is replaced.
  remount: function (container) {
    var e = React.createElement;
    function App() {
      var n = React.useState(0), on = React.useState(false);
      var bump = function () { n[1](function (x) { return x + 1; }); };
      return e('div', { key: 'generation-' + n[0] },
        e('button', { onClick: bump }, '+ Invite Team Member'),
        e('label', null,
          e('input', { type: 'checkbox', checked: on[0], onChange: function () { on[1](!on[0]); bump(); } }),
          e('span', null, 'Source Admin')),
        e('span', { id: 'ak-count' }, String(n[0])));
    }
    var root = ReactDOM.createRoot(container); root.render(e(App)); return root;
  },
  // A controlled drop-down list and a controlled text area, echoed in spans.
  choices: function (container) {
    var e = React.createElement;
    function App() {
      var s = React.useState('member'), t = React.useState('');
      return e('div', null,
        e('select', { id: 'ak-select', value: s[0], onChange: function (ev) { s[1](ev.target.value); } },
          e('option', { value: 'member' }, 'Workspace Member'), e('option', { value: 'owner' }, 'Workspace Owner')),
        e('span', { id: 'ak-chosen' }, s[0]),
        e('textarea', { id: 'ak-notes', value: t[0], onChange: function (ev) { t[1](ev.target.value); } }),
        e('span', { id: 'ak-notes-echo' }, t[0]));
    }
    var root = ReactDOM.createRoot(container); root.render(e(App)); return root;
  }
};
"#;

fn doc() -> Document {
    web_sys::window()
        .and_then(|w| w.document())
        .expect("document")
}

fn load_react() {
    let global = js_sys::global();
    if js_sys::Reflect::has(&global, &"__akApps".into()).unwrap_or(false) {
        return;
    }
    for src in [REACT, REACT_DOM, APPS] {
        js_sys::Function::new_no_args(src)
            .call0(&JsValue::UNDEFINED)
            .expect("load script");
    }
}

/// A container appended to <body>, removed (and its React root unmounted)
/// when dropped, so tests do not see each other's elements.
struct Fixture {
    el: Element,
    root: Option<JsValue>,
}

impl Fixture {
    fn html(html: &str) -> Fixture {
        let el = doc().create_element("div").unwrap();
        // Test fixtures are our own static markup.
        el.set_inner_html(html);
        doc().body().unwrap().append_child(&el).unwrap();
        Fixture { el, root: None }
    }

    fn react(app: &str) -> Fixture {
        load_react();
        let mut f = Fixture::html("");
        let apps = js_sys::Reflect::get(&js_sys::global(), &"__akApps".into()).unwrap();
        let mount: js_sys::Function = js_sys::Reflect::get(&apps, &app.into())
            .unwrap()
            .dyn_into()
            .unwrap();
        f.root = Some(mount.call1(&JsValue::NULL, &f.el).unwrap());
        f
    }
}

impl Drop for Fixture {
    fn drop(&mut self) {
        if let Some(root) = &self.root {
            if let Ok(unmount) = js_sys::Reflect::get(root, &"unmount".into()) {
                if let Ok(f) = unmount.dyn_into::<js_sys::Function>() {
                    let _ = f.call0(root);
                }
            }
        }
        self.el.remove();
    }
}

fn by_id(id: &str) -> Element {
    doc()
        .get_element_by_id(id)
        .unwrap_or_else(|| panic!("#{id}"))
}

fn text_of(id: &str) -> String {
    by_id(id).text_content().unwrap_or_default()
}

fn driver() -> Driver {
    let mut d = Driver::builtin().unwrap();
    d.timeouts.step_ms = 2_000;
    d.timeouts.glance_ms = 500;
    d
}

/// Waits up to `ms` for `f` to hold (re-checked on every page change).
async fn until(what: &str, ms: u32, mut f: impl FnMut() -> bool) -> Result<(), DriverError> {
    access_kit::driver::wait::wait_for(
        ms,
        || {
            if f() {
                access_kit::driver::wait::Check::Done(())
            } else {
                access_kit::driver::wait::Check::NotYet
            }
        },
        |waited_ms| DriverError::Timeout {
            control: what.to_string(),
            condition: Condition::Appear,
            looked_in: "test".into(),
            waited_ms,
        },
    )
    .await
}

async fn wait_text(id: &str, want: &str, ms: u32) -> Result<(), DriverError> {
    until(id, ms, || {
        doc()
            .get_element_by_id(id)
            .and_then(|e| e.text_content())
            .as_deref()
            == Some(want)
    })
    .await
}

// ------------------------------------------------------------------ React

#[wasm_bindgen_test]
async fn typing_into_a_react_controlled_input_registers() {
    let _f = Fixture::react("controlled");
    let d = driver();
    // The driver finds the field by its label inside the form (a dialog).
    d.type_text(C::InviteEmail, &Params::none(), "a@x.io, b@y.io")
        .await
        .unwrap();
    wait_text("ak-echo", "a@x.io, b@y.io", 2_000)
        .await
        .expect("React state follows the typed text");
    // Typing again replaces the text.
    d.type_text(C::InviteEmail, &Params::none(), "c@z.io")
        .await
        .unwrap();
    wait_text("ak-echo", "c@z.io", 2_000).await.unwrap();
}

#[wasm_bindgen_test]
async fn a_plain_value_assignment_is_swallowed_by_react() {
    // The control experiment: what `HtmlInputElement::set_value` does. If
    // this ever passes, the test above would pass for the wrong reason.
    let _f = Fixture::react("controlled");
    let d = driver();
    let el = d.appear(C::InviteEmail, &Params::none()).await.unwrap();
    let input: HtmlInputElement = el.dyn_into().unwrap();
    input.set_value("plain@x.io");
    let ev = web_sys::Event::new_with_event_init_dict("input", &{
        let i = web_sys::EventInit::new();
        i.set_bubbles(true);
        i
    })
    .unwrap();
    input.dispatch_event(&ev).unwrap();
    let r = wait_text("ak-echo", "plain@x.io", 400).await;
    assert!(r.is_err(), "React must not see a plain assignment");
    assert_eq!(text_of("ak-echo"), "");
    // And the native setter path, on the very same element, does register.
    act::set_text(&input, "native@x.io").unwrap();
    wait_text("ak-echo", "native@x.io", 2_000).await.unwrap();
}

#[wasm_bindgen_test]
async fn choosing_an_option_and_typing_into_a_textarea_register_with_react() {
    let _f = Fixture::react("choices");
    // React renders asynchronously: the echo shows the initial choice once it has.
    wait_text("ak-chosen", "member", 2_000).await.unwrap();
    act::select_option(&by_id("ak-select"), "owner").unwrap();
    wait_text("ak-chosen", "owner", 2_000)
        .await
        .expect("React state follows the chosen option");
    act::set_text(&by_id("ak-notes"), "line one\nline two").unwrap();
    wait_text("ak-notes-echo", "line one\nline two", 2_000)
        .await
        .expect("React state follows the typed text");
    // An option the list does not offer is refused, naming the control; nothing changes.
    let err = act::select_option(&by_id("ak-select"), "admin").unwrap_err();
    assert!(
        err.to_string().contains("select") && err.to_string().contains("admin"),
        "{err}"
    );
    assert_eq!(text_of("ak-chosen"), "owner");
    // And a text field is not a drop-down list.
    assert!(act::select_option(&by_id("ak-notes"), "owner").is_err());
}

#[wasm_bindgen_test]
async fn re_finding_survives_a_full_re_render() {
    let _f = Fixture::react("remount");
    let d = driver();
    let before = d.appear(C::InviteButton, &Params::none()).await.unwrap();
    d.click(C::InviteButton, &Params::none()).await.unwrap();
    wait_text("ak-count", "1", 2_000).await.unwrap();
    // React replaced every node: the old handle is dead, a new one is found.
    assert!(!before.is_connected(), "the old button was replaced");
    let after = d.find(C::InviteButton, &Params::none()).unwrap();
    assert!(after.is_connected());
    assert_ne!(before, after);
    d.click(C::InviteButton, &Params::none()).await.unwrap();
    wait_text("ak-count", "2", 2_000).await.unwrap();

    // A checkbox whose click remounts the tree: the driver checks the new
    // state on the element found afresh, and clicks only when needed.
    let d = Driver::new(
        d.profile()
            .with_override(r#"{"controls":{"invite_role_checkbox":{"any":[{"role":"checkbox","name":"{role}"}]}}}"#)
            .unwrap(),
    );
    let role = Params::one("role", "Source Admin");
    assert!(
        d.set_checked(C::InviteRoleCheckbox, &role, true)
            .await
            .unwrap(),
        "changed"
    );
    wait_text("ak-count", "3", 2_000).await.unwrap();
    assert!(d.is_checked(C::InviteRoleCheckbox, &role).unwrap());
    assert!(
        !d.set_checked(C::InviteRoleCheckbox, &role, true)
            .await
            .unwrap(),
        "already checked: no click"
    );
    assert_eq!(text_of("ak-count"), "3");
    assert!(d
        .set_checked(C::InviteRoleCheckbox, &role, false)
        .await
        .unwrap());
    assert!(!d.is_checked(C::InviteRoleCheckbox, &role).unwrap());
}

// ---------------------------------------------------------------- waiting

#[wasm_bindgen_test]
async fn a_wait_resolves_on_a_later_mutation() {
    let f = Fixture::html("");
    let host = f.el.clone();
    // The wait must resolve because of the mutation, not before it: the
    // button does not exist until the timer adds it.
    let appended = std::rc::Rc::new(std::cell::Cell::new(false));
    let flag = appended.clone();
    let _later = Timeout::new(150, move || {
        let b = doc().create_element("button").unwrap();
        b.set_text_content(Some("Invite Team Member"));
        host.append_child(&b).unwrap();
        flag.set(true);
    });
    let d = driver();
    let el = d.appear(C::InviteButton, &Params::none()).await.unwrap();
    assert!(appended.get(), "resolved before the button was added");
    assert_eq!(el.text_content().as_deref(), Some("Invite Team Member"));

    // And the other way: it goes away later.
    let gone = el.clone();
    let _later = Timeout::new(120, move || gone.remove());
    d.gone(C::InviteButton, &Params::none()).await.unwrap();
    assert!(!el.is_connected());
}

#[wasm_bindgen_test]
async fn a_wait_times_out_with_a_clear_error() {
    let d = driver();
    let start = now_ms();
    let err = d
        .wait(C::RevokeInvite, &Params::none(), Condition::Appear, 300)
        .await
        .unwrap_err();
    // Not before its deadline (no upper bound: a loaded machine is slow).
    let took = now_ms() - start;
    assert!(took >= 290.0, "gave up early, after {took} ms");
    match &err {
        DriverError::NotFound {
            control,
            looked_in,
            waited_ms,
        } => {
            assert_eq!(control, "revoke_invite");
            assert!(looked_in.contains("whole page"), "{looked_in}");
            assert!(*waited_ms >= 300);
        }
        other => panic!("expected NotFound, got {other:?}"),
    }
    let msg = err.to_string();
    assert!(
        msg.starts_with("revoke_invite not found in the whole page"),
        "{msg}"
    );

    // A control that is there but stays disabled: a Timeout naming the condition.
    let _f = Fixture::html("<button disabled>Revoke Invite</button>");
    let err = d
        .wait(C::RevokeInvite, &Params::none(), Condition::Enabled, 300)
        .await
        .unwrap_err();
    assert!(
        matches!(
            &err,
            DriverError::Timeout {
                condition: Condition::Enabled,
                ..
            }
        ),
        "{err:?}"
    );
    assert!(
        err.to_string().contains("did not become enabled within"),
        "{err}"
    );

    // Scoped controls say which scope was missing.
    let err = d
        .wait(C::SourcesSave, &Params::none(), Condition::Appear, 200)
        .await
        .unwrap_err();
    assert!(
        err.to_string()
            .contains("inside sources_dialog (which is not on the page)"),
        "{err}"
    );

    // Two matches are an ambiguity, not a pick.
    let _g = Fixture::html("<button>Revoke Invite</button>");
    let err = d
        .wait(C::RevokeInvite, &Params::none(), Condition::Enabled, 200)
        .await
        .unwrap_err();
    assert_eq!(
        err,
        DriverError::Ambiguous {
            control: "revoke_invite".into(),
            count: 2
        }
    );
}

// ---------------------------------------------------------------- portals

#[wasm_bindgen_test]
async fn a_locator_finds_a_control_inside_a_portal_appended_to_body() {
    // Evergreen renders overlays in their own container at the end of <body>,
    // outside the app root; they enter over ~240 ms (data-state).
    let app = Fixture::html(r#"<div id="ak-app"><button>Edit Sources</button></div>"#);
    let portal = Fixture::html(
        r#"<div evergreen-portal-container=""><div data-state="entering" id="ak-overlay">
             <div role="dialog" data-state="entering" id="ak-dialog">
               <div><h4>Select Sources</h4></div>
               <label><input type="radio" name="m" checked> All Sources in Workspace including future Sources</label>
               <label><input type="radio" name="m"> Specific Sources:</label>
               <input type="text" placeholder="Filter sources...">
               <div><button>Cancel</button><button>Save</button></div>
             </div></div></div>"#,
    );
    // The extension's own panel must never be matched, shadow or light DOM.
    let own = Fixture::html(
        r#"<div id="access-kit-host"><div role="dialog"><h4>Select Sources</h4><button>Save</button></div></div>"#,
    );
    let shadow = own
        .el
        .first_element_child()
        .unwrap()
        .attach_shadow(&web_sys::ShadowRootInit::new(web_sys::ShadowRootMode::Open))
        .unwrap();
    shadow.set_inner_html("<button>Save</button>");

    let _enter = Timeout::new(150, || {
        for id in ["ak-overlay", "ak-dialog"] {
            by_id(id).set_attribute("data-state", "entered").unwrap();
        }
    });
    let d = driver();
    let dialog = d.settled(C::SourcesDialog, &Params::none()).await.unwrap();
    assert_eq!(
        dialog.get_attribute("data-state").as_deref(),
        Some("entered"),
        "settled waits for entered"
    );
    assert!(!app.el.contains(Some(&dialog)) && portal.el.contains(Some(&dialog)));
    let save = d.find(C::SourcesSave, &Params::none()).unwrap();
    assert_eq!(save.text_content().as_deref(), Some("Save"));
    assert!(d.find(C::SourcesAllRadio, &Params::none()).is_ok());
    assert!(d.find(C::SourcesSpecificRadio, &Params::none()).is_ok());
    assert!(d.find(C::SourcesFilter, &Params::none()).is_ok());
    assert!(d.is_checked(C::SourcesAllRadio, &Params::none()).unwrap());
    assert!(d
        .set_checked(C::SourcesSpecificRadio, &Params::none(), true)
        .await
        .unwrap());
    assert!(!d.is_checked(C::SourcesAllRadio, &Params::none()).unwrap());
}

// ---------------------------------------------------------------- acting

#[wasm_bindgen_test]
async fn clicks_reach_pointerdown_and_click_listeners_and_keys_bubble() {
    let f = Fixture::html(r#"<div role="button" tabindex="0" id="ak-trigger">Add label</div>"#);
    let log = std::rc::Rc::new(std::cell::RefCell::new(Vec::<String>::new()));
    let mut listeners = Vec::new();
    let trigger = by_id("ak-trigger");
    for kind in ["pointerdown", "mousedown", "pointerup", "mouseup", "click"] {
        let log = log.clone();
        listeners.push(gloo::events::EventListener::new(
            &trigger,
            kind,
            move |_| log.borrow_mut().push(kind.into()),
        ));
    }
    let keys = log.clone();
    listeners.push(gloo::events::EventListener::new(
        &doc(),
        "keydown",
        move |e| {
            let k: &web_sys::KeyboardEvent = e.unchecked_ref();
            keys.borrow_mut().push(format!("key:{}", k.key()));
        },
    ));
    act::click(&trigger).unwrap();
    assert_eq!(
        *log.borrow(),
        vec!["pointerdown", "mousedown", "pointerup", "mouseup", "click"]
    );
    let focused = doc().active_element();
    assert_eq!(
        focused.as_ref(),
        Some(&trigger),
        "a click focuses like a person's"
    );
    driver().press(Key::Escape).unwrap();
    assert_eq!(log.borrow().last().map(String::as_str), Some("key:Escape"));
    drop(f);
}

// ---------------------------------------------------------------- reading

#[wasm_bindgen_test]
async fn reading_the_users_table_and_the_open_editor() {
    let _page = Fixture::html(
        r##"<div><input type="text" placeholder="Search"><button>Invite Team Member</button></div>
        <div>
          <div style="display:flex"><div style="flex:2"><span>Team Member</span></div><div style="flex:1"><span>Pending</span></div>
            <div style="flex:1"><span>Permission</span></div><div style="flex:2"><span>Individual Roles</span></div><div style="flex:1"></div>
            <div style="position:fixed;top:-500px;width:100px;height:100px"></div></div>
          <div data-evergreen-table-body="true">
            <div data-isselectable="true" style="display:flex"><div style="flex:2"><div title="Ada Lovelace"><span>AL</span></div><div><strong>Ada Lovelace (you)</strong><span>ada@example.com</span></div></div>
              <div style="flex:1"></div><div style="flex:1"><span>Workspace Owner</span></div><div style="flex:2"><span>All</span></div><div style="flex:1"><span>Workspace Membership</span></div></div>
            <div data-isselectable="true" style="display:flex"><div style="flex:2"><div title="Bob Byte"><span>BB</span></div><div><strong>Bob Byte</strong><span>bob@example.com</span></div></div>
              <div style="flex:1"></div><div style="flex:1"><span>Workspace Member</span></div><div style="flex:2"><span>Source Admin (2)</span></div><div style="flex:1"><a href="#">Edit</a></div></div>
            <div data-isselectable="true" style="display:flex"><div style="flex:2"><div title="-"><span>-</span></div><div><strong>-</strong><span>new@example.com</span></div></div>
              <div style="flex:1"><strong>Invite Pending</strong></div><div style="flex:1"><span>Workspace Member</span></div><div style="flex:2"><span>-</span></div><div style="flex:1"><a href="#">Edit</a></div></div>
          </div>
        </div>"##,
    );
    let d = driver();
    let rows = d.read_rows(1).unwrap();
    let got: Vec<(String, Option<String>, String, bool, bool, Option<String>)> = rows
        .iter()
        .map(|r| {
            (
                r.email.clone(),
                r.name.clone(),
                format!("{:?}", r.permission),
                r.pending,
                r.you,
                r.roles.clone(),
            )
        })
        .collect();
    let s = |x: &str| x.to_string();
    assert_eq!(
        got,
        vec![
            (
                s("ada@example.com"),
                Some(s("Ada Lovelace")),
                s("Owner"),
                false,
                true,
                Some(s("All"))
            ),
            (
                s("bob@example.com"),
                Some(s("Bob Byte")),
                s("Member"),
                false,
                false,
                Some(s("Source Admin (2)"))
            ),
            (
                s("new@example.com"),
                None,
                s("Member"),
                true,
                false,
                Some(s("-"))
            ),
        ]
    );
    // No pagination: one page, read as it is.
    let table = d.read_users().await.unwrap();
    assert_eq!((table.rows.len(), table.pages), (3, 1));
    assert_eq!(table.signed_in.as_deref(), Some("ada@example.com"));
    assert_eq!(
        d.signed_in_user().await.unwrap().map(|r| r.email),
        Some(s("ada@example.com"))
    );

    assert_eq!(d.open_editor_email().unwrap(), None);
    let _sheet = Fixture::html(
        r##"<div evergreen-portal-container=""><div data-state="entered"><div data-state="entered">
          <div><h2>Bob Byte</h2><p>bob@example.com</p><button>Remove Team Member</button><button>Save</button></div>
        </div></div></div>"##,
    );
    assert_eq!(
        d.open_editor_email().unwrap().as_deref(),
        Some("bob@example.com")
    );
}

// ------------------------------------------------- lifetimes, the lease, the guard

#[wasm_bindgen_test]
async fn an_ended_page_is_not_driven() {
    let _page = Fixture::html(r#"<button>Invite Team Member</button>"#);
    let (lifetime, ending) = Lifetime::new(|| true);
    let d = driver().for_page(lifetime);
    assert!(d.find(C::InviteButton, &Params::none()).is_ok());
    // A wait under way fails at its next look once the page has gone away.
    let none = Params::none();
    let waiting = d.wait(C::InviteForm, &none, Condition::Appear, 5_000);
    let _later = Timeout::new(50, move || drop(ending));
    assert_eq!(waiting.await.unwrap_err(), DriverError::Ended);
    assert_eq!(
        d.find(C::InviteButton, &Params::none()).unwrap_err(),
        DriverError::Ended
    );
    assert_eq!(
        d.find_all(C::InviteButton, &Params::none()).unwrap_err(),
        DriverError::Ended
    );
}

/// One owner (the signed-in person) and her editor open: removing her is
/// what the guard stops.
const LAST_OWNER_PAGE: &str = r##"<div data-evergreen-table-body="true">
  <div data-isselectable="true" style="display:flex"><div style="flex:2"><div><strong>Ada Lovelace (you)</strong><span>ada@example.com</span></div></div>
    <div style="flex:1"></div><div style="flex:1"><span>Workspace Owner</span></div><div style="flex:2"><span>All</span></div><div style="flex:1"><span>Workspace Membership</span></div></div>
  <div data-isselectable="true" style="display:flex"><div style="flex:2"><div><strong>Bob Byte</strong><span>bob@example.com</span></div></div>
    <div style="flex:1"></div><div style="flex:1"><span>Workspace Member</span></div><div style="flex:2"><span>-</span></div><div style="flex:1"><a href="#">Edit</a></div></div>
</div>
<div evergreen-portal-container=""><div data-state="entered"><div data-state="entered">
  <div><h2>Ada Lovelace</h2><p>ada@example.com</p><button id="ak-remove">Remove Team Member</button><button>Save</button></div>
</div></div></div>"##;

/// No feature module in these tests (the guard's invite prompts live there;
/// this test submits no invite).
struct NoModule;

impl Features for NoModule {
    fn mount_view(&self, _: Tab, _: &Element) -> Pending {
        Box::pin(async { Err(FeatureError::Load("no module in this test".into())) })
    }
    fn install_form_control(&self) -> Pending {
        self.mount_view(Tab::Bulk, &doc().create_element("p").unwrap())
    }
    fn ready_invite_prompts(&self) -> Pending {
        self.install_form_control()
    }
    fn invite_verdict(&self, _: bool, _: Switches, _: &WorkspaceDomains) -> Option<bool> {
        None
    }
    fn ask_invite(&self, _: Box<dyn FnOnce()>) -> Pending {
        self.install_form_control()
    }
}

#[wasm_bindgen_test]
async fn the_guard_lets_vetted_actions_through_and_ends_with_its_mount() {
    let _page = Fixture::html(LAST_OWNER_PAGE);
    let clicks = Rc::new(Cell::new(0));
    let c = clicks.clone();
    let _page_handler =
        gloo::events::EventListener::new(&by_id("ak-remove"), "click", move |_| c.set(c.get() + 1));
    let mount = Rc::new(Mount::new("acme", || true));
    let ctx = Ctx::new(Engine::Wasm, "acme", &driver(), mount.clone()).unwrap();
    access_kit::ui::guard::install(&ctx, Rc::new(NoModule));
    let host = doc().get_element_by_id(HOST_ID).unwrap();
    until("the guard has read the owners", 10_000, || {
        host.get_attribute("data-guard").as_deref() == Some("ready")
    })
    .await
    .unwrap();
    let overlay = || {
        host.shadow_root()
            .and_then(|r| r.query_selector("[role=alertdialog]").ok().flatten())
    };
    let remove = || act::click(&by_id("ak-remove")).unwrap();
    let ada = GuardAction::Remove {
        email: "ada@example.com".into(),
    };

    // Not vetted: the overlay asks, and the page never sees the click.
    remove();
    until("the overlay", 10_000, || overlay().is_some())
        .await
        .unwrap();
    assert_eq!(clicks.get(), 0);
    let cancel = overlay()
        .unwrap()
        .query_selector("button")
        .unwrap()
        .unwrap();
    act::click(&cancel).unwrap();
    until("the overlay closes", 10_000, || overlay().is_none())
        .await
        .unwrap();

    // Vetted for someone else: still asks.
    let lease = lease::try_acquire("Remove people").unwrap();
    let bob = lease.vet(&GuardAction::Remove {
        email: "bob@example.com".into(),
    });
    remove();
    until("the overlay", 10_000, || overlay().is_some())
        .await
        .unwrap();
    assert_eq!(clicks.get(), 0);
    act::click(
        &overlay()
            .unwrap()
            .query_selector("button")
            .unwrap()
            .unwrap(),
    )
    .unwrap();
    until("the overlay closes", 10_000, || overlay().is_none())
        .await
        .unwrap();
    drop(bob);

    // Vetted exactly: the extension's own click passes, no overlay.
    let token = lease.vet(&ada);
    remove();
    assert_eq!(clicks.get(), 1);
    assert!(overlay().is_none());
    drop(token);
    drop(lease);

    // The mount ends: its guard listens no more, and its UI is gone.
    mount.end();
    assert!(doc().get_element_by_id(HOST_ID).is_none());
    remove();
    assert_eq!(clicks.get(), 2, "an ended guard swallows nothing");
}

/// The other wasm instance of the page (the feature module, or the core),
/// as this one sees it: the same table on the global, through JavaScript.
fn shared_lease() -> js_sys::Object {
    let key = js_sys::Symbol::for_(lease::SHARED_KEY);
    js_sys::Reflect::get(&js_sys::global(), &key)
        .unwrap()
        .dyn_into()
        .expect("the lease table lives on the global")
}

#[wasm_bindgen_test]
async fn the_lease_is_shared_with_the_other_module_through_the_global() {
    // What this module takes, the other sees.
    let mine = lease::try_acquire("Bulk invite").unwrap();
    // The stored form (driver/lease/stored.rs): [next_id, holder_id, holder, …].
    let table = js_sys::Reflect::get(&shared_lease(), &"table".into()).unwrap();
    assert_eq!(
        js_sys::Reflect::get(&table, &2.into())
            .unwrap()
            .as_string()
            .as_deref(),
        Some("Bulk invite")
    );
    drop(mine);

    // What the other takes (written there as its module writes it), this one sees.
    let other: js_sys::Object = js_sys::JSON::parse(
        r#"[1001,1000,"the last-owner guard",1001,"remove",1,"ada@example.com"]"#,
    )
    .unwrap()
    .unchecked_into();
    js_sys::Reflect::set(&shared_lease(), &"table".into(), &other).unwrap();
    assert_eq!(lease::holder().as_deref(), Some("the last-owner guard"));
    assert!(lease::is_vetted(&GuardAction::Remove {
        email: "Ada@example.com".into()
    }));
    assert_eq!(
        lease::try_acquire("Check this page").unwrap_err(),
        lease::LeaseError::Busy {
            holder: "the last-owner guard".into()
        }
    );

    // A waiter here is woken by the other's release (its event on the shared target).
    let forever = Lifetime::forever();
    let waiting = lease::acquire("Check this page", 10_000, &forever);
    let _release = Timeout::new(50, || {
        let empty = js_sys::JSON::parse(r#"[1001,0,""]"#).unwrap();
        js_sys::Reflect::set(&shared_lease(), &"table".into(), &empty).unwrap();
        let events: web_sys::EventTarget = js_sys::Reflect::get(&shared_lease(), &"events".into())
            .unwrap()
            .unchecked_into();
        events
            .dispatch_event(&web_sys::Event::new("released").unwrap())
            .unwrap();
    });
    // Not woken, the wait would end at its limit with the page still "busy".
    let got = waiting.await.expect("woken by the other module's release");
    assert_eq!(got.holder(), "Check this page");
}
