//! User settings kept in `chrome.storage.local`, set on the options page.

use super::storage::{self, Area, StorageError};
use crate::core::safety::domains::{learn, WorkspaceDomains};
use crate::core::safety::{Prompt, Switches};
use crate::driver::{Driver, DriverError, Profile, ProfileError};

/// The user's locator-profile override (JSON text), if any.
pub const PROFILE_OVERRIDE: &str = "settings:profile-override";
/// Whether the last-owner guard is on (absent = on).
pub const GUARD_ENABLED: &str = "settings:guard-enabled";

/// Why the page driver fell back to the built-in profile.
#[derive(Debug, thiserror::Error)]
pub enum DriverSetupError {
    #[error("could not read the locator-profile override: {0}")]
    Storage(#[from] StorageError),
    #[error("the locator-profile override is invalid, so the built-in profile is used: {0}")]
    Override(#[from] ProfileError),
    #[error("the built-in locator profile is invalid: {0}")]
    Builtin(#[from] DriverError),
    /// The feature module, which reads the override for the in-page core
    /// (`ext::features`), refused it or did not answer.
    #[error(
        "the locator-profile override could not be used, so the built-in profile is used: {0}"
    )]
    Reader(String),
}

/// The page driver with the user's override, or the built-in profile and the
/// reason the override could not be used.
///
/// The built-in profile is read while the browser looks the override up
/// (the read is asked for first, then the profile built from its table).
pub async fn load_driver() -> Result<(Driver, Option<DriverSetupError>), DriverSetupError> {
    load_driver_by(|builtin, json| async move { builtin.with_override(&json).map_err(Into::into) })
        .await
}

/// [`load_driver`], with the override merged over the built-in profile by
/// `merge`, which is called only when there is an override (the in-page
/// core has the feature module do it: it carries no reader for the
/// override's JSON).
pub async fn load_driver_by<F, Fut>(
    merge: F,
) -> Result<(Driver, Option<DriverSetupError>), DriverSetupError>
where
    F: FnOnce(Profile, String) -> Fut,
    Fut: std::future::Future<Output = Result<Profile, DriverSetupError>>,
{
    let (stored, builtin) = futures_util::future::join(
        storage::get_plain::<String>(Area::Local, PROFILE_OVERRIDE),
        async { Profile::builtin() },
    )
    .await;
    let builtin = builtin.map_err(DriverError::from)?;
    let problem = match stored {
        Ok(Some(json)) if !json.trim().is_empty() => match merge(builtin.clone(), json).await {
            Ok(p) => return Ok((Driver::new(p), None)),
            Err(e) => e,
        },
        Ok(_) => return Ok((Driver::new(builtin), None)),
        Err(e) => e.into(),
    };
    Ok((Driver::new(builtin), Some(problem)))
}

/// Whether the last-owner guard is on (it is unless the user turned it off).
pub async fn guard_enabled() -> bool {
    !matches!(
        storage::get_plain::<bool>(Area::Local, GUARD_ENABLED).await,
        Ok(Some(false))
    )
}

/// Which safety prompts are on, by `Prompt::slug` (absent = on).
pub const SAFETY_PREFIX: &str = "settings:safety-";
/// The person's own list of a workspace's domains (replaces the learned one).
pub const DOMAINS_PREFIX: &str = "settings:domains:";
/// The domains last learned from a workspace's members (shown on the
/// options page beside the person's list).
pub const LEARNED_PREFIX: &str = "settings:learned-domains:";

/// The storage key of one prompt's switch.
pub fn prompt_key(p: Prompt) -> String {
    format!("{SAFETY_PREFIX}{}", p.slug())
}

/// The storage key of a workspace's own domain list.
pub fn domains_key(workspace: &str) -> String {
    format!("{DOMAINS_PREFIX}{workspace}")
}

/// Which safety prompts are on (each is unless the user turned it off; a
/// failed read keeps them on: the safe direction).
pub async fn safety_switches() -> Switches {
    let mut s = Switches::default();
    for p in Prompt::ALL {
        if let Ok(Some(false)) = storage::get_plain::<bool>(Area::Local, &prompt_key(p)).await {
            s.set(p, false);
        }
    }
    s
}

/// Turns one safety prompt on or off.
pub async fn set_prompt(p: Prompt, on: bool) -> Result<(), StorageError> {
    storage::set_plain(Area::Local, &prompt_key(p), &on).await
}

/// The person's domain list for `workspace`, if they set one.
pub async fn workspace_domains(workspace: &str) -> Result<Option<Vec<String>>, StorageError> {
    storage::get_plain::<Vec<String>>(Area::Local, &domains_key(workspace)).await
}

/// Sets (`Some`) or forgets (`None`: learn again) a workspace's domain list.
pub async fn set_workspace_domains(
    workspace: &str,
    domains: Option<&[String]>,
) -> Result<(), StorageError> {
    match domains {
        Some(d) => storage::set_plain(Area::Local, &domains_key(workspace), &d.to_vec()).await,
        None => storage::remove(Area::Local, &[domains_key(workspace)]).await,
    }
}

/// The domains the prompts decide with on `workspace`: the person's list
/// if they set one, else the ones learned from the `members` read (pending
/// invites teach nothing: they are what may be mistyped).
pub async fn decide_domains(workspace: &str, members: &[&str]) -> WorkspaceDomains {
    let learned = learn(members.iter().copied());
    if !learned.is_empty() {
        let key = format!("{LEARNED_PREFIX}{workspace}");
        if storage::get_plain::<Vec<String>>(Area::Local, &key)
            .await
            .ok()
            .flatten()
            .as_ref()
            != Some(&learned)
        {
            // Only for the options page to show: a failed write changes no decision.
            let _ = storage::set_plain(Area::Local, &key, &learned).await;
        }
    }
    let own = match workspace_domains(workspace).await {
        Ok(Some(list)) => list,
        _ => learned,
    };
    WorkspaceDomains::new(own, members.iter().copied())
}

/// A workspace's domains as the options page shows them.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct DomainSetting {
    pub workspace: String,
    /// Learned from its members when its page was last open.
    pub learned: Vec<String>,
    /// The person's own list, when they set one (used instead).
    pub own: Option<Vec<String>>,
}

/// Every workspace with learned or set domains, by name.
pub async fn all_domain_settings() -> Result<Vec<DomainSetting>, StorageError> {
    let items = storage::get_all(Area::Local).await?;
    let mut out: Vec<DomainSetting> = Vec::new();
    for key in js_sys::Object::keys(&items)
        .iter()
        .filter_map(|k| k.as_string())
    {
        let (ws, learned) = if let Some(ws) = key.strip_prefix(LEARNED_PREFIX) {
            (ws, true)
        } else if let Some(ws) = key.strip_prefix(DOMAINS_PREFIX) {
            (ws, false)
        } else {
            continue;
        };
        let value = js_sys::Reflect::get(&items, &key.as_str().into()).unwrap_or_default();
        let list: Vec<String> = storage::decode(&key, value)?;
        let at = match out.iter().position(|d| d.workspace == ws) {
            Some(i) => i,
            None => {
                out.push(DomainSetting {
                    workspace: ws.to_string(),
                    ..Default::default()
                });
                out.len() - 1
            }
        };
        if learned {
            out[at].learned = list;
        } else {
            out[at].own = Some(list);
        }
    }
    out.sort_by(|a, b| a.workspace.cmp(&b.workspace));
    Ok(out)
}
