// The compare page: one stream and one timeline per variant, all driven by one cursor.

import {RunData} from './run-data.js';
import {TimelineView} from './timeline.js';
import {attachStream} from './stream.js';
import {Player, syncUrl, bindCopyLink} from './player.js';

const main = document.querySelector('main.compare');
const runs = [];
const longest = () => Math.max(1, ...runs.map(r => r.data.total ?? r.data.length));

for (const el of document.querySelectorAll('.compare-run')) {
  const data = new RunData();
  const canvas = el.querySelector('canvas');
  const view = new TimelineView(canvas, data, {
    tip: el.querySelector('.tip'),
    compact: true,
    sharedLength: longest,
    onPick: (s) => player.go(s, {immediate: true}),
  });
  const run = {data, view, caption: el.querySelector('.caption'), el};
  runs.push(run);
  attachStream(el, data, (what) => {
    if (what === 'meta') view.resize();
    if (what === 'done') {
      el.classList.add('run-complete');
      // all runs share one x scale, so the cursors line up
      for (const r of runs) { r.view.stepW = 0; r.view.resize(); }
    }
    player.dataChanged();
  });
}

const player = new Player(main, runs, Number(main.dataset.step || 0), (step) => syncUrl(step));
bindCopyLink();

window.reaplab = {
  runs, player,
  get step() { return player.step; },
  get complete() { return player.complete; },
};
