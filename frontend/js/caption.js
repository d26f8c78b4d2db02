// One line that says what the current step did, redrawn at every step from the step's own record:
// who ran which kernel function, the sentence, the syscall that returned, memory, violations.

import {RunData} from './run-data.js';

export function renderCaption(el, data, n) {
  el.replaceChildren();
  const add = (cls, text, tag = 'span') => {
    const s = document.createElement(tag);
    if (cls) s.className = cls;
    s.textContent = text;
    el.append(s);
    return s;
  };
  if (data.length === 0) {
    add('muted', 'Loading the run…');
    return;
  }
  if (n === 0) {
    add('c-step', 'start');
    const first = data.step(1);
    add('', 'Nothing has run yet. Press → to take the first step' + (first ? ` (${first.t} → ${first.f}).` : '.'));
    return;
  }
  const s = data.step(n);
  if (!s) return;
  add('c-step', `step ${n}`);
  const who = add('c-who', '');
  const t = document.createElement('strong');
  t.textContent = s.t;
  const f = document.createElement('code');
  f.className = 'fn';
  f.textContent = s.f;
  who.append(t, ' ', f);
  add('c-text', s.x);
  if (s.r) {
    const err = s.r.v.startsWith('-');
    add('c-ret ' + (err ? 'err' : 'ok'), `${s.r.op} ↩ ${s.r.v}`);
  }
  if (s.r || (s.c && s.c.some(c => c[1].startsWith('resident')))) {
    for (const m of data.mms) {
      const c = data.counters.get(m.name);
      const r = RunData.valueAt(c.resident, n);
      add('c-mem', `${m.name}: ${r.toLocaleString('en-US')} pages resident`);
    }
  }
  for (const w of data.windows) {
    if (w && n >= w.from && n <= w.to) {
      if (s.f === 'exit_mm') {
        add('c-warn', `⏏ exit_mm inside ${w.kind}: ${s.t} drops its mm before ${w.thread}'s find_lock_task_mm can find it`);
      } else {
        add('c-win', `inside ${w.kind} (${w.thread}'s kill returned at step ${w.from})`);
      }
    }
  }
  for (const v of s.v || []) add('c-warn', '⚠ ' + v[0]);
}
