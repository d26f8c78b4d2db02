package org.reaplab.scenario.format;

import org.reaplab.scenario.VariantOptions;

import org.reaplab.scenario.ScheduleSpec;
import org.reaplab.scenario.ScheduleStep;
import org.reaplab.scenario.StepLimits;

import org.reaplab.scenario.Scenario;

import org.reaplab.scenario.ProcessSpec;

import org.reaplab.scenario.Op;

import org.reaplab.scenario.NamespaceSpec;

import org.reaplab.scenario.MmSpec;

import org.reaplab.scenario.Memory;

import org.reaplab.scenario.LsmRule;

import org.reaplab.scenario.Expectation;

import org.reaplab.kernel.Errno;
import org.reaplab.kernel.Invariant;
import org.reaplab.kernel.Vma;
import org.reaplab.design.Design;
import org.reaplab.design.DesignException;
import org.reaplab.design.DesignProblem;
import org.reaplab.design.Knob;
import org.reaplab.design.Knobs;
import org.reaplab.design.Presets;
import org.reaplab.variant.Variant;

import java.math.BigInteger;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

/**
 * Reads a scenario file (docs/scenario-format.md) from JSON or YAML text: the first non-blank
 * character '{' means JSON, anything else YAML. Every mistake is reported, each with its line, column
 * and JSON pointer; the scenario is returned only when there is none. Never throws for bad input.
 * Plain Java, stateless and thread-safe.
 */
public final class ScenarioParser {

    public static final int VERSION = 1;

    // limits (docs/scenario-format.md, "Limits")
    public static final int MAX_CHARS = 1 << 20;
    public static final int MAX_NAMESPACES = 32;
    public static final int MAX_MMS = 32;
    public static final int MAX_PROCESSES = 32;
    public static final int MAX_THREADS_PER_PROCESS = 64;
    public static final int MAX_THREADS = 256;
    public static final int MAX_OPS = 1000;
    public static final int MAX_DESIGNS = 64;
    public static final int MAX_TITLE = 200;
    public static final int MAX_STEPS = StepLimits.SCRIPT;
    public static final int MAX_PAGES_PER_OP = Operations.MAX_PAGES_PER_OP;
    /** 2^32 pages of 4 KiB = 16 TiB: more than any address space the model needs. */
    public static final long MAX_PAGES = 1L << 32;

    public static final List<String> TOP_LEVEL_FIELDS = List.of("version", "name", "title", "description", "variant",
            "designs", "namespaces", "mms", "processes", "programs", "schedule", "expect", "variantOptions", "lsm");
    public static final List<String> NAMESPACE_FIELDS = List.of("name", "parent");
    public static final List<String> MM_FIELDS = List.of("name", "memory", "flags", "mmuNotifierRefuses");
    public static final List<String> MEMORY_FIELDS = List.of("anon", "file", "shmem", "mlocked", "hugetlb", "swap",
            "fileCow", "sharedFile", "pfnmap");
    public static final List<String> PROCESS_FIELDS = List.of("name", "uid", "euid", "suid", "caps", "mm", "threads",
            "vfork", "parent", "ns", "init", "kthread", "autoreap", "pgrp", "memcg");
    public static final List<String> SCHEDULE_FIELDS = List.of("policy", "steps", "seed", "then");
    public static final List<String> EXPECT_FIELDS = List.of("calls", "reaped", "killed", "violations", "resident",
            "exitMmapBy", "freed", "panic", "killedInCoredump");
    public static final List<String> VARIANT_OPTIONS_FIELDS = List.of("reap_kill_all_checked", "pidfd_mm_group");
    public static final List<String> REAP_KILL_ALL_CHECKED_FIELDS = List.of("ignoredSignalIsFailure",
            "revalidateBeforeReap", "precheckErrno", "rejectThreadPidfd");
    public static final List<String> PIDFD_MM_GROUP_FIELDS = List.of("mode");
    public static final List<String> LSM_FIELDS = List.of("from", "to", "errno");

    /** Every operation a program may contain, with its argument names, in the order of {@link Op} (from {@link Operations}). */
    public static final Map<String, List<String>> OP_FIELDS;

    static {
        Map<String, List<String>> ops = new LinkedHashMap<>();
        for (Operations.Declaration d : Operations.all()) ops.put(d.name(), d.fieldNames());
        OP_FIELDS = Collections.unmodifiableMap(ops);
    }

    public static final List<String> POLICIES = List.of("script", "round_robin", "random", "exhaustive");
    public static final List<String> THEN_POLICIES = List.of("round_robin", "random");
    public static final long DEFAULT_SEED = 1;
    public static final List<String> CAPS = List.of("CAP_KILL", "CAP_SYS_PTRACE", "CAP_SETUID");
    public static final List<String> MM_FLAGS = List.of("MMF_MULTIPROCESS", "MMF_OOM_SKIP", "MMF_UNSTABLE",
            "MMF_OOM_REAP_QUEUED");
    public static final List<String> PIDFD_OPEN_FLAGS = Operations.PIDFD_OPEN_FLAGS;
    public static final List<String> PIDFD_SIGNAL_FLAGS = Operations.PIDFD_SIGNAL_FLAGS;
    public static final List<String> CLONE_FLAGS = Operations.CLONE_FLAGS;
    public static final String REAP_KILL_FLAG = Operations.REAP_KILL_FLAG;
    public static final List<String> PRECHECK_ERRNO = List.of("split", "einval");
    public static final List<String> MM_GROUP_MODES = List.of("strict", "pgrp_like");
    /** The kernel_oom variant's reaper kthread: may be named in a schedule, never declared. */
    public static final String OOM_REAPER = "oom_reaper";
    /** What kill_and_reap runs as under kernel_oom; valid in expect.calls keys only. */
    public static final String OOM_KILL_CALL = Op.OomKill.NAME;

    static final Pattern SCENARIO_NAME = Pattern.compile("[a-z0-9-]{1,64}");
    static final Pattern NAME = Pattern.compile("[A-Za-z0-9_-]{1,64}");
    static final Pattern FD_NAME = Pattern.compile("[A-Za-z_][A-Za-z0-9_-]{0,63}");
    static final Pattern CALL_KEY = Pattern.compile("([^.#]+)\\.([^.#]+)(?:#(.*))?");
    static final Pattern ERRNO_NAME = Pattern.compile("-E[A-Z0-9]+");
    static final Pattern NUMBER = Pattern.compile("-?[0-9]+");

    private static final BigInteger UINT_MAX = BigInteger.valueOf(0xFFFFFFFFL);

    /** Parses and validates; the scenario is null when any problem was found. */
    public ParseResult parse(String text, String source) {
        String src = source == null ? "scenario" : source;
        if (text == null) text = "";
        if (text.length() > MAX_CHARS) {
            return new ParseResult(null, List.of(new Problem(src, 1, 1, "",
                    "the file has " + text.length() + " characters; at most " + MAX_CHARS + " are accepted")));
        }
        SourceReader.Result read = SourceReader.read(text, src);
        if (read.syntaxError()) return new ParseResult(null, read.problems());
        Run run = new Run(src);
        run.problems.addAll(read.problems());
        Scenario scenario;
        try {
            scenario = run.scenario(read.root());
        } catch (RuntimeException e) {
            // a bug here must not turn a user's file into a stack trace
            run.problems.add(new Problem(src, 1, 1, "", "internal error while checking the scenario ("
                    + e.getClass().getSimpleName() + "); please report it with this file"));
            scenario = null;
        }
        List<Problem> problems = new ArrayList<>(run.problems);
        problems.sort((a, b) -> a.line() != b.line() ? Integer.compare(a.line(), b.line()) : Integer.compare(a.column(), b.column()));
        return new ParseResult(problems.isEmpty() ? scenario : null, problems);
    }

    /** A design read on its own (a {@code --design FILE}): the design, or the located problems. */
    public record DesignResult(Design design, List<Problem> problems) {}

    /**
     * Reads a design file: YAML or JSON, either a canonical string or an object of knobs with an optional
     * base {@code preset} (the same forms as a scenario's {@code designs} entries).
     */
    public DesignResult parseDesign(String text, String source) {
        String src = source == null ? "design" : source;
        SourceReader.Result read = SourceReader.read(text == null ? "" : text, src);
        if (read.syntaxError()) return new DesignResult(null, read.problems());
        Run run = new Run(src);
        run.problems.addAll(read.problems());
        Design d = run.design(read.root(), "the design");
        return new DesignResult(run.problems.isEmpty() ? d : null, List.copyOf(run.problems));
    }

    private static final List<String> ERRNO_NAMES;

    static {
        List<String> names = new ArrayList<>();
        for (int i = -1; i >= -4095; i--) {
            String n = Errno.name(i);
            if (n.startsWith("-E")) names.add(n);
        }
        ERRNO_NAMES = List.copyOf(names);
    }

    /** The known errno names, "-EPERM" ... (what Errno can spell), by number. */
    public static List<String> errnoNames() {
        return ERRNO_NAMES;
    }

    // ------------------------------------------------------------------------------------------

    private enum RefKind { THREAD, PID, PROCESS, MM, PIDFD, STEP }

    /** A name used somewhere, checked once every definition is known. */
    private record Ref(RefKind kind, String name, SourceNode node, boolean atKey, String prefix) {}

    /** The state of one parse. */
    private static final class Run {
        final String source;
        final List<Problem> problems = new ArrayList<>();
        final List<Ref> refs = new ArrayList<>();

        // definitions
        final Set<String> namespaceNames = new LinkedHashSet<>();
        final Set<String> mmNames = new LinkedHashSet<>();
        final Set<String> processNames = new LinkedHashSet<>();
        final Set<String> threadNames = new LinkedHashSet<>();
        final Set<String> cloneNames = new LinkedHashSet<>();
        final Set<String> cloneProcesses = new LinkedHashSet<>();
        final Set<String> fdNames = new LinkedHashSet<>();
        final List<SourceNode> cloneAsNodes = new ArrayList<>();
        final Set<String> kthreadThreads = new HashSet<>();
        /** mms no process uses at the start: each must be the new mm of exactly one exec. */
        final Map<String, SourceNode> unusedMms = new LinkedHashMap<>();
        final Set<String> processMms = new HashSet<>();
        final Map<String, SourceNode> execMms = new LinkedHashMap<>();
        final List<Map.Entry<String, SourceNode>> execOps = new ArrayList<>();
        final Set<String> threadZero = new HashSet<>();
        /** kthread_use_mm / kthread_unuse_mm operations, by the thread whose program has them. */
        final List<Map.Entry<String, SourceNode>> kthreadOps = new ArrayList<>();

        Run(String source) {
            this.source = source;
        }

        // ---- reporting ----

        void error(SourceNode at, String message) {
            problems.add(new Problem(source, at.line, at.column, at.pointer, message));
        }

        /** A title is one line of text: pages list it, so no line breaks, control characters or broken UTF-16. */
        void title(SourceNode at, String title) {
            if (title.length() > MAX_TITLE) {
                error(at, "the title has " + title.length() + " characters; at most " + MAX_TITLE + " are allowed");
                return;
            }
            for (int i = 0; i < title.length(); i++) {
                char c = title.charAt(i);
                boolean lone = Character.isHighSurrogate(c) ? i + 1 >= title.length() || !Character.isLowSurrogate(title.charAt(++i))
                        : Character.isLowSurrogate(c);
                if (Character.isISOControl(c) || c == '\u2028' || c == '\u2029' || lone) {
                    error(at, String.format("the title has %s at character %d; a title is one line of printable text",
                            lone ? "a lone surrogate" : String.format("the control character U+%04X", (int) c), i + 1));
                    return;
                }
            }
        }

        void errorAtKey(SourceNode at, String message) {
            problems.add(new Problem(source, at.keyLine, at.keyColumn, at.pointer, message));
        }

        void missing(SourceNode obj, String field, String what, String expected) {
            problems.add(new Problem(source, obj.line, obj.column, SourceNode.child(obj.pointer, field),
                    "missing required field '" + field + "'" + (what == null ? "" : " of " + what) + "; expected " + expected));
        }

        // ---- typed access to fields ----

        /** An object; reports unknown fields. Null (with an error) when the node is not an object. */
        boolean object(SourceNode n, String what, List<String> allowed) {
            if (!n.isObject()) {
                error(n, what + " must be an object with fields " + String.join(", ", allowed) + "; got " + n.describe());
                return false;
            }
            for (SourceNode f : n.fields.values()) {
                String key = lastToken(f.pointer);
                if (!allowed.contains(key)) {
                    errorAtKey(f, "unknown field '" + key + "'" + (what == null ? "" : " in " + what)
                            + "; expected one of " + String.join(", ", allowed));
                }
            }
            return true;
        }

        /** A present, non-null field, or null. */
        SourceNode field(SourceNode obj, String key) {
            SourceNode f = obj.get(key);
            return f == null || f.isNull() ? null : f;
        }

        String string(SourceNode obj, String key, String def, String what) {
            SourceNode f = field(obj, key);
            if (f == null) return def;
            if (!f.isString()) {
                error(f, "'" + key + "'" + of(what) + " must be a string; got " + f.describe());
                return def;
            }
            return f.text;
        }

        String requiredString(SourceNode obj, String key, String what, String expected) {
            SourceNode f = field(obj, key);
            if (f == null) {
                missing(obj, key, what, expected);
                return null;
            }
            if (!f.isString()) {
                error(f, "'" + key + "'" + of(what) + " must be " + expected + "; got " + f.describe());
                return null;
            }
            return f.text;
        }

        /** A name matching {@code pattern}; null when absent or wrong. */
        String name(SourceNode obj, String key, boolean required, Pattern pattern, String what, String expected) {
            String s = required ? requiredString(obj, key, what, expected) : string(obj, key, null, what);
            if (s == null) return null;
            if (!pattern.matcher(s).matches()) {
                error(obj.get(key), "'" + key + "'" + of(what) + " must be " + expected + "; got '" + s + "'");
                return null;
            }
            return s;
        }

        String choice(SourceNode obj, String key, String def, List<String> allowed, String what) {
            SourceNode f = field(obj, key);
            if (f == null) return def;
            if (!f.isString() || !allowed.contains(f.text)) {
                error(f, "'" + key + "'" + of(what) + " must be one of " + String.join(", ", allowed) + "; got " + f.describe());
                return def;
            }
            return f.text;
        }

        long integer(SourceNode obj, String key, long def, long min, long max, String what, String expected) {
            SourceNode f = field(obj, key);
            if (f == null) return def;
            return integerValue(f, key, def, min, max, what, expected);
        }

        long integerValue(SourceNode f, String key, long def, long min, long max, String what, String expected) {
            if (!f.isInteger()) {
                error(f, "'" + key + "'" + of(what) + " must be " + expected + "; got " + f.describe());
                return def;
            }
            if (f.integer.compareTo(BigInteger.valueOf(min)) < 0 || f.integer.compareTo(BigInteger.valueOf(max)) > 0) {
                error(f, "'" + key + "'" + of(what) + " is " + f.text + "; expected " + expected);
                return def;
            }
            return f.integer.longValue();
        }

        Long requiredInteger(SourceNode obj, String key, long min, long max, String what, String expected) {
            SourceNode f = field(obj, key);
            if (f == null) {
                missing(obj, key, what, expected);
                return null;
            }
            if (!f.isInteger() || f.integer.compareTo(BigInteger.valueOf(min)) < 0
                    || f.integer.compareTo(BigInteger.valueOf(max)) > 0) {
                error(f, "'" + key + "'" + of(what) + " must be " + expected + "; got " + f.describe());
                return null;
            }
            return f.integer.longValue();
        }

        boolean bool(SourceNode obj, String key, boolean def, String what) {
            SourceNode f = field(obj, key);
            if (f == null) return def;
            if (f.bool == null) {
                error(f, "'" + key + "'" + of(what) + " must be true or false; got " + f.describe());
                return def;
            }
            return f.bool;
        }

        /** A list of names from {@code allowed}, each at most once; empty when absent. */
        List<String> flags(SourceNode obj, String key, List<String> allowed, String what) {
            SourceNode f = field(obj, key);
            if (f == null) return List.of();
            if (!f.isArray()) {
                error(f, "'" + key + "'" + of(what) + " must be a list of " + String.join(", ", allowed) + "; got " + f.describe());
                return List.of();
            }
            List<String> out = new ArrayList<>();
            for (SourceNode item : f.items) {
                if (!item.isString() || !allowed.contains(item.text)) {
                    error(item, "unknown " + key + " value " + item.describe() + of(what) + "; expected one of "
                            + String.join(", ", allowed));
                } else if (out.contains(item.text)) {
                    error(item, "'" + item.text + "' is listed twice in '" + key + "'" + of(what));
                } else {
                    out.add(item.text);
                }
            }
            return List.copyOf(out);
        }

        /** The items of a list field; empty (and an error unless absent) when not a list. */
        List<SourceNode> list(SourceNode obj, String key, String expected) {
            SourceNode f = field(obj, key);
            if (f == null) return List.of();
            if (!f.isArray()) {
                error(f, "'" + key + "' must be a list of " + expected + "; got " + f.describe());
                return List.of();
            }
            return f.items;
        }

        // ---- the document ----

        Scenario scenario(SourceNode root) {
            if (!root.isObject()) {
                error(root, "a scenario must be an object with fields " + String.join(", ", TOP_LEVEL_FIELDS)
                        + "; got " + root.describe());
                return null;
            }
            object(root, null, TOP_LEVEL_FIELDS);
            version(root);
            String name = name(root, "name", true, SCENARIO_NAME, null, "a slug of 1 to 64 characters a-z, 0-9 and '-'");
            String title = requiredString(root, "title", null, "a one-line title (a string)");
            if (title != null && title.isBlank()) error(root.get("title"), "'title' must not be empty");
            else if (title != null) title(root.get("title"), title);
            String description = string(root, "description", null, null);
            Map<String, Design> designs = designs(root);
            String variant = designName(root, "variant", designs);

            List<NamespaceSpec> namespaces = namespaces(root);
            List<MmSpec> mms = mms(root);
            List<ProcessSpec> processes = processes(root, mms);
            Map<String, List<Op>> programs = programs(root);
            ScheduleSpec schedule = schedule(root);
            Map<String, Expectation> expect = expect(root, designs);
            VariantOptions options = variantOptions(root);
            List<LsmRule> lsm = lsm(root);
            resolveRefs();
            return new Scenario(VERSION, name, title, description, variant, namespaces, mms, processes, programs,
                    schedule, expect, options, lsm, designs);
        }

        void version(SourceNode root) {
            SourceNode v = field(root, "version");
            if (v == null) {
                missing(root, "version", null, "1 (the version of this format)");
            } else if (!v.isInteger() || !v.integer.equals(BigInteger.ONE)) {
                error(v, "unsupported version " + v.describe() + "; this ReapLab reads version " + VERSION);
            }
        }

        // ---- namespaces ----

        List<NamespaceSpec> namespaces(SourceNode root) {
            List<NamespaceSpec> out = new ArrayList<>();
            Map<String, SourceNode> nodes = new HashMap<>();
            List<SourceNode> items = list(root, "namespaces", "{name, parent} objects");
            if (items.size() > MAX_NAMESPACES) {
                error(root.get("namespaces"), items.size() + " namespaces; at most " + MAX_NAMESPACES + " are allowed");
            }
            for (SourceNode n : items) {
                if (!object(n, "a namespace", NAMESPACE_FIELDS)) continue;
                String name = name(n, "name", true, NAME, "a namespace", "a name of 1 to 64 characters A-Z, a-z, 0-9, '_' and '-'");
                String parent = name(n, "parent", false, NAME, "a namespace", "a namespace name");
                if (name == null) continue;
                if (name.equals(Scenario.ROOT_NAMESPACE)) {
                    error(n.get("name"), "'root' always exists (the init pid namespace) and cannot be declared");
                    continue;
                }
                if (!namespaceNames.add(name)) {
                    error(n.get("name"), "duplicate namespace name '" + name + "'");
                    continue;
                }
                nodes.put(name, n);
                out.add(new NamespaceSpec(name, parent == null ? Scenario.ROOT_NAMESPACE : parent));
            }
            Map<String, String> parentOf = new HashMap<>();
            for (NamespaceSpec ns : out) {
                String p = ns.parent();
                if (!p.equals(Scenario.ROOT_NAMESPACE) && !namespaceNames.contains(p)) {
                    error(nodes.get(ns.name()).get("parent"), "unknown parent namespace '" + p + "'; expected root"
                            + (namespaceNames.isEmpty() ? "" : " or one of " + list(namespaceNames)));
                } else {
                    parentOf.put(ns.name(), p);
                }
            }
            for (List<String> cycle : cycles(out.stream().map(NamespaceSpec::name).toList(), parentOf)) {
                SourceNode at = nodes.get(cycle.get(0));
                error(at.get("parent") != null ? at.get("parent") : at, "namespaces form a cycle: "
                        + String.join(" → ", cycle) + "; following 'parent' from every namespace must reach root");
            }
            return List.copyOf(out);
        }

        /** Each cycle once, starting at its first member in declaration order, closed ("a → b → a"). */
        static List<List<String>> cycles(List<String> order, Map<String, String> parentOf) {
            List<List<String>> out = new ArrayList<>();
            Set<String> done = new HashSet<>();
            for (String start : order) {
                if (done.contains(start)) continue;
                List<String> path = new ArrayList<>();
                String cur = start;
                while (cur != null && !done.contains(cur) && !path.contains(cur)) {
                    path.add(cur);
                    cur = parentOf.get(cur);
                }
                if (cur != null && path.contains(cur)) {
                    List<String> cycle = new ArrayList<>(path.subList(path.indexOf(cur), path.size()));
                    // start the cycle at its member declared first
                    int first = 0;
                    for (int i = 1; i < cycle.size(); i++) {
                        if (order.indexOf(cycle.get(i)) < order.indexOf(cycle.get(first))) first = i;
                    }
                    Collections.rotate(cycle, -first);
                    cycle.add(cycle.get(0));
                    out.add(cycle);
                }
                done.addAll(path);
            }
            out.sort((a, b) -> Integer.compare(order.indexOf(a.get(0)), order.indexOf(b.get(0))));
            return out;
        }

        // ---- mms ----

        final Map<String, SourceNode> mmNodes = new HashMap<>();

        List<MmSpec> mms(SourceNode root) {
            List<MmSpec> out = new ArrayList<>();
            List<SourceNode> items = list(root, "mms", "{name, memory, flags, mmuNotifierRefuses} objects");
            if (items.size() > MAX_MMS) error(root.get("mms"), items.size() + " mms; at most " + MAX_MMS + " are allowed");
            for (SourceNode n : items) {
                if (!object(n, "an mm", MM_FIELDS)) continue;
                String name = name(n, "name", true, NAME, "an mm", "a name of 1 to 64 characters A-Z, a-z, 0-9, '_' and '-'");
                Memory memory = memory(n);
                List<String> flags = flags(n, "flags", MM_FLAGS, null);
                List<String> kinds = Arrays.stream(Vma.Kind.values()).map(k -> k.key).toList();
                List<String> refuses = flags(n, "mmuNotifierRefuses", kinds, null);
                for (String kind : refuses) {
                    if (memory != null && pages(memory, kind) == 0 && !(kind.equals("anon") && memory.swap() > 0)) {
                        error(n.get("mmuNotifierRefuses"), "mmuNotifierRefuses names '" + kind + "' but the mm has no "
                                + kind + " pages, so there is no such VMA");
                    }
                }
                if (name == null) continue;
                if (!mmNames.add(name)) {
                    error(n.get("name"), "duplicate mm name '" + name + "'");
                    continue;
                }
                mmNodes.put(name, n);
                out.add(new MmSpec(name, memory == null ? Memory.EMPTY : memory, flags, refuses));
            }
            return List.copyOf(out);
        }

        Memory memory(SourceNode mm) {
            SourceNode m = field(mm, "memory");
            if (m == null) return Memory.EMPTY;
            if (!object(m, "memory", MEMORY_FIELDS)) return null;
            long[] v = new long[MEMORY_FIELDS.size()];
            String expected = "a whole number of 4 KiB pages from 0 to 2^32 (" + MAX_PAGES + ", 16 TiB)";
            for (int i = 0; i < v.length; i++) {
                String key = MEMORY_FIELDS.get(i);
                SourceNode f = field(m, key);
                if (f == null) continue;
                if (f.isInteger() && f.integer.compareTo(BigInteger.valueOf(MAX_PAGES)) > 0) {
                    error(f, "memory '" + key + "' of " + f.text + " pages is absurd (more than 2^32 pages, 16 TiB); expected "
                            + expected);
                    continue;
                }
                v[i] = integerValue(f, key, 0, 0, MAX_PAGES, "memory", expected);
            }
            return new Memory(v[0], v[1], v[2], v[3], v[4], v[5], v[6], v[7], v[8]);
        }

        static long pages(Memory m, String kind) {
            switch (kind) {
                case "anon": return m.anon();
                case "file": return m.file();
                case "shmem": return m.shmem();
                case "mlocked": return m.mlocked();
                case "hugetlb": return m.hugetlb();
                case "fileCow": return m.fileCow();
                case "sharedFile": return m.sharedFile();
                case "pfnmap": return m.pfnmap();
                default: return 0;
            }
        }

        // ---- processes ----

        List<ProcessSpec> processes(SourceNode root, List<MmSpec> mms) {
            List<ProcessSpec> out = new ArrayList<>();
            Map<String, SourceNode> nodes = new HashMap<>();
            Map<String, Integer> position = new HashMap<>();
            SourceNode list = field(root, "processes");
            List<SourceNode> items = list(root, "processes", "process objects");
            if (list == null) {
                missing(root, "processes", null, "a list of processes (at least one)");
            } else if (list.isArray() && items.isEmpty()) {
                error(list, "a scenario needs at least one process");
            }
            if (items.size() > MAX_PROCESSES) {
                error(list, items.size() + " processes; at most " + MAX_PROCESSES + " are allowed");
            }
            int totalThreads = 0;
            String nameExpected = "a name of 1 to 64 characters A-Z, a-z, 0-9, '_' and '-' (no '/')";
            for (SourceNode n : items) {
                if (!object(n, "a process", PROCESS_FIELDS)) continue;
                String name = name(n, "name", true, NAME, "a process", nameExpected);
                String what = name == null ? "a process" : "process '" + name + "'";
                Long uid = requiredInteger(n, "uid", 0, Integer.MAX_VALUE, what, "an integer uid ≥ 0");
                long euid = integer(n, "euid", -1, 0, Integer.MAX_VALUE, what, "an integer uid ≥ 0");
                long suid = integer(n, "suid", -1, 0, Integer.MAX_VALUE, what, "an integer uid ≥ 0");
                List<String> caps = flags(n, "caps", CAPS, what);
                String mm = name(n, "mm", false, NAME, what, "an mm name");
                long threads = integer(n, "threads", 1, 1, MAX_THREADS_PER_PROCESS, what,
                        "a thread count from 1 to " + MAX_THREADS_PER_PROCESS);
                boolean vfork = bool(n, "vfork", false, what);
                String parent = name(n, "parent", false, NAME, what, "a process name");
                String ns = name(n, "ns", false, NAME, what, "a namespace name");
                boolean init = bool(n, "init", false, what);
                boolean kthread = bool(n, "kthread", false, what);
                boolean autoreap = bool(n, "autoreap", false, what);
                String pgrp = name(n, "pgrp", false, NAME, what, "a process name (the process whose pid is the group id)");
                String memcg = name(n, "memcg", false, NAME, what, "a memory cgroup name (1 to 64 characters A-Z, a-z, 0-9, '_' and '-')");
                totalThreads += (int) threads;
                if (name == null) continue;
                if (name.equals(OOM_REAPER)) {
                    error(n.get("name"), "'oom_reaper' is the name of the kernel_oom variant's reaper kthread; choose another");
                    continue;
                }
                if (processNames.contains(name)) {
                    error(n.get("name"), "duplicate process name '" + name + "'");
                    continue;
                }
                processNames.add(name);
                for (int i = 0; i < threads; i++) {
                    threadNames.add(ProcessSpec.threadName(name, i));
                    if (kthread) kthreadThreads.add(ProcessSpec.threadName(name, i));
                }
                nodes.put(name, n);
                position.put(name, out.size());
                out.add(new ProcessSpec(name, uid == null ? 0 : uid.intValue(), euid < 0 ? null : (int) euid,
                        suid < 0 ? null : (int) suid, caps, mm, (int) threads, vfork, parent, ns, init, kthread, autoreap,
                        pgrp, memcg));
                if (!kthread) threadZero.add(name);
            }
            if (totalThreads > MAX_THREADS) {
                error(list, totalThreads + " threads in all; at most " + MAX_THREADS + " are allowed");
            }

            Map<String, String> parentOf = new HashMap<>();
            for (ProcessSpec p : out) {
                if (p.parent() != null && processNames.contains(p.parent())) parentOf.put(p.name(), p.parent());
            }
            Set<String> inCycle = new HashSet<>();
            for (List<String> cycle : cycles(out.stream().map(ProcessSpec::name).toList(), parentOf)) {
                inCycle.addAll(cycle);
                error(nodes.get(cycle.get(0)).get("parent"), "processes form a parent cycle: " + String.join(" → ", cycle)
                        + "; a parent must be declared before its child");
            }

            Map<String, String> initOf = new HashMap<>();
            Set<String> usedMms = new HashSet<>();
            for (ProcessSpec p : out) {
                SourceNode n = nodes.get(p.name());
                String what = "process '" + p.name() + "'";
                if (p.mm() != null) {
                    if (!mmNames.contains(p.mm())) {
                        error(n.get("mm"), "unknown mm '" + p.mm() + "' in " + what + "; "
                                + (mmNames.isEmpty() ? "no mms are declared (add one under 'mms')" : "declared mms: " + list(mmNames)));
                    } else {
                        usedMms.add(p.mm());
                    }
                }
                if (p.ns() != null && !p.ns().equals(Scenario.ROOT_NAMESPACE) && !namespaceNames.contains(p.ns())) {
                    error(n.get("ns"), "unknown namespace '" + p.ns() + "' in " + what + "; expected root"
                            + (namespaceNames.isEmpty() ? "" : " or one of " + list(namespaceNames)));
                }
                ProcessSpec parent = null;
                if (p.parent() != null) {
                    if (!processNames.contains(p.parent())) {
                        error(n.get("parent"), "unknown parent '" + p.parent() + "' of " + what + "; declared processes: "
                                + list(processNames));
                    } else if (!inCycle.contains(p.name()) && position.get(p.parent()) >= position.get(p.name())) {
                        error(n.get("parent"), "parent '" + p.parent() + "' of " + what
                                + " is declared after it; processes are created in order, so a parent must come first");
                    } else {
                        parent = out.get(position.get(p.parent()));
                    }
                }
                if (p.pgrp() != null && !p.pgrp().equals(p.name())) {
                    if (!processNames.contains(p.pgrp())) {
                        error(n.get("pgrp"), "unknown process group '" + p.pgrp() + "' of " + what + "; expected the name of the process "
                                + "whose pid is the group id: " + p.name() + " itself or a process declared before it");
                    } else if (position.get(p.pgrp()) >= position.get(p.name())) {
                        error(n.get("pgrp"), "process group '" + p.pgrp() + "' of " + what
                                + " is led by a process declared after it; the group leader must come first");
                    }
                }
                if (p.vfork()) {
                    if (p.parent() == null) {
                        error(n.get("vfork"), what + " is a vfork child but has no 'parent'; a vfork child needs the parent that waits for it");
                    } else if (parent != null) {
                        if (p.mm() == null || !p.mm().equals(parent.mm())) {
                            error(n.get("vfork"), what + " is a vfork child (CLONE_VM|CLONE_VFORK), so it must share its parent's mm: expected mm: "
                                    + (parent.mm() == null ? "(the parent has none)" : parent.mm()) + ", got "
                                    + (p.mm() == null ? "none" : p.mm()));
                        }
                    }
                }
                if (p.init()) {
                    String ns = p.namespace();
                    if (initOf.containsKey(ns)) {
                        error(n.get("init"), "namespace '" + ns + "' already has an init ('" + initOf.get(ns) + "'); at most one init per pid namespace");
                    } else {
                        initOf.put(ns, p.name());
                    }
                }
                if (p.kthread() && p.mm() != null) {
                    error(n.get("mm"), what + " is a kthread and has no mm of its own; use kthread_use_mm in its program to adopt one");
                }
            }
            processMms.addAll(usedMms);
            for (MmSpec m : mms) {
                if (!usedMms.contains(m.name())) unusedMms.put(m.name(), mmNodes.get(m.name()).get("name"));
            }
            return List.copyOf(out);
        }

        // ---- programs ----

        Map<String, List<Op>> programs(SourceNode root) {
            Map<String, List<Op>> out = new LinkedHashMap<>();
            SourceNode p = field(root, "programs");
            if (p == null) return Collections.unmodifiableMap(out);
            if (!p.isObject()) {
                error(p, "'programs' must be an object mapping a thread name to its list of operations; got " + p.describe());
                return Collections.unmodifiableMap(out);
            }
            for (Map.Entry<String, SourceNode> e : p.fields.entrySet()) {
                String thread = e.getKey();
                SourceNode list = e.getValue();
                refs.add(new Ref(RefKind.THREAD, thread, list, true, "program of "));
                List<Op> ops = new ArrayList<>();
                if (list.isNull()) {
                    out.put(thread, List.of());
                    continue;
                }
                if (!list.isArray()) {
                    error(list, "the program of '" + thread + "' must be a list of operations; got " + list.describe());
                    continue;
                }
                if (list.items.size() > MAX_OPS) {
                    error(list, "the program of '" + thread + "' has " + list.items.size() + " operations; at most " + MAX_OPS + " are allowed");
                }
                boolean inUse = false;
                for (SourceNode item : list.items) {
                    Op op = op(item);
                    if (op == null) continue;
                    ops.add(op);
                    if (op instanceof Op.Exec) execOps.add(Map.entry(thread, item));
                    if (op instanceof Op.KthreadUseMm || op instanceof Op.KthreadUnuseMm) {
                        kthreadOps.add(Map.entry(thread, item));
                        boolean use = op instanceof Op.KthreadUseMm;
                        if (use && inUse) {
                            error(item, "kthread_use_mm while the thread already uses an mm; call kthread_unuse_mm first");
                        } else if (!use && !inUse) {
                            error(item, "kthread_unuse_mm without a kthread_use_mm before it");
                        }
                        inUse = use;
                    }
                }
                out.put(thread, List.copyOf(ops));
            }
            return Collections.unmodifiableMap(out);
        }

        Op op(SourceNode item) {
            String opName;
            SourceNode args;
            if (item.isString()) {
                opName = item.text;
                args = SourceNode.object(item.pointer, item.line, item.column);
            } else if (item.isObject() && item.fields.size() == 1) {
                Map.Entry<String, SourceNode> only = item.fields.entrySet().iterator().next();
                opName = only.getKey();
                args = only.getValue();
                if (args.isNull()) args = SourceNode.object(args.pointer, args.line, args.column);
            } else {
                String found = item.isObject()
                        ? (item.fields.isEmpty() ? "an empty object" : "keys " + String.join(", ", item.fields.keySet()))
                        : item.describe();
                error(item, "an operation is an object with exactly one key, {op_name: {args}}, or a bare op name; found " + found);
                return null;
            }
            SourceNode at = item.isObject() ? item.fields.values().iterator().next() : item;
            Operations.Declaration decl = Operations.byName(opName);
            if (decl == null) {
                if (opName.equals(OOM_KILL_CALL)) {
                    errorAtKey(at, "oom_kill_process is internal (what kill_and_reap means under kernel_oom) and has no file syntax; write kill_and_reap");
                } else {
                    errorAtKey(at, "unknown operation '" + opName + "'; expected one of " + String.join(", ", OP_FIELDS.keySet()));
                }
                return null;
            }
            if (!object(args, opName, decl.fieldNames())) return null;
            Map<String, Object> values = new HashMap<>();
            for (Operations.Field f : decl.fields()) values.put(f.name(), value(args, f, opName));
            return semantics(decl.build().apply(new Operations.Values(values)), args, opName);
        }

        /** One field of an operation, read as its declaration says; the default (or null) when absent or wrong. */
        Object value(SourceNode args, Operations.Field f, String w) {
            String key = f.name();
            switch (f.type()) {
                case PID:
                case PROCESS:
                case MM: {
                    RefKind kind = f.type() == Operations.Type.PID ? RefKind.PID : f.type() == Operations.Type.MM ? RefKind.MM : RefKind.PROCESS;
                    return f.required() || field(args, key) != null ? ref(args, key, kind, w) : null;
                }
                case PIDFD: return pidfd(args, w);
                case FD_NAME: return fdAs(args, w);
                case TASK_NAME: return name(args, key, true, NAME, w, "the new task's name (1 to 64 characters A-Z, a-z, 0-9, '_' and '-')");
                case SIG: return sig(args, w);
                case FLAGS: return flags(args, key, f.values(), w);
                case CHOICE: {
                    String v = choice(args, key, (String) f.def(), f.values(), w);
                    if (f.required() && field(args, key) == null) missing(args, key, w, f.expected());
                    return v;
                }
                case INT: {
                    if (!f.required()) return integer(args, key, ((Number) f.def()).longValue(), f.min(), f.max(), w, f.expected());
                    Long v = requiredInteger(args, key, f.min(), f.max(), w, f.expected());
                    return v == null ? 0L : v;
                }
                case BOOL: return bool(args, key, (Boolean) f.def(), w);
                case MRELEASE_FLAGS: return mreleaseFlags(args);
                default: throw new IllegalStateException(f.type().name());
            }
        }

        /** The checks across fields and operations that no field's type states: names a clone or exec claims, open's pid. */
        Op semantics(Op op, SourceNode args, String w) {
            if (op instanceof Op.Clone o && o.as() != null) {
                if (!cloneNames.add(o.as())) {
                    error(args.get("as"), "clone 'as' name '" + o.as() + "' is used by another clone; each clone names a new task");
                } else {
                    cloneAsNodes.add(args.get("as"));
                    if (!o.flags().contains("CLONE_THREAD")) cloneProcesses.add(o.as());
                }
            } else if (op instanceof Op.Exec o && o.mm() != null) {
                if (execMms.containsKey(o.mm())) {
                    error(args.get("mm"), "mm '" + o.mm() + "' is already the new mm of another exec; each exec builds its own address space");
                } else {
                    execMms.put(o.mm(), args.get("mm"));
                }
            } else if (op instanceof Op.Open o) {
                if ("proc_dir".equals(o.file()) && field(args, "pid") == null) {
                    missing(args, "pid", w, Operations.byName(w).field("pid").expected());
                } else if ("regular".equals(o.file()) && field(args, "pid") != null) {
                    error(args.get("pid"), "'pid' is only for file: proc_dir (the /proc/<pid> directory)");
                    return new Op.Open(o.file(), null, o.as());
                }
            }
            return op;
        }

        /** A required name that is resolved once all definitions are known. */
        String ref(SourceNode args, String key, RefKind kind, String what) {
            String expected = kind == RefKind.MM ? "an mm name" : kind == RefKind.PROCESS ? "a process name" : "a process or thread name";
            String s = requiredString(args, key, what, expected);
            if (s != null) refs.add(new Ref(kind, s, args.get(key), false, ""));
            return s;
        }

        /** The name an fd is given ('as' of pidfd_open, open, send_pidfd). */
        String fdAs(SourceNode args, String what) {
            String as = name(args, "as", true, FD_NAME, what,
                    "an fd name (a letter or '_', then up to 63 of A-Z, a-z, 0-9, '_', '-')");
            if (as == null) return null;
            if (as.equals(Op.PIDFD_SELF_THREAD) || as.equals(Op.PIDFD_SELF_THREAD_GROUP)) {
                error(args.get("as"), as + " is a special pidfd value and cannot name an fd");
                return as;
            }
            fdNames.add(as);
            return as;
        }

        String pidfd(SourceNode args, String what) {
            SourceNode f = field(args, "pidfd");
            String expected = "-1, PIDFD_SELF_THREAD, PIDFD_SELF_THREAD_GROUP, or an fd name defined by an 'as'";
            if (f == null) {
                missing(args, "pidfd", what, expected);
                return null;
            }
            if (f.isInteger() && f.integer.equals(BigInteger.ONE.negate())) return Op.BAD_FD;
            if (!f.isString()) {
                error(f, "'pidfd' of " + what + " must be " + expected + "; got " + f.describe()
                        + (f.isInteger() ? " (-1 is the only number accepted: fds are named by the 'as' that opens them)" : ""));
                return null;
            }
            refs.add(new Ref(RefKind.PIDFD, f.text, f, false, ""));
            return f.text;
        }

        String sig(SourceNode args, String what) {
            SourceNode f = field(args, "sig");
            if (f == null) return "SIGKILL";
            String v = f.text;
            if ((f.isString() || f.isInteger()) && v != null) {
                if (v.equals("SIGKILL") || v.equals("9")) return "SIGKILL";
                if (v.equals("0")) return "0";
            }
            error(f, "'sig' of " + what + " must be SIGKILL (or 9) or 0 (the permission probe); got " + f.describe());
            return "SIGKILL";
        }

        long mreleaseFlags(SourceNode args) {
            SourceNode f = field(args, "flags");
            String expected = "0, " + REAP_KILL_FLAG + " (1), a list of flag names, or a number (-1 for (unsigned)-1, else 0 to 4294967295)";
            if (f == null) return 0;
            if (f.isInteger()) {
                if (f.integer.equals(BigInteger.ONE.negate())) return -1L;
                if (f.integer.signum() >= 0 && f.integer.compareTo(UINT_MAX) <= 0) return f.integer.longValue();
            } else if (f.isString() && f.text.equals(REAP_KILL_FLAG)) {
                return Variant.PROCESS_MRELEASE_REAP_KILL;
            } else if (f.isArray()) {
                long flags = 0;
                for (SourceNode item : f.items) {
                    if (item.isString() && item.text.equals(REAP_KILL_FLAG)) {
                        flags |= Variant.PROCESS_MRELEASE_REAP_KILL;
                    } else {
                        error(item, "unknown process_mrelease flag " + item.describe() + "; expected " + REAP_KILL_FLAG);
                    }
                }
                return flags;
            }
            error(f, "'flags' of process_mrelease must be " + expected + "; got " + f.describe());
            return 0;
        }

        // ---- schedule ----

        ScheduleSpec schedule(SourceNode root) {
            SourceNode s = field(root, "schedule");
            if (s == null) return ScheduleSpec.ROUND_ROBIN;
            if (!object(s, "the schedule", SCHEDULE_FIELDS)) return ScheduleSpec.ROUND_ROBIN;
            String policy = choice(s, "policy", "round_robin", POLICIES, null);
            String then = choice(s, "then", null, THEN_POLICIES, null);
            Long seed = null;
            SourceNode seedNode = field(s, "seed");
            if (seedNode != null) {
                if (!seedNode.isInteger() || seedNode.integer.bitLength() > 63) {
                    error(seedNode, "'seed' must be an integer (64-bit); got " + seedNode.describe());
                } else {
                    seed = seedNode.integer.longValue();
                }
            } else if ("random".equals(policy) || "random".equals(then)) {
                seed = DEFAULT_SEED;
            }
            List<String> steps = new ArrayList<>();
            SourceNode stepsNode = field(s, "steps");
            if (stepsNode != null) {
                if (!stepsNode.isArray()) {
                    error(stepsNode, "'steps' must be a list of steps (\"t\", \"t*\" or \"t@function\"); got " + stepsNode.describe());
                } else {
                    if (!"script".equals(policy) && !stepsNode.items.isEmpty()) {
                        error(stepsNode, "'steps' are only followed by policy script, but the policy is " + policy
                                + "; add 'policy: script' or remove the steps");
                    }
                    if (stepsNode.items.size() > MAX_STEPS) {
                        error(stepsNode, stepsNode.items.size() + " steps; at most " + MAX_STEPS + " are allowed");
                    }
                    for (int i = 0; i < stepsNode.items.size(); i++) {
                        String step = step(stepsNode.items.get(i), i);
                        if (step != null) steps.add(step);
                    }
                }
            }
            return new ScheduleSpec(policy, List.copyOf(steps), seed, then);
        }

        String step(SourceNode n, int index) {
            if (!n.isString()) {
                error(n, "step " + index + " must be a string: " + ScheduleStep.SYNTAX + "; got " + n.describe());
                return null;
            }
            String s = n.text;
            String problem = ScheduleStep.problem(s);
            if (problem != null) {
                error(n, "step " + index + " ('" + s + "')" + problem);
                return null;
            }
            refs.add(new Ref(RefKind.STEP, ScheduleStep.parse(s).thread(), n, false, "step " + index + " ('" + s + "') names "));
            return s;
        }

        // ---- expect ----

        Map<String, Expectation> expect(SourceNode root, Map<String, Design> designs) {
            Map<String, Expectation> out = new LinkedHashMap<>();
            SourceNode e = field(root, "expect");
            if (e == null) return Collections.unmodifiableMap(out);
            if (!e.isObject()) {
                error(e, "'expect' must be an object mapping a variant (" + String.join(", ", Variant.ids())
                        + ") or a design to what it must produce; got " + e.describe());
                return Collections.unmodifiableMap(out);
            }
            for (Map.Entry<String, SourceNode> v : e.fields.entrySet()) {
                String variant = v.getKey();
                SourceNode x = v.getValue();
                String bad = designProblem(variant, designs);
                if (bad != null) {
                    errorAtKey(x, bad.startsWith("unknown variant") ? bad + " in expect; expected one of " + known(designs)
                            : "expect." + variant + ": " + bad);
                }
                String what = "expect." + variant;
                if (x.isNull()) {
                    out.put(variant, new Expectation(Map.of(), Map.of(), null, null));
                    continue;
                }
                if (!object(x, what, EXPECT_FIELDS)) continue;
                out.put(variant, new Expectation(calls(x, what), reaped(x, what), killed(x, what), violations(x, what),
                        resident(x, what), exitMmapBy(x, what), mmBooleans(x, "freed", what), panicExpected(x, what),
                        processSet(x, "killedInCoredump", what)));
            }
            return Collections.unmodifiableMap(out);
        }

        Map<String, String> calls(SourceNode x, String what) {
            Map<String, String> out = new LinkedHashMap<>();
            SourceNode c = field(x, "calls");
            if (c == null) return Collections.unmodifiableMap(out);
            if (!c.isObject()) {
                error(c, "'calls' of " + what + " must be an object mapping \"thread.op\" or \"thread.op#n\" to a return value; got " + c.describe());
                return Collections.unmodifiableMap(out);
            }
            for (Map.Entry<String, SourceNode> e : c.fields.entrySet()) {
                String key = e.getKey();
                SourceNode value = e.getValue();
                if (callKey(key, value)) {
                    String ret = ret(value, "the expected return of " + key);
                    if (ret != null) out.put(key, ret);
                }
            }
            return Collections.unmodifiableMap(out);
        }

        boolean callKey(String key, SourceNode at) {
            Matcher m = CALL_KEY.matcher(key);
            if (!m.matches()) {
                errorAtKey(at, "call key '" + key + "' must be \"thread.op\" or \"thread.op#n\" (n ≥ 1), e.g. \"lmkd.process_mrelease#2\"");
                return false;
            }
            boolean ok = true;
            String op = m.group(2);
            if (op.equals("kill_and_reap")) {
                errorAtKey(at, "'" + key + "': kill_and_reap reports the calls it expands to; expect process_mrelease "
                        + "(and pidfd_send_signal, or oom_kill_process under kernel_oom) instead");
                ok = false;
            } else if (!OP_FIELDS.containsKey(op) && !op.equals(OOM_KILL_CALL)) {
                errorAtKey(at, "'" + key + "' names unknown operation '" + op + "'; expected one of "
                        + String.join(", ", OP_FIELDS.keySet()) + ", " + OOM_KILL_CALL);
                ok = false;
            }
            if (m.group(3) != null) {
                String n = m.group(3);
                if (!n.matches("[0-9]{1,6}") || Integer.parseInt(n) < 1) {
                    errorAtKey(at, "'" + key + "': after '#' comes the 1-based repeat number n ≥ 1; got '" + n + "'");
                    ok = false;
                }
            }
            refs.add(new Ref(RefKind.THREAD, m.group(1), at, true, "call key '" + key + "' names "));
            return ok;
        }

        /** A return value: 0, a number, or -ERRNO by name; canonical ("-ESRCH", "0"). */
        String ret(SourceNode v, String what) {
            String expected = "0, a number, or -ERRNO by name (" + String.join(", ", errnoNames().subList(0, 6)) + ", ...)";
            if (v.isInteger()) {
                if (v.integer.bitLength() > 31) {
                    error(v, what + " is " + v.text + ", which is not a return value; expected " + expected);
                    return null;
                }
                return Errno.name(v.integer.intValue());
            }
            if (v.isString()) {
                String t = v.text;
                if (NUMBER.matcher(t).matches() || ERRNO_NAME.matcher(t).matches()) {
                    String c = Errno.canonical(t);
                    if (c != null) return c;
                    if (ERRNO_NAME.matcher(t).matches()) {
                        error(v, what + ": unknown errno '" + t + "'; known: " + String.join(", ", errnoNames()));
                        return null;
                    }
                } else if (t.matches("E[A-Z0-9]+") && Errno.canonical(t) != null) {
                    error(v, what + " is '" + t + "'; write -" + t + " (return values are negative errnos)");
                    return null;
                }
            }
            error(v, what + " must be " + expected + "; got " + v.describe());
            return null;
        }

        Map<String, Boolean> reaped(SourceNode x, String what) {
            Map<String, Boolean> out = new LinkedHashMap<>();
            SourceNode r = field(x, "reaped");
            if (r == null) return Collections.unmodifiableMap(out);
            if (!r.isObject()) {
                error(r, "'reaped' of " + what + " must be an object mapping an mm to true or false; got " + r.describe());
                return Collections.unmodifiableMap(out);
            }
            for (Map.Entry<String, SourceNode> e : r.fields.entrySet()) {
                SourceNode v = e.getValue();
                refs.add(new Ref(RefKind.MM, e.getKey(), v, true, "'reaped' names "));
                if (v.bool == null) {
                    error(v, "'reaped' of mm '" + e.getKey() + "' must be true or false; got " + v.describe());
                } else {
                    out.put(e.getKey(), v.bool);
                }
            }
            return Collections.unmodifiableMap(out);
        }

        Set<String> killed(SourceNode x, String what) {
            SourceNode k = field(x, "killed");
            if (k == null) return null;
            if (!k.isArray()) {
                error(k, "'killed' of " + what + " must be a list of process names; got " + k.describe());
                return null;
            }
            Set<String> out = new LinkedHashSet<>();
            for (SourceNode item : k.items) {
                if (!item.isString()) {
                    error(item, "'killed' lists process names; got " + item.describe());
                } else if (!out.add(item.text)) {
                    error(item, "'" + item.text + "' is listed twice in 'killed'");
                } else {
                    refs.add(new Ref(RefKind.PROCESS, item.text, item, false, "'killed' names "));
                }
            }
            return Collections.unmodifiableSet(out);
        }

        /** expect.resident: mm → pages still mapped at the end of the run. */
        Map<String, Long> resident(SourceNode x, String what) {
            Map<String, Long> out = new LinkedHashMap<>();
            SourceNode r = field(x, "resident");
            if (r == null) return Collections.unmodifiableMap(out);
            if (!r.isObject()) {
                error(r, "'resident' of " + what + " must be an object mapping an mm to its pages still mapped at the end; got " + r.describe());
                return Collections.unmodifiableMap(out);
            }
            for (Map.Entry<String, SourceNode> e : r.fields.entrySet()) {
                SourceNode v = e.getValue();
                refs.add(new Ref(RefKind.MM, e.getKey(), v, true, "'resident' names "));
                long pages = integerValue(v, e.getKey(), -1, 0, MAX_PAGES * MEMORY_FIELDS.size(), "'resident' of " + what,
                        "a whole number of pages ≥ 0");
                if (pages >= 0 && v.isInteger()) out.put(e.getKey(), pages);
            }
            return Collections.unmodifiableMap(out);
        }

        /** expect.exitMmapBy: mm → the thread in whose context exit_mmap ran, or none. */
        Map<String, String> exitMmapBy(SourceNode x, String what) {
            Map<String, String> out = new LinkedHashMap<>();
            SourceNode r = field(x, "exitMmapBy");
            if (r == null) return Collections.unmodifiableMap(out);
            if (!r.isObject()) {
                error(r, "'exitMmapBy' of " + what + " must be an object mapping an mm to a thread name or " + Expectation.NONE + "; got " + r.describe());
                return Collections.unmodifiableMap(out);
            }
            for (Map.Entry<String, SourceNode> e : r.fields.entrySet()) {
                SourceNode v = e.getValue();
                refs.add(new Ref(RefKind.MM, e.getKey(), v, true, "'exitMmapBy' names "));
                if (!v.isString()) {
                    error(v, "'exitMmapBy' of mm '" + e.getKey() + "' must be a thread name or " + Expectation.NONE + "; got " + v.describe());
                    continue;
                }
                if (!v.text.equals(Expectation.NONE) && !v.text.equals(OOM_REAPER)) {
                    refs.add(new Ref(RefKind.THREAD, v.text, v, false, "'exitMmapBy' names "));
                }
                out.put(e.getKey(), v.text);
            }
            return Collections.unmodifiableMap(out);
        }

        /** An object mapping an mm to true or false (expect.freed). */
        Map<String, Boolean> mmBooleans(SourceNode x, String key, String what) {
            Map<String, Boolean> out = new LinkedHashMap<>();
            SourceNode r = field(x, key);
            if (r == null) return Collections.unmodifiableMap(out);
            if (!r.isObject()) {
                error(r, "'" + key + "' of " + what + " must be an object mapping an mm to true or false; got " + r.describe());
                return Collections.unmodifiableMap(out);
            }
            for (Map.Entry<String, SourceNode> e : r.fields.entrySet()) {
                SourceNode v = e.getValue();
                refs.add(new Ref(RefKind.MM, e.getKey(), v, true, "'" + key + "' names "));
                if (v.bool == null) error(v, "'" + key + "' of mm '" + e.getKey() + "' must be true or false; got " + v.describe());
                else out.put(e.getKey(), v.bool);
            }
            return Collections.unmodifiableMap(out);
        }

        Boolean panicExpected(SourceNode x, String what) {
            SourceNode p = field(x, "panic");
            if (p == null) return null;
            if (p.bool == null) {
                error(p, "'panic' of " + what + " must be true or false; got " + p.describe());
                return null;
            }
            return p.bool;
        }

        /** A list of process names compared as a set (expect.killedInCoredump). */
        Set<String> processSet(SourceNode x, String key, String what) {
            SourceNode k = field(x, key);
            if (k == null) return null;
            if (!k.isArray()) {
                error(k, "'" + key + "' of " + what + " must be a list of process names; got " + k.describe());
                return null;
            }
            Set<String> out = new LinkedHashSet<>();
            for (SourceNode item : k.items) {
                if (!item.isString()) {
                    error(item, "'" + key + "' lists process names; got " + item.describe());
                } else if (!out.add(item.text)) {
                    error(item, "'" + item.text + "' is listed twice in '" + key + "'");
                } else {
                    refs.add(new Ref(RefKind.PROCESS, item.text, item, false, "'" + key + "' names "));
                }
            }
            return Collections.unmodifiableSet(out);
        }

        List<String> violations(SourceNode x, String what) {
            SourceNode v = field(x, "violations");
            if (v == null) return null;
            List<String> ids = Arrays.stream(Invariant.values()).map(i -> i.id).toList();
            if (!v.isArray()) {
                error(v, "'violations' of " + what + " must be a list of invariant names (" + String.join(", ", ids) + "); got " + v.describe());
                return null;
            }
            List<String> out = new ArrayList<>();
            for (SourceNode item : v.items) {
                if (!item.isString() || Invariant.byId(item.text) == null) {
                    error(item, "unknown invariant " + item.describe() + "; expected one of " + String.join(", ", ids));
                } else if (out.contains(item.text)) {
                    error(item, "'" + item.text + "' is listed twice in 'violations'");
                } else {
                    out.add(item.text);
                }
            }
            return List.copyOf(out);
        }

        // ---- designs ----

        /**
         * The top-level {@code designs} map: a name to a design, written as its canonical string
         * ("reap_kill_v2+multiprocess=through") or as an object of knobs with an optional base
         * {@code preset}. Every problem is located at the key, value or object it is about.
         */
        Map<String, Design> designs(SourceNode root) {
            Map<String, Design> out = new LinkedHashMap<>();
            SourceNode ds = field(root, "designs");
            if (ds == null) return Collections.unmodifiableMap(out);
            if (!ds.isObject()) {
                error(ds, "'designs' must be an object mapping a name to a design (a preset with knob overrides); got " + ds.describe());
                return Collections.unmodifiableMap(out);
            }
            if (ds.fields.size() > MAX_DESIGNS) error(ds, ds.fields.size() + " designs; at most " + MAX_DESIGNS + " are allowed");
            for (Map.Entry<String, SourceNode> e : ds.fields.entrySet()) {
                String name = e.getKey();
                SourceNode d = e.getValue();
                if (!NAME.matcher(name).matches()) {
                    errorAtKey(d, "design name '" + name + "' must be 1 to 64 characters A-Z, a-z, 0-9, '_' and '-'");
                    continue;
                }
                if (Presets.byId(name) != null) {
                    errorAtKey(d, "'" + name + "' is a preset; a design of the file needs a name of its own");
                    continue;
                }
                Design design = design(d, "designs." + name);
                if (design != null) out.put(name, design);
            }
            return Collections.unmodifiableMap(out);
        }

        /** One design: a canonical string or an object of knobs; null (with the problem recorded) when bad. */
        Design design(SourceNode d, String what) {
            Design design;
            if (d.isString()) {
                try {
                    design = Design.parse(d.text);
                } catch (DesignException ex) {
                    error(d, what + ": " + ex.getMessage());
                    return null;
                }
            } else if (d.isObject()) {
                design = Design.DEFAULTS;
                SourceNode base = d.get("preset");
                if (base != null) {
                    if (!base.isString() || Presets.byId(base.text) == null) {
                        error(base, "'preset' of " + what + " must be one of " + String.join(", ", Presets.ids()) + "; got " + base.describe());
                        return null;
                    }
                    design = Design.preset(base.text);
                }
                boolean ok = true;
                for (Map.Entry<String, SourceNode> f : d.fields.entrySet()) {
                    if (f.getKey().equals("preset")) continue;
                    SourceNode v = f.getValue();
                    Knob<?> knob = Knobs.byId(f.getKey());
                    if (knob == null) {
                        errorAtKey(v, "unknown knob '" + f.getKey() + "' in " + what + "; the knobs are " + String.join(", ", Knobs.ids()));
                        ok = false;
                    } else if (!v.isString() || knob.value(v.text) == null) {
                        error(v, "knob " + knob.id() + " of " + what + " must be one of " + String.join(", ", knob.valueIds()) + "; got " + v.describe());
                        ok = false;
                    } else {
                        design = design.with(knob.id(), v.text);
                    }
                }
                if (!ok) return null;
            } else {
                error(d, what + " must be a design: a string such as \"reap_kill_v2+multiprocess=through\" or an object of knobs"
                        + " (preset, " + String.join(", ", Knobs.ids()) + "); got " + d.describe());
                return null;
            }
            List<DesignProblem> problems = design.problems();
            for (DesignProblem p : problems) {
                SourceNode at = d; // the first knob of the problem the object sets, else the design
                if (d.isObject()) {
                    for (String k : p.knobs()) {
                        if (d.get(k) != null) {
                            at = d.get(k);
                            break;
                        }
                    }
                }
                error(at, what + " cannot mean anything: " + p.message());
            }
            return problems.isEmpty() ? design : null;
        }

        /** A field naming a design (a preset, a design of the file, or a canonical string); the default preset when absent. */
        String designName(SourceNode obj, String key, Map<String, Design> designs) {
            SourceNode f = field(obj, key);
            if (f == null) return Variant.BASELINE.id;
            if (!f.isString()) {
                error(f, "'" + key + "' must name a preset (" + String.join(", ", Presets.ids()) + ") or a design; got " + f.describe());
                return Variant.BASELINE.id;
            }
            String bad = designProblem(f.text, designs);
            if (bad != null) {
                error(f, bad.startsWith("unknown variant") ? "'" + key + "' must be one of " + known(designs) + "; got " + f.describe()
                        : "'" + key + "': " + bad);
                return Variant.BASELINE.id;
            }
            return f.text;
        }

        /** Why a name is no design here, or null: a preset, a declared design or a valid canonical string. */
        String designProblem(String name, Map<String, Design> designs) {
            if (Presets.byId(name) != null || designs.containsKey(name)) return null;
            if (name.contains("=")) {
                try {
                    List<DesignProblem> p = Design.parse(name).problems();
                    return p.isEmpty() ? null : "design '" + name + "' cannot mean anything: " + p.get(0).message();
                } catch (DesignException ex) {
                    return ex.getMessage();
                }
            }
            return "unknown variant '" + name + "'";
        }

        /** The presets and the file's designs, for messages. */
        String known(Map<String, Design> designs) {
            return String.join(", ", Presets.ids()) + (designs.isEmpty() ? "" : ", or a design of this file: " + String.join(", ", designs.keySet()));
        }

        // ---- variantOptions ----

        VariantOptions variantOptions(SourceNode root) {
            SourceNode o = field(root, "variantOptions");
            if (o == null) return null;
            if (!object(o, "variantOptions", VARIANT_OPTIONS_FIELDS)) return null;
            VariantOptions.ReapKillAllChecked checked = VariantOptions.ReapKillAllChecked.DEFAULTS;
            SourceNode c = field(o, "reap_kill_all_checked");
            if (c != null && object(c, "reap_kill_all_checked", REAP_KILL_ALL_CHECKED_FIELDS)) {
                String w = "reap_kill_all_checked";
                checked = new VariantOptions.ReapKillAllChecked(
                        bool(c, "ignoredSignalIsFailure", checked.ignoredSignalIsFailure(), w),
                        bool(c, "revalidateBeforeReap", checked.revalidateBeforeReap(), w),
                        choice(c, "precheckErrno", checked.precheckErrno(), PRECHECK_ERRNO, w),
                        bool(c, "rejectThreadPidfd", checked.rejectThreadPidfd(), w));
            }
            VariantOptions.PidfdMmGroup group = VariantOptions.PidfdMmGroup.DEFAULTS;
            SourceNode g = field(o, "pidfd_mm_group");
            if (g != null && object(g, "pidfd_mm_group", PIDFD_MM_GROUP_FIELDS)) {
                group = new VariantOptions.PidfdMmGroup(choice(g, "mode", group.mode(), MM_GROUP_MODES, "pidfd_mm_group"));
            }
            return new VariantOptions(checked, group);
        }

        // ---- lsm ----

        List<LsmRule> lsm(SourceNode root) {
            List<LsmRule> out = new ArrayList<>();
            for (SourceNode n : list(root, "lsm", "{from, to, errno} objects")) {
                if (!object(n, "an lsm rule", LSM_FIELDS)) continue;
                String from = ref(n, "from", RefKind.PROCESS, "an lsm rule");
                String to = ref(n, "to", RefKind.PROCESS, "an lsm rule");
                String errno = null;
                SourceNode e = field(n, "errno");
                if (e == null) {
                    missing(n, "errno", "an lsm rule", "the error the denied kill gets, e.g. -EACCES (SELinux) or -EPERM (Landlock)");
                } else {
                    errno = ret(e, "'errno' of an lsm rule");
                    if (errno != null && !errno.startsWith("-")) {
                        error(e, "'errno' of an lsm rule must be a negative errno such as -EACCES or -EPERM; got " + errno);
                        errno = null;
                    }
                }
                out.add(new LsmRule(from, to, errno));
            }
            return List.copyOf(out);
        }

        // ---- references ----

        void resolveRefs() {
            for (SourceNode as : cloneAsNodes) {
                if (threadNames.contains(as.text)) {
                    error(as, "clone 'as' name '" + as.text + "' clashes with a declared "
                            + (processNames.contains(as.text) ? "process" : "thread") + "; choose a new name");
                }
            }
            Set<String> threads = new LinkedHashSet<>(threadNames);
            threads.addAll(cloneNames);
            for (Map.Entry<String, SourceNode> op : kthreadOps) {
                if (threads.contains(op.getKey()) && !kthreadThreads.contains(op.getKey())) {
                    error(op.getValue(), "kthread_use_mm and kthread_unuse_mm are for kernel threads (kthread: true); '"
                            + op.getKey() + "' is a user thread");
                }
            }
            Set<String> processes = new LinkedHashSet<>(processNames);
            processes.addAll(cloneProcesses);
            for (Map.Entry<String, SourceNode> op : execOps) {
                String t = op.getKey();
                if (threads.contains(t) && !threadZero.contains(t) && !cloneProcesses.contains(t)) {
                    error(op.getValue(), "exec runs in a process's first thread (a process name, or the 'as' of a clone without "
                            + "CLONE_THREAD) and not in a kernel thread; '" + t + "' is not one (de_thread's pid takeover is not modelled)");
                }
            }
            for (Map.Entry<String, SourceNode> m : execMms.entrySet()) {
                if (processMms.contains(m.getKey())) {
                    error(m.getValue(), "mm '" + m.getKey() + "' is used by a process already; the mm of an exec is the new address space "
                            + "it builds, so it must be an mm no process has at the start");
                }
            }
            for (Map.Entry<String, SourceNode> m : unusedMms.entrySet()) {
                if (!execMms.containsKey(m.getKey())) {
                    error(m.getValue(), "mm '" + m.getKey() + "' is used by no process; an mm nobody uses would already be freed. "
                            + "Give it to a process with 'mm: " + m.getKey() + "', make it the new mm of an exec, or remove it");
                }
            }
            Set<String> fds = new LinkedHashSet<>(List.of(Op.BAD_FD, Op.PIDFD_SELF_THREAD, Op.PIDFD_SELF_THREAD_GROUP));
            fds.addAll(fdNames);
            Set<String> steps = new LinkedHashSet<>(threads);
            steps.add(OOM_REAPER);
            for (Ref r : refs) {
                String message = null;
                switch (r.kind()) {
                    case THREAD:
                        if (!threads.contains(r.name())) {
                            message = "unknown thread '" + r.name() + "'; threads are the processes, 'name/N' for N below the process's "
                                    + "thread count, and the 'as' of each clone: " + list(threads);
                        }
                        break;
                    case PID:
                        if (!threads.contains(r.name())) {
                            message = "unknown pid '" + r.name() + "'; expected a process or thread name, or the 'as' of a clone: "
                                    + list(threads);
                        }
                        break;
                    case PROCESS:
                        if (!processes.contains(r.name())) {
                            message = "unknown process '" + r.name() + "'; expected a declared process"
                                    + (cloneProcesses.isEmpty() ? "" : " or the 'as' of a clone without CLONE_THREAD") + ": " + list(processes);
                        }
                        break;
                    case MM:
                        if (!mmNames.contains(r.name())) {
                            message = "unknown mm '" + r.name() + "'; " + (mmNames.isEmpty() ? "no mms are declared" : "declared mms: " + list(mmNames));
                        }
                        break;
                    case PIDFD:
                        if (!fds.contains(r.name())) {
                            message = "unknown pidfd '" + r.name() + "'; expected -1, PIDFD_SELF_THREAD, PIDFD_SELF_THREAD_GROUP, or a name "
                                    + "that the 'as' of a pidfd_open, open or send_pidfd defines"
                                    + (fdNames.isEmpty() ? " (none does)" : ": " + list(fdNames));
                        }
                        break;
                    case STEP:
                        if (!steps.contains(r.name())) {
                            message = "unknown thread '" + r.name() + "'; known threads: " + list(steps);
                        }
                        break;
                    default:
                        throw new IllegalStateException();
                }
                if (message == null) continue;
                if (r.atKey()) errorAtKey(r.node(), r.prefix() + message);
                else error(r.node(), r.prefix() + message);
            }
        }

        static String list(Set<String> names) {
            if (names.isEmpty()) return "(none)";
            if (names.size() <= 24) return String.join(", ", names);
            return names.stream().limit(24).collect(Collectors.joining(", ")) + ", ... (" + names.size() + " in all)";
        }

        static String of(String what) {
            return what == null ? "" : " of " + what;
        }

        static String lastToken(String pointer) {
            String t = pointer.substring(pointer.lastIndexOf('/') + 1);
            return t.replace("~1", "/").replace("~0", "~");
        }
    }
}
