// The timeline canvas: one lane per thread (each step a block labelled with its kernel function),
// lock and mm-reference spans, race windows, signal arrows, and counter tracks for every mm.
//
// Drawing is split in two layers so stepping stays cheap on long runs: a "static" layer (everything
// but the cursor) rendered only when the data, the zoom or the scroll position change, and the cursor
// overlay drawn on top of a copy of it at every step. Only the visible steps are drawn; below 3 px
// per step the lanes are drawn per pixel column, so a 10,000-step run costs the same as a short one.

import {RunData, lowerBound} from './run-data.js';

const GUTTER = 178;
const PAD_RIGHT = 10;
const GAP = 10;
// vertical geometry: AXIS has two rows (race windows and violations, then step numbers); a lane has
// a BADGE band (return values, warnings), the BLOCK, then 8 px for lock and reference spans
const FULL = {AXIS: 46, LANE: 44, BADGE: 15, BLOCK: 22, REFS: 46, RESIDENT: 36, OVERVIEW: 24};
const COMPACT = {AXIS: 40, LANE: 38, BADGE: 15, BLOCK: 19, REFS: 36, RESIDENT: 26, OVERVIEW: 0};

const FONT = '"Liberation Sans Narrow", "Arial Narrow", "Roboto Condensed", "DejaVu Sans Condensed", sans-serif';
const UI_FONT = 'system-ui, "Segoe UI", "DejaVu Sans", "Liberation Sans", sans-serif';

const C = {
  bg: '#0d1117', laneA: '#11161d', laneB: '#141a22', gutter: '#0d1117', text: '#e6edf3', muted: '#9aa6b2',
  grid: '#262d36', cursor: '#ffd33d', window: 'rgba(255, 122, 89, 0.13)', windowEdge: '#ff7a59',
  lock: '#c9a0ff', ref: '#4fd1c5', flow: '#f5a524', bad: '#ff6b6b', good: '#3fb950', users: '#58a6ff',
  count: '#d2a8ff', resident: '#3fb950', residentFill: 'rgba(63, 185, 80, 0.22)', hatch: 'rgba(154, 166, 178, 0.22)',
};

// Kernel functions by family: the fill colour, always paired with the function's name as the label.
const FAMILIES = [
  [/^(exit_mm|exit_mm_release|exec_mm_release|exec_mmap)$/, '#b35c00'],
  [/^(get_signal|do_group_exit|do_exit|exit_signals|synchronize_group_exit|exit_files|exit_notify|release_task|exit_.*|do_.*exit.*|sigbus.*|force_sig.*|zap_pid_ns_processes|de_thread|do_execveat_common)$/, '#8a6414'],
  [/^(exit_mmap|unmap_vmas|free_pgtables|__mmput|__mmdrop)$/, '#8c3b2e'],
  [/^(mmput|mmget.*|mmgrab|mmdrop|get_task_mm|mm_access)$/, '#12706a'],
  [/^(__oom_reap_task_mm|mmap_read_lock_killable|mmap_read_unlock|oom_reap.*|wake_oom_reaper|oom_reaper|queue_oom_reaper|mark_oom_victim)$/, '#2c7a34'],
  [/^(find_lock_task_mm|task_will_free_mem|__task_will_free_mem|task_lock|task_unlock|process_shares_mm)$/, '#6a48b5'],
  [/^(get_proc_task|access_remote_vm|proc_.*|process_vm_.*|copy_to_user|pin_user_pages_remote|copy_page_to_iter)$/, '#4a5563'],
  [/^(process_mrelease|pidfd_.*|kill.*|check_kill_permission|send_signal.*|complete_signal|put_task_struct|__oom_kill_process|oom_kill_process|out_of_memory)$/, '#1f5fa8'],
];
const DEFAULT_FILL = '#3a4452';

function family(fn) {
  for (const [re, fill] of FAMILIES) if (re.test(fn)) return fill;
  return DEFAULT_FILL;
}

export class TimelineView {
  constructor(canvas, data, options = {}) {
    this.canvas = canvas;
    this.data = data;
    this.onPick = options.onPick || (() => {});
    this.onDraw = options.onDraw || null;
    this.tip = options.tip || null;
    this.compact = !!options.compact;
    this.g = {...(this.compact ? COMPACT : FULL)};
    this.sharedLength = options.sharedLength || null;
    this.cursor = 0;
    this.stepW = 0;          // px per step; 0 until the first layout
    this.scroll = 0;         // steps scrolled off to the left
    this.follow = true;
    this.static = document.createElement('canvas');
    this.overview = document.createElement('canvas');
    this.overviewKey = '';
    this.staticKey = '';
    this.textWidths = new Map();
    this.lastDrawMs = 0;
    this.drawCount = 0;
    this.truncatedLabels = new Map();
    this.resize();
    this.bind();
  }

  // ---------- geometry ----------

  get width() { return this.cssW - GUTTER - PAD_RIGHT; }
  get lanesH() { return Math.max(1, this.data.lanes.length) * this.g.LANE; }
  get tracksTop() { return this.g.AXIS + this.lanesH + GAP; }
  get tracksH() { return this.data.mms.length * (this.g.REFS + this.g.RESIDENT + 4); }
  get overviewTop() { return this.tracksTop + this.tracksH + (this.g.OVERVIEW ? GAP : 0); }
  get totalH() { return this.overviewTop + this.g.OVERVIEW + 2; }
  get runLength() { return Math.max(this.data.total ?? 0, this.data.length, 1, this.sharedLength ? this.sharedLength() : 0); }

  colX(i) { return GUTTER + (i - 1 - this.scroll) * this.stepW; }
  stepAtX(x) { return Math.floor((x - GUTTER) / this.stepW + this.scroll) + 1; }
  laneY(l) { return this.g.AXIS + l * this.g.LANE; }
  visible() {
    const a = Math.max(1, Math.floor(this.scroll) + 1);
    const b = Math.min(this.data.length, Math.ceil(this.scroll + this.width / this.stepW));
    return [a, b];
  }

  resize() {
    const dpr = window.devicePixelRatio || 1;
    const cssW = Math.max(480, Math.floor(this.canvas.parentElement.clientWidth));
    this.cssW = cssW;
    const h = this.totalH;
    if (this.canvas.width !== cssW * dpr || this.canvas.height !== h * dpr) {
      this.canvas.width = cssW * dpr;
      this.canvas.height = h * dpr;
      this.canvas.style.width = cssW + 'px';
      this.canvas.style.height = h + 'px';
      this.static.width = cssW * dpr;
      this.static.height = h * dpr;
    }
    this.dpr = dpr;
    if (this.stepW === 0 && this.data.length > 0) this.defaultZoom();
    this.staticKey = '';
    this.overviewKey = '';
  }

  /** Short runs fit the width; long runs open at a zoom where labels are readable. */
  defaultZoom() {
    const n = this.runLength;
    const fit = this.width / n;
    // a short run fits the width (the race at a glance; the cursor's label is shown in full), and then
    // the "whole run" strip has nothing to add: its height goes to the step panels below
    this.stepW = fit >= 22 ? Math.min(fit, 140) : 48;
    if (fit >= 22) this.g.OVERVIEW = 0;
    this.clampScroll();
    // the first layout happens once data arrives: bring the cursor (the URL's step) into view
    if (this.follow) this.reveal(Math.max(1, this.cursor));
  }

  fit() {
    this.stepW = Math.min(140, this.width / this.runLength);
    this.scroll = 0;
    this.follow = true;
    this.draw();
  }

  zoom(factor, anchorStep = this.cursor) {
    const old = this.stepW || this.width / this.runLength;
    const min = Math.min(this.width / this.runLength, 48);
    const next = Math.max(min, Math.min(160, old * factor));
    const ax = this.colX(Math.max(1, anchorStep)) ;
    this.stepW = next;
    // keep the anchor step under the same pixel
    this.scroll = Math.max(0, anchorStep - 1 - (ax - GUTTER) / next);
    this.clampScroll();
    this.draw();
  }

  clampScroll() {
    const maxScroll = Math.max(0, this.runLength - this.width / this.stepW);
    this.scroll = Math.max(0, Math.min(this.scroll, maxScroll));
  }

  /** Scrolls so that step n is in view, keeping some context on its left. */
  reveal(n) {
    if (this.stepW === 0) return;
    const visibleSteps = this.width / this.stepW;
    const margin = Math.min(visibleSteps * 0.15, 6);
    if (n - 1 < this.scroll + margin || n > this.scroll + visibleSteps - margin) {
      this.scroll = n - visibleSteps * 0.35;
      this.clampScroll();
    }
  }

  // ---------- API ----------

  /** The cursor's x in the canvas (the right edge of the step just run), kept inside the drawn area. */
  cursorX() {
    const n = this.cursor;
    const x = n >= 1 ? this.colX(n) + this.stepW : GUTTER - this.scroll * this.stepW;
    return Math.max(GUTTER, Math.min(GUTTER + this.width, x));
  }

  /** The y of the top of the lanes and of the bottom of the counter tracks, in the canvas. */
  lanesTop() { return this.g.AXIS; }
  tracksBottom() { return this.tracksTop + this.tracksH; }

  /** Moves the cursor to step n and redraws at once; returns the time the redraw took (ms). */
  setCursor(n) {
    this.cursor = n;
    if (this.follow) this.reveal(Math.max(1, n));
    return this.draw();
  }

  draw() {
    const t0 = performance.now();
    if (this.stepW === 0) {
      if (this.data.length === 0) return 0;
      this.resize();
    }
    if (this.canvas.height !== this.totalH * this.dpr) this.resize();
    const key = [this.data.version, this.scroll.toFixed(3), this.stepW.toFixed(4), this.cssW, this.totalH].join('|');
    if (key !== this.staticKey) {
      this.renderStatic();
      this.staticKey = key;
    }
    const ctx = this.canvas.getContext('2d');
    ctx.setTransform(1, 0, 0, 1, 0, 0);
    ctx.drawImage(this.static, 0, 0);
    ctx.setTransform(this.dpr, 0, 0, this.dpr, 0, 0);
    this.renderCursor(ctx);
    this.lastDrawMs = performance.now() - t0;
    this.drawCount++;
    if (this.onDraw) this.onDraw(this);
    return this.lastDrawMs;
  }

  // ---------- static layer ----------

  renderStatic() {
    const ctx = this.static.getContext('2d');
    ctx.setTransform(this.dpr, 0, 0, this.dpr, 0, 0);
    ctx.fillStyle = C.bg;
    ctx.fillRect(0, 0, this.cssW, this.totalH);
    if (this.data.length === 0) {
      this.drawGutter(ctx);
      return;
    }
    const [a, b] = this.visible();
    ctx.save();
    ctx.beginPath();
    ctx.rect(GUTTER, 0, this.width, this.totalH);
    ctx.clip();
    this.drawLaneBackgrounds(ctx, a, b);
    this.drawWindows(ctx, a, b);
    this.drawSpans(ctx, a, b);
    if (this.stepW >= 3) this.drawBlocks(ctx, a, b); else this.drawDense(ctx, a, b);
    this.drawFlows(ctx, a, b);
    this.drawViolations(ctx, a, b);
    this.drawTracks(ctx, a, b);
    this.drawAxis(ctx, a, b);
    ctx.restore();
    this.drawGutter(ctx);
    this.drawOverview(ctx);
  }

  drawGutter(ctx) {
    ctx.fillStyle = C.gutter;
    ctx.fillRect(0, 0, GUTTER, this.totalH);
    ctx.textBaseline = 'middle';
    this.data.lanes.forEach((l, i) => {
      const y = this.laneY(i);
      ctx.fillStyle = i % 2 ? C.laneB : C.laneA;
      ctx.fillRect(0, y, GUTTER, this.g.LANE);
      ctx.fillStyle = C.text;
      ctx.font = `600 15px ${UI_FONT}`;
      ctx.fillText(this.fitText(ctx, l.thread, GUTTER - 30), 22, y + this.g.LANE * 0.4);
      if (l.role) {
        ctx.fillStyle = C.muted;
        ctx.font = `13px ${UI_FONT}`;
        ctx.fillText(l.role === 'reader' ? '/proc reader' : l.role, 22, y + this.g.LANE * 0.78);
      }
    });
    let y = this.tracksTop;
    for (const m of this.data.mms) {
      ctx.fillStyle = C.text;
      ctx.font = `600 14px ${UI_FONT}`;
      ctx.fillText(m.name, 10, y + 10);
      ctx.font = `13px ${UI_FONT}`;
      if (this.compact) {
        this.legendLine(ctx, 12, y + this.g.REFS * 0.72, C.users, [], 'users');
        this.legendLine(ctx, 92, y + this.g.REFS * 0.72, C.count, [5, 3], 'count');
      } else {
        this.legendLine(ctx, 12, y + this.g.REFS * 0.56, C.users, [], 'mm_users');
        this.legendLine(ctx, 12, y + this.g.REFS * 0.86, C.count, [5, 3], 'mm_count');
      }
      y += this.g.REFS;
      ctx.fillStyle = C.muted;
      ctx.fillText('resident pages', 12, y + this.g.RESIDENT / 2 + 2);
      y += this.g.RESIDENT + 4;
    }
    ctx.fillStyle = C.muted;
    ctx.font = `13px ${UI_FONT}`;
    if (this.g.OVERVIEW) ctx.fillText('whole run', 10, this.overviewTop + this.g.OVERVIEW / 2);
  }

  legendLine(ctx, x, y, color, dash, label) {
    ctx.strokeStyle = color;
    ctx.lineWidth = 2;
    ctx.setLineDash(dash);
    ctx.beginPath();
    ctx.moveTo(x, y);
    ctx.lineTo(x + 22, y);
    ctx.stroke();
    ctx.setLineDash([]);
    ctx.fillStyle = C.muted;
    ctx.fillText(label, x + 28, y);
  }

  drawLaneBackgrounds(ctx, a, b) {
    const x0 = GUTTER, w = this.width;
    this.data.lanes.forEach((l, i) => {
      const y = this.laneY(i);
      ctx.fillStyle = i % 2 ? C.laneB : C.laneA;
      ctx.fillRect(x0, y, w, this.g.LANE);
      // a thread that is gone (zombie, released) is hatched from the step it got there
      const st = this.data.states[i];
      for (let k = 0; k < st.length; k++) {
        const [from, state] = st[k];
        if (state !== 'zombie' && state !== 'released' && state !== 'exiting-no-mm') continue;
        const to = k + 1 < st.length ? st[k + 1][0] : this.runLength + 1;
        if (to < a || from > b) continue;
        const xa = Math.max(GUTTER, this.colX(from + 1));
        const xb = Math.min(GUTTER + w, this.colX(to + 1));
        if (xb <= xa) continue;
        this.hatch(ctx, xa, y + 2, xb - xa, this.g.LANE - 4, C.hatch);
        ctx.fillStyle = C.muted;
        ctx.font = `italic 13px ${UI_FONT}`;
        ctx.textBaseline = 'middle';
        if (xb - xa > 70) ctx.fillText(state === 'exiting-no-mm' ? 'exiting, no mm' : state, xa + 6, y + this.g.BADGE + this.g.BLOCK / 2);
      }
    });
  }

  hatch(ctx, x, y, w, h, color) {
    ctx.save();
    ctx.beginPath();
    ctx.rect(x, y, w, h);
    ctx.clip();
    ctx.strokeStyle = color;
    ctx.lineWidth = 1;
    ctx.beginPath();
    for (let k = x - h; k < x + w; k += 8) {
      ctx.moveTo(k, y + h);
      ctx.lineTo(k + h, y);
    }
    ctx.stroke();
    ctx.restore();
  }

  drawWindows(ctx, a, b) {
    for (const w of this.data.windows) {
      if (!w) continue;
      const to = w.to === Infinity ? this.data.length : w.to;
      if (to < a || w.from > b) continue;
      const xa = this.colX(w.from) + this.stepW / 2;
      const xb = this.colX(to) + this.stepW / 2;
      const top = this.g.AXIS, h = this.lanesH;
      ctx.fillStyle = C.window;
      ctx.fillRect(xa, top, xb - xa, h);
      ctx.strokeStyle = C.windowEdge;
      ctx.lineWidth = 2;
      ctx.setLineDash([6, 4]);
      ctx.beginPath();
      ctx.moveTo(xa, top); ctx.lineTo(xa, top + h);
      if (w.to !== Infinity) { ctx.moveTo(xb, top); ctx.lineTo(xb, top + h); }
      ctx.stroke();
      ctx.setLineDash([]);
      // label in the top row of the axis band
      const bw = Math.max(xb - xa, 26);
      const rh = this.g.AXIS / 2 - 5;
      ctx.fillStyle = 'rgba(255, 122, 89, 0.28)';
      ctx.fillRect(xa, 2, bw, rh);
      ctx.fillStyle = C.windowEdge;
      ctx.fillRect(xa, 2, 3, rh);
      ctx.font = `700 13px ${UI_FONT}`;
      ctx.textBaseline = 'middle';
      const label = `${w.kind} ${w.thread}: kill returned → find_lock_task_mm` + (w.exits.length ? ` · exit_mm ran inside ×${w.exits.length}` : '');
      ctx.fillStyle = '#ffd2c4';
      ctx.fillText(this.fitText(ctx, label, bw - 10) || w.kind, xa + 6, 2 + rh / 2);
    }
  }

  drawSpans(ctx, a, b) {
    this.refLabels = [];
    const bandY = (l) => this.laneY(l) + this.g.BADGE + this.g.BLOCK + 2;
    const lockRows = new Map();
    for (const s of this.data.lockSpans) {
      const to = s.to === Infinity ? this.data.length : s.to;
      if (to < a || s.from > b) continue;
      const row = lockRows.get(s.lane) || 0;
      lockRows.set(s.lane, row + 1);
      const y = bandY(s.lane) + (row % 2) * 4;
      const xa = this.colX(s.from) + this.stepW * 0.5;
      const xb = this.colX(to) + this.stepW * (s.to === Infinity ? 1 : 0.5);
      ctx.fillStyle = C.lock;
      ctx.fillRect(xa, y, Math.max(2, xb - xa), 3);
    }
    for (const s of this.data.refSpans) {
      const to = s.to === Infinity ? this.data.length : s.to;
      if (to < a || s.from > b) continue;
      const y = this.laneY(s.lane) + this.g.LANE - 3;
      const xa = this.colX(s.from) + this.stepW * 0.5;
      const xb = this.colX(to) + this.stepW * (s.to === Infinity ? 1 : 0.5);
      ctx.strokeStyle = C.ref;
      ctx.lineWidth = 3;
      ctx.setLineDash(s.op === 'mmgrab' ? [2, 3] : [8, 4]);
      ctx.beginPath();
      ctx.moveTo(xa, y);
      ctx.lineTo(Math.max(xa + 2, xb), y);
      ctx.stroke();
      ctx.setLineDash([]);
      if (xb - xa > 120 && this.stepW >= 3) {
        const label = s.op === 'mmgrab' ? `pins ${s.mm} (mmgrab)` : `holds ${s.mm} (mmget)`;
        this.refLabels.push({lane: s.lane, x: Math.max(xa, GUTTER) + 4, right: xb, label});
      }
    }
  }

  /** Reference labels go where return badges (more important) left room in the lane's top band. */
  drawRefLabels(ctx, badges) {
    ctx.font = `600 13px ${UI_FONT}`;
    ctx.fillStyle = C.ref;
    ctx.textBaseline = 'middle';
    for (const r of this.refLabels) {
      let right = r.right;
      for (const b of badges) if (b.lane === r.lane && b.x + b.w > r.x && b.x < right) right = b.x - 4;
      const text = this.fitText(ctx, r.label, right - r.x - 4);
      if (text.length >= 8) ctx.fillText(text, r.x, this.laneY(r.lane) + this.g.BADGE / 2);
    }
    this.refLabels = [];
  }

  drawBlocks(ctx, a, b) {
    const d = this.data;
    ctx.textBaseline = 'middle';
    let i = a;
    while (i <= b) {
      const lane = d.laneOf[i];
      const f = d.steps[i - 1].f;
      let start = i;
      while (start > 1 && i - start < 400 && d.laneOf[start - 1] === lane && d.steps[start - 2].f === f) start--;
      let end = i;
      while (end < d.length && d.laneOf[end + 1] === lane && d.steps[end].f === f) end++;
      this.drawBlock(ctx, lane, f, start, end);
      i = end + 1;
    }
    // badges: return values, in the lane's top band, right-aligned on the step that returned
    ctx.font = `700 13px ${UI_FONT}`;
    ctx.textBaseline = 'middle';
    const lastLeft = new Map();
    const badges = [];
    const calls = d.kinds.call;
    for (let k = lowerBound(calls, a); k < calls.length && calls[k] <= b; k++) {
      const s = calls[k];
      const rec = d.steps[s - 1];
      const lane = d.laneOf[s];
      const ret = rec.r.v;
      const err = ret.startsWith('-');
      const right = this.colX(s) + this.stepW;
      const limit = lastLeft.has(lane) ? lastLeft.get(lane) : -Infinity;
      let text = `${rec.r.op} ↩ ${ret}`;
      if (right - this.textWidth(ctx, text) - 10 < limit) text = `↩ ${ret}`;
      const w = this.textWidth(ctx, text) + 10;
      const x = right - w;
      const y = this.laneY(lane) + 1;
      ctx.fillStyle = err ? '#5c1f24' : '#173d22';
      ctx.fillRect(x, y, w, this.g.BADGE - 1);
      ctx.strokeStyle = err ? C.bad : C.good;
      ctx.lineWidth = 1;
      ctx.strokeRect(x + 0.5, y + 0.5, w - 1, this.g.BADGE - 2);
      ctx.fillStyle = '#fff';
      ctx.fillText(text, x + 5, y + this.g.BADGE / 2);
      lastLeft.set(lane, right);
      badges.push({lane, x, w});
    }
    this.drawRefLabels(ctx, badges);
  }

  drawBlock(ctx, lane, f, start, end) {
    const x = this.colX(start);
    const w = (end - start + 1) * this.stepW;
    const y = this.laneY(lane) + this.g.BADGE;
    const fill = family(f);
    ctx.fillStyle = fill;
    const gap = this.stepW >= 8 ? 1 : 0;
    ctx.fillRect(x + gap, y, Math.max(1, w - 2 * gap), this.g.BLOCK);
    if (this.stepW >= 8 && end > start) {
      ctx.fillStyle = 'rgba(0,0,0,0.28)';
      for (let k = start + 1; k <= end; k++) ctx.fillRect(this.colX(k), y + 3, 1, this.g.BLOCK - 6);
    }
    if (f === 'exit_mm') {
      ctx.strokeStyle = '#ffb366';
      ctx.lineWidth = 2;
      ctx.strokeRect(x + 2, y + 1, Math.max(2, w - 4), this.g.BLOCK - 2);
    }
    if (w >= 18) {
      ctx.font = `600 13px ${FONT}`;
      const visibleX = Math.max(x, GUTTER);
      const room = x + w - visibleX - 8;
      const label = this.blockLabel(ctx, f, end - start + 1, room);
      if (label) {
        ctx.fillStyle = '#fff';
        ctx.fillText(label, visibleX + 4, y + this.g.BLOCK / 2 + 1);
      }
      if (label !== f) this.truncatedLabels.set(start, true);
    }
  }

  /**
   * A block's label by importance: the kernel function first, with its repeat count and the exit_mm
   * mark only when they fit too; cut only when at least six characters of the name stay, otherwise none
   * (the cursor shows the full name, and zooming in shows more).
   */
  blockLabel(ctx, f, n, room) {
    const mark = f === 'exit_mm' ? '⏏ ' : '';
    for (const c of [mark + f + (n > 1 ? ` ×${n}` : ''), mark + f, f]) if (this.textWidth(ctx, c) <= room) return c;
    const cut = this.fitText(ctx, f, room);
    return cut.length >= 7 ? cut : '';
  }

  /** Below 3 px per step: per pixel column, a bar in each lane that ran a step there. */
  drawDense(ctx, a, b) {
    const d = this.data;
    const lanes = d.lanes.length;
    const px = Math.ceil(this.width);
    const seen = new Uint8Array(lanes);
    const fills = new Array(lanes);
    let i = a;
    for (let x = 0; x < px && i <= b; x++) {
      const last = Math.min(b, Math.floor((x + 1) / this.stepW + this.scroll));
      seen.fill(0);
      for (; i <= last; i++) {
        const l = d.laneOf[i];
        if (!seen[l]) { seen[l] = 1; fills[l] = family(d.steps[i - 1].f); }
        else if (d.steps[i - 1].f === 'exit_mm') fills[l] = family('exit_mm');
      }
      for (let l = 0; l < lanes; l++) {
        if (!seen[l]) continue;
        ctx.fillStyle = fills[l];
        ctx.fillRect(GUTTER + x, this.laneY(l) + this.g.BADGE, 1, this.g.BLOCK);
      }
    }
    // exit_mm and returns stay findable at any zoom
    ctx.fillStyle = '#ffb366';
    for (const s of d.exitMm) {
      if (s < a || s > b) continue;
      ctx.fillRect(this.colX(s) - 1, this.laneY(d.laneOf[s]) + this.g.BADGE - 3, 3, this.g.BLOCK + 6);
    }
    ctx.font = `700 13px ${UI_FONT}`;
    ctx.textBaseline = 'middle';
    let lastX = -1e9;
    for (const s of d.kinds.call) {
      if (s < a || s > b) continue;
      const x = this.colX(s);
      if (x - lastX < 60) continue;
      const rec = d.steps[s - 1];
      ctx.fillStyle = rec.r.v.startsWith('-') ? C.bad : C.good;
      ctx.fillText('↩' + rec.r.v, x, this.laneY(d.laneOf[s]) + this.g.BADGE / 2);
      lastX = x;
    }
  }

  drawFlows(ctx, a, b) {
    const d = this.data;
    const mid = (lane) => this.laneY(lane) + this.g.BADGE + this.g.BLOCK / 2;
    const cx = (s) => this.colX(s) + this.stepW / 2;
    for (const f of d.flows.values()) {
      const lastStep = Math.max(f.from, ...f.deliveries.map(x => x.step), ...f.exits.map(x => x.step));
      if (lastStep < a - 1 || f.from > b + 1) continue;
      ctx.strokeStyle = C.flow;
      ctx.fillStyle = C.flow;
      ctx.lineWidth = 2;
      for (const del of f.deliveries) {
        const x0 = cx(f.from), y0 = mid(f.fromLane);
        const x1 = cx(del.step), y1 = mid(del.lane);
        this.arrow(ctx, x0, y0, x1, y1, []);
        const ex = f.exits.find(e => e.lane === del.lane);
        if (ex) {
          // delivery → exit_mm, along the lane's top band
          const top = this.laneY(del.lane);
          const yb = top + this.g.BADGE;
          const x2 = cx(ex.step);
          ctx.setLineDash([3, 3]);
          ctx.beginPath();
          ctx.moveTo(x1, yb);
          ctx.bezierCurveTo(x1 + 10, top + 3, x2 - 10, top + 3, x2, yb);
          ctx.stroke();
          ctx.setLineDash([]);
          this.head(ctx, x2 - 6, top + 5, x2, yb);
        }
      }
      if (f.deliveries.length === 0 && f.from >= a && f.from <= b) {
        // sent, not taken yet: a short arrow toward the recipient
        this.arrow(ctx, cx(f.from), mid(f.fromLane), cx(f.from) + Math.max(14, this.stepW * 0.6), mid(f.toLane), [6, 3]);
      }
    }
    for (const s of d.stubs) {
      if (s.step < a || s.step > b) continue;
      const x0 = cx(s.step), y0 = mid(s.fromLane), y1 = mid(s.toLane);
      const dash = s.result === 'dropped' ? [10, 5] : s.result === 'ignored' ? [2, 4] : [];
      const glyph = s.result === 'dropped' ? '⤏' : s.result === 'ignored' ? '⊘' : '✕';
      ctx.strokeStyle = s.result.startsWith('-') ? C.bad : C.muted;
      ctx.lineWidth = 2;
      ctx.setLineDash(dash);
      const yEnd = y0 === y1 ? y0 - 16 : y0 + (y1 - y0) * 0.8;
      ctx.beginPath();
      ctx.moveTo(x0, y0);
      ctx.lineTo(x0 + 10, yEnd);
      ctx.stroke();
      ctx.setLineDash([]);
      ctx.font = `700 13px ${UI_FONT}`;
      ctx.textBaseline = 'middle';
      ctx.fillStyle = ctx.strokeStyle;
      ctx.fillText(`${glyph} ${s.sig} ${s.result}`, x0 + 14, yEnd);
    }
  }

  arrow(ctx, x0, y0, x1, y1, dash) {
    ctx.setLineDash(dash);
    ctx.beginPath();
    ctx.moveTo(x0, y0);
    const cxp = (x0 + x1) / 2, cyp = Math.min(y0, y1) - 10;
    ctx.quadraticCurveTo(cxp, cyp, x1, y1 - (y1 > y0 ? this.g.BLOCK / 2 : -this.g.BLOCK / 2) * 0.9);
    ctx.stroke();
    ctx.setLineDash([]);
    this.head(ctx, cxp, cyp, x1, y1 - (y1 > y0 ? this.g.BLOCK / 2 : -this.g.BLOCK / 2) * 0.9);
  }

  head(ctx, fx, fy, x, y) {
    const ang = Math.atan2(y - fy, x - fx);
    const s = 8;
    ctx.beginPath();
    ctx.moveTo(x, y);
    ctx.lineTo(x - s * Math.cos(ang - 0.45), y - s * Math.sin(ang - 0.45));
    ctx.lineTo(x - s * Math.cos(ang + 0.45), y - s * Math.sin(ang + 0.45));
    ctx.closePath();
    ctx.fill();
  }

  drawViolations(ctx, a, b) {
    for (const v of this.data.violations) {
      if (v.step < a || v.step > b) continue;
      const x = this.colX(v.step) + this.stepW / 2;
      ctx.strokeStyle = C.bad;
      ctx.lineWidth = 2;
      ctx.setLineDash([4, 4]);
      ctx.beginPath();
      ctx.moveTo(x, 20);
      ctx.lineTo(x, this.tracksTop + this.tracksH);
      ctx.stroke();
      ctx.setLineDash([]);
      this.warn(ctx, x, this.laneY(v.lane) + this.g.BADGE / 2 + 1);
      ctx.font = `700 13px ${UI_FONT}`;
      ctx.textBaseline = 'middle';
      const label = '⚠ ' + v.invariant;
      const w = this.textWidth(ctx, label) + 10;
      const lx = Math.min(x - 6, GUTTER + this.width - w);
      const rh = this.g.AXIS / 2 - 5;
      ctx.fillStyle = '#4a1518';
      ctx.fillRect(lx, 2, w, rh);
      ctx.strokeStyle = C.bad;
      ctx.lineWidth = 1;
      ctx.strokeRect(lx + 0.5, 2.5, w - 1, rh - 1);
      ctx.fillStyle = '#ffd7d5';
      ctx.fillText(label, lx + 5, 2 + rh / 2);
    }
  }

  warn(ctx, x, y) {
    ctx.fillStyle = C.bad;
    ctx.beginPath();
    ctx.moveTo(x, y - 8);
    ctx.lineTo(x + 9, y + 7);
    ctx.lineTo(x - 9, y + 7);
    ctx.closePath();
    ctx.fill();
    ctx.fillStyle = '#111';
    ctx.font = `900 13px ${UI_FONT}`;
    ctx.textBaseline = 'middle';
    ctx.fillText('!', x - 2, y + 2);
  }

  drawTracks(ctx, a, b) {
    this.labelRects = []; // every counter label placed, for the tests: none may overlap another
    let y = this.tracksTop;
    const x0 = GUTTER, x1 = GUTTER + this.width;
    for (const m of this.data.mms) {
      const c = this.data.counters.get(m.name);
      // refs: mm_users (solid) and mm_count (dashed)
      ctx.fillStyle = '#10151b';
      ctx.fillRect(x0, y, this.width, this.g.REFS);
      const scale = (v) => y + this.g.REFS - 6 - (v / c.maxRef) * (this.g.REFS - 16);
      ctx.strokeStyle = C.grid;
      ctx.lineWidth = 1;
      ctx.beginPath();
      ctx.moveTo(x0, scale(0) + 0.5);
      ctx.lineTo(x1, scale(0) + 0.5);
      ctx.stroke();
      const placed = [];
      this.stepLine(ctx, c.users, a, b, scale, C.users, [], true, String, placed);
      this.stepLine(ctx, c.count, a, b, (v) => scale(v) + 2, C.count, [6, 4], true, String, placed, true);
      this.refMarks(ctx, c, a, b, scale, placed);
      y += this.g.REFS;
      // resident pages: an area
      ctx.fillStyle = '#10151b';
      ctx.fillRect(x0, y, this.width, this.g.RESIDENT);
      const rs = (v) => y + this.g.RESIDENT - 4 - (v / c.maxResident) * (this.g.RESIDENT - 12);
      this.stepArea(ctx, c.resident, a, b, rs, y + this.g.RESIDENT - 4);
      // the resident labels avoid the refcount labels above them too
      this.stepLine(ctx, c.resident, a, b, rs, C.resident, [], true, (v) => v.toLocaleString('en-US') + ' p', placed);
      this.labelRects.push(...placed);
      y += this.g.RESIDENT + 4;
    }
  }

  /**
   * Draws a step function through the change points in view and labels the values it takes. A label
   * names the value of the segment it starts; where labels would overlap (each other, or those of the
   * other series of the track, in {@code placed}) the later value wins, so no label shows a value the
   * line no longer has.
   */
  stepLine(ctx, series, a, b, scale, color, dash, label, fmt = String, placed = [], below = false) {
    const first = Math.max(0, upper(series, a - 1) - 1);
    ctx.strokeStyle = color;
    ctx.lineWidth = 2.5;
    ctx.setLineDash(dash);
    ctx.beginPath();
    let x = GUTTER, v = series[first][1];
    ctx.moveTo(x, scale(v));
    const points = [[GUTTER, v]];
    for (let k = first + 1; k < series.length && series[k][0] <= b + 1; k++) {
      const nx = this.colX(series[k][0]) + this.stepW / 2;
      ctx.lineTo(nx, scale(v));
      v = series[k][1];
      ctx.lineTo(nx, scale(v));
      points.push([nx, v]);
    }
    ctx.lineTo(GUTTER + this.width, scale(v));
    ctx.stroke();
    ctx.setLineDash([]);
    if (!label) return;
    ctx.font = `700 13px ${UI_FONT}`;
    ctx.textBaseline = below ? 'top' : 'bottom';
    ctx.fillStyle = color;
    let rightEdge = Infinity;
    for (let k = points.length - 1; k >= 0; k--) {
      const [lx, lv] = points[k];
      const text = fmt(lv);
      const w = this.textWidth(ctx, text);
      const tx = Math.max(GUTTER + 2, lx + 4);
      const ty = below ? scale(lv) + 2 : scale(lv) - 2;
      const rect = {x: tx - 2, y: below ? ty : ty - 15, w: w + 4, h: 15, text};
      if (tx + w > rightEdge || tx + w > GUTTER + this.width || placed.some(r => overlaps(r, rect))) continue;
      ctx.fillText(text, tx, ty);
      placed.push(rect);
      rightEdge = tx - 6;
    }
  }

  stepArea(ctx, series, a, b, scale, base) {
    const first = Math.max(0, upper(series, a - 1) - 1);
    ctx.fillStyle = C.residentFill;
    ctx.beginPath();
    ctx.moveTo(GUTTER, base);
    let v = series[first][1];
    ctx.lineTo(GUTTER, scale(v));
    for (let k = first + 1; k < series.length && series[k][0] <= b + 1; k++) {
      const nx = this.colX(series[k][0]) + this.stepW / 2;
      ctx.lineTo(nx, scale(v));
      v = series[k][1];
      ctx.lineTo(nx, scale(v));
    }
    ctx.lineTo(GUTTER + this.width, scale(v));
    ctx.lineTo(GUTTER + this.width, base);
    ctx.closePath();
    ctx.fill();
  }

  refMarks(ctx, c, a, b, scale, placed = []) {
    const marks = c.marks;
    let k = 0;
    // marks are in step order
    let lo = 0, hi = marks.length;
    while (lo < hi) { const m = (lo + hi) >> 1; if (marks[m].step < a) lo = m + 1; else hi = m; }
    k = lo;
    let lastText = -1e9;
    for (; k < marks.length && marks[k].step <= b; k++) {
      const m = marks[k];
      const x = this.colX(m.step) + this.stepW / 2;
      const up = m.op === 'mmget' || m.op === 'mmgrab';
      const hollow = m.op === 'mmgrab' || m.op === 'mmdrop';
      const y = scale(Number(m.to)) + (hollow ? 2 : 0);
      ctx.beginPath();
      if (up) { ctx.moveTo(x, y - 7); ctx.lineTo(x + 6, y + 3); ctx.lineTo(x - 6, y + 3); }
      else { ctx.moveTo(x, y + 7); ctx.lineTo(x + 6, y - 3); ctx.lineTo(x - 6, y - 3); }
      ctx.closePath();
      const color = hollow ? C.count : C.users;
      if (hollow) { ctx.fillStyle = '#10151b'; ctx.fill(); ctx.strokeStyle = color; ctx.lineWidth = 2; ctx.stroke(); }
      else { ctx.fillStyle = color; ctx.fill(); }
      if (this.stepW >= 30 && x - lastText > 60) {
        ctx.font = `600 13px ${UI_FONT}`;
        const ty = scale(0) - 12 > y ? y + 2 : y - 15;
        const rect = {x: x + 6, y: ty, w: this.textWidth(ctx, m.op) + 4, h: 15, text: m.op};
        if (!placed.some(r => overlaps(r, rect))) {
          ctx.fillStyle = color;
          ctx.textBaseline = 'top';
          ctx.fillText(m.op, x + 8, ty);
          placed.push(rect);
          lastText = x;
        }
      }
    }
  }

  drawAxis(ctx, a, b) {
    ctx.fillStyle = 'rgba(13,17,23,0.6)';
    ctx.font = `13px ${UI_FONT}`;
    ctx.textBaseline = 'middle';
    const every = niceStep(60 / this.stepW);
    ctx.strokeStyle = C.grid;
    ctx.lineWidth = 1;
    for (let i = Math.max(1, Math.ceil(a / every) * every); i <= b; i += every) {
      const x = this.colX(i) + this.stepW / 2;
      ctx.beginPath();
      ctx.moveTo(x + 0.5, this.g.AXIS - 5);
      ctx.lineTo(x + 0.5, this.g.AXIS);
      ctx.stroke();
      ctx.fillStyle = C.muted;
      ctx.fillText(String(i), x - this.textWidth(ctx, String(i)) / 2, this.g.AXIS - 12);
    }
    if (every === 1 || this.stepW >= 12) {
      ctx.strokeStyle = 'rgba(255,255,255,0.035)';
      for (let i = a; i <= b; i++) {
        const x = Math.round(this.colX(i)) + 0.5;
        ctx.beginPath();
        ctx.moveTo(x, this.g.AXIS);
        ctx.lineTo(x, this.g.AXIS + this.lanesH);
        ctx.stroke();
      }
    }
  }

  drawOverview(ctx) {
    if (!this.g.OVERVIEW) return;
    const d = this.data;
    const top = this.overviewTop, w = this.width, n = this.runLength;
    const key = `${d.length}|${n}|${w}|${this.dpr}`;
    if (key !== this.overviewKey) {
      this.overviewKey = key;
      const o = this.overview;
      o.width = Math.ceil(w * this.dpr);
      o.height = Math.ceil(this.g.OVERVIEW * this.dpr);
      const oc = o.getContext('2d');
      oc.setTransform(this.dpr, 0, 0, this.dpr, 0, 0);
      oc.fillStyle = '#10151b';
      oc.fillRect(0, 0, w, this.g.OVERVIEW);
      const lanes = Math.max(1, d.lanes.length);
      const rowH = (this.g.OVERVIEW - 4) / lanes;
      const per = n / w;
      for (let x = 0; x < w; x++) {
        const s0 = Math.floor(x * per) + 1, s1 = Math.min(d.length, Math.max(s0, Math.floor((x + 1) * per)));
        for (let s = s0; s <= s1; s += Math.max(1, Math.floor((s1 - s0 + 1) / 8))) {
          const l = d.laneOf[s];
          oc.fillStyle = family(d.steps[s - 1].f);
          oc.fillRect(x, 2 + l * rowH, 1, Math.max(1, rowH - 1));
        }
      }
      oc.fillStyle = C.windowEdge;
      for (const win of d.windows) {
        if (!win) continue;
        const to = win.to === Infinity ? d.length : win.to;
        oc.fillRect((win.from - 1) / per, 0, Math.max(2, (to - win.from + 1) / per), 2);
      }
      oc.fillStyle = C.bad;
      for (const v of d.violations) oc.fillRect((v.step - 1) / per - 1, 0, 3, this.g.OVERVIEW);
    }
    ctx.drawImage(this.overview, GUTTER, top, w, this.g.OVERVIEW);
    // the part of the run in view
    const per = n / w;
    const vx = GUTTER + this.scroll / per;
    const vw = Math.max(4, (this.width / this.stepW) / per);
    ctx.strokeStyle = '#c9d1d9';
    ctx.lineWidth = 1.5;
    ctx.strokeRect(vx + 0.5, top + 0.5, Math.min(vw, GUTTER + w - vx) - 1, this.g.OVERVIEW - 1);
  }

  // ---------- cursor overlay ----------

  renderCursor(ctx) {
    const d = this.data;
    const n = this.cursor;
    if (d.length === 0) return;
    const bottom = this.tracksTop + this.tracksH;
    // the step just run (state "after step n")
    const x = n >= 1 ? this.colX(n) : GUTTER - this.scroll * this.stepW;
    const xr = n >= 1 ? x + this.stepW : x;
    ctx.save();
    ctx.beginPath();
    ctx.rect(GUTTER, 0, this.width, this.totalH);
    ctx.clip();
    if (n >= 1) {
      ctx.fillStyle = 'rgba(255, 211, 61, 0.12)';
      ctx.fillRect(x, this.g.AXIS, Math.max(2, this.stepW), bottom - this.g.AXIS);
      const lane = d.laneOf[n];
      const y = this.laneY(lane) + this.g.BADGE;
      ctx.strokeStyle = C.cursor;
      ctx.lineWidth = 3;
      ctx.strokeRect(x + 1, y - 2, Math.max(3, this.stepW - 2), this.g.BLOCK + 4);
    }
    ctx.strokeStyle = C.cursor;
    ctx.lineWidth = 2;
    ctx.beginPath();
    ctx.moveTo(xr, this.g.AXIS - 4);
    ctx.lineTo(xr, bottom);
    ctx.stroke();
    // step tag
    ctx.font = `700 13px ${UI_FONT}`;
    ctx.textBaseline = 'middle';
    const tag = n === 0 ? 'start' : `step ${n}`;
    const tw = this.textWidth(ctx, tag) + 12;
    const tx = Math.min(Math.max(GUTTER, xr - tw / 2), GUTTER + this.width - tw);
    const th = this.g.AXIS / 2 - 3, ty = this.g.AXIS / 2;
    ctx.fillStyle = C.cursor;
    ctx.fillRect(tx, ty, tw, th);
    ctx.fillStyle = '#111';
    ctx.fillText(tag, tx + 6, ty + th / 2);
    // the full function name when the block label was cut
    if (n >= 1) {
      const rec = d.steps[n - 1];
      const lane = d.laneOf[n];
      ctx.font = `700 14px ${FONT}`;
      const label = rec.f;
      const lw = this.textWidth(ctx, label) + 14;
      const blockW = this.blockWidth(n);
      if (blockW < lw + 6) {
        const y = this.laneY(lane) + this.g.BADGE - 1;
        const lx = Math.min(Math.max(GUTTER + 2, x + this.stepW / 2 - lw / 2), GUTTER + this.width - lw - 2);
        ctx.fillStyle = '#1c2128';
        ctx.fillRect(lx, y, lw, this.g.BLOCK + 2);
        ctx.strokeStyle = C.cursor;
        ctx.lineWidth = 2;
        ctx.strokeRect(lx, y, lw, this.g.BLOCK + 2);
        ctx.fillStyle = '#fff';
        ctx.fillText(label, lx + 7, y + this.g.BLOCK / 2 + 2);
      }
      // counter values at the cursor
      this.readouts = [];
      let ty = this.tracksTop;
      ctx.font = `700 13px ${UI_FONT}`;
      for (const m of d.mms) {
        const c = d.counters.get(m.name);
        const u = RunData.valueAt(c.users, n), k = RunData.valueAt(c.count, n), r = RunData.valueAt(c.resident, n);
        this.readout(ctx, xr, ty + 3, `users ${u} · count ${k}`);
        this.readout(ctx, xr, ty + this.g.REFS + 3, `${r.toLocaleString('en-US')} pages`);
        ty += this.g.REFS + this.g.RESIDENT + 4;
      }
    }
    ctx.restore();
    // gutter: which thread ran
    if (n >= 1) {
      const lane = d.laneOf[n];
      ctx.fillStyle = C.cursor;
      ctx.beginPath();
      const y = this.laneY(lane) + this.g.LANE * 0.4;
      ctx.moveTo(6, y - 7);
      ctx.lineTo(15, y);
      ctx.lineTo(6, y + 7);
      ctx.closePath();
      ctx.fill();
    }
    // cursor on the overview
    if (!this.g.OVERVIEW) return;
    const per = this.runLength / this.width;
    ctx.fillStyle = C.cursor;
    ctx.fillRect(GUTTER + Math.max(0, n - 1) / per - 1, this.overviewTop, 2, this.g.OVERVIEW);
  }

  readout(ctx, x, y, text) {
    if (this.readouts) this.readouts.push(text);
    const w = this.textWidth(ctx, text) + 10;
    const rx = x + 6 + w > GUTTER + this.width ? x - w - 6 : x + 6;
    ctx.fillStyle = 'rgba(13,17,23,0.92)';
    ctx.fillRect(rx, y, w, 17);
    ctx.strokeStyle = 'rgba(255,211,61,0.6)';
    ctx.lineWidth = 1;
    ctx.strokeRect(rx + 0.5, y + 0.5, w - 1, 16);
    ctx.fillStyle = '#fff';
    ctx.textBaseline = 'middle';
    ctx.fillText(text, rx + 5, y + 9);
  }

  blockWidth(n) {
    const d = this.data;
    const lane = d.laneOf[n], f = d.steps[n - 1].f;
    let s = n, e = n;
    while (s > 1 && n - s < 400 && d.laneOf[s - 1] === lane && d.steps[s - 2].f === f) s--;
    while (e < d.length && e - n < 400 && d.laneOf[e + 1] === lane && d.steps[e].f === f) e++;
    return (e - s + 1) * this.stepW;
  }

  // ---------- text ----------

  textWidth(ctx, text) {
    const key = ctx.font + '|' + text;
    let w = this.textWidths.get(key);
    if (w === undefined) {
      w = ctx.measureText(text).width;
      if (this.textWidths.size > 5000) this.textWidths.clear();
      this.textWidths.set(key, w);
    }
    return w;
  }

  fitText(ctx, text, room) {
    if (room <= 10) return '';
    if (this.textWidth(ctx, text) <= room) return text;
    let lo = 0, hi = text.length;
    while (lo < hi) {
      const mid = (lo + hi + 1) >> 1;
      if (this.textWidth(ctx, text.slice(0, mid) + '…') <= room) lo = mid; else hi = mid - 1;
    }
    return lo < 3 ? '' : text.slice(0, lo) + '…';
  }

  // ---------- pointer ----------

  bind() {
    const c = this.canvas;
    let drag = null;
    c.addEventListener('mousedown', (e) => {
      const {x, y} = this.local(e);
      if (y >= this.overviewTop && x >= GUTTER) {
        drag = 'overview';
        this.scrollToOverview(x);
      } else if (x >= GUTTER && y < this.tracksTop + this.tracksH) {
        drag = {x, scroll: this.scroll, moved: false};
      }
    });
    window.addEventListener('mousemove', (e) => {
      if (!drag) return;
      const {x} = this.local(e);
      if (drag === 'overview') { this.scrollToOverview(x); return; }
      if (Math.abs(x - drag.x) > 4) drag.moved = true;
      if (drag.moved) {
        this.follow = false;
        this.scroll = drag.scroll - (x - drag.x) / this.stepW;
        this.clampScroll();
        this.draw();
      }
    });
    window.addEventListener('mouseup', (e) => {
      if (drag && drag !== 'overview' && !drag.moved) {
        const {x} = this.local(e);
        const s = this.stepAtX(x);
        if (s >= 1 && s <= this.data.length) this.onPick(s);
      }
      drag = null;
    });
    c.addEventListener('wheel', (e) => {
      if (e.ctrlKey || e.metaKey) {
        e.preventDefault();
        const {x} = this.local(e);
        this.zoom(e.deltaY < 0 ? 1.25 : 0.8, this.stepAtX(x));
      } else if (Math.abs(e.deltaX) > Math.abs(e.deltaY) || e.shiftKey) {
        e.preventDefault();
        this.follow = false;
        this.scroll += (e.shiftKey ? e.deltaY : e.deltaX) / this.stepW;
        this.clampScroll();
        this.draw();
      }
    }, {passive: false});
    c.addEventListener('mousemove', (e) => this.hover(e));
    c.addEventListener('mouseleave', () => { if (this.tip) this.tip.hidden = true; });
    window.addEventListener('resize', () => { this.resize(); this.draw(); });
  }

  scrollToOverview(x) {
    const per = this.runLength / this.width;
    this.follow = false;
    this.scroll = (x - GUTTER) * per - (this.width / this.stepW) / 2;
    this.clampScroll();
    this.draw();
  }

  local(e) {
    const r = this.canvas.getBoundingClientRect();
    return {x: e.clientX - r.left, y: e.clientY - r.top};
  }

  hover(e) {
    if (!this.tip) return;
    const {x, y} = this.local(e);
    const s = this.stepAtX(x);
    const rec = x >= GUTTER && y >= this.g.AXIS && y < this.tracksTop + this.tracksH ? this.data.step(s) : null;
    if (!rec) { this.tip.hidden = true; return; }
    const parts = [`<strong>step ${s}</strong> · ${esc(rec.t)} · <code>${esc(rec.f)}</code>`, esc(rec.x)];
    if (rec.r) parts.push(`returns <strong>${esc(rec.r.v)}</strong> from ${esc(rec.r.op)}`);
    if (rec.l) parts.push('holds ' + rec.l.map(esc).join(', '));
    if (rec.v) parts.push('⚠ ' + rec.v.map(v => esc(v[0])).join(', '));
    this.tip.innerHTML = parts.map(p => `<div>${p}</div>`).join('');
    this.tip.hidden = false;
    const box = this.canvas.parentElement.getBoundingClientRect();
    const left = Math.min(e.clientX - box.left + 14, box.width - 380);
    this.tip.style.left = Math.max(0, left) + 'px';
    this.tip.style.top = (e.clientY - box.top + 16) + 'px';
  }
}

function overlaps(r, q) {
  return r.x < q.x + q.w && q.x < r.x + r.w && r.y < q.y + q.h && q.y < r.y + r.h;
}

function esc(s) {
  return String(s ?? '').replace(/[&<>"']/g, (ch) => ({'&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;'}[ch]));
}

/** Index of the first change point after step i. */
function upper(series, i) {
  let lo = 0, hi = series.length;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if (series[mid][0] <= i) lo = mid + 1; else hi = mid;
  }
  return lo;
}

function niceStep(raw) {
  const steps = [1, 2, 5, 10, 20, 25, 50, 100, 200, 250, 500, 1000, 2000, 5000, 10000];
  for (const s of steps) if (s >= raw) return s;
  return 20000;
}
