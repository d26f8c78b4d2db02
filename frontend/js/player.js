import {renderCaption} from './caption.js';

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
    this.bindControls();
    this.bindKeys();
  }

  get loaded() { return Math.max(0, ...this.runs.map(r => r.data.length)); }
  get complete() { return this.runs.every(r => r.data.total !== null); }
  get last() { return this.complete ? Math.max(...this.runs.map(r => r.data.total)) : this.loaded; }

  /** The stream delivered more steps. */
  dataChanged() {
    if (this.wanted !== null && (this.loaded >= this.wanted || this.complete)) {
      const w = Math.min(this.wanted, this.loaded);
      this.wanted = null;
      this.go(w, {quiet: true});
    } else {
      for (const r of this.runs) {
        const n = Math.min(this.step, r.data.length);
        if (r.view.cursor !== n) r.view.setCursor(n); else r.view.draw();
        if (r.caption) renderCaption(r.caption, r.data, n);
      }
    }
    this.syncControls();
  }

  go(n, opts = {}) {
    const target = Math.max(0, Math.min(Math.round(n), this.loaded));
    if (this.wanted !== null && !opts.quiet) this.wanted = null;
    this.step = target;
    const t0 = performance.now();
    for (const r of this.runs) {
      const n = Math.min(target, r.data.length);
      r.view.setCursor(n);
      if (r.caption) renderCaption(r.caption, r.data, n);
    }
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
    for (const r of this.runs) {
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

/** Rewrites the step parameter of the page URL, the share box and links that carry the step. */
export function syncUrl(step) {
  const url = new URL(location.href);
  url.searchParams.set('step', String(step));
  const rel = url.pathname + '?' + url.searchParams.toString().replace(/%2C/g, ',').replace(/%7E/g, '~').replace(/%2F/g, '/').replace(/%40/g, '@').replace(/%2A/g, '*');
  if (rel !== location.pathname + location.search) history.replaceState(history.state, '', rel);
  const share = document.getElementById('share-url');
  if (share) share.value = location.origin + rel;
  for (const a of document.querySelectorAll('a[data-keep-step]')) {
    const u = new URL(a.href, location.href);
    u.searchParams.set('step', String(step));
    a.href = u.pathname + '?' + u.searchParams.toString().replace(/%2C/g, ',').replace(/%7E/g, '~').replace(/%2F/g, '/').replace(/%40/g, '@').replace(/%2A/g, '*');
  }
  return rel;
}

/** The "copy link" button: the clipboard when allowed, a selected text box otherwise. */
export function bindCopyLink() {
  const button = document.querySelector('[data-action=copy-link]');
  const box = document.getElementById('share-url');
  if (!button || !box) return;
  box.value = location.href;
  box.addEventListener('focus', () => box.select());
  button.addEventListener('click', async () => {
    const text = location.href;
    box.value = text;
    let ok = false;
    try {
      await navigator.clipboard.writeText(text);
      ok = true;
    } catch (e) {
      box.hidden = false;
      box.focus();
      box.select();
      try { ok = document.execCommand('copy'); } catch (e2) { ok = false; }
    }
    const old = button.dataset.label || button.textContent;
    button.dataset.label = old;
    button.textContent = ok ? '✓ Link copied' : 'Press Ctrl+C';
    setTimeout(() => { button.textContent = old; }, 1600);
  });
}
