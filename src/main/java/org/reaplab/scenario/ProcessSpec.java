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
 */
public record ProcessSpec(String name, int uid, Integer euid, Integer suid, List<String> caps, String mm,
                          int threads, boolean vfork, String parent, String ns, boolean init,
                          boolean kthread, boolean autoreap) {

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
