//! The in-page UI's stylesheet (adopted by the shadow root; see `shadow`).

/// Colours and type follow Segment's UI kit so the panel looks at home.
pub const CSS: &str = concat!(
    // The launcher's own rules come first: extension/content.js draws the
    // launcher with a copy of them before the core is loaded (see `tests`).
    include_str!("launcher.css"),
    r#"
button:disabled { opacity: .55; cursor: not-allowed; }
button.primary { background: #3366ff; border-color: #3366ff; color: #fff; }
button.primary:hover:not(:disabled) { background: #2952cc; border-color: #2952cc; }
button.danger { background: #d14343; border-color: #d14343; color: #fff; }
button.danger:hover:not(:disabled) { background: #a73636; }
button.link { border: 0; background: none; color: #3366ff; padding: 0 4px; height: auto; }
input, textarea, select { font: inherit; color: #101840; border: 1px solid #d8dae5; border-radius: 4px; padding: 6px 8px; background: #fff; }
textarea { width: 100%; min-height: 120px; resize: vertical; font-family: "SF Mono", Menlo, Consolas, monospace; font-size: 12px; }
h2 { font-size: 16px; font-weight: 600; color: #101840; margin: 0; }
h3 { font-size: 14px; font-weight: 600; color: #101840; margin: 12px 0 6px; }
p { margin: 6px 0; }
.muted { color: #696f8c; font-size: 12px; }

.panel { position: fixed; right: 20px; bottom: 72px; z-index: 2147483000; width: min(720px, calc(100vw - 40px));
         max-height: calc(100vh - 100px); display: flex; flex-direction: column; background: #fff; border-radius: 8px;
         box-shadow: 0 12px 40px rgba(16,24,64,.28); border: 1px solid #e6e8f0; }
.panel[hidden] { display: none; }
.panel > header { display: flex; align-items: center; gap: 12px; padding: 12px 16px; border-bottom: 1px solid #e6e8f0; }
.panel > header h2 { flex: 1; }
.tabs { display: flex; gap: 4px; padding: 0 16px; border-bottom: 1px solid #e6e8f0; }
.tabs [role=tab] { border: 0; border-bottom: 2px solid transparent; border-radius: 0; background: none; height: 36px; color: #696f8c; }
.tabs [role=tab][aria-selected=true] { color: #3366ff; border-bottom-color: #3366ff; }
.body { padding: 12px 16px; overflow: auto; flex: 1; min-height: 120px; }
.panel > footer { padding: 6px 16px; border-top: 1px solid #e6e8f0; display: flex; justify-content: space-between; }

.row { display: flex; gap: 8px; align-items: center; flex-wrap: wrap; margin: 8px 0; }
.grow { flex: 1; }
.counts { display: flex; gap: 6px; flex-wrap: wrap; margin: 8px 0; }
.chip { display: inline-block; padding: 1px 8px; border-radius: 10px; background: #edeff5; font-size: 12px; }
.chip.ok { background: #dcf2ea; color: #317159; }
.chip.bad { background: #f9dada; color: #7d2828; }
.chip.warn { background: #f8e3da; color: #85462b; }
.chip.info { background: #d6e0ff; color: #2952cc; }

table { border-collapse: collapse; width: 100%; font-size: 12px; }
th { text-align: left; font-weight: 600; color: #696f8c; text-transform: uppercase; font-size: 11px; letter-spacing: .3px;
     border-bottom: 1px solid #e6e8f0; padding: 4px 6px; position: sticky; top: 0; background: #fff; }
td { border-bottom: 1px solid #f4f5f9; padding: 4px 6px; vertical-align: top; word-break: break-word; }
.scroll { max-height: 280px; overflow: auto; border: 1px solid #e6e8f0; border-radius: 4px; }

.progress { height: 8px; background: #edeff5; border-radius: 4px; overflow: hidden; }
.progress > div { height: 100%; background: #3366ff; width: 0; transition: width .2s; }

.notice { padding: 8px 12px; border-radius: 4px; background: #f3f6ff; border: 1px solid #d6e0ff; margin: 8px 0; }
.notice.bad { background: #fdf4f4; border-color: #f4b6b6; color: #7d2828; }

.backdrop { position: fixed; inset: 0; z-index: 2147483600; background: rgba(67,90,111,.55); display: flex;
            align-items: center; justify-content: center; }
.alert { width: min(520px, calc(100vw - 40px)); background: #fff; border-radius: 8px; padding: 20px 24px;
         box-shadow: 0 16px 48px rgba(16,24,64,.4); border-top: 4px solid #d14343; }
.alert h2 { color: #a73636; margin-bottom: 8px; }
.alert input { width: 100%; margin: 6px 0 12px; }
.actions { display: flex; justify-content: flex-end; gap: 8px; margin-top: 12px; }

"#
);

/// The tabs' and the template control's rules: the feature module adds them
/// to the shadow root when it first serves a mount ([`adopt_feature_css`]),
/// so the in-page core carries only the shell's.
pub const FEATURE_CSS: &str = r#"
.inline-tools { font: 13px/1.45 -apple-system, BlinkMacSystemFont, "Segoe UI", Roboto, Helvetica, Arial, sans-serif;
                display: flex; gap: 8px; align-items: center; flex-wrap: wrap; padding: 8px 10px; margin: 8px 0;
                border: 1px dashed #adc2ff; border-radius: 6px; background: #f3f6ff; color: #474d66; }
/* bulk invite */
.bulk .field { display: flex; flex-direction: column; gap: 2px; }
.bulk .field > label { font-weight: 600; color: #101840; font-size: 12px; }
.bulk .field.wide { width: 100%; }
.bulk input.narrow { width: 90px; }
.bulk input[type=file] { padding: 4px; max-width: 220px; }
.bulk select { max-width: 260px; }
.bulk [hidden] { display: none !important; }
.bulk .counts .chip { border: 1px solid transparent; height: auto; cursor: pointer; }
.bulk .counts .chip[aria-pressed=true] { border-color: #3366ff; }
.bulk td.num { color: #696f8c; }
/* Fixed layout: a 5,000-row table is laid out from its header alone. */
.bulk table { table-layout: fixed; }
.bulk th:nth-child(1) { width: 48px; }
.bulk th:nth-child(2) { width: 34%; }
.bulk th:nth-child(3) { width: 16%; }
.bulk td.email { font-family: "SF Mono", Menlo, Consolas, monospace; font-size: 11px; }
.preview-table.windowed td { white-space: nowrap; overflow: hidden; text-overflow: ellipsis; word-break: normal;
                             height: 26px; line-height: 17px; box-sizing: border-box; }
.preview-table tr.spacer td { padding: 0; border: 0; height: auto; }
.bulk .progress { margin: 6px 0; }
.bulk .run-counts { font-weight: 600; color: #101840; }
.bulk .scroll.short { max-height: 160px; }
.bulk .activity { margin: 0; padding: 4px 8px 4px 28px; font-size: 12px; }
.bulk .activity li { margin: 2px 0; }
.bulk details > summary { cursor: pointer; color: #696f8c; font-size: 12px; margin: 6px 0; }
.bulk .outcome { display: inline-block; padding: 0 6px; border-radius: 8px; background: #edeff5; }
.bulk .outcome.ok { background: #dcf2ea; color: #317159; }
.bulk .outcome.bad { background: #f9dada; color: #7d2828; }
.bulk .outcome.warn { background: #f8e3da; color: #85462b; }
/* Role templates: the in-form control (its own shadow root) and the panel tab. */
.tpl-control [hidden] { display: none !important; }
.tpl-control { display: block; }
.tpl-control .row { margin: 4px 0; }
.tpl-control select { min-width: 200px; max-width: 100%; }
.tpl-control .tpl-report:empty { display: none; }
.tpl-control .tpl-report { margin-top: 6px; }
.tpl-control .tpl-report ul { margin: 4px 0; padding-left: 18px; }
.tpl-home.notice { color: #85462b; background: #fdf8f3; border-color: #f8e3da; }
"#;

/// Adds [`FEATURE_CSS`] to `root`'s sheets, once (the core's mount sets its
/// own sheet alone, so each new mount gets it again).
pub fn adopt_feature_css(root: &web_sys::ShadowRoot) {
    let sheets = root.adopted_style_sheets();
    if sheets.length() > 1 {
        return;
    }
    if let Ok(sheet) = web_sys::CssStyleSheet::new() {
        if sheet.replace_sync(FEATURE_CSS).is_ok() {
            sheets.push(&sheet);
            root.set_adopted_style_sheets(&sheets);
        }
    }
}

/// Gives an extension page (options, popup) the in-page stylesheets plus its
/// own rules, through constructable sheets as in the shadow root.
pub fn adopt_on_page(page_css: &str) {
    let sheets = js_sys::Array::new();
    for css in [CSS, FEATURE_CSS, page_css] {
        let Ok(sheet) = web_sys::CssStyleSheet::new() else {
            continue;
        };
        if sheet.replace_sync(css).is_ok() {
            sheets.push(&sheet);
        }
    }
    super::dom::document().set_adopted_style_sheets(&sheets);
}

#[cfg(test)]
mod tests {
    /// The loader (extension/content.js) draws the launcher before any core
    /// is fetched, so it carries the launcher's rules itself: a verbatim
    /// copy of `launcher.css`, which this keeps equal. A copy checked here
    /// rather than one written in by build.sh: the shipped content script is
    /// then exactly the reviewed file, and `extension/` needs no build step.
    #[test]
    fn the_loader_draws_the_launcher_with_the_cores_rules_and_name() {
        let loader = include_str!("../../extension/content.js");
        let start = "const LAUNCHER_CSS = `";
        let at = loader
            .find(start)
            .expect("content.js defines LAUNCHER_CSS in a template literal")
            + start.len();
        let len = loader[at..].find('`').expect("LAUNCHER_CSS is closed");
        assert_eq!(
            &loader[at..at + len],
            include_str!("launcher.css"),
            "extension/content.js's LAUNCHER_CSS differs from src/ui/launcher.css"
        );
        let name = format!("const LAUNCHER_NAME = '{}';", super::super::launcher::NAME);
        assert!(loader.contains(&name), "content.js lacks {name}");
    }
}
