//! The feature module's entry points (the `tabs` build): the tabs' views,
//! the invite form's template control and safety prompts, and the profile
//! override's reader, called by the in-page core (`ext::features`) the
//! first time each is needed.
//!
//! ## Protocol
//! - Every call names the core's mount by its number `id` (numbers grow
//!   within a page) and passes its workspace, engine and shadow root. The
//!   module keeps one session for the current mount: its own [`Mount`]
//!   (with the same address check as the core's), its own driver (the
//!   user's locator profile, read once per page), the core's shadow root.
//! - `end(id)` (the core's mount ending) ends the session of that mount and
//!   of any older one; a call for an ended mount does nothing, even one
//!   that was waiting for the driver when the mount ended. As a backstop,
//!   a session also ends when its own address check fails (the driver and
//!   executors look before every step), and a call for a newer mount ends
//!   an older session first.

use std::cell::{Cell, RefCell};
use std::rc::Rc;

use wasm_bindgen::prelude::*;
use web_sys::{Element, ShadowRoot};

use super::entry::{panic_hook, still_at};
use crate::browser::settings;
use crate::core::safety::domains::WorkspaceDomains;
use crate::core::safety::Switches;
use crate::driver::{Driver, Profile};
use crate::ui::guard::invite::InvitePrompts;
use crate::ui::mount::Mount;
use crate::ui::tabs::Tab;
use crate::ui::{dom, styles, templates, Ctx, Engine};

/// Why the feature module could not do what the core asked.
#[derive(Debug, thiserror::Error)]
enum TabsError {
    #[error("unknown engine {0:?} from the core")]
    Engine(String),
    #[error("unknown tab {0:?} from the core")]
    Tab(String),
    #[error("cannot read the settings: {0}")]
    Settings(String),
}

/// The module's side of one mount of the core.
struct Session {
    id: u32,
    ctx: Rc<Ctx>,
    form_control: Cell<bool>,
    /// The invite prompts of the last verdict (what it stopped, for `ask_invite`).
    invite: RefCell<Option<Rc<InvitePrompts>>>,
}

#[derive(Default)]
struct State {
    driver: Option<Driver>,
    session: Option<Rc<Session>>,
    /// The newest mount the core has ended.
    ended: u32,
}

thread_local! {
    static STATE: RefCell<State> = RefCell::new(State::default());
}

/// Ends the session of mount `id` and of any older one.
fn end_upto(id: u32) {
    let old = STATE.with(|s| {
        let mut s = s.borrow_mut();
        s.ended = s.ended.max(id);
        if s.session.as_ref().is_some_and(|x| x.id <= id) {
            s.session.take()
        } else {
            None
        }
    });
    // Ended outside the borrow: ending runs code that may look at the state.
    if let Some(old) = old {
        old.ctx.mount.end();
    }
}

/// The live session of mount `id` (made on first use), or `None` when that
/// mount has ended.
async fn session(
    id: u32,
    workspace: &str,
    engine: &str,
    root: ShadowRoot,
) -> Result<Option<Rc<Session>>, TabsError> {
    panic_hook();
    let engine = Engine::parse(engine).ok_or_else(|| TabsError::Engine(engine.to_string()))?;
    let driver = match STATE.with(|s| s.borrow().driver.clone()) {
        Some(d) => d,
        None => {
            let (driver, problem) = settings::load_driver()
                .await
                .map_err(|e| TabsError::Settings(e.to_string()))?;
            if let Some(p) = problem {
                gloo::console::warn!(format!("Access Kit: {p}"));
            }
            STATE.with(|s| s.borrow_mut().driver.get_or_insert(driver).clone())
        }
    };
    // Looked at after the wait for the driver: the mount may have ended, or
    // another call made its session meanwhile.
    let (ended, current) = STATE.with(|s| {
        let s = s.borrow();
        (s.ended, s.session.clone())
    });
    if id <= ended {
        return Ok(None);
    }
    if let Some(current) = current {
        if current.id == id {
            return Ok(current.ctx.mount.is_live().then_some(current));
        }
        if current.id > id {
            return Ok(None);
        }
        end_upto(current.id);
    }
    let ws = workspace.to_string();
    let mount = Rc::new(Mount::new(workspace, move || still_at(&ws)));
    if !mount.is_live() {
        return Ok(None);
    }
    styles::adopt_feature_css(&root);
    let ctx = Ctx::adopt(engine, workspace, root, &driver, mount.clone());
    let lifetime = mount.lifetime().clone();
    wasm_bindgen_futures::spawn_local(async move {
        // Ends with the mount at the latest (its Ending wakes this).
        lifetime.ended().await;
        let current = STATE.with(|s| s.borrow().session.as_ref().map(|x| x.id));
        if current == Some(id) {
            end_upto(id);
        }
    });
    let session = Rc::new(Session {
        id,
        ctx,
        form_control: Cell::new(false),
        invite: RefCell::new(None),
    });
    STATE.with(|s| s.borrow_mut().session = Some(session.clone()));
    Ok(Some(session))
}

/// Builds tab `tab`'s view into `into` (replacing what it shows) for mount
/// `id` of the core.
#[wasm_bindgen]
pub async fn mount_view(
    id: u32,
    workspace: String,
    engine: String,
    root: ShadowRoot,
    tab: String,
    into: Element,
) -> Result<(), JsError> {
    let tab = Tab::parse(&tab).ok_or(TabsError::Tab(tab))?;
    let Some(session) = session(id, &workspace, &engine, root).await? else {
        return Ok(());
    };
    let view = tab.view(&session.ctx);
    // The panel of the core keeps the tab; its view lives as long as the mount.
    session.ctx.mount.hold(view.clone());
    dom::clear(&into);
    view.mount(&into);
    Ok(())
}

/// Starts the template control in the page's invite form for mount `id`
/// (once per mount).
#[wasm_bindgen]
pub async fn install_form_control(
    id: u32,
    workspace: String,
    engine: String,
    root: ShadowRoot,
) -> Result<(), JsError> {
    let Some(session) = session(id, &workspace, &engine, root).await? else {
        return Ok(());
    };
    if !session.form_control.replace(true) {
        templates::install_form_control(&session.ctx);
    }
    Ok(())
}

/// The built-in profile with the user's override `json` merged over it, as
/// `core::cells` (`driver::profile::cells`): the in-page core's profile when
/// there is an override, read here so the core carries no reader for it.
/// Throws the reason when the override cannot be used.
#[wasm_bindgen]
pub fn merged_profile(json: &str) -> Result<js_sys::Array, JsError> {
    panic_hook();
    let merged = Profile::builtin().and_then(|p| p.with_override(json))?;
    Ok(crate::driver::cells::to_js(merged.to_cells()))
}

/// Readies the invite prompts for mount `id` (the in-page core calls this
/// when a submission of the invite form comes before anything else loaded
/// the module; see `ui::guard::invite`).
#[wasm_bindgen]
pub async fn ready_invite_prompts(
    id: u32,
    workspace: String,
    engine: String,
    root: ShadowRoot,
) -> Result<(), JsError> {
    session(id, &workspace, &engine, root).await?;
    Ok(())
}

/// The live session of mount `id`, if it has one now.
fn live_session(id: u32) -> Option<Rc<Session>> {
    STATE
        .with(|s| s.borrow().session.clone())
        .filter(|s| s.id == id && s.ctx.mount.is_live())
}

/// The invite prompts' verdict on the invite form of mount `id` as it is
/// now: `true` stop and ask, `false` let it go, `undefined` when the mount
/// has no session here yet. `switches` as `Switches::to_bits`, the domains
/// as `WorkspaceDomains::to_lists`.
#[wasm_bindgen]
pub fn invite_verdict(
    id: u32,
    trusted: bool,
    switches: u32,
    own: Vec<String>,
    seen: Vec<String>,
) -> Option<bool> {
    let session = live_session(id)?;
    let prompts = Rc::new(InvitePrompts::new(
        Switches::from_bits(switches),
        WorkspaceDomains::from_lists(own, seen),
    ));
    let stop = prompts.verdict(&session.ctx.driver, trusted);
    *session.invite.borrow_mut() = Some(prompts);
    Some(stop)
}

/// Asks about the submission the last verdict of mount `id` stopped;
/// `send()` clicks the form's submit (see `ui::guard::invite`). Resolves
/// when answered, or when the mount ends.
#[wasm_bindgen]
pub async fn ask_invite(id: u32, send: js_sys::Function) {
    let Some(session) = live_session(id) else {
        return;
    };
    let Some(prompts) = session.invite.borrow().clone() else {
        return;
    };
    let ctx = &session.ctx;
    let send = move || {
        if let Err(e) = send.call0(&JsValue::NULL) {
            gloo::console::warn!(format!("Access Kit: sending the invite: {e:?}"));
        }
    };
    let asked = Box::pin(prompts.ask(&ctx.driver, &ctx.root, send));
    let ended = Box::pin(ctx.mount.lifetime().ended());
    futures_util::future::select(asked, ended).await;
}

/// The core's mount `id` ended: so does everything of it here.
#[wasm_bindgen]
pub fn end(id: u32) {
    end_upto(id);
}
