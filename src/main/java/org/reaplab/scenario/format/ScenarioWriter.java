package org.reaplab.scenario.format;

import org.reaplab.scenario.VariantOptions;

import org.reaplab.scenario.ScheduleSpec;

import org.reaplab.scenario.Scenario;

import org.reaplab.scenario.ProcessSpec;

import org.reaplab.scenario.Op;

import org.reaplab.scenario.NamespaceSpec;

import org.reaplab.scenario.MmSpec;

import org.reaplab.scenario.Memory;

import org.reaplab.scenario.LsmRule;

import org.reaplab.scenario.Expectation;

import org.reaplab.design.Design;
import org.reaplab.variant.Variant;
import tools.jackson.databind.SerializationFeature;
import tools.jackson.databind.json.JsonMapper;

import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;

/**
 * Writes a scenario in the file form of docs/scenario-format.md: the same field names, fields that
 * hold their default left out, so that {@code parser.parse(writer.toJson(s))} (or toYaml) gives back a
 * scenario equal to {@code s}. {@link #canonicalJson} is the form content hashes are taken of.
 * Plain Java, stateless and thread-safe.
 */
public final class ScenarioWriter {

    private static final JsonMapper PRETTY = JsonMapper.builder().enable(SerializationFeature.INDENT_OUTPUT).build();
    private static final JsonMapper COMPACT = JsonMapper.builder().build();

    /** Indented JSON, fields in the order of the format. */
    public String toJson(Scenario s) {
        return PRETTY.writeValueAsString(tree(s, false)) + "\n";
    }

    /**
     * YAML, fields in the order of the format, laid out like the format's examples: block style for the
     * structure, flow style for small objects ({@code - { name: app, uid: 10123, mm: app_mm }}).
     */
    public String toYaml(Scenario s) {
        return YamlEmitter.write(tree(s, false));
    }

    /**
     * Compact JSON with every object's keys sorted, defaults left out, equivalent spellings made one
     * (euid equal to uid, ns root, an empty violations list, ...), and lists that are sets (caps, flags,
     * killed, violations) sorted: two files that mean the same scenario give the same text.
     */
    public String canonicalJson(Scenario s) {
        return COMPACT.writeValueAsString(sorted(tree(s, true)));
    }

    // ------------------------------------------------------------------------------------------

    private static Map<String, Object> tree(Scenario s, boolean canonical) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("version", ScenarioParser.VERSION);
        put(m, "name", s.name());
        put(m, "title", s.title());
        put(m, "description", s.description());
        if (s.variant() != null && !s.variant().equals(Variant.BASELINE.id)) m.put("variant", s.variant());
        Map<String, Object> designs = new LinkedHashMap<>();
        for (Map.Entry<String, Design> e : s.designs().entrySet()) {
            // the closest preset and the knobs that differ from it: the short form a reader can check
            Design d = e.getValue();
            Map<String, Object> knobs = new LinkedHashMap<>();
            knobs.put("preset", d.closestPreset().id());
            knobs.putAll(d.overridesFrom(d.closestPreset().design()));
            designs.put(e.getKey(), knobs);
        }
        if (!designs.isEmpty()) m.put("designs", designs);
        List<Object> namespaces = new ArrayList<>();
        for (NamespaceSpec ns : nn(s.namespaces())) {
            Map<String, Object> n = new LinkedHashMap<>();
            n.put("name", ns.name());
            if (ns.parent() != null && !ns.parent().equals(Scenario.ROOT_NAMESPACE)) n.put("parent", ns.parent());
            namespaces.add(n);
        }
        putList(m, "namespaces", namespaces);
        List<Object> mms = new ArrayList<>();
        for (MmSpec mm : nn(s.mms())) mms.add(mm(mm, canonical));
        putList(m, "mms", mms);
        List<Object> processes = new ArrayList<>();
        for (ProcessSpec p : nn(s.processes())) processes.add(process(p, canonical));
        putList(m, "processes", processes);
        Map<String, Object> programs = new LinkedHashMap<>();
        if (s.programs() != null) {
            for (Map.Entry<String, List<Op>> e : s.programs().entrySet()) {
                List<Object> ops = new ArrayList<>();
                for (Op op : nn(e.getValue())) ops.add(op(op, canonical));
                if (!canonical || !ops.isEmpty()) programs.put(e.getKey(), ops);
            }
        }
        if (!programs.isEmpty()) m.put("programs", programs);
        Map<String, Object> schedule = schedule(s.schedule(), canonical);
        if (schedule != null) m.put("schedule", schedule);
        Map<String, Object> expect = new LinkedHashMap<>();
        if (s.expect() != null) {
            for (Map.Entry<String, Expectation> e : s.expect().entrySet()) expect.put(e.getKey(), expectation(e.getValue(), canonical));
        }
        if (!expect.isEmpty()) m.put("expect", expect);
        Map<String, Object> options = variantOptions(s.variantOptions(), canonical);
        if (options != null) m.put("variantOptions", options);
        List<Object> lsm = new ArrayList<>();
        for (LsmRule r : nn(s.lsm())) {
            Map<String, Object> l = new LinkedHashMap<>();
            put(l, "from", r.from());
            put(l, "to", r.to());
            put(l, "errno", r.errno());
            lsm.add(l);
        }
        putList(m, "lsm", lsm);
        return m;
    }

    private static Map<String, Object> mm(MmSpec mm, boolean canonical) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("name", mm.name());
        Memory mem = mm.memory() == null ? Memory.EMPTY : mm.memory();
        Map<String, Object> memory = new LinkedHashMap<>();
        long[] pages = {mem.anon(), mem.file(), mem.shmem(), mem.mlocked(), mem.hugetlb(), mem.swap(), mem.fileCow(),
                mem.sharedFile(), mem.pfnmap()};
        for (int i = 0; i < pages.length; i++) {
            if (pages[i] != 0) memory.put(ScenarioParser.MEMORY_FIELDS.get(i), pages[i]);
        }
        if (!memory.isEmpty()) m.put("memory", memory);
        putList(m, "flags", set(mm.flags(), canonical));
        putList(m, "mmuNotifierRefuses", set(mm.mmuNotifierRefuses(), canonical));
        return m;
    }

    private static Map<String, Object> process(ProcessSpec p, boolean canonical) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("name", p.name());
        m.put("uid", p.uid());
        if (p.euid() != null && !(canonical && p.euid() == p.uid())) m.put("euid", p.euid());
        if (p.suid() != null && !(canonical && p.suid() == p.effectiveUid())) m.put("suid", p.suid());
        putList(m, "caps", set(p.caps(), canonical));
        put(m, "mm", p.mm());
        if (p.threads() != 1) m.put("threads", p.threads());
        if (p.vfork()) m.put("vfork", true);
        put(m, "parent", p.parent());
        if (p.ns() != null && !(canonical && p.ns().equals(Scenario.ROOT_NAMESPACE))) m.put("ns", p.ns());
        if (p.init()) m.put("init", true);
        if (p.kthread()) m.put("kthread", true);
        if (p.autoreap()) m.put("autoreap", true);
        if (p.pgrp() != null && !(canonical && p.parent() == null && p.pgrp().equals(p.name()))) m.put("pgrp", p.pgrp());
        put(m, "memcg", p.memcg());
        return m;
    }

    /** An operation as {name: {args}}, or the bare name when every argument has its default; by its declaration. */
    @SuppressWarnings("unchecked")
    static Object op(Op op, boolean canonical) {
        Operations.Declaration d = Operations.of(op);
        if (d == null) {
            throw new IllegalArgumentException(op.name() + " is internal (kill_and_reap under kernel_oom) and has no file form");
        }
        Map<String, Object> a = new LinkedHashMap<>();
        for (Operations.Field f : d.fields()) {
            Object v = f.get().apply(op);
            switch (f.type()) {
                case PIDFD:
                    a.put(f.name(), pidfd((String) v));
                    break;
                case SIG:
                    if (!isSigkill((String) v)) a.put(f.name(), sig((String) v));
                    break;
                case FLAGS:
                    putList(a, f.name(), set((List<String>) v, canonical));
                    break;
                case MRELEASE_FLAGS: {
                    long flags = canonical && (Long) v == -1 ? 0xFFFFFFFFL : (Long) v;
                    if (flags == Variant.PROCESS_MRELEASE_REAP_KILL && !canonical) a.put(f.name(), Operations.REAP_KILL_FLAG);
                    else if (flags != 0) a.put(f.name(), flags);
                    break;
                }
                default:
                    // a value equal to its default is left out; a required one is always written
                    if (v != null && (f.required() || f.def() == null || !v.equals(f.def()))) a.put(f.name(), v);
            }
        }
        if (a.isEmpty() && !canonical) return op.name();
        Map<String, Object> m = new LinkedHashMap<>();
        m.put(op.name(), a);
        return m;
    }

    private static Object pidfd(String fd) {
        return Op.BAD_FD.equals(fd) ? (Object) (-1) : fd;
    }

    private static boolean isSigkill(String sig) {
        return sig == null || sig.equals("SIGKILL");
    }

    private static Object sig(String sig) {
        return "0".equals(sig) ? (Object) 0 : sig;
    }

    private static Map<String, Object> schedule(ScheduleSpec s, boolean canonical) {
        if (s == null || s.equals(ScheduleSpec.ROUND_ROBIN)) return null;
        String policy = s.policy() == null ? "round_robin" : s.policy();
        boolean random = policy.equals("random") || "random".equals(s.then());
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("policy", policy);
        if (s.steps() != null && !s.steps().isEmpty()) m.put("steps", s.steps());
        if (s.seed() != null && !(canonical && !random)) m.put("seed", s.seed());
        if (s.then() != null && !(canonical && (s.then().equals("round_robin") || !policy.equals("script")))) {
            m.put("then", s.then());
        }
        if (canonical && m.size() == 1 && policy.equals("round_robin")) return null;
        return m;
    }

    private static Map<String, Object> expectation(Expectation e, boolean canonical) {
        Map<String, Object> m = new LinkedHashMap<>();
        if (e == null) return m;
        if (e.calls() != null && !e.calls().isEmpty()) {
            Map<String, Object> calls = new LinkedHashMap<>();
            for (Map.Entry<String, String> c : e.calls().entrySet()) calls.put(c.getKey(), ret(c.getValue()));
            m.put("calls", calls);
        }
        if (e.reaped() != null && !e.reaped().isEmpty()) m.put("reaped", new LinkedHashMap<>(e.reaped()));
        if (e.killed() != null) m.put("killed", set(e.killed(), canonical));
        if (e.violations() != null && !(canonical && e.violations().isEmpty())) m.put("violations", set(e.violations(), canonical));
        if (e.resident() != null && !e.resident().isEmpty()) m.put("resident", new LinkedHashMap<>(e.resident()));
        if (e.exitMmapBy() != null && !e.exitMmapBy().isEmpty()) m.put("exitMmapBy", new LinkedHashMap<>(e.exitMmapBy()));
        if (e.freed() != null && !e.freed().isEmpty()) m.put("freed", new LinkedHashMap<>(e.freed()));
        if (e.panic() != null) m.put("panic", e.panic());
        if (e.killedInCoredump() != null) m.put("killedInCoredump", set(e.killedInCoredump(), canonical));
        return m;
    }

    /** "0" and "12" as numbers, "-ESRCH" as text. */
    private static Object ret(String ret) {
        if (ret != null && ret.matches("-?[0-9]{1,9}")) return Integer.parseInt(ret);
        return ret;
    }

    private static Map<String, Object> variantOptions(VariantOptions o, boolean canonical) {
        if (o == null) return null;
        Map<String, Object> m = new LinkedHashMap<>();
        VariantOptions.ReapKillAllChecked c = o.reapKillAllChecked();
        VariantOptions.ReapKillAllChecked cd = VariantOptions.ReapKillAllChecked.DEFAULTS;
        if (c != null && !c.equals(cd)) {
            Map<String, Object> r = new LinkedHashMap<>();
            if (c.ignoredSignalIsFailure() != cd.ignoredSignalIsFailure()) r.put("ignoredSignalIsFailure", c.ignoredSignalIsFailure());
            if (c.revalidateBeforeReap() != cd.revalidateBeforeReap()) r.put("revalidateBeforeReap", c.revalidateBeforeReap());
            if (!Objects.equals(c.precheckErrno(), cd.precheckErrno()) && c.precheckErrno() != null) r.put("precheckErrno", c.precheckErrno());
            if (c.rejectThreadPidfd() != cd.rejectThreadPidfd()) r.put("rejectThreadPidfd", c.rejectThreadPidfd());
            m.put("reap_kill_all_checked", r);
        }
        VariantOptions.PidfdMmGroup g = o.pidfdMmGroup();
        if (g != null && g.mode() != null && !g.equals(VariantOptions.PidfdMmGroup.DEFAULTS)) {
            m.put("pidfd_mm_group", Map.of("mode", g.mode()));
        }
        if (canonical && m.isEmpty()) return null;
        return m;
    }

    // ---- helpers ----

    private static void put(Map<String, Object> m, String key, Object value) {
        if (value != null) m.put(key, value);
    }

    private static void putList(Map<String, Object> m, String key, List<?> value) {
        if (value != null && !value.isEmpty()) m.put(key, value);
    }

    /** A list that means a set: sorted in the canonical form, as given otherwise. */
    private static List<String> set(Collection<String> values, boolean canonical) {
        if (values == null) return List.of();
        List<String> out = new ArrayList<>(values);
        if (canonical) out.sort(null);
        return out;
    }

    private static <T> List<T> nn(List<T> list) {
        return list == null ? List.of() : list;
    }

    /** Every object's keys in sorted order, recursively. */
    @SuppressWarnings("unchecked")
    private static Object sorted(Object value) {
        if (value instanceof Map<?, ?> map) {
            Map<String, Object> out = new TreeMap<>();
            for (Map.Entry<?, ?> e : map.entrySet()) out.put((String) e.getKey(), sorted(e.getValue()));
            return out;
        }
        if (value instanceof List<?> list) {
            List<Object> out = new ArrayList<>();
            for (Object o : list) out.add(sorted(o));
            return out;
        }
        return value;
    }
}
