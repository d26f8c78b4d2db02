package org.reaplab.export;

import org.reaplab.simulation.KernelView;
import org.reaplab.simulation.Run;
import org.reaplab.simulation.RunFacts;
import org.reaplab.simulation.StepEvent;
import org.reaplab.simulation.Violation;
import tools.jackson.core.JsonGenerator;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A run as Chrome trace-event JSON ({@code {"traceEvents": [...], "displayTimeUnit": "ms"}}), which
 * ui.perfetto.dev and chrome://tracing open. One step is one microsecond of simulated time.
 *
 * <ul>
 *   <li>one process per simulated thread group, one thread track per simulated thread ({@code M});</li>
 *   <li>a complete slice ({@code X}) per step, named by its kernel function; consecutive steps of the
 *       same function on the same thread are one slice, with the steps' sentences in its args;</li>
 *   <li>per address space, a process "mm app_mm" with counters ({@code C}) {@code mm_users},
 *       {@code mm_count} and {@code resident} (pages);</li>
 *   <li>flows ({@code s}/{@code t}/{@code f}, category {@code signal}) from each SIGKILL send to each
 *       victim thread's {@code get_signal} and on to its {@code exit_mm};</li>
 *   <li>instants ({@code i}) for system call returns ("process_mrelease = -ESRCH", thread scope) and
 *       for invariant violations (global scope, category {@code violation}).</li>
 * </ul>
 */
public final class PerfettoTrace {
    /** pids of the synthetic processes that carry the mm counters start here. */
    public static final int MM_PID_BASE = 1_000_000;

    private final Run run;
    private final Map<String, Integer> tids = new LinkedHashMap<>();
    private final Map<String, String> processOf = new LinkedHashMap<>();
    private final Map<String, Integer> pids = new LinkedHashMap<>();
    private int nextSynthetic = 900_000;

    private PerfettoTrace(Run run) {
        this.run = run;
    }

    public static void write(Run run, JsonGenerator out) {
        new PerfettoTrace(run).write(out);
    }

    private void write(JsonGenerator g) {
        learn(run.viewAt(0));
        learn(run.viewAt(run.steps()));
        for (StepEvent e : run.events()) thread(e.thread());

        g.writeStartObject();
        g.writeStringProperty("displayTimeUnit", "ms");
        g.writeObjectPropertyStart("otherData");
        g.writeStringProperty("scenario", run.scenario().name());
        g.writeStringProperty("variant", run.design().label());
        g.writeNumberProperty("steps", run.steps());
        g.writeStringProperty("timeUnit", "1 step = 1 us of simulated time");
        g.writeEndObject();
        g.writeArrayPropertyStart("traceEvents");
        metadata(g);
        slices(g);
        counters(g);
        flows(g);
        instants(g);
        g.writeEndArray();
        g.writeEndObject();
        g.flush();
    }

    // ---- tracks ----

    private void learn(KernelView view) {
        for (KernelView.TaskView t : view.tasks()) {
            processOf.putIfAbsent(t.name(), t.process());
            tids.putIfAbsent(t.name(), t.pid());
            if (t.name().equals(t.process())) pids.putIfAbsent(t.process(), t.pid());
        }
        for (KernelView.TaskView t : view.tasks()) pids.putIfAbsent(t.process(), t.pid());
    }

    private int thread(String name) {
        Integer tid = tids.get(name);
        if (tid == null) {
            tid = nextSynthetic++;
            tids.put(name, tid);
        }
        String process = processOf.computeIfAbsent(name, n -> n.contains("/") ? n.substring(0, n.indexOf('/')) : n);
        pids.computeIfAbsent(process, p -> tids.getOrDefault(p, nextSynthetic++));
        return tid;
    }

    private int pid(String thread) {
        thread(thread);
        return pids.get(processOf.get(thread));
    }

    private void metadata(JsonGenerator g) {
        int sort = 0;
        for (Map.Entry<String, Integer> p : pids.entrySet()) {
            meta(g, "process_name", p.getValue(), null, "name", p.getKey());
            meta(g, "process_sort_index", p.getValue(), null, "sort_index", sort++);
        }
        sort = 0;
        for (Map.Entry<String, Integer> t : tids.entrySet()) {
            int pid = pids.get(processOf.get(t.getKey()));
            meta(g, "thread_name", pid, t.getValue(), "name", t.getKey());
            meta(g, "thread_sort_index", pid, t.getValue(), "sort_index", sort++);
        }
    }

    private static void meta(JsonGenerator g, String name, int pid, Integer tid, String key, Object value) {
        g.writeStartObject();
        g.writeStringProperty("ph", "M");
        g.writeStringProperty("name", name);
        g.writeNumberProperty("pid", pid);
        if (tid != null) g.writeNumberProperty("tid", tid);
        g.writeObjectPropertyStart("args");
        if (value instanceof Integer) g.writeNumberProperty(key, (Integer) value);
        else g.writeStringProperty(key, String.valueOf(value));
        g.writeEndObject();
        g.writeEndObject();
    }

    // ---- slices: one per run of consecutive steps of one function on one thread ----

    private void slices(JsonGenerator g) {
        List<StepEvent> events = run.events();
        int i = 0;
        while (i < events.size()) {
            StepEvent head = events.get(i);
            int j = i + 1;
            while (j < events.size() && events.get(j).thread().equals(head.thread())
                    && events.get(j).function().equals(head.function())) j++;
            g.writeStartObject();
            g.writeStringProperty("ph", "X");
            g.writeStringProperty("cat", "kernel");
            g.writeStringProperty("name", head.function());
            g.writeNumberProperty("pid", pid(head.thread()));
            g.writeNumberProperty("tid", thread(head.thread()));
            g.writeNumberProperty("ts", head.index() - 1);
            g.writeNumberProperty("dur", j - i);
            g.writeObjectPropertyStart("args");
            g.writeNumberProperty("first_step", head.index());
            g.writeNumberProperty("last_step", events.get(j - 1).index());
            g.writeArrayPropertyStart("steps");
            for (int k = i; k < j; k++) {
                StepEvent e = events.get(k);
                g.writeString(e.index() + ": " + e.text() + (e.changes().isEmpty() ? "" : " " + e.changes()));
            }
            g.writeEndArray();
            if (!events.get(j - 1).locks().isEmpty()) {
                g.writeArrayPropertyStart("locks_after");
                for (String l : events.get(j - 1).locks()) g.writeString(l);
                g.writeEndArray();
            }
            g.writeEndObject();
            g.writeEndObject();
            i = j;
        }
    }

    // ---- counters per mm: mm_users, mm_count, resident pages (the run's facts, before and after each step) ----

    private void counters(JsonGenerator g) {
        Map<String, Integer> mmPids = new LinkedHashMap<>();
        for (RunFacts.Counters c : run.facts().start()) mmProcess(g, mmPids, c, 0);
        for (RunFacts.StepFacts s : run.facts().steps()) {
            for (RunFacts.CounterChange c : s.mms()) {
                // an mm the run created gets its track at the step before, with what it had then (nothing)
                if (!mmPids.containsKey(c.mm())) mmProcess(g, mmPids, c.before(), s.step() - 1);
                // the value holds from the end of the step that changed it
                for (RunFacts.MmCounter m : RunFacts.MmCounter.values()) {
                    if (c.changed(m)) counter(g, mmPids.get(c.mm()), s.step(), m, c.after());
                }
            }
        }
    }

    private static void mmProcess(JsonGenerator g, Map<String, Integer> mmPids, RunFacts.Counters first, long ts) {
        int pid = MM_PID_BASE + mmPids.size();
        mmPids.put(first.mm(), pid);
        meta(g, "process_name", pid, null, "name", "mm " + first.mm());
        meta(g, "process_sort_index", pid, null, "sort_index", pid);
        for (RunFacts.MmCounter m : RunFacts.MmCounter.values()) counter(g, pid, ts, m, first);
    }

    private static void counter(JsonGenerator g, int pid, long ts, RunFacts.MmCounter counter, RunFacts.Counters values) {
        g.writeStartObject();
        g.writeStringProperty("ph", "C");
        g.writeStringProperty("cat", "mm");
        g.writeStringProperty("name", counter.id);
        g.writeNumberProperty("pid", pid);
        g.writeNumberProperty("ts", ts);
        g.writeObjectPropertyStart("args");
        g.writeNumberProperty("value", values.value(counter));
        g.writeEndObject();
        g.writeEndObject();
    }

    // ---- flows: SIGKILL send → get_signal → exit_mm, per victim thread ----

    private void flows(JsonGenerator g) {
        List<StepEvent> events = run.events();
        int id = 1;
        for (RunFacts.SignalFlow f : run.facts().flows()) {
            if (!f.sigkill()) continue;
            StepEvent send = events.get(f.sent() - 1);
            for (RunFacts.Point delivery : f.deliveries()) {
                String victim = delivery.thread();
                RunFacts.Point exit = f.exits().stream().filter(x -> x.thread().equals(victim)).findFirst().orElse(null);
                String name = "SIGKILL " + send.thread() + " → " + victim;
                flow(g, "s", id, name, send, null);
                if (exit != null) flow(g, "t", id, name, events.get(delivery.step() - 1), null);
                flow(g, "f", id, name, events.get((exit != null ? exit : delivery).step() - 1), "e");
                id++;
            }
        }
    }

    private void flow(JsonGenerator g, String ph, int id, String name, StepEvent at, String bindingPoint) {
        g.writeStartObject();
        g.writeStringProperty("ph", ph);
        g.writeStringProperty("cat", "signal");
        g.writeStringProperty("name", name);
        g.writeNumberProperty("id", id);
        g.writeNumberProperty("pid", pid(at.thread()));
        g.writeNumberProperty("tid", thread(at.thread()));
        g.writeNumberProperty("ts", at.index() - 0.5); // inside the step's slice, which it binds to
        if (bindingPoint != null) g.writeStringProperty("bp", bindingPoint);
        g.writeEndObject();
    }

    // ---- instants: syscall returns, violations ----

    private void instants(JsonGenerator g) {
        for (StepEvent e : run.events()) {
            if (e.call() != null) {
                g.writeStartObject();
                g.writeStringProperty("ph", "i");
                g.writeStringProperty("cat", "syscall");
                g.writeStringProperty("name", e.call().op() + " = " + e.call().ret());
                g.writeStringProperty("s", "t");
                g.writeNumberProperty("pid", pid(e.thread()));
                g.writeNumberProperty("tid", thread(e.thread()));
                g.writeNumberProperty("ts", e.index());
                g.writeObjectPropertyStart("args");
                g.writeStringProperty("key", e.call().key());
                g.writeNumberProperty("step", e.index());
                g.writeEndObject();
                g.writeEndObject();
            }
            for (Violation v : e.violations()) {
                g.writeStartObject();
                g.writeStringProperty("ph", "i");
                g.writeStringProperty("cat", "violation");
                g.writeStringProperty("name", "violation: " + v.invariant());
                g.writeStringProperty("s", "g");
                g.writeNumberProperty("pid", pid(e.thread()));
                g.writeNumberProperty("tid", thread(e.thread()));
                g.writeNumberProperty("ts", e.index());
                g.writeObjectPropertyStart("args");
                g.writeStringProperty("invariant", v.invariant());
                g.writeStringProperty("detail", v.detail());
                g.writeNumberProperty("step", v.step());
                g.writeEndObject();
                g.writeEndObject();
            }
        }
    }
}
