// Background (Chrome service worker / Firefox event page). Content scripts
// cannot open the options page themselves, so they ask here.
chrome.runtime.onMessage.addListener((msg) => {
  if (msg && msg.type === 'open-options') chrome.runtime.openOptionsPage();
});
