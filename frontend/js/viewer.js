// The viewer page: one run streamed into a timeline, a shared cursor, and the step panels fetched as
// htmx fragments once the cursor rests.

import {RunData} from './run-data.js';
import {TimelineView} from './timeline.js';
import {attachStream} from './stream.js';
import {Player, syncUrl, bindCopyLink} from './player.js';
import './share.js';
import './copy-text.js';

const main = document.querySelector('main.viewer');
const canvas = document.getElementById('timeline');
const data = new RunData();
const view = new TimelineView(canvas, data, {
  tip: canvas.parentElement.querySelector('.tip'),
  onPick: (s) => player.go(s, {immediate: true}),
});

// The step panels follow the cursor once it rests. Stepping faster than the server answers cancels the
// request in flight: an aborted request is normal, so it is dropped silently, and a reply is shown only
// if the cursor is still on its step.
const panels = document.getElementById('step-panels');
let inFlight = null;

async function loadPanels(step, rel) {
  if (inFlight) inFlight.abort();
  const ctl = new AbortController();
  inFlight = ctl;
  try {
    const r = await fetch(rel, {headers: {'HX-Request': 'true'}, signal: ctl.signal});
    const html = await r.text();
    if (ctl.signal.aborted || player.step !== step) return;
    if (window.htmx) htmx.swap(panels, html, {swapStyle: 'innerHTML', swapDelay: 0, settleDelay: 0}); else panels.innerHTML = html;
  } catch (e) {
    if (e && e.name === 'AbortError') return;
    if (player.step === step) panels.replaceChildren(problem('The step panels could not be loaded: ' + (e && e.message || e) + '. Step again to retry.'));
  } finally {
    if (inFlight === ctl) inFlight = null;
  }
}

function problem(text) {
  const p = document.createElement('p');
  p.className = 'problem';
  p.setAttribute('role', 'alert');
  p.textContent = text;
  return p;
}

const player = new Player(main, [{data, view, caption: document.getElementById('caption')}], Number(main.dataset.step || 0), (step) => {
  const rel = syncUrl(step, data);
  const shown = panels.querySelector('#explain')?.dataset.step;
  if (shown !== undefined && Number(shown) === step) {
    if (inFlight) inFlight.abort();
    return;
  }
  loadPanels(step, rel);
});

attachStream(main, data, (what) => {
  if (what === 'meta') view.resize();
  if (what === 'done') main.classList.add('run-complete');
  player.dataChanged();
});

bindCopyLink();

// "About this scenario": open on the first visit to a scenario (the story to watch for), then as left.
const toggle = document.querySelector('[data-action=toggle-desc]');
if (toggle) {
  const desc = document.getElementById('scenario-desc');
  const key = 'reaplab.about.' + (main.dataset.scenario || location.pathname);
  const show = (open) => {
    desc.hidden = !open;
    toggle.setAttribute('aria-expanded', String(open));
    try { localStorage.setItem(key, open ? 'open' : 'closed'); } catch (e) { /* storage off: nothing to remember */ }
  };
  let remembered = null;
  try { remembered = localStorage.getItem(key); } catch (e) { remembered = null; }
  if (remembered === null || remembered === 'open') show(true);
  toggle.addEventListener('click', () => show(desc.hidden));
}

// for tests and the benchmark: the page's state, read-only
window.reaplab = {
  data, view, player,
  get step() { return player.step; },
  get complete() { return player.complete; },
  get lastDrawMs() { return player.lastMs; },
};
