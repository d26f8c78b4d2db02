// The viewer page: one run streamed into a timeline, a shared cursor, and the step panels fetched as
// htmx fragments once the cursor rests.

import {RunData} from './run-data.js';
import {TimelineView} from './timeline.js';
import {attachStream} from './stream.js';
import {Player, syncUrl, bindCopyLink} from './player.js';

const main = document.querySelector('main.viewer');
const canvas = document.getElementById('timeline');
const data = new RunData();
const view = new TimelineView(canvas, data, {
  tip: canvas.parentElement.querySelector('.tip'),
  onPick: (s) => player.go(s, {immediate: true}),
});

let panelsStep = Number(main.dataset.step || 0);
const player = new Player(main, [{data, view, caption: document.getElementById('caption')}], Number(main.dataset.step || 0), (step) => {
  const rel = syncUrl(step);
  const panels = document.getElementById('step-panels');
  const shown = panels.querySelector('#explain')?.dataset.step;
  if (shown !== undefined && Number(shown) === step) return;
  if (panelsStep === step && shown !== undefined) return;
  panelsStep = step;
  if (window.htmx) {
    htmx.ajax('GET', rel, {source: panels, target: panels, swap: 'innerHTML'});
  }
});

attachStream(main, data, (what) => {
  if (what === 'meta') view.resize();
  if (what === 'done') main.classList.add('run-complete');
  player.dataChanged();
});

bindCopyLink();

// description toggle
const toggle = document.querySelector('[data-action=toggle-desc]');
if (toggle) {
  toggle.addEventListener('click', () => {
    const d = document.getElementById('scenario-desc');
    d.hidden = !d.hidden;
    toggle.setAttribute('aria-expanded', String(!d.hidden));
  });
}

// for tests and the benchmark: the page's state, read-only
window.reaplab = {
  data, view, player,
  get step() { return player.step; },
  get complete() { return player.complete; },
  get lastDrawMs() { return player.lastMs; },
};
