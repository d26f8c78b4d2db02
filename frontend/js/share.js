// Sharing what is on screen: "Open in Perfetto", and the clipboard helpers "Copy link" uses. "Copy as
// text" buttons are copy-text.js's. Loaded for its effect: the handler is delegated on the document.

/** Writes text to the clipboard; falls back to a selected text box and the copy command. */
export async function copyText(text, fallbackBox) {
  try {
    await navigator.clipboard.writeText(text);
    return true;
  } catch (e) {
    if (!fallbackBox) return false;
    fallbackBox.hidden = false;
    fallbackBox.classList.remove('visually-hidden');
    fallbackBox.focus();
    fallbackBox.select();
    try { return document.execCommand('copy'); } catch (e2) { return false; }
  }
}

/** Shows a word on the button for a moment. */
export function acknowledge(button, text) {
  const old = button.dataset.label || button.textContent;
  button.dataset.label = old;
  button.textContent = text;
  setTimeout(() => { button.textContent = old; }, 1600);
}

// ui.perfetto.dev opens a trace another page posts to it (perfetto.dev/docs/visualization/deep-linking-to-perfetto-ui):
// open it with window.open, send 'PING' until it answers 'PONG', then post {perfetto: {buffer, title, fileName, url}}.
// If the tab cannot be opened or never answers, the link's own download of the trace file happens instead.
const PONG_WAIT_MS = 20000;

document.addEventListener('click', async (e) => {
  const a = e.target.closest('a[data-perfetto]');
  if (!a || e.ctrlKey || e.metaKey || e.shiftKey || e.button !== 0) return;
  e.preventDefault();
  const origin = new URL(a.dataset.perfetto).origin;
  const ui = window.open(a.dataset.perfetto);
  if (!ui) { download(a); return; }
  let buffer;
  try {
    const r = await fetch(a.href);
    if (!r.ok) throw new Error('HTTP ' + r.status);
    buffer = await r.arrayBuffer();
  } catch (err) {
    ui.close();
    download(a);
    return;
  }
  let answered = false;
  const onMessage = (m) => {
    if (m.source !== ui || m.data !== 'PONG' || answered) return;
    answered = true;
    clearInterval(ping);
    window.removeEventListener('message', onMessage);
    ui.postMessage({perfetto: {buffer, title: a.dataset.title || 'ReapLab run', fileName: a.getAttribute('download') || 'reaplab.json',
      url: location.href}}, origin);
    acknowledge(a, '✓ Sent to Perfetto');
  };
  window.addEventListener('message', onMessage);
  const started = Date.now();
  const ping = setInterval(() => {
    if (ui.closed || Date.now() - started > PONG_WAIT_MS) {
      clearInterval(ping);
      window.removeEventListener('message', onMessage);
      if (!answered) download(a);
      return;
    }
    try { ui.postMessage('PING', origin); } catch (err) { /* not loaded yet */ }
  }, 100);
});

function download(a) {
  const d = document.createElement('a');
  d.href = a.href;
  d.download = a.getAttribute('download') || 'reaplab.json';
  document.body.append(d);
  d.click();
  d.remove();
  acknowledge(a, '↓ Trace downloaded');
}
