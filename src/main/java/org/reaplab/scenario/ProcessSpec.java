package org.reaplab.scenario;

import java.util.List;

/**
 * A thread group, created at the start in declaration order. Thread 0 is named after the process,
 * further threads "name/1", "name/2", ...
 *
 * @param euid     effective uid; defaults to uid
 * @param suid     saved uid; defaults to euid
 * @param caps     capabilities: CAP_KILL, CAP_SYS_PTRACE
 * @param mm       the address space; a second process on the same mm is a clone(CLONE_VM) sharer and
 *                 sets MMF_MULTIPROCESS, unless it is a vfork child
 * @param vfork    this process is a vfork child of {@code parent}: the parent sleeps in
 *                 wait_for_vfork_done until this child's mm_release
 * @param parent   parent process (for vfork and waitpid)
 * @param ns       pid namespace, default "root"
 * @param init     pid 1 of its namespace: the global init in "root", a container init elsewhere
 * @param kthread  a kernel thread (PF_KTHREAD, no mm of its own)
 * @param autoreap the parent ignores SIGCHLD, so the process goes from exit straight to released
 * @param pgrp     the process group: the process whose pid is its id (itself, or one declared earlier);
 *                 null: the parent's group, or its own without a parent (fork inherits the group)
 * @param memcg    the memory cgroup: a memcg OOM only considers the processes of the same memcg; null:
 *                 the root cgroup
 */
public record ProcessSpec(String name, int uid, Integer euid, Integer suid, List<String> caps, String mm,
                          int threads, boolean vfork, String parent, String ns, boolean init,
                          boolean kthread, boolean autoreap, String pgrp, String memcg) {

    public ProcessSpec(String name, int uid, Integer euid, Integer suid, List<String> caps, String mm,
                       int threads, boolean vfork, String parent, String ns, boolean init,
                       boolean kthread, boolean autoreap) {
        this(name, uid, euid, suid, caps, mm, threads, vfork, parent, ns, init, kthread, autoreap, null, null);
    }

    public int effectiveUid() {
        return euid != null ? euid : uid;
    }

    public int savedUid() {
        return suid != null ? suid : effectiveUid();
    }

    public String namespace() {
        return ns != null ? ns : Scenario.ROOT_NAMESPACE;
    }

    public static String threadName(String process, int index) {
        return index == 0 ? process : process + "/" + index;
    }
}
