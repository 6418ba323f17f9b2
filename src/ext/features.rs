//! The in-page core's loader of the feature module (`ui::lazy::Features`).
//!
//! Only JavaScript can `import()` in a content script, so the loader
//! (`extension/content.js`) hands the core `load(stem)`, a promise of the
//! started module's exports: the same engine as the core's, imported once
//! per page (the browser keeps the module; a second `load` answers at once).
//! The two modules are separate instances with no shared memory: calls
//! cross with JS values only: `mount_view(id, workspace, engine, root, tab,
//! into)`, `install_form_control(id, workspace, engine, root)`,
//! `ready_invite_prompts(id, workspace, engine, root)`, the synchronous
//! `invite_verdict(id, trusted, switches, own, seen)`, `ask_invite(id,
//! send)` and `end(id)`, where `id` is the core's number for the mount (see
//! `ext::tabs` for the module's side); and, once per page when the person
//! set a locator-profile override, `merged_profile(json)` (the merged
//! profile as `core::cells`).

use std::cell::RefCell;
use std::rc::Rc;

use wasm_bindgen::prelude::*;
use wasm_bindgen::JsCast;
use wasm_bindgen_futures::JsFuture;
use web_sys::{Element, ShadowRoot};

use crate::browser::settings::DriverSetupError;
use crate::core::safety::domains::WorkspaceDomains;
use crate::core::safety::Switches;
use crate::driver::Profile;
use crate::ui::lazy::{FeatureError, Features, Pending};
use crate::ui::tabs::Tab;
use crate::ui::{Ctx, Engine};

/// The feature module's stem (`core/tabs-<engine>.js`, build.sh).
const STEM: &str = "tabs";

/// What a JS failure says.
fn describe(e: &JsValue) -> String {
    if let Some(e) = e.dyn_ref::<js_sys::Error>() {
        return String::from(e.message());
    }
    e.as_string().unwrap_or_else(|| format!("{e:?}"))
}

/// The feature module of the page: loaded on the first call, then kept.
pub struct Module {
    load: js_sys::Function,
    exports: RefCell<Option<JsValue>>,
}

impl Module {
    pub fn new(load: js_sys::Function) -> Module {
        Module {
            load,
            exports: RefCell::new(None),
        }
    }

    /// The started module's exports, loading it if need be.
    async fn exports(&self) -> Result<JsValue, FeatureError> {
        if let Some(m) = self.exports.borrow().as_ref() {
            return Ok(m.clone());
        }
        let promise = self
            .load
            .call1(&JsValue::NULL, &STEM.into())
            .map_err(|e| FeatureError::Load(describe(&e)))?;
        let exports = JsFuture::from(js_sys::Promise::resolve(&promise))
            .await
            .map_err(|e| FeatureError::Load(describe(&e)))?;
        *self.exports.borrow_mut() = Some(exports.clone());
        Ok(exports)
    }

    /// Calls the export `name` with `args`, awaiting what it returns.
    async fn call(&self, name: &'static str, args: js_sys::Array) -> Result<JsValue, FeatureError> {
        let exports = self.exports().await?;
        let refused = |why: String| FeatureError::Call { call: name, why };
        let f: js_sys::Function = js_sys::Reflect::get(&exports, &name.into())
            .ok()
            .and_then(|f| f.dyn_into().ok())
            .ok_or_else(|| refused("not exported".into()))?;
        let out = f
            .apply(&JsValue::NULL, &args)
            .map_err(|e| refused(describe(&e)))?;
        JsFuture::from(js_sys::Promise::resolve(&out))
            .await
            .map_err(|e| refused(describe(&e)))
    }

    /// [`Self::call`] as the core's [`Pending`], its answer dropped.
    fn pending(self: &Rc<Self>, name: &'static str, args: js_sys::Array) -> Pending {
        let module = self.clone();
        Box::pin(async move { module.call(name, args).await.map(drop) })
    }

    /// The built-in profile with the user's override `json` merged over it,
    /// read by the feature module (loading it: there is an override).
    pub async fn merged_profile(&self, json: String) -> Result<Profile, DriverSetupError> {
        let args = js_sys::Array::of1(&json.into());
        let cells = self
            .call("merged_profile", args)
            .await
            .map_err(|e| DriverSetupError::Reader(e.to_string()))?;
        crate::driver::cells::from_js(&cells)
            .and_then(|cells| Profile::from_cells(&cells))
            .ok_or_else(|| {
                let e = FeatureError::Answer {
                    call: "merged_profile",
                };
                DriverSetupError::Reader(e.to_string())
            })
    }
}

/// The feature module as one mount of the core sees it.
pub struct JsFeatures {
    id: u32,
    workspace: String,
    engine: Engine,
    root: ShadowRoot,
    module: Rc<Module>,
}

impl JsFeatures {
    /// The module for mount number `id` of `ctx`.
    pub fn new(id: u32, ctx: &Ctx, module: &Rc<Module>) -> JsFeatures {
        JsFeatures {
            id,
            workspace: ctx.workspace.clone(),
            engine: ctx.engine,
            root: ctx.root.clone(),
            module: module.clone(),
        }
    }

    /// The arguments every call starts with: `id, workspace, engine, root`.
    fn args(&self) -> js_sys::Array {
        let args = js_sys::Array::new();
        args.push(&self.id.into());
        args.push(&self.workspace.as_str().into());
        args.push(&self.engine.as_str().into());
        args.push(&self.root);
        args
    }

    /// Ends the module's side of this mount (nothing to end when the module
    /// was never loaded: a load still under way belongs to a task of the
    /// mount, which ended first).
    pub fn end(&self) {
        let Some(exports) = self.module.exports.borrow().clone() else {
            return;
        };
        let end = js_sys::Reflect::get(&exports, &"end".into())
            .ok()
            .and_then(|f| f.dyn_into::<js_sys::Function>().ok());
        if let Some(end) = end {
            if let Err(e) = end.call1(&JsValue::NULL, &self.id.into()) {
                gloo::console::error!(format!("Access Kit: ending the tabs: {}", describe(&e)));
            }
        }
    }
}

impl Features for JsFeatures {
    fn mount_view(&self, tab: Tab, into: &Element) -> Pending {
        let args = self.args();
        args.push(&tab.name().into());
        args.push(into);
        self.module.pending("mount_view", args)
    }

    fn install_form_control(&self) -> Pending {
        self.module.pending("install_form_control", self.args())
    }

    fn ready_invite_prompts(&self) -> Pending {
        self.module.pending("ready_invite_prompts", self.args())
    }

    fn invite_verdict(
        &self,
        trusted: bool,
        switches: Switches,
        domains: &WorkspaceDomains,
    ) -> Option<bool> {
        let exports = self.module.exports.borrow().clone()?;
        let verdict: js_sys::Function = js_sys::Reflect::get(&exports, &"invite_verdict".into())
            .ok()?
            .dyn_into()
            .ok()?;
        let (own, seen) = domains.to_lists();
        let list = |l: Vec<String>| l.into_iter().map(JsValue::from).collect::<js_sys::Array>();
        let args = js_sys::Array::of5(
            &self.id.into(),
            &trusted.into(),
            &switches.to_bits().into(),
            &list(own),
            &list(seen),
        );
        match verdict.apply(&JsValue::NULL, &args) {
            Ok(v) => v.as_bool(),
            Err(e) => {
                gloo::console::warn!(format!("Access Kit: the invite prompts: {}", describe(&e)));
                None
            }
        }
    }

    fn ask_invite(&self, send: Box<dyn FnOnce()>) -> Pending {
        // Owned by the call: the module calls it only before its answer.
        let send: Closure<dyn FnMut()> = Closure::once(send);
        let asked = self.module.pending(
            "ask_invite",
            js_sys::Array::of2(&self.id.into(), send.as_ref()),
        );
        Box::pin(async move {
            let answered = asked.await;
            drop(send);
            answered
        })
    }
}
