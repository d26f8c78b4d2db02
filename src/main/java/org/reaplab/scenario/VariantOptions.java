package org.reaplab.scenario;

/** Settings where the thread left a choice open (scenario-format.md "Variant settings"). */
public record VariantOptions(ReapKillAllChecked reapKillAllChecked, PidfdMmGroup pidfdMmGroup) {

    public static final VariantOptions DEFAULTS = new VariantOptions(ReapKillAllChecked.DEFAULTS, PidfdMmGroup.DEFAULTS);

    /**
     * Michal's proposal (kernel-model.md 3.4).
     *
     * @param ignoredSignalIsFailure a sharer whose SIGKILL would be silently ignored fails the pre-check
     * @param revalidateBeforeReap   re-check that every sharer is dying before reaping
     * @param precheckErrno          "split": -EPERM for creds/LSM/global init, -EINVAL for pid ns;
     *                               "einval": -EINVAL for every pre-check failure
     * @param rejectThreadPidfd      a PIDFD_THREAD pidfd with REAP_KILL is -EINVAL
     */
    public record ReapKillAllChecked(boolean ignoredSignalIsFailure, boolean revalidateBeforeReap,
                                     String precheckErrno, boolean rejectThreadPidfd) {
        public static final ReapKillAllChecked DEFAULTS = new ReapKillAllChecked(true, true, "split", false);
    }

    /** Christian's PIDFD_SIGNAL_MM_GROUP (kernel-model.md 3.5); mode strict or pgrp_like. */
    public record PidfdMmGroup(String mode) {
        public static final PidfdMmGroup DEFAULTS = new PidfdMmGroup("strict");

        public boolean strict() {
            return !"pgrp_like".equals(mode);
        }
    }
}
