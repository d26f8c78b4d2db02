package org.reaplab.web.viewer;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import org.reaplab.kernel.Change;
import org.reaplab.kernel.SignalEdge;
import org.reaplab.simulation.RunEvent;
import org.reaplab.simulation.RunFacts;
import org.reaplab.simulation.StepEvent;
import org.reaplab.simulation.Violation;

import java.util.ArrayList;
import java.util.List;

/**
 * One step as the browser draws it (the stream's {@code steps} events, {@code timeline.json}): the step's own event
 * and its {@link RunFacts.StepFacts}. The JSON names are one or two letters because a run sends up to 20,000 of
 * these; {@code frontend/js/run-data.js} reads them and docs/web-ui.md lists them. A member with nothing in it is
 * left out.
 *
 * @param index      {@code i}: the step, from 1
 * @param thread     {@code t}
 * @param function   {@code f}: the kernel function the step models
 * @param text       {@code x}: the step in a sentence
 * @param locks      {@code l}: locks held after it
 * @param changes    {@code c}: {@code [subject, field, from, to, op?]}
 * @param call       {@code r}: the call that returned
 * @param violations {@code v}: {@code [invariant, detail]}
 * @param signals    {@code s}: signals sent, with the flow each started
 * @param delivered  {@code fd}: flows whose {@code get_signal} this step is
 * @param exited     {@code fx}: flows whose {@code exit_mm} this step is
 * @param refsOpened {@code ro}: mm references taken (mmget, mmgrab)
 * @param refsClosed {@code rc}: ids of the references dropped
 * @param opened     {@code wo}: race windows opened
 * @param closed     {@code wc}: ids of the windows closed
 * @param counters   {@code m}: {@code [mm, mm_users, mm_count, resident]} of the mms that changed
 * @param states     {@code st}: {@code [thread, state]} of the threads whose state changed
 * @param events     {@code e}: {@code [kind, key, label]}, what runs are lined up by
 */
public record StepRecord(@JsonProperty("i") int index,
                         @JsonProperty("t") String thread,
                         @JsonProperty("f") String function,
                         @JsonProperty("x") String text,
                         @JsonProperty("l") @JsonInclude(JsonInclude.Include.NON_EMPTY) List<String> locks,
                         @JsonProperty("c") @JsonInclude(JsonInclude.Include.NON_EMPTY) List<List<String>> changes,
                         @JsonProperty("r") @JsonInclude(JsonInclude.Include.NON_NULL) Call call,
                         @JsonProperty("v") @JsonInclude(JsonInclude.Include.NON_EMPTY) List<List<String>> violations,
                         @JsonProperty("s") @JsonInclude(JsonInclude.Include.NON_EMPTY) List<Signal> signals,
                         @JsonProperty("fd") @JsonInclude(JsonInclude.Include.NON_EMPTY) List<Integer> delivered,
                         @JsonProperty("fx") @JsonInclude(JsonInclude.Include.NON_EMPTY) List<Integer> exited,
                         @JsonProperty("ro") @JsonInclude(JsonInclude.Include.NON_EMPTY) List<Ref> refsOpened,
                         @JsonProperty("rc") @JsonInclude(JsonInclude.Include.NON_EMPTY) List<Integer> refsClosed,
                         @JsonProperty("wo") @JsonInclude(JsonInclude.Include.NON_EMPTY) List<Window> opened,
                         @JsonProperty("wc") @JsonInclude(JsonInclude.Include.NON_EMPTY) List<Integer> closed,
                         @JsonProperty("m") @JsonInclude(JsonInclude.Include.NON_EMPTY) List<List<Object>> counters,
                         @JsonProperty("st") @JsonInclude(JsonInclude.Include.NON_EMPTY) List<List<String>> states,
                         @JsonProperty("e") @JsonInclude(JsonInclude.Include.NON_EMPTY) List<List<String>> events) {

    /** The call that returned at this step: {@code k} its key, {@code op}, {@code v} the value. */
    public record Call(@JsonProperty("k") String key, @JsonProperty("op") String op, @JsonProperty("v") String ret) {}

    /** A signal sent: {@code r} its result, {@code u} sent by a program (not the kernel), {@code id} the flow it started. */
    public record Signal(@JsonProperty("from") String from, @JsonProperty("to") String to, @JsonProperty("sig") String signal,
                         @JsonProperty("r") String result, @JsonProperty("u") boolean userInitiated,
                         @JsonProperty("id") @JsonInclude(JsonInclude.Include.NON_NULL) Integer flow) {}

    /** An mm reference taken: {@code op} mmget or mmgrab. */
    public record Ref(@JsonProperty("id") int id, @JsonProperty("mm") String mm, @JsonProperty("op") String op) {}

    /** A race window opened. */
    public record Window(@JsonProperty("id") int id, @JsonProperty("kind") String kind, @JsonProperty("thread") String thread) {}

    /** The record of a step and what the simulation found out about it. */
    public static StepRecord of(StepEvent e, RunFacts.StepFacts f) {
        List<List<String>> changes = new ArrayList<>();
        for (Change c : e.changes()) changes.add(c.op() == null ? List.of(c.subject(), c.field(), c.from(), c.to())
                : List.of(c.subject(), c.field(), c.from(), c.to(), c.op()));
        Call call = e.call() == null ? null : new Call(e.call().key(), e.call().op(), e.call().ret());
        List<List<String>> violations = new ArrayList<>();
        for (Violation v : e.violations()) violations.add(List.of(v.invariant(), v.detail() == null ? "" : v.detail()));
        List<Signal> signals = new ArrayList<>();
        for (int j = 0; j < e.signals().size(); j++) {
            SignalEdge g = e.signals().get(j);
            int id = j < f.flowIds().size() ? f.flowIds().get(j) : 0;
            signals.add(new Signal(g.from(), g.to(), g.signal(), g.result(), g.userInitiated(), id > 0 ? id : null));
        }
        List<Ref> refs = f.refsOpened().stream().map(r -> new Ref(r.id(), r.mm(), r.op().label)).toList();
        List<Window> opened = f.opened().stream().map(w -> new Window(w.id(), w.kind(), w.thread())).toList();
        List<List<Object>> counters = new ArrayList<>();
        for (RunFacts.Counters c : f.counters()) counters.add(List.of(c.mm(), c.users(), c.count(), c.resident()));
        List<List<String>> states = new ArrayList<>();
        for (RunFacts.TaskState t : f.states()) states.add(List.of(t.thread(), t.state()));
        List<List<String>> events = new ArrayList<>();
        for (RunEvent r : f.events()) events.add(List.of(r.kind(), r.key(), r.label()));
        return new StepRecord(e.index(), e.thread(), e.function(), e.text(), e.locks(), changes, call, violations, signals,
                f.delivered(), f.exited(), refs, f.refsClosed(), opened, f.closed(), counters, states, events);
    }
}
