// The compare page: one stream and one timeline per variant, driven by one cursor. The runs are lined
// up by event (the first run leads; each other run's cursor goes to the same event in its own run), and
// a link is drawn between the lined-up cursors.

import {RunData} from './run-data.js';
import {TimelineView} from './timeline.js';
import {attachStream} from './stream.js';
import {Player, syncUrl, bindCopyLink} from './player.js';
import './share.js';
import './copy-text.js';

const main = document.querySelector('main.compare');
const box = document.querySelector('.compare-runs');
const runs = [];
const longest = () => Math.max(1, ...runs.map(r => r.data.total ?? r.data.length));
let linksPending = false;

for (const el of document.querySelectorAll('.compare-run')) {
  const data = new RunData();
  const canvas = el.querySelector('canvas');
  const view = new TimelineView(canvas, data, {
    tip: el.querySelector('.tip'),
    compact: true,
    sharedLength: longest,
    onPick: (s) => pick(run, s),
    onDraw: () => scheduleLinks(),
  });
  const run = {data, view, caption: el.querySelector('.caption'), el};
  runs.push(run);
  attachStream(el, data, (what) => {
    if (what === 'meta') view.resize();
    if (what === 'done') {
      el.classList.add('run-complete');
      // all runs share one x scale
      for (const r of runs) { r.view.stepW = 0; r.view.resize(); }
    }
    player.dataChanged();
  });
}

const player = new Player(main, runs, Number(main.dataset.step || 0), (step) => syncUrl(step));
bindCopyLink();

// line up by: any event (default), one kind of event, or the step number
const KINDS = {event: null, return: ['return'], exit_mm: ['exit_mm'], ref: ['ref'], kill: ['kill'], exit_mmap: ['exit_mmap', 'reaped']};
const align = main.querySelector('[data-control=align]');
const setAlign = () => player.setAlign(align.value === 'step' ? undefined : KINDS[align.value]);
if (align) {
  align.addEventListener('change', () => {
    setAlign();
    const u = new URL(location.href);
    u.searchParams.set('align', align.value);
    history.replaceState(history.state, '', u.pathname + '?' + u.searchParams.toString().replace(/%2C/g, ','));
  });
  const wanted = new URL(location.href).searchParams.get('align');
  if (wanted && [...align.options].some(o => o.value === wanted)) align.value = wanted;
  player.alignKinds = align.value === 'step' ? undefined : KINDS[align.value];
}
player.onAligned = () => scheduleLinks();

/** A click in a following run moves the lead to the same event. */
function pick(run, s) {
  if (run === runs[0] || !player.byEvent) { player.go(s, {immediate: true}); return; }
  let target = s;
  const evs = run.data.events;
  for (let k = evs.length - 1; k >= 0; k--) {
    if (evs[k].step > s) continue;
    const at = runs[0].data.eventStep.get(evs[k].key);
    if (at !== undefined) { target = at + (s - evs[k].step); break; }
  }
  player.go(target, {immediate: true});
}

// ---- the links between lined-up cursors ----

const svgNS = 'http://www.w3.org/2000/svg';
const svg = document.createElementNS(svgNS, 'svg');
svg.classList.add('align-links');
svg.setAttribute('aria-hidden', 'true');
box.append(svg);

function scheduleLinks() {
  if (linksPending) return;
  linksPending = true;
  requestAnimationFrame(() => { linksPending = false; drawLinks(); });
}

function drawLinks() {
  const base = box.getBoundingClientRect();
  svg.setAttribute('width', String(base.width));
  svg.setAttribute('height', String(base.height));
  svg.replaceChildren();
  if (!player.byEvent) return;
  for (let k = 0; k + 1 < runs.length; k++) {
    const a = runs[k], b = runs[k + 1];
    if (a.data.length === 0 || b.data.length === 0) continue;
    const ra = a.view.canvas.getBoundingClientRect(), rb = b.view.canvas.getBoundingClientRect();
    const x1 = ra.left - base.left + a.view.cursorX(), y1 = ra.top - base.top + a.view.tracksBottom();
    const x2 = rb.left - base.left + b.view.cursorX(), y2 = rb.top - base.top + b.view.lanesTop();
    const path = document.createElementNS(svgNS, 'path');
    const my = (y1 + y2) / 2;
    path.setAttribute('d', `M${x1},${y1} C${x1},${my} ${x2},${my} ${x2},${y2}`);
    path.setAttribute('class', 'align-link');
    svg.append(path);
    for (const [x, y] of [[x1, y1], [x2, y2]]) {
      const c = document.createElementNS(svgNS, 'circle');
      c.setAttribute('cx', String(x));
      c.setAttribute('cy', String(y));
      c.setAttribute('r', '4');
      c.setAttribute('class', 'align-end');
      svg.append(c);
    }
  }
}
window.addEventListener('resize', scheduleLinks);

window.reaplab = {
  runs, player,
  get step() { return player.step; },
  get complete() { return player.complete; },
  get cursors() { return runs.map(r => r.view.cursor); },
};
