// A run as the browser holds it: the compact step records the server streams (one per step, each
// self-contained), plus indexes built once as the steps arrive so that drawing and "next event of a
// kind" never scan the whole run.

const REF_OPS = new Set(['mmget', 'mmput', 'mmgrab', 'mmdrop']);

export class RunData {
  constructor() {
    this.lanes = [];            // {thread, process, role}
    this.laneIndex = new Map(); // thread -> lane index
    this.mms = [];              // {name, users, count, resident}: values at the start
    this.steps = [];            // compact records; steps[i-1] is step i
    this.laneOf = new Int16Array(1024);
    this.counters = new Map();  // mm -> {users, count, resident: arrays of [step, value] change points, max}
    this.lockSpans = [];        // {lane, name, from, to}  (to = Infinity while held)
    this.openLocks = new Map(); // lane -> Map(lock -> span)
    this.refSpans = [];         // {id, lane, mm, op, from, to}
    this.refById = new Map();
    this.windows = [];          // {id, kind, thread, lane, from, to, exits: []}
    this.flows = new Map();     // id -> {from, fromLane, to, result, sig, deliveries: [{lane, step}], exits: [{lane, step}]}
    this.stubs = [];            // signals that were not delivered: {step, fromLane, toLane, to, result, sig}
    this.states = [];           // per lane: [[step, state], ...]
    this.kinds = {signal: [], ref: [], call: [], violation: []};
    this.violations = [];       // {step, lane, invariant, detail}
    this.exitMm = [];           // steps that ran exit_mm
    this.events = [];           // {step, kind, key, label}: what runs are lined up by (RunEvent), in step order
    this.eventStep = new Map(); // event key -> step
    this.total = null;          // known once the stream says done
    this.truncated = false;
    this.version = 0;           // bumped on every change, so views know to redraw
  }

  get length() {
    return this.steps.length;
  }

  setMeta(meta) {
    if (this.lanes.length === 0) {
      for (const l of meta.lanes) this.addLane(l.thread, l.process, l.role);
    }
    if (this.mms.length === 0) {
      for (const m of meta.mms) this.addMm(m.name, m.users, m.count, m.resident);
    }
    this.version++;
  }

  addLane(thread, process, role) {
    if (this.laneIndex.has(thread)) return this.laneIndex.get(thread);
    const i = this.lanes.length;
    this.lanes.push({thread, process: process ?? thread.split('/')[0], role: role ?? ''});
    this.laneIndex.set(thread, i);
    this.states.push([[0, 'running']]);
    return i;
  }

  lane(thread) {
    return this.laneIndex.has(thread) ? this.laneIndex.get(thread) : this.addLane(thread);
  }

  addMm(name, users, count, resident) {
    if (this.counters.has(name)) return;
    this.mms.push({name, users, count, resident});
    this.counters.set(name, {
      users: [[0, users]], count: [[0, count]], resident: [[0, resident]],
      maxRef: Math.max(2, users, count), maxResident: Math.max(1, resident), marks: [],
    });
  }

  /** Appends compact step records (they arrive in order; duplicates after a reconnect are ignored). */
  addSteps(records) {
    for (const s of records) {
      if (s.i !== this.steps.length + 1) continue;
      this.addStep(s);
    }
    this.version++;
  }

  addStep(s) {
    const i = s.i;
    this.steps.push(s);
    if (this.laneOf.length < i + 1) {
      const grown = new Int16Array(Math.max(this.laneOf.length * 2, i + 1));
      grown.set(this.laneOf);
      this.laneOf = grown;
    }
    const lane = this.lane(s.t);
    this.laneOf[i] = lane;

    // locks: held after the step, per thread
    let open = this.openLocks.get(lane);
    if (!open) this.openLocks.set(lane, open = new Map());
    const now = new Set(s.l || []);
    for (const [name, span] of open) {
      if (!now.has(name)) { span.to = i; open.delete(name); }
    }
    for (const name of now) {
      if (!open.has(name)) {
        const span = {lane, name, from: i, to: Infinity};
        open.set(name, span);
        this.lockSpans.push(span);
      }
    }

    // mm references held by this thread (mmget..mmput, mmgrab..mmdrop)
    for (const r of s.ro || []) {
      const span = {id: r.id, lane, mm: r.mm, op: r.op, from: i, to: Infinity};
      this.refSpans.push(span);
      this.refById.set(r.id, span);
    }
    for (const id of s.rc || []) {
      const span = this.refById.get(id);
      if (span) span.to = i;
    }

    // counters after the step
    for (const [mm, users, count, resident] of s.m || []) {
      if (!this.counters.has(mm)) this.addMm(mm, 0, 0, 0);
      const c = this.counters.get(mm);
      if (last(c.users) !== users) c.users.push([i, users]);
      if (last(c.count) !== count) c.count.push([i, count]);
      if (last(c.resident) !== resident) c.resident.push([i, resident]);
      c.maxRef = Math.max(c.maxRef, users, count);
      c.maxResident = Math.max(c.maxResident, resident);
    }
    let refChange = false;
    for (const ch of s.c || []) {
      const op = ch[4];
      if (op && REF_OPS.has(op)) {
        refChange = true;
        const c = this.counters.get(ch[0]);
        if (c) c.marks.push({step: i, op, from: ch[2], to: ch[3]});
      } else if (ch[1] === 'mm_users' || ch[1] === 'mm_count') {
        refChange = true;
      }
    }
    if (refChange) this.kinds.ref.push(i);

    // task states
    for (const [thread, state] of s.st || []) {
      const l = this.lane(thread);
      this.states[l].push([i, state]);
    }

    // signals: delivered ones become flows; dropped, ignored or refused ones stubs
    if (s.s) {
      this.kinds.signal.push(i);
      for (const g of s.s) {
        const toLane = this.laneIndex.has(g.to) ? this.laneIndex.get(g.to) : this.lane(g.to);
        if (g.id) {
          this.flows.set(g.id, {id: g.id, from: i, fromLane: lane, to: g.to, toLane, result: g.r, sig: g.sig, deliveries: [], exits: []});
        } else {
          this.stubs.push({step: i, fromLane: lane, toLane, to: g.to, result: g.r, sig: g.sig});
        }
      }
    }
    for (const id of s.fd || []) {
      const f = this.flows.get(id);
      if (f) f.deliveries.push({lane, step: i});
    }
    for (const id of s.fx || []) {
      const f = this.flows.get(id);
      if (f) f.exits.push({lane, step: i});
    }
    const sig = this.kinds.signal;
    if (s.fd && sig[sig.length - 1] !== i) sig.push(i);

    // race windows
    for (const w of s.wo || []) {
      this.windows[w.id] = {id: w.id, kind: w.kind, thread: w.thread, lane: this.lane(w.thread), from: i, to: Infinity, exits: []};
    }
    for (const id of s.wc || []) {
      if (this.windows[id]) this.windows[id].to = i;
    }
    if (s.f === 'exit_mm') {
      this.exitMm.push(i);
      for (const w of this.windows) if (w && w.to === Infinity) w.exits.push(i);
    }

    for (const [kind, key, label] of s.e || []) {
      this.events.push({step: i, kind, key, label});
      if (!this.eventStep.has(key)) this.eventStep.set(key, i);
    }

    if (s.r) this.kinds.call.push(i);
    if (s.v) {
      this.kinds.violation.push(i);
      for (const [invariant, detail] of s.v) this.violations.push({step: i, lane, invariant, detail});
    }
  }

  step(i) {
    return i >= 1 && i <= this.steps.length ? this.steps[i - 1] : null;
  }

  /** Keys of the events at or before step n, latest first: what a link to another variant keeps. */
  eventsBefore(n, max = 4) {
    const out = [];
    for (let k = upperStep(this.events, n) - 1; k >= 0 && out.length < max; k--) out.push(this.events[k].key);
    return out;
  }

  /** The value of a counter series (array of [step, value] change points) after step i. */
  static valueAt(series, i) {
    let lo = 0, hi = series.length - 1;
    while (lo < hi) {
      const mid = (lo + hi + 1) >> 1;
      if (series[mid][0] <= i) lo = mid; else hi = mid - 1;
    }
    return series[lo][1];
  }

  /** First step of a kind after {@code from} (or before it when back), or -1. */
  next(kind, from, back = false) {
    const list = this.kinds[kind] || [];
    if (back) {
      for (let k = lowerBound(list, from) - 1; k >= 0; k--) if (list[k] < from) return list[k];
      return -1;
    }
    const k = lowerBound(list, from + 1);
    return k < list.length ? list[k] : -1;
  }

  stateAt(lane, i) {
    const st = this.states[lane];
    let s = 'running';
    for (const [at, v] of st) { if (at <= i) s = v; else break; }
    return s;
  }
}

/**
 * The step of {@code other} that lines up with step {@code n} of {@code lead}: the latest event of the
 * lead at or before n (of the given kinds; null: any) that the other run also has, and as many steps
 * after it as the lead is, but never past the other run's next event. Before any shared event, the
 * step number itself. The end of a finished run lines up with the end of the other.
 *
 * @return {step, event} where event is the lead's event lined up on, or null
 */
export function alignStep(lead, other, n, kinds) {
  if (lead.total !== null && other.total !== null && n >= lead.total) return {step: other.length, event: null, end: true};
  const ok = (e) => !kinds || kinds.includes(e.kind);
  const evs = lead.events;
  for (let k = upperStep(evs, n) - 1; k >= 0; k--) {
    const e = evs[k];
    if (!ok(e)) continue;
    const at = other.eventStep.get(e.key);
    if (at === undefined) continue;
    let limit = other.length;
    const oe = other.events;
    for (let j = upperStep(oe, at); j < oe.length; j++) if (ok(oe[j])) { limit = oe[j].step - 1; break; }
    return {step: Math.max(at, Math.min(at + (n - e.step), limit, other.length)), event: e};
  }
  let first = other.length;
  for (const e of other.events) if (ok(e)) { first = e.step - 1; break; }
  return {step: Math.max(0, Math.min(n, first, other.length)), event: null};
}

/** Index of the first event after step n. */
function upperStep(events, n) {
  let lo = 0, hi = events.length;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if (events[mid].step <= n) lo = mid + 1; else hi = mid;
  }
  return lo;
}

function last(series) {
  return series[series.length - 1][1];
}

export function lowerBound(list, x) {
  let lo = 0, hi = list.length;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if (list[mid] < x) lo = mid + 1; else hi = mid;
  }
  return lo;
}
