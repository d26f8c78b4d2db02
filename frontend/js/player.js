import {renderCaption} from './caption.js';
import {alignStep} from './run-data.js';
import {copyText, acknowledge} from './share.js';

// The step cursor shared by the viewer and the compare page: buttons, scrubber, jump-to-step, play
// with a speed, "next event of a kind", the keyboard, and the URL (every view reopens from its link).

const KINDS = {s: 'signal', r: 'ref', c: 'call', v: 'violation'};

export class Player {
  /**
   * @param root    element holding the controls ([data-action], [data-control], [data-bind])
   * @param runs    [{data: RunData, view: TimelineView, caption?: element}]
   * @param step    the step the URL asked for
   * @param onStep  called (debounced) with the step once the cursor rests: fetch panels, update the URL
   */
  constructor(root, runs, step, onStep) {
    this.root = root;
    this.runs = runs;
    this.wanted = step;       // the URL's step, honoured once the stream has delivered it
    this.step = 0;
    this.onStep = onStep;
    this.timer = null;
    this.restTimer = null;
    this.lastMs = 0;
    this.draws = [];
    this.alignKinds = undefined; // undefined: every run at the same step number; null: any event; [kinds]
    this.aligned = [];           // per run: {step, event} of the last go()
    this.onAligned = null;       // called after the cursors moved (compare draws the links)
    this.bindControls();
    this.bindKeys();
  }

  get byEvent() { return this.alignKinds !== undefined && this.runs.length > 1; }
  /** Steps the cursor can reach: the longest run's, or the first run's when the others follow it by event. */
  get loaded() { return this.byEvent ? this.runs[0].data.length : Math.max(0, ...this.runs.map(r => r.data.length)); }
  get complete() { return this.runs.every(r => r.data.total !== null); }
  get last() {
    if (!this.complete) return this.loaded;
    return this.byEvent ? this.runs[0].data.total : Math.max(...this.runs.map(r => r.data.total));
  }

  /** Where run r's cursor goes when the first run's is at {@code step}. */
  cursorOf(r, step) {
    if (!this.byEvent || r === this.runs[0]) return {step: Math.min(step, r.data.length), event: null};
    return alignStep(this.runs[0].data, r.data, step, this.alignKinds);
  }

  /** Lines the runs up by events of these kinds (null: any event), or by step number (undefined). */
  setAlign(kinds) {
    this.alignKinds = kinds;
    this.go(Math.min(this.step, this.loaded), {quiet: true});
  }

  moveCursors(target) {
    this.aligned = this.runs.map(r => this.cursorOf(r, target));
    this.runs.forEach((r, k) => {
      const n = this.aligned[k].step;
      if (r.view.cursor !== n) r.view.setCursor(n); else r.view.draw();
      if (r.caption) renderCaption(r.caption, r.data, n, k > 0 && this.byEvent ? this.aligned[k] : null);
    });
    if (this.onAligned) this.onAligned(this.aligned);
  }

  /** The stream delivered more steps. */
  dataChanged() {
    if (this.wanted !== null && (this.loaded >= this.wanted || this.complete)) {
      const w = Math.min(this.wanted, this.loaded);
      this.wanted = null;
      this.go(w, {quiet: true});
    } else {
      this.moveCursors(this.step);
    }
    this.syncControls();
  }

  go(n, opts = {}) {
    const target = Math.max(0, Math.min(Math.round(n), this.loaded));
    if (this.wanted !== null && !opts.quiet) this.wanted = null;
    this.step = target;
    const t0 = performance.now();
    this.moveCursors(target);
    this.syncControls();
    this.lastMs = performance.now() - t0;
    this.draws.push(this.lastMs);
    if (this.draws.length > 2000) this.draws.shift();
    clearTimeout(this.restTimer);
    this.restTimer = setTimeout(() => this.onStep(this.step, opts), opts.immediate ? 0 : 140);
    if (this.step >= this.last && this.complete) this.pause();
  }

  forward() { this.go(this.step + 1); }
  back() { this.go(this.step - 1); }

  nextOf(kind, back = false) {
    let best = -1;
    for (const r of this.byEvent ? this.runs.slice(0, 1) : this.runs) {
      const s = r.data.next(kind, this.step, back);
      if (s < 0) continue;
      if (best < 0 || (back ? s > best : s < best)) best = s;
    }
    if (best >= 0) this.go(best);
    else this.flash(`No ${back ? 'earlier' : 'later'} ${label(kind)}.`);
  }

  play() {
    if (this.timer) return;
    if (this.step >= this.last && this.complete) this.go(0);
    const speed = Number(this.root.querySelector('[data-control=speed]')?.value || 4);
    this.timer = setInterval(() => {
      if (this.step >= this.loaded) { if (this.complete) this.pause(); return; }
      this.forward();
    }, 1000 / speed);
    this.setPlaying(true);
  }

  pause() {
    clearInterval(this.timer);
    this.timer = null;
    this.setPlaying(false);
  }

  toggle() { if (this.timer) this.pause(); else this.play(); }

  setPlaying(on) {
    const b = this.root.querySelector('[data-action=play]');
    if (b) {
      b.setAttribute('aria-pressed', String(on));
      b.classList.toggle('playing', on);
    }
  }

  syncControls() {
    const q = (s) => this.root.querySelectorAll(s);
    for (const el of q('[data-bind=total]')) el.textContent = this.complete ? String(this.last) : `${this.loaded}…`;
    for (const el of q('[data-control=step]')) {
      el.max = String(this.loaded);
      if (document.activeElement !== el) el.value = String(this.step);
    }
    for (const el of q('[data-control=scrubber]')) {
      el.max = String(this.loaded);
      el.value = String(this.step);
      el.setAttribute('aria-valuetext', `step ${this.step} of ${this.loaded}`);
    }
    for (const el of q('[data-action=first], [data-action=back]')) el.disabled = this.step <= 0;
    for (const el of q('[data-action=forward], [data-action=last]')) el.disabled = this.step >= this.loaded;
  }

  flash(text) {
    const el = this.root.querySelector('[data-bind=flash]') || document.querySelector('[data-bind=flash]');
    if (!el) return;
    el.textContent = text;
    el.hidden = false;
    clearTimeout(this.flashTimer);
    this.flashTimer = setTimeout(() => { el.hidden = true; }, 1800);
  }

  bindControls() {
    this.root.addEventListener('click', (e) => {
      const b = e.target.closest('[data-action]');
      if (!b || !this.root.contains(b)) return;
      const a = b.dataset.action;
      const views = this.runs.map(r => r.view);
      if (a === 'first') this.go(0);
      else if (a === 'back') this.back();
      else if (a === 'forward') this.forward();
      else if (a === 'last') this.go(this.loaded);
      else if (a === 'play') this.toggle();
      else if (a === 'next') this.nextOf(b.dataset.kind, e.shiftKey);
      else if (a === 'zoom-in') views.forEach(v => v.zoom(1.4));
      else if (a === 'zoom-out') views.forEach(v => v.zoom(1 / 1.4));
      else if (a === 'fit') views.forEach(v => v.fit());
      else if (a === 'help') openHelp();
      else return;
      e.preventDefault();
    });
    const step = this.root.querySelector('[data-control=step]');
    if (step) {
      step.addEventListener('change', () => this.go(Number(step.value)));
      step.addEventListener('keydown', (e) => {
        if (e.key === 'Enter') { e.preventDefault(); this.go(Number(step.value)); step.blur(); }
        if (e.key === 'Escape') { step.value = String(this.step); step.blur(); }
      });
    }
    const scrub = this.root.querySelector('[data-control=scrubber]');
    if (scrub) scrub.addEventListener('input', () => this.go(Number(scrub.value)));
    const speed = this.root.querySelector('[data-control=speed]');
    if (speed) speed.addEventListener('change', () => { if (this.timer) { this.pause(); this.play(); } });
    // links that carry the step (and the event) are brought up to date as they are followed, so a
    // click that comes before the cursor has rested still keeps the step
    document.addEventListener('click', (e) => {
      const a = e.target.closest('a[data-keep-step]');
      if (a && this.wanted === null) keepStep(a, this.step, this.runs[0].data);
    }, true);
    // links to a step of this run: move the cursor instead of reloading
    document.addEventListener('click', (e) => {
      const a = e.target.closest('a[data-goto]');
      if (!a || e.ctrlKey || e.metaKey || e.shiftKey || e.button !== 0) return;
      e.preventDefault();
      this.go(Number(a.dataset.goto), {immediate: true});
    });
  }

  bindKeys() {
    document.addEventListener('keydown', (e) => {
      if (e.defaultPrevented || e.altKey || e.ctrlKey || e.metaKey) return;
      const t = e.target;
      const typing = t && (t.isContentEditable || /^(INPUT|TEXTAREA|SELECT)$/.test(t.tagName)) && t.type !== 'range';
      if (typing) return;
      const help = document.getElementById('help');
      if (help && help.open) return; // the dialog handles Esc itself
      const k = e.key;
      if (k === 'ArrowRight') { this.forward(); e.preventDefault(); }
      else if (k === 'ArrowLeft') { this.back(); e.preventDefault(); }
      else if (k === 'Home') { this.go(0); e.preventDefault(); }
      else if (k === 'End') { this.go(this.loaded); e.preventDefault(); }
      else if (k === ' ' || k === 'Spacebar') {
        if (t && (t.tagName === 'BUTTON' || t.tagName === 'A') && t.dataset.action !== 'play') return;
        this.toggle();
        e.preventDefault();
      } else if (k === '?') { openHelp(); e.preventDefault(); }
      else if (k === 'g') {
        const s = this.root.querySelector('[data-control=step]');
        if (s) { s.focus(); s.select(); e.preventDefault(); }
      } else if (KINDS[k.toLowerCase()]) { this.nextOf(KINDS[k.toLowerCase()], e.shiftKey); e.preventDefault(); }
      else if (k === '+' || k === '=') { this.runs.forEach(r => r.view.zoom(1.4)); e.preventDefault(); }
      else if (k === '-' || k === '_') { this.runs.forEach(r => r.view.zoom(1 / 1.4)); e.preventDefault(); }
      else if (k === 'f') { this.runs.forEach(r => r.view.fit()); e.preventDefault(); }
      else if (k === 'i') {
        // the kernel state after this step: one key away, and back to the timeline with the same key
        const ins = document.getElementById('inspector');
        if (ins) {
          const r = ins.getBoundingClientRect();
          const inView = r.top >= 0 && r.top < window.innerHeight * 0.5;
          if (inView) { window.scrollTo({top: 0}); this.runs[0].view.canvas.focus({preventScroll: true}); }
          else { ins.scrollIntoView({block: 'start'}); ins.setAttribute('tabindex', '-1'); ins.focus({preventScroll: true}); }
          e.preventDefault();
        }
      }
      else if (/^[1-9]$/.test(k)) {
        const choice = document.querySelector(`a[data-choice="${k}"]`);
        if (choice) { choice.click(); e.preventDefault(); }
      }
    });
  }
}

export function openHelp() {
  const d = document.getElementById('help');
  if (d && !d.open) d.showModal();
}

function label(kind) {
  return {signal: 'signal', ref: 'refcount change', call: 'syscall return', violation: 'violation'}[kind] || kind;
}

/**
 * Rewrites the step parameter of the page URL, the share box and links that carry the step; links to
 * another variant ([data-keep-event]) also carry the events at or before it, so the other run opens
 * at the same event rather than the same step number.
 */
export function syncUrl(step, data = null) {
  const url = new URL(location.href);
  url.searchParams.set('step', String(step));
  const rel = url.pathname + '?' + url.searchParams.toString().replace(/%2C/g, ',').replace(/%7E/g, '~').replace(/%2F/g, '/').replace(/%40/g, '@').replace(/%2A/g, '*');
  if (rel !== location.pathname + location.search) history.replaceState(history.state, '', rel);
  const share = document.getElementById('share-url');
  if (share) share.value = location.origin + rel.replace(/^\/scenarios\//, '/s/');
  for (const a of document.querySelectorAll('a[data-keep-step]')) keepStep(a, step, data);
  return rel;
}

/** Sets a link's step (and, for a link to another variant, the events at or before it). */
function keepStep(a, step, data) {
  const u = new URL(a.href, location.href);
  u.searchParams.set('step', String(step));
  if (a.hasAttribute('data-keep-event') && data) {
    const events = data.eventsBefore(step).join(',');
    if (events) u.searchParams.set('event', events); else u.searchParams.delete('event');
  }
  a.href = u.pathname + '?' + u.searchParams.toString().replace(/%2C/g, ',').replace(/%7E/g, '~').replace(/%2F/g, '/').replace(/%40/g, '@').replace(/%2A/g, '*');
}

/**
 * The "copy link" button: the short form of this view's URL, /s/{id}?… (same query), on the clipboard
 * when allowed, in a selected text box otherwise.
 */
export function bindCopyLink() {
  const button = document.querySelector('[data-action=copy-link]');
  const box = document.getElementById('share-url');
  if (!button || !box) return;
  const shortUrl = () => location.origin + location.pathname.replace(/^\/scenarios\//, '/s/') + location.search;
  box.value = shortUrl();
  box.addEventListener('focus', () => box.select());
  button.addEventListener('click', async () => {
    const text = shortUrl();
    box.value = text;
    const ok = await copyText(text, box);
    acknowledge(button, ok ? '✓ Link copied' : 'Press Ctrl+C');
  });
}
