// The floor of the app's "screen ready": once the page has loaded and painted (the same
// requestAnimationFrame + setTimeout the app's ui_ready call uses), tell the Rust side.
window.addEventListener("load", () => {
  requestAnimationFrame(() => setTimeout(() => window.__TAURI_INTERNALS__.invoke("ready"), 0));
});
