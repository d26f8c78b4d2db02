// One line that says what the current step did, redrawn at every step from the step's own record:
// who ran which kernel function, the sentence, the syscall that returned, memory, violations.

import {RunData} from './run-data.js';

// The kernel source browser the server names (reaplab.viewer.kernel-source), and labels it cannot link.
const sourceEl = document.querySelector('[data-source-url]');
const SOURCE = sourceEl ? sourceEl.dataset.sourceUrl : null;
const NOT_LINKED = new Set((sourceEl?.dataset.sourceSkip || '').split(',').filter(Boolean));

/** The code element of a kernel function, a link to its definition when there is one. */
export function functionElement(fn) {
  const code = document.createElement('code');
  code.className = 'fn';
  code.textContent = fn;
  if (!SOURCE || NOT_LINKED.has(fn)) return code;
  const a = document.createElement('a');
  a.className = 'fn-link';
  a.href = SOURCE + encodeURIComponent(fn);
  a.target = '_blank';
  a.rel = 'noopener';
  a.title = `The definition of ${fn} in the kernel source (new tab)`;
  a.append(code);
  return a;
}

/** @param aligned for a run that follows another by event: {event, end} of the lead it is lined up on */
export function renderCaption(el, data, n, aligned = null) {
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
    if (aligned) alignNote(add, aligned);
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
  who.append(t, ' ', functionElement(s.f));
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
  if (aligned) alignNote(add, aligned);
}

function alignNote(add, aligned) {
  if (aligned.end) add('c-align', '⇅ lined up: the end of each run');
  else if (aligned.event) add('c-align', `⇅ lined up on ${aligned.event.label}`);
  else add('c-align', '⇅ before any shared event');
}
